"""The figures command: the appendix's figures (verdicts across sites, evidence per indicator,
evidence by informant) as PNG and SVG files, from one report model built like `export`'s."""

from __future__ import annotations

import argparse

from qualcode.cli.common import note, open_project, output_path, report_options
from qualcode.cli.parser import Commands
from qualcode.tui.progress import progress

FORMATS = ("png", "svg")


def register(command: Commands) -> None:
    p = command("figures", _figures, "figures of the verdicts, the evidence and the "
                "informants, as PNG and SVG files",
                description="draw the figures of the appendix into a folder: per framework, "
                "the verdict each site reached (ordinal levels low to high); per site and "
                "framework, the evidence for and against each indicator; per site, the "
                "evidence each informant gives per framework. One PNG (200 dpi, 14 cm wide: "
                "the Word page's text width) and one SVG per figure, named NN-NAME.png",
                example=["qualcode figures sample gambar --lang id",
                         "qualcode figures sample figures --site Madiun --framework heideneim "
                         "--format png --anonymise"])
    p.add_argument("directory", type=output_path, metavar="DIR",
                   help="the folder to write; an existing DIR is replaced whole by the new "
                        "figures (refused if it holds anything but figures this command wrote)")
    report_options(p, "only this framework (repeatable); thematic codebooks have no figures",
                   "language of labels, categories and captions")
    p.add_argument("--format", action="append", choices=FORMATS, metavar="png|svg",
                   help="only this format (repeatable; default: png and svg)")


def _figures(args: argparse.Namespace) -> int:
    """One report model, built as `export` builds it, drawn into one folder."""
    from qualcode.reports.build import report_of
    from qualcode.reports.figures import check_directory, write_figures
    from qualcode.reports.scope import build_scope

    formats = tuple(dict.fromkeys(args.format or FORMATS))
    with open_project(args) as project:
        check_directory(args.directory, project.path)
        with progress("building the report") as tick:
            scope = build_scope(project, args.site, args.framework, args.anonymise,
                                lang=args.lang)
            report = report_of(scope, args.lang, tick)
    with progress(f"drawing the figures into {args.directory}") as tick:
        written = write_figures(report, args.directory, formats, tick)
    for path in written:
        print(path)
    note(f"wrote {len(written) // len(formats)} figures ({len(written)} files) to "
         f"{args.directory}")
    return 0
