"""Commands that make and fill a project and show what is in it: tui (and the default),
init, demo, import, codings import/export, sources, codebook."""

from __future__ import annotations

import argparse
import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.cli.common import (
    check_output_path,
    emit_json,
    no_sources_yet,
    note,
    open_project,
    output_path,
    shown,
    table,
)
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.store.project import LANGUAGES
from qualcode.tui.progress import progress

if TYPE_CHECKING:
    from qualcode.store.project import Project

SHOWN_WARNINGS = 10  # researcher-only codings named one by one; the rest are counted


def register(command: Commands) -> None:
    p = command("tui", _tui, "open the workbench on a project",
                example="qualcode tui sample --source madiun-cadre-kota")
    p.add_argument("--source", metavar="NAME", help="open this source first")
    p.add_argument("--lang", choices=LANGUAGES, help="the workbench's language (id: Bahasa "
                   "Indonesia); without it: the project's 'language' setting, else your "
                   "system's (LANG), else English")

    p = command("init", _init, "create an empty project with the bundled codebooks",
                description="create an empty project with the bundled codebooks: in a new "
                "folder, or in an existing one (such as the folder of your transcripts) that "
                "holds no project yet",
                example=["qualcode init study",
                         "qualcode init .    # in the folder you are in"])

    p = command("demo", _demo, "create the sample project (Madiun, Banyuasin, Kotawaringin "
                "Timur), coded by two coders", example="qualcode demo sample")

    p = command("import", _import, "import transcripts and documents (.txt .md .docx .pdf .vtt "
                ".srt, or every one in a folder), all or nothing",
                example=["qualcode import sample wawancara-kader-madiun.txt --site Madiun "
                         "--method interview",
                         "qualcode import sample lapangan/    # a folder, with its sidecars"])
    p.add_argument("files", type=Path, nargs="+", metavar="FILE|DIR")
    p.add_argument("--site", help="case site (overrides the file's front matter)")
    p.add_argument("--method", help="interview | fgd | observation | document")
    p.add_argument("--language", help="id | en")

    codings = command.group("codings", "codings CSV in and out")
    q = codings("import", _codings_import, "import codings from a CSV file or an .xlsx "
                "workbook (all rows or none)",
                example=["qualcode codings import sample coding-dewi.csv",
                         "qualcode codings import sample koding-tim.xlsx"])
    q.add_argument("file", type=Path, metavar="FILE.csv|.xlsx")
    q = codings("export", _codings_export, "write every coding as CSV",
                example="qualcode codings export sample -o codings.csv")
    q.add_argument("-o", "--output", type=output_path, metavar="FILE",
                   help="file to write (default, or -: stdout)")

    p = command("sources", _sources, "list the sources: site, method, informants, words, "
                "codings", example="qualcode sources sample")
    p.add_argument("--json", action="store_true")

    p = command("codebook", _codebook, "list the codebooks, show one, load one from YAML or "
                "write one back to YAML",
                example=["qualcode codebook sample heideneim --lang id",
                         "qualcode codebook sample --load tema-kader.yaml",
                         "qualcode codebook sample factors --export faktor.yaml"])
    p.add_argument("codebook", nargs="?", help="codebook id, e.g. heideneim")
    p.add_argument("--load", type=Path, metavar="FILE.yaml", help="add or replace a codebook")
    p.add_argument("--export", type=output_path, metavar="FILE.yaml",
                   help="write the codebook ID as YAML (as --load reads it), to share it; - "
                        "for stdout")
    p.add_argument("--lang", choices=("en", "id"), default="en")
    p.add_argument("--json", action="store_true")


