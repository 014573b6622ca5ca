"""Commands for a project that several coders and windows share: the audit trail (log), undo
and redo of the current coder's own actions (the workbench's u / ctrl+r), and backup, the one
safe way to copy a project while others may be writing to it."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from qualcode.cli.common import emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.model import JournalEntry
from qualcode.tui.progress import progress


def register(command: Commands) -> None:
    p = command("log", _log, "the journal of coding actions: who did what and when, what "
                "was undone", example="qualcode log sample")
    # Its own dest: the global --coder says who is coding, this one filters the log.
    p.add_argument("--coder", dest="only_coder", metavar="NAME",
                   help="only this coder's actions")
    p.add_argument("--json", action="store_true")

    for name, handler, text in (
            ("undo", _undo, "undo your latest coding action (the workbench's u); other "
             "coders' work is never touched"),
            ("redo", _redo, "redo the action you undid last, unless you have acted since (the "
             "workbench's ctrl+r)")):
        p = command(name, handler, text, example=f"qualcode {name} sample")
        p.add_argument("--json", action="store_true", help="print the entry (null if none)")

    p = command("backup", _backup, "write a consistent copy of the project database, even "
                "while others are writing to it",
                example="qualcode backup sample sample-backup.db")
    p.add_argument("file", type=Path, metavar="FILE", help="the copy (outside the project "
                   "folder)")


def _log(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        entries = project.store.journal(args.only_coder)
        if args.only_coder and not entries:
            coders = sorted({e.coder for e in project.store.journal()})
            raise QualcodeError(f"no journaled actions by '{args.only_coder}' in "
                                f"{project.path} (coders in the journal: "
                                f"{', '.join(coders) or 'none'})")
    if args.json:
        emit_json([_entry_json(e) for e in entries])
        return 0
    if not entries:
        note("no coding actions journaled yet (CSV and REFI-QDA imports are not journaled)")
        return 0
    print(table(("#", "time", "coder", "action", "summary"),
                [(e.id, _local_time(e.at), e.coder, _action(e), e.summary) for e in entries]))
    return 0


def _undo(args: argparse.Namespace) -> int:
    return _step(args, "undo")


def _redo(args: argparse.Namespace) -> int:
    return _step(args, "redo")


def _step(args: argparse.Namespace, verb: str) -> int:
    """Undo or redo the current coder's own latest action; having none is not an error."""
    with open_project(args) as project:
        coder = project.coder
        store = project.store
        entry = store.undo(coder) if verb == "undo" else store.redo(coder)
    if args.json:
        emit_json(_entry_json(entry) if entry else None)
    if entry is None:
        note(f"nothing of yours to {verb} (you are {coder})")
    else:
        done = "undone" if verb == "undo" else "redone"
        note(f"{done}: {entry.summary}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    """The copy goes outside the project folder: a copy inside would travel and sync with the
    project it is meant to save, and nothing qualcode writes belongs in that folder."""
    from qualcode.store import open_store
    from qualcode.store.project import DATABASE
    from qualcode.textfile import check_output

    with open_project(args) as project:
        target, folder = args.file.resolve(), project.path.resolve()
        if target == folder / DATABASE:
            raise QualcodeError(f"{args.file}: is the project's own database; write the "
                                "backup outside the project folder")
        if target.is_relative_to(folder):
            raise QualcodeError(f"{args.file}: inside the project folder {args.project}; "
                                "write the backup elsewhere")
        check_output(args.file)
        with progress(f"copying to {args.file}"):
            project.store.backup(args.file)
    with open_store(args.file) as copy:  # it opens as a project database; say what it holds
        count = sum(n for *_, n in copy.code_counts())
    note(f"wrote {args.file} ({count} codings)")
    return 0


def _entry_json(e: JournalEntry) -> dict[str, object]:
    return {"id": e.id, "at": e.at, "coder": e.coder, "action": e.action,
            "summary": e.summary, "state": e.state, "refers_to": e.refers_to,
            "source": e.source, "start": e.start}


def _action(e: JournalEntry) -> str:
    """The action as the log shows it: which entry an undo or redo refers to, and whether an
    action is undone."""
    if e.refers_to is not None:
        return f"{e.action} of #{e.refers_to}"
    return f"{e.action}, undone" if e.state == "undone" else e.action


def _local_time(stamp: str) -> str:
    """A stored UTC stamp in the reader's local time."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp
