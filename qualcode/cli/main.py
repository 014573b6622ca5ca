"""The entry point: main() runs one command behind the error guard; the parser is assembled from
the topic modules, whose order here is the order of the commands in `qualcode --help`."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence

from qualcode import __version__
from qualcode.cli import agreement, engine, exports, journal, memos, project, suggest
from qualcode.cli.common import Command, Handler
from qualcode.errors import QualcodeError

EXIT_ERROR = 1

_TOPICS: tuple[Callable[[Command], None], ...] = (
    project.register,  # tui, init, demo, import, codings, sources, codebook
    engine.register,  # verdict, matrix, compare
    suggest.register,  # suggest, suggest-eval
    memos.register,  # memo
    agreement.register,  # agreement
    journal.register,  # log, undo, redo, backup
    exports.register,  # refi, export
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qualcode",
        description="Code interview and FGD transcripts against partnership frameworks and "
                    "weigh the evidence. Without a command: open the TUI on your last project "
                    "(or the sample project).")
    parser.add_argument("--coder", metavar="NAME",
                        help="code as this coder; without it: $QUALCODE_CODER, else the "
                             "project's 'coder' setting if you set one, else your user name")
    parser.add_argument("--version", action="version", version=f"qualcode {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    for register in _TOPICS:
        register(command)
    return parser
