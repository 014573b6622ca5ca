"""The entry point: main() runs one command behind the error guard; the parser (parser.py) is
assembled from the topic modules; `qualcode --help` groups their commands by task."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence

from qualcode.cli import (
    agreement,
    anonymisation,
    codes,
    engine,
    exports,
    figures,
    informants,
    journal,
    memos,
    project,
    readings,
    sources,
    suggest,
)
from qualcode.cli.common import EXIT_ERROR, Handler
from qualcode.cli.parser import Commands, Parser, build
from qualcode.errors import QualcodeError

_TOPICS: tuple[Callable[[Commands], None], ...] = (
    project.register,  # tui, init, demo, import, codings, sources, codebook
    informants.register,  # informants (list, import)
    codes.register,  # code (add, rename, move, merge, delete, color, ...)
    sources.register,  # source (delete, rename, set, replace, ...), site (rename)
    engine.register,  # verdict, matrix, compare, retrieve
    readings.register,  # reading
    suggest.register,  # suggest, suggest-eval
    memos.register,  # memo
    agreement.register,  # agreement
    journal.register,  # log, undo, redo, backup
    exports.register,  # refi, export
    figures.register,  # figures
    anonymisation.register,  # pseudonyms, anonymise
)


def main(argv: Sequence[str] | None = None) -> int:
    _encode_output()
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", project.default)
    try:
        return handler(args) or 0
    except QualcodeError as exc:
        for problem in exc.problems:
            print(f"qualcode: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("qualcode: interrupted; nothing was half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, not a traceback
        if os.environ.get("QUALCODE_DEBUG"):
            raise
        print(f"qualcode: internal error: {type(exc).__name__}: {exc} "
              "(set QUALCODE_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


def _encode_output() -> None:
    """Text and JSON never fail to print: redirected to a file or pipe, stdout and stderr are
    UTF-8 (what JSON and CSV readers expect, whatever the locale, e.g. cp1252 on Windows); on a
    terminal they keep its encoding, and a character it cannot show becomes '?'."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding=None if stream.isatty() else "utf-8", errors="replace")


def _parser() -> Parser:
    return build(_TOPICS, "Code interview and FGD transcripts against partnership frameworks "
                 "and weigh the evidence. Without a command: open the workbench on your last "
                 "project (or the sample project).")
