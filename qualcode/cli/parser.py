"""The parser that teaches: every command's --help ends with an example, `qualcode --help` lists
the commands by task with one example each, and a mistake on the command line is one line
`qualcode: ...` with exit status 1, like every other bad input.

Commands adds the subcommands for the topic modules (register(command)) and remembers their
summaries; overview() lays them out under TASKS. Examples use the project name `sample` (made by
`qualcode demo sample`) and the sample's sites, codebooks, sources and coders, so that
tests/test_help_examples.py can run each one as it is written.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from qualcode.cli.common import EXIT_ERROR, Handler, usage

# The groups of `qualcode --help`: title, its commands (as typed), one example.
TASKS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Start", ("init", "demo", "tui"), "qualcode demo sample"),
    ("Bring material in", ("import", "codings import", "informants import", "refi import"),
     "qualcode import sample wawancara-kader-madiun.txt --site Madiun"),
    ("Code and check", ("sources", "informants", "codebook", "code add", "code rename",
                        "code move", "code merge", "code delete", "code color",
                        "code describe", "memo", "retrieve", "suggest", "suggest-eval"),
     "qualcode suggest sample --source madiun-cadre-kota"),
    ("Correct the material", ("source delete", "source rename", "source set",
                              "source replace", "source detached", "source place",
                              "source drop", "site rename"),
     "qualcode source replace sample madiun-cadre-kota madiun-cadre-kota-v2.txt"),
    ("Weigh the evidence", ("verdict", "matrix", "compare", "reading"),
     "qualcode verdict sample --site Madiun --framework heideneim"),
    ("Share and export", ("export", "figures", "pseudonyms", "anonymise", "codings export",
                          "refi export",
                          "refi codebook", "backup"),
     "qualcode export sample --docx lampiran.docx --lang id"),
    ("Team", ("agreement", "log", "undo", "redo"),
     "qualcode agreement sample --coders sample,sample-b"),
)
UNGROUPED = "More"  # where a command missing from TASKS is listed (a test keeps this empty)
_INDENT = 18  # where the summaries start
_INVALID_CHOICE = re.compile(r"argument (?P<what>COMMAND|ACTION): invalid choice: "
                             r"'(?P<value>[^']*)'")


class Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is one line and exit status 1 (not a usage block and
    status 2), pointing to the help of the command that was mistyped. A command with actions
    may have a default one (`default_action`): `informants PROJECT` is `informants list
    PROJECT`."""

    default_action: str | None = None

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        if self.default_action is not None and args is not None:
            args = list(args)
            words = [a for a in args if not a.startswith("-")]
            actions = [n for a in (self._subparsers._group_actions if self._subparsers else ())
                       for n in (a.choices or ())]
            # A word that is no action names the project, unless it looks like a mistyped
            # action (then the error below says "did you mean").
            if words and words[0] not in actions and (
                    Path(words[0]).exists()
                    or not difflib.get_close_matches(words[0], actions, n=1)):
                args.insert(0, self.default_action)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("qualcode").strip()
        where = f"{command}: " if command else ""
        self.exit(EXIT_ERROR, f"qualcode: {where}{self._unknown_command(message) or message} "
                              f"(see '{self.prog} --help')\n")

    def _unknown_command(self, message: str) -> str | None:
        """A mistyped command or action, and the nearest one (None: another mistake, or
        argparse worded it differently)."""
        m = _INVALID_CHOICE.match(message)
        if m is None or self._subparsers is None:
            return None
        known = [n for a in self._subparsers._group_actions for n in (a.choices or ())]
        near = difflib.get_close_matches(m["value"], known, n=1)
        what = "command" if m["what"] == "COMMAND" else "action"
        return f"no {what} '{m['value']}'" + (f"; did you mean '{near[0]}'?" if near else "")


