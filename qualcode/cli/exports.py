"""Commands that write the project out for other tools and readers: REFI-QDA exchange
(refi export, codebook, import) and the Word, Excel and CSV reports (export)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qualcode.cli.common import (
    check_output_path,
    note,
    open_project,
    output_path,
    report_options,
    shown,
)
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.tui.progress import progress


def register(command: Commands) -> None:
    refi = command.group("refi", "REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA, QualCoder "
                         "(.qdpx, .qdc)")
    q = refi("export", _refi_export, "write the project as a REFI-QDA project (.qdpx)",
             example="qualcode refi export sample sample.qdpx")
    q.add_argument("file", type=output_path, metavar="FILE.qdpx",
                   help="the file to write, or - for stdout")
    q.add_argument("--lang", choices=("en", "id"), default="en",
                   help="language of code names, descriptions and verdict notes")
    q = refi("codebook", _refi_codebook, "write the codebooks as a REFI-QDA codebook (.qdc)",
             example="qualcode refi codebook sample codebook.qdc --lang id")
    q.add_argument("file", type=output_path, metavar="FILE.qdc",
                   help="the file to write, or - for stdout")
    q.add_argument("--lang", choices=("en", "id"), default="en")
    q = refi("import", _refi_import, "import a REFI-QDA project (.qdpx) or codebook (.qdc), "
             "all or nothing",
             example=["qualcode init study",
                      "qualcode refi import study from-nvivo.qdpx --site Madiun"])
    q.add_argument("file", type=Path, metavar="FILE.qdpx|FILE.qdc")
    q.add_argument("--site", help="site of sources that belong to no case (default: the "
                   "file's name)")
    q.add_argument("--method", help="method of sources the file does not say "
                   "(default: interview)")
    q.add_argument("--language", help="language of sources the file does not say "
                   "(default: id)")

    p = command("export", _export, "the Word appendix (lampiran), a workbook or CSV files",
                description="write the Word appendix (--docx), a workbook (--xlsx) or CSV "
                "files (--csv) of codings, verdicts, matrices and comparison",
                example=["qualcode export sample --docx lampiran.docx --site Madiun --lang id",
                         "qualcode export sample --xlsx tables.xlsx --anonymise"])
    p.add_argument("--docx", type=output_path, metavar="FILE",
                   help="the Word appendix (lampiran); - for stdout")
    p.add_argument("--xlsx", type=output_path, metavar="FILE",
                   help="one sheet per table; - for stdout")
    p.add_argument("--csv", type=output_path, metavar="DIR",
                   help="one CSV file per table; an existing DIR is replaced whole by the new "
                        "tables (refused if it holds anything but .csv files)")
    report_options(p, "only this framework or thematic codebook (repeatable)",
                   "language of labels and explanations")
    p.add_argument("--sections", type=_sections, metavar="PART,...",
                   help="the Word appendix's parts, in this order: codebook, sites, figures, "
                        "comparison, agreement, transcripts, memos (default: all but "
                        "transcripts, the coded sources line by line)")


def _refi_export(args: argparse.Namespace) -> int:
    from qualcode.exchange.exporter import export_project

    with open_project(args) as project:
        check_output_path(args.file, project.path, binary=True)
        with progress(f"writing {shown(args.file)}") as tick:
            summary = export_project(project, args.file, args.lang, tick)
    note(f"wrote {shown(args.file)}: {summary.sources} sources, {summary.codings} codings, "
         f"{summary.codes} codes, {summary.notes} notes, {summary.users} users")
    return 0


def _refi_codebook(args: argparse.Namespace) -> int:
    from qualcode.exchange.exporter import export_codebook

    with open_project(args) as project:
        check_output_path(args.file, project.path)
        count = export_codebook(project, args.file, args.lang)
    note(f"wrote {shown(args.file)}: {count} codes")
    return 0


def _refi_import(args: argparse.Namespace) -> int:
    from qualcode.exchange.importer import import_refi

    if args.project.suffix.lower() in (".qdpx", ".qdc") and args.project.is_file():
        note("qualcode: note: 'refi import FILE PROJECT' is the old order; it still works, "
             "but write 'refi import PROJECT FILE' like every other command")
        args.project, args.file = args.file, args.project
    with open_project(args) as project, progress(f"importing {args.file}") as tick:
        result = import_refi(project, args.file, args.site, args.method, args.language, tick)
    for warning in result.warnings:
        note(f"qualcode: warning: {warning}")
    present = []
    if result.sources_present:
        present.append(f"{result.sources_present} sources")
    if result.codings_present:
        present.append(f"{result.codings_present} codings")
    codebook = f" (new codes in codebook {result.codebook})" if result.codebook else ""
    note(f"imported from {args.file}: {result.sources} sources, {result.codings} codings, "
         f"{result.codes} new codes{codebook}, {result.memos} memos"
         + (f"; already in the project: {', '.join(present)}" if present else ""))
    return 0


def _sections(value: str) -> tuple[str, ...]:
    """--sections: known parts, each once."""
    from qualcode.reports.docx import SECTIONS

    parts = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in parts if p not in SECTIONS]
    if unknown or not parts or len(set(parts)) != len(parts):
        raise argparse.ArgumentTypeError(
            f"{value!r}: give parts once each, comma-separated, from {', '.join(SECTIONS)}")
    return parts


def _export(args: argparse.Namespace) -> int:
    """One report model, built once, laid out in every format asked for."""
    from qualcode.reports.build import report_of
    from qualcode.reports.docx import DEFAULT_SECTIONS, write_appendix
    from qualcode.reports.scope import build_scope
    from qualcode.textfile import is_stdout

    if not (args.docx or args.xlsx or args.csv):
        raise QualcodeError("export needs --docx FILE, --xlsx FILE or --csv DIR")
    if args.sections and not args.docx:
        raise QualcodeError("--sections chooses the parts of the Word appendix: add --docx FILE")
    sections = args.sections or DEFAULT_SECTIONS
    if args.docx and args.xlsx and is_stdout(args.docx) and is_stdout(args.xlsx):
        raise QualcodeError("-: only one of --docx and --xlsx can go to stdout")
    with open_project(args) as project:
        for path, directory in ((args.docx, False), (args.xlsx, False), (args.csv, True)):
            if path:
                check_output_path(path, project.path, directory=directory, binary=True)
        with progress("building the report") as tick:
            # the scope knows the language: pseudonyms and [nama] are shown in it
            scope = build_scope(project, args.site, args.framework, args.anonymise,
                                lang=args.lang)
            report = report_of(scope, args.lang, tick, transcripts=bool(
                args.docx and "transcripts" in sections))
    if args.docx:
        with progress(f"writing {shown(args.docx)}"):
            write_appendix(report, args.docx, sections)
        note(f"wrote {shown(args.docx)}")
    if args.xlsx or args.csv:
        from qualcode.reports.tables import write_csv_dir, write_xlsx

        if args.xlsx:
            with progress(f"writing {shown(args.xlsx)}"):
                write_xlsx(report, args.xlsx)
            note(f"wrote {shown(args.xlsx)}")
        if args.csv:
            with progress(f"writing {args.csv}"):
                written = write_csv_dir(report, args.csv)
            note(f"wrote {len(written)} CSV files to {args.csv}")
    return 0
