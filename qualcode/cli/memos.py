"""The memo command: write a memo on the project, a site, a source or a code, or list them."""

from __future__ import annotations

import argparse

from qualcode.cli.common import emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError


def register(command: Commands) -> None:
    p = command("memo", _memo, "write a memo on the project, a site, a source or a code; or "
                "list them",
                example=['qualcode memo sample "Biaya kunjungan ditanggung kader." '
                         '--site Madiun',
                         "qualcode memo sample --list"])
    p.add_argument("text", nargs="?", help="the memo (omit with --list)")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--site")
    target.add_argument("--source")
    target.add_argument("--code")
    target.add_argument("--list", action="store_true", help="list every memo")
    p.add_argument("--json", action="store_true")


def _memo(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        if args.list:
            memos = store.memos()
            if not memos:
                note("no memos yet")
            if args.json:
                emit_json([{"id": m.id, "about": m.target_kind, "target": m.target,
                            "text": m.text, "author": m.author, "created_at": m.created_at}
                           for m in memos])
            elif memos:
                print(table(("about", "target", "author", "memo"),
                            [(m.target_kind, m.target or "—", m.author, m.text)
                             for m in memos]))
            return 0
        if not (args.text or "").strip():
            raise QualcodeError("memo needs a text (or --list)")
        kind, target = "project", ""
        if args.site:
            if args.site not in store.sites():
                raise QualcodeError(f"no site '{args.site}' (have: {', '.join(store.sites())})")
            kind, target = "site", args.site
        elif args.source:
            store.source_info(args.source)
            kind, target = "source", args.source
        elif args.code:
            if args.code not in store.code_ids():
                raise QualcodeError(f"no code '{args.code}' in the project")
            kind, target = "code", args.code
        memo = store.add_memo(kind, target, args.text.strip(), project.coder)
    note(f"saved memo {memo.id} on {kind} {target}".rstrip())
    return 0