class Formatter(argparse.HelpFormatter):
    """Wraps a text of one line (a description) to the terminal, and keeps a text laid out on
    several lines (the examples, the commands by task) as it is."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class Commands:
    """What a topic module's register(command) receives. `command(name, handler, summary,
    example=...)` adds a command and returns its parser, whose first argument is PROJECT (so
    every command reads `qualcode COMMAND PROJECT ...`); `command.group(name, summary)` adds a
    command with actions (`codings import`, `refi export`) and returns a Commands for them."""

    def __init__(self, sub: argparse._SubParsersAction, prefix: str = "",
                 summaries: dict[str, str] | None = None,
                 parent: argparse.ArgumentParser | None = None) -> None:
        self._sub = sub
        self._prefix = prefix
        self._parent = parent  # a group's parser: its help shows its actions' examples
        self._examples: list[str] = []
        self.summaries: dict[str, str] = {} if summaries is None else summaries

    def __call__(self, name: str, handler: Handler, summary: str, *,
                 example: str | Sequence[str], description: str = "",
                 project: bool = True) -> argparse.ArgumentParser:
        examples = [example] if isinstance(example, str) else list(example)
        self.summaries[self._prefix + name] = summary
        # The top level's commands are listed by overview(), by task; a group's by argparse.
        listed = {} if self._parent is None else {"help": summary}
        p = self._sub.add_parser(name, description=description or summary,
                                 epilog=epilog(examples), formatter_class=Formatter, **listed)
        p.set_defaults(handler=handler)
        if project:
            p.add_argument("project", type=Path, metavar="PROJECT", help="the project's folder")
        if self._parent is not None:
            self._examples.extend(e for e in examples if e not in self._examples)
            self._parent.epilog = epilog(self._examples)
        return p

    def group(self, name: str, summary: str, *, default: str | None = None,
              description: str = "") -> Commands:
        """`default`: the action a command line without one means (`informants PROJECT`)."""
        p = self(name, lambda args: usage(args, name), summary, example=(), project=False,
                 description=description)
        p.default_action = default
        return Commands(p.add_subparsers(title="actions", metavar="ACTION"), f"{name} ",
                        self.summaries, p)


def epilog(examples: Sequence[str]) -> str | None:
    if not examples:
        return None
    return "\n".join(["Example:" if len(examples) == 1 else "Examples:",
                      *(f"  {line}" for line in examples)])


def overview(summaries: dict[str, str]) -> str:
    """The commands by task, each with its summary, and one example per task."""
    width = max(60, min(100, shutil.get_terminal_size().columns - 2))
    listed = {name for _, names, _ in TASKS for name in names}
    groups = {name.split()[0] for name in listed if " " in name}  # codings, refi
    # a group listed by its own name (informants) stands for its actions
    rest = tuple(n for n in summaries if n not in listed and n not in groups
                 and n.split()[0] not in listed)
    blocks = []
    for title, names, example in (*TASKS, (UNGROUPED, rest, "")):
        if not names:
            continue
        lines = [f"{title}:"]
        for name in names:
            lead = f"  {name}".ljust(_INDENT)
            if len(name) + 3 > _INDENT:  # a long name on a line of its own
                lines.append(lead.rstrip())
                lead = " " * _INDENT
            lines.extend(textwrap.wrap(summaries[name], width, initial_indent=lead,
                                       subsequent_indent=" " * _INDENT))
        if example:
            lines.append(f"  Example: {example}")
        blocks.append("\n".join(lines))
    blocks.append(textwrap.fill(
        "'qualcode COMMAND --help' shows a command's options and examples. PROJECT is the "
        "project's folder; the examples use the sample project that 'qualcode demo sample' "
        "makes.", width))
    return "\n\n".join(blocks)


def build(topics: Sequence[Callable[[Commands], None]], description: str) -> Parser:
    """The whole parser: the global options, each topic's commands, the overview."""
    from qualcode import __version__

    parser = Parser(prog="qualcode", description=description,
                    usage="qualcode [-h] [--version] [--coder NAME] [COMMAND PROJECT ...]",
                    formatter_class=Formatter)
    parser.add_argument("--coder", metavar="NAME",
                        help="code as this coder (before the command); without it: "
                             "$QUALCODE_CODER, else the project's 'coder' setting if you set "
                             "one, else your user name")
    parser.add_argument("--version", action="version", version=f"qualcode {__version__}")
    command = Commands(parser.add_subparsers(prog="qualcode", metavar="COMMAND",
                                             help=argparse.SUPPRESS))
    for register in topics:
        register(command)
    parser.epilog = overview(command.summaries)
    return parser
