"""What every command module shares: the handler type, opening the project, printing (JSON,
tables, notes) and checking the sites, frameworks and coders asked for."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import QualcodeError

if TYPE_CHECKING:
    from qualcode.analysis.evidence import EvidenceBase
    from qualcode.model import Codebook
    from qualcode.store.project import Project

Handler = Callable[[argparse.Namespace], int]
EXIT_ERROR = 1


def usage(args: argparse.Namespace, name: str) -> int:
    raise QualcodeError(f"'{name}' needs an action; see 'qualcode {name} --help'")


def open_project(args: argparse.Namespace) -> Project:
    from qualcode.store.project import Project

    if args.project.exists() and not args.project.is_dir():
        raise QualcodeError(f"{args.project}: is a file, not a project folder")
    project = Project.open(args.project)
    if args.coder:
        project.coder = args.coder
    return project


def emit_json(data: object) -> None:
    """Serialised whole before the first byte is written: never a truncated document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def output_path(value: str) -> Path | str:
    """The argparse type of an output file: "-" (stdout) stays the string, anything else is a
    path, so ./- still names a file."""
    from qualcode.textfile import STDOUT

    return STDOUT if value == STDOUT else Path(value)


def check_output_path(path: Path | str, project: Path, *, directory: bool = False,
                      binary: bool = False) -> None:
    """Check an output before any work: never inside the project folder, and a binary file
    (.docx, .xlsx, .qdpx) not to stdout while stdout is a terminal, where it would be garbage."""
    from qualcode.textfile import check_output, is_stdout

    check_output(path, directory, project)
    if binary and is_stdout(path) and sys.stdout.isatty():
        raise QualcodeError("-: not writing a binary file to the terminal; redirect stdout "
                            "to a file or pipe")


def shown(path: Path | str) -> str:
    """An output path as messages name it."""
    from qualcode.textfile import is_stdout

    return "stdout" if is_stdout(path) else str(path)


def report_options(p: argparse.ArgumentParser, frameworks: str, lang: str) -> None:
    """The options that choose what a report shows, meaning the same in every command that
    builds one (export, figures): sites, codebooks, language, anonymisation."""
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--framework", action="append", metavar="CODEBOOK", help=frameworks)
    p.add_argument("--lang", choices=("en", "id"), default="en", help=lang)
    p.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="informants by their pseudonyms (IK1, IU2, ...: 'qualcode pseudonyms'; "
                        "K1, M2, ... in English) and sources as S1, S2, ...; no roles, "
                        "organisations or titles; names, labels and the terms of qualcode.yaml "
                        "masked in quotes and memos ('qualcode anonymise PROJECT --review' "
                        "shows every replacement)")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def note(message: str) -> None:
    print(message, file=sys.stderr)


def no_sources_yet(project: Project) -> str:
    return (f"{project.path} has no sources yet; import transcripts with 'qualcode import "
            f"{project.path} FILE...'")


def evidence(project: Project, coders: str | None) -> EvidenceBase:
    from qualcode.analysis.evidence import EvidenceBase

    wanted = {c.strip() for c in coders.split(",") if c.strip()} if coders else None
    if wanted:
        unknown = wanted - set(project.store.coders())
        if unknown:
            raise QualcodeError(f"no codings by coder(s) {', '.join(sorted(unknown))} in "
                                f"{project.path}")
    return EvidenceBase(project.store, wanted, project.settings.min_independent,
                        project.settings.thresholds)


def pick(books: Sequence[Codebook], wanted: list[str] | None,
         what: str = "framework") -> list[Codebook]:
    frameworks = [b for b in books if b.is_framework]
    if not wanted:
        return frameworks
    known = {b.id: b for b in frameworks}
    for name in wanted:
        if name not in known:
            raise QualcodeError(f"no {what} '{name}' (have: {', '.join(known)})")
    return [known[n] for n in wanted]


def check_sites(project: Project, base: EvidenceBase, wanted: list[str] | None) -> list[str]:
    """The sites asked for (default: all); with none in the project, a note (or, when sites
    were named, the error) says so."""
    if not base.sites:
        if wanted:
            raise QualcodeError(f"no site '{wanted[0]}': {no_sources_yet(project)}")
        note(f"qualcode: note: {no_sources_yet(project)}")
    if not wanted:
        return base.sites
    for site in wanted:
        if site not in base.sites:
            raise QualcodeError(f"no site '{site}' (have: {', '.join(base.sites)})")
    return wanted


def confirmed(question: str) -> bool:
    """Asked in a terminal only; elsewhere (a script, a pipe) the answer is no: --yes says
    yes."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes", "ya")