def default(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import default_project

    args.project = default_project()
    args.source = None
    args.lang = None
    return _tui(args)


def _tui(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import remember_project
    from qualcode.tui.app import QualcodeApp

    with open_project(args) as project:
        if args.source is not None:
            project.store.source_info(args.source)  # an unknown name: one line, not a crash
        remember_project(project.path)
        language = args.lang or project.settings.language or _system_language()
        return QualcodeApp(project, args.source, language).run_workbench()


def _system_language() -> str:
    """Indonesian when the system speaks it (LANG=id_ID.UTF-8 and the like), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return "id" if os.environ[name].lower().startswith(("id", "in_")) else "en"
    return "en"


def _print_summary(project: Project) -> None:
    sources = project.store.sources()
    print(f"{project.settings.name} — {project.path}")
    for site in project.store.sites():
        mine = [s for s in sources if s.site == site]
        print(f"  {site}: {len(mine)} sources, {sum(s.words for s in mine):,} words, "
              f"{sum(s.codings for s in mine)} codings")


def _init(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import init_project

    init_project(args.project).close()
    note(f"created project {args.project}; import transcripts with 'qualcode import "
         f"{args.project} FILE...'")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from qualcode.ingest.sample import build_sample

    with progress("building the sample project"):
        project = build_sample(args.project)
    with project:
        _print_summary(project)
    return 0


def _import(args: argparse.Namespace) -> int:
    from qualcode.ingest.sources import expand, import_files
    from qualcode.ingest.transcripts import Options

    files, skipped = expand(args.files)
    with open_project(args) as project, progress(f"importing {len(files)} files"):
        parsed = import_files(project, files, Options(args.site, args.method, args.language))
    for src in parsed:
        for warning in src.warnings:
            note(f"qualcode: warning: {warning}")
        note(f"imported {src.name}: {src.site}, {src.method}, {len(src.turns)} turns, "
             f"{len(src.text.split())} words")
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:SHOWN_WARNINGS])
        more = f" and {len(skipped) - SHOWN_WARNINGS} more" if len(skipped) > SHOWN_WARNINGS \
            else ""
        files = "1 file that is not a transcript" if len(skipped) == 1 else \
            f"{len(skipped)} files that are not transcripts"
        note(f"skipped {files}: {shown}{more} (codings "
             "go in with 'qualcode codings import', informant lists with 'qualcode informants "
             "import')")
    return 0


def _codings_import(args: argparse.Namespace) -> int:
    from qualcode.ingest.codings import import_csv

    with open_project(args) as project, progress(f"importing codings from {args.file}"):
        result = import_csv(project, args.file)
    for line, labels in result.researcher_only[:SHOWN_WARNINGS]:
        note(f"qualcode: warning: {args.file}:{line}: the coding lies only in the researcher's "
             f"words ({', '.join(labels)}); it is not evidence")
    more = len(result.researcher_only) - SHOWN_WARNINGS
    if more > 0:
        note(f"qualcode: warning: {args.file}: {more} more codings lie only in the researcher's "
             "words; they are not evidence")
    extra = [f"{result.already_present} already present"] if result.already_present else []
    if result.researcher_only:
        extra.append(f"{len(result.researcher_only)} not evidence: only the researcher's words")
    note(f"imported {result.added} codings from {args.file}"
         + (f" ({'; '.join(extra)})" if extra else ""))
    return 0


def _codings_export(args: argparse.Namespace) -> int:
    from qualcode.ingest.codings import export_csv
    from qualcode.textfile import is_stdout

    to_file = args.output is not None and not is_stdout(args.output)
    with open_project(args) as project:
        if args.output is not None:
            check_output_path(args.output, project.path)
        # no progress display over the CSV when it goes to stdout, perhaps the same terminal
        with progress(f"writing {args.output}") if to_file else nullcontext():
            count = export_csv(project, args.output)
    if args.output is not None:
        note(f"wrote {count} codings to {shown(args.output)}")
    return 0


def _sources(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        sources = project.store.sources()
        if not sources:
            note(f"qualcode: note: {no_sources_yet(project)}")
    if args.json:
        emit_json([{"name": s.name, "site": s.site, "method": s.method, "title": s.title,
                    "date": s.date, "language": s.language, "words": s.words,
                    "characters": s.chars, "informants": list(s.informants),
                    "codings": s.codings, "metadata": s.metadata} for s in sources])
        return 0
    print(table(("source", "site", "method", "lang", "informants", "words", "codings"),
                [(s.name, s.site, s.method, s.language, ", ".join(s.informants) or "—",
                  s.words, s.codings) for s in sources]))
    return 0


def _codebook(args: argparse.Namespace) -> int:
    if args.export is not None:
        return _export_codebook(args)
    with open_project(args) as project:
        if args.load:
            from qualcode.ingest.codebooks import load_codebook

            book = load_codebook(args.load)
            project.store.save_codebooks([book])
            note(f"loaded codebook {book.id} ({len(book.codes)} codes) from {args.load}")
            return 0
        books = project.store.codebooks()
    lang = args.lang
    if args.codebook is None:
        if args.json:
            emit_json([{"id": b.id, "kind": b.kind, "name": b.name, "codes": len(b.codes),
                        "categories": [c.id for c in b.categories]} for b in books])
            return 0
        print(table(("codebook", "kind", "codes", "name"),
                    [(b.id, b.kind, len(b.codes), _label(b.name, lang)) for b in books]))
        return 0
    book = next((b for b in books if b.id == args.codebook), None)
    if book is None:
        raise QualcodeError(f"no codebook '{args.codebook}' in the project (have: "
                            f"{', '.join(b.id for b in books)})")
    if args.json:
        from dataclasses import asdict

        emit_json(asdict(book))
        return 0
    print(f"{book.id} — {_label(book.name, lang)} ({book.kind})")
    if book.source:
        print(f"source: {book.source}")
    for cat in book.categories:
        print(f"\n  {cat.id} — {_label(cat.name, lang)}")
        for role in ("defining", "excluding", "typical"):
            for code_id in getattr(cat, role):
                print(f"    {role:<9} {code_id:<40} {_label(book.code(code_id).label, lang)}")
    if book.kind == "thematic":
        depth = {}
        for code in book.codes:
            depth[code.id] = depth.get(code.parent, -1) + 1 if code.parent else 0
            print(f"  {'  ' * depth[code.id]}{code.id:<40} {_label(code.label, lang)}")
    return 0


def _export_codebook(args: argparse.Namespace) -> int:
    """The codebook back in its YAML format, as it is in the project now (with the codes,
    names and colours the researcher gave it), written whole or not at all."""
    from qualcode.ingest.codebooks import dump_codebook
    from qualcode.textfile import write_output

    if args.load:
        raise QualcodeError("--export writes a codebook and --load reads one: one at a time")
    if args.codebook is None:
        raise QualcodeError("--export needs the codebook's id: qualcode codebook PROJECT ID "
                            "--export FILE.yaml")
    with open_project(args) as project:
        check_output_path(args.export, project.path)
        books = project.store.codebooks()
        book = next((b for b in books if b.id == args.codebook), None)
        if book is None:
            raise QualcodeError(f"no codebook '{args.codebook}' in the project (have: "
                                f"{', '.join(b.id for b in books)})")
        name = project.settings.name
    text = dump_codebook(book, f"Codebook {book.id} from the qualcode project '{name}'; "
                         "load it with: qualcode codebook PROJECT --load FILE.yaml\n"
                         "Format: docs/codebook-format.md")
    write_output(args.export, text)
    note(f"wrote {shown(args.export)} (codebook {book.id}, {len(book.codes)} codes)")
    return 0


def _label(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
