"""The memo command: write a memo on the project, a site, a source or a code; list, show, edit
and delete memos, the codings' memos too (`c57` is the memo of coding 57)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from qualcode.cli.common import confirmed, emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError

SHOWN = 70  # characters of a memo in the --list table (--show gives it whole)


def register(command: Commands) -> None:
    p = command("memo", _memo, "write a memo on the project, a site, a source or a code; "
                "list, show, edit or delete memos (the codings' memos too)",
                description="Write a memo on the project, a site, a source or a code; list "
                "them (filtered by --site, --source or --code: a site's list holds what is "
                "about the site, its sources and, with --codings, the codings in them), show, "
                "edit or delete one by its id from --list: 3 is memo 3, c57 the memo of "
                "coding 57. Only a "
                "memo's author edits or deletes it; 'qualcode undo' takes an edit or a "
                "delete back.",
                example=['qualcode memo sample "Biaya kunjungan ditanggung kader." '
                         '--site Madiun',
                         "qualcode memo sample --list",
                         "qualcode memo sample --list --site Madiun --codings",
                         "qualcode memo sample --show 1",
                         'qualcode memo sample --edit 1 "Biaya kunjungan ditanggung kader '
                         'sendiri."',
                         "qualcode memo sample --delete 1 --yes"])
    p.add_argument("text", nargs="?", help="the memo (with --edit: its new text)")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--site", help="a memo on this site; with --list: only this site's")
    target.add_argument("--source", metavar="NAME",
                        help="a memo on this source; with --list: only this source's")
    target.add_argument("--code", metavar="ID",
                        help="a memo on this code; with --list: only this code's")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--list", action="store_true", help="list the memos, with their ids")
    p.add_argument("--codings", action="store_true",
                   help="with --list: the codings' memos too (ids c1, c2, ...)")
    act.add_argument("--show", metavar="ID", help="print one memo whole")
    act.add_argument("--edit", nargs="+", metavar=("ID", "TEXT"),
                     help="give a memo a new text (without TEXT, in a terminal: in $EDITOR)")
    act.add_argument("--delete", metavar="ID", help="delete a memo (a coding's memo is "
                     "emptied; the coding stays)")
    p.add_argument("--yes", action="store_true", help="delete without asking")
    p.add_argument("--json", action="store_true")


def _memo(args: argparse.Namespace) -> int:
    if args.yes and not args.delete:
        raise QualcodeError("--yes goes with --delete")
    if args.codings and not args.list:
        raise QualcodeError("--codings goes with --list")
    target = args.site or args.source or args.code
    if target is not None and (args.show or args.edit or args.delete):
        raise QualcodeError("--site, --source and --code choose what a new memo or --list is "
                            "about; --show, --edit and --delete take the memo's id alone")
    with open_project(args) as project:
        if args.list:
            return _list(project, args)
        if args.show:
            return _show(project, args)
        if args.edit:
            return _edit(project, args)
        if args.delete:
            return _delete(project, args)
        return _write(project, args)


def _target(store, args: argparse.Namespace) -> tuple[str, str]:
    """What the memo (or the list) is about, checked against the project."""
    if args.site is not None:
        if args.site not in store.sites():
            raise QualcodeError(f"no site '{args.site}' (have: {', '.join(store.sites())})")
        return "site", args.site
    if args.source is not None:
        store.source_info(args.source)
        return "source", args.source
    if args.code is not None:
        if args.code not in store.code_ids():
            raise QualcodeError(f"no code '{args.code}' in the project")
        return "code", args.code
    return "project", ""


def _write(project, args: argparse.Namespace) -> int:
    if not (args.text or "").strip():
        raise QualcodeError("memo needs a text (or --list, --show, --edit, --delete)")
    kind, target = _target(project.store, args)
    memo = project.store.add_memo(kind, target, args.text.strip(), project.coder)
    note(f"saved memo {memo.id} on {kind} {target}".rstrip())
    return 0


def _list(project, args: argparse.Namespace) -> int:
    from qualcode.analysis.memos import memo_entries

    if args.text is not None:
        raise QualcodeError(f"--list takes no text ('{args.text}')")
    kind, target = _target(project.store, args)
    found = memo_entries(project.store, codings=args.codings,
                         **({kind: target} if target else {}))
    if not found:
        note(f"no memos on {kind} {target} yet" if target else "no memos yet")
    if args.json:
        emit_json([e.json() for e in found])
    elif found:
        print(table(("id", "about", "target", "author", "memo"),
                    [(e.key, e.about, e.target or "—", e.author or "—", _short(e.text))
                     for e in found]))
    return 0


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN else flat[:SHOWN - 1] + "…"


def _show(project, args: argparse.Namespace) -> int:
    from qualcode.analysis.memos import find

    if args.text is not None:
        raise QualcodeError(f"--show takes no text ('{args.text}')")
    entry = find(project.store, args.show)
    if entry.coding is not None and not entry.text.strip():
        raise QualcodeError(f"coding {entry.coding.id} has no memo (write one with "
                            f"--edit c{entry.coding.id} \"TEXT\")")
    if args.json:
        emit_json(entry.json())
        return 0
    print(f"{entry.title} · by {entry.author or 'no one named'} · {entry.written}")
    if entry.coding is not None:
        c = entry.coding
        quote = " ".join(project.store.source_text(c.source)[c.start:c.end].split())
        print(f"{c.stance}: “{quote}”")
    print()
    print(entry.text)
    return 0


def _edit(project, args: argparse.Namespace) -> int:
    from qualcode.analysis import memos

    key, *words = args.edit
    if words and args.text is not None:
        raise QualcodeError("give the new text once (after --edit ID, or before it)")
    text = " ".join(words) if words else args.text
    entry = memos.find(project.store, key)
    if not entry.editable_by(project.coder):
        raise QualcodeError(memos.not_yours(entry, project.coder, "changed"))
    if text is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise QualcodeError(f"--edit {key} needs the new text: qualcode memo "
                                f"{args.project} --edit {key} \"TEXT\" (in a terminal, "
                                "without TEXT, it opens $EDITOR)")
        text = _in_editor(entry.text)
    if text.strip() == entry.text.strip():
        note(f"{entry.title} unchanged")
        return 0
    saved = memos.edit(project.store, entry, text, project.coder)
    note(f"saved {saved.title} ('qualcode undo' takes it back)")
    return 0


def _in_editor(text: str) -> str:
    """The text as the researcher leaves it in $VISUAL or $EDITOR."""
    from qualcode.tui.editor import editor_command

    argv = editor_command()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as handle:
        handle.write(text)
    path = Path(handle.name)
    try:
        try:
            status = subprocess.run([*argv, str(path)], check=False).returncode
        except OSError as exc:
            raise QualcodeError(f"editor '{argv[0]}' could not start "
                                f"({exc.strerror or exc}); memo not changed") from None
        if status != 0:
            raise QualcodeError(f"editor '{argv[0]}' exited with status {status}; memo not "
                                "changed")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def _delete(project, args: argparse.Namespace) -> int:
    from qualcode.analysis import memos

    if args.text is not None:
        raise QualcodeError(f"--delete takes no text ('{args.text}')")
    entry = memos.find(project.store, args.delete)
    if entry.coding is not None and not entry.text.strip():
        raise QualcodeError(f"coding {entry.coding.id} has no memo; nothing deleted")
    if not entry.editable_by(project.coder):
        raise QualcodeError(memos.not_yours(entry, project.coder, "deleted"))
    if not args.yes and not confirmed(f"delete {entry.title}: “{_short(entry.text)}”?"):
        raise QualcodeError(f"not deleted: {entry.title}; add --yes to delete it "
                            "('qualcode undo' brings it back)")
    memos.delete(project.store, entry, project.coder)
    note(f"deleted {entry.title} ('qualcode undo' brings it back)")
    return 0

