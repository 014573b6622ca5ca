"""The code command: the researcher's own codes and codebooks (add, rename, move, merge,
delete, colour, describe). A framework's indicators keep their ids (they are a contract): of
them only the colour, the notes and the examples can be edited. Every action is journaled:
`qualcode undo` takes it back."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from qualcode.cli.common import confirmed, emit_json, note, open_project
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.model import Code

LANGS = ("id", "en")
UNDO = "'qualcode undo' takes it back"


def register(command: Commands) -> None:
    code = command.group(
        "code", "your own codes: add, rename, move, merge, delete, colour, describe",
        description="the codes and codebooks of your own (inductive coding): add a code (in a "
        "new thematic codebook too), rename it, move it under another, merge one into "
        "another, delete it, set its colour, describe it. A framework's indicators keep their "
        "ids; of them only the colour, notes and examples can be edited. 'qualcode undo' "
        "takes any of these back.")

    p = code("add", _add, "add a code of your own (and its thematic codebook, if new)",
             description="add a thematic code. Give its name (an id is made from it, in the "
             "codebook 'tema' unless --codebook or --parent says otherwise) or an id "
             "CODEBOOK/CODE and a name. A codebook not yet in the project is made (thematic).",
             example=['qualcode code add sample "Biaya bensin kader"',
                      'qualcode code add sample tema/uang-transport "Uang transport" '
                      '--label-en "Transport money" --parent tema/biaya-bensin-kader '
                      '--color "#d97706"'])
    p.add_argument("code", metavar="[ID] NAME", nargs="+",
                   help="the name; or an id (CODEBOOK/CODE, or CODE in --codebook) and a name")
    p.add_argument("--lang", choices=LANGS, default="id",
                   help="the language of NAME and --definition (default: id)")
    p.add_argument("--label-en", metavar="TEXT", help="the name in English")
    p.add_argument("--label-id", metavar="TEXT", help="the name in Indonesian")
    p.add_argument("--parent", metavar="ID", help="put it under this code (same codebook)")
    p.add_argument("--codebook", metavar="ID",
                   help="the codebook of a code given by its name (default: the parent's, "
                        "else 'tema')")
    p.add_argument("--codebook-name", metavar="TEXT",
                   help="the name of a new codebook (in --lang)")
    p.add_argument("--color", "--colour", metavar="COLOUR", help="#rrggbb, #rgb or a name")
    p.add_argument("--definition", metavar="TEXT", help="what the code means (in --lang)")

    p = code("rename", _rename, "rename a code (its name in one language; the id stays)",
             description="give a thematic code a new name in one language (--lang, default "
             "id); its id, and so its codings, stay as they are",
             example=['qualcode code rename sample factors/door-to-door "Jemput bola"',
                      'qualcode code rename sample factors/door-to-door "Door-to-door '
                      'visits" --lang en'])
    p.add_argument("id", metavar="ID")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--lang", choices=LANGS, default="id",
                   help="the language of NAME (default: id)")

    p = code("move", _move, "move a code (with its sub-codes) under another, or to the top",
             example=["qualcode code move sample uhc-themes/moral-hazard "
                      "--parent uhc-themes/targeting-accuracy",
                      "qualcode code move sample uhc-themes/moral-hazard --top"])
    p.add_argument("id", metavar="ID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent", metavar="ID", help="the code to put it under (same "
                       "codebook)")
    where.add_argument("--top", action="store_true", help="to the top of its codebook")

    p = code("merge", _merge, "merge a code into another: every coding moves over, "
             "duplicates are merged, the first code goes",
             description="merge FROM (a thematic code) into INTO (a thematic code or a "
             "framework's indicator): every coding of FROM, every coder's, moves onto INTO; a "
             "span the same coder already coded with INTO is a duplicate (dropped, its memo "
             "kept), and overlapping spans of one coder and stance become one coding. FROM's "
             "sub-codes go under INTO (in the same codebook) or take FROM's place; its memos "
             "go to INTO. Then FROM is removed.",
             example="qualcode code merge sample uhc-themes/data-anomalies "
                     "uhc-themes/data-synchronisation")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="INTO")
    p.add_argument("--json", action="store_true", help="print what was done")

    p = code("delete", _delete, "delete a code of your own (with its codings only if you "
             "say so)",
             description="delete a thematic code. While it has codings or memos it is kept, "
             "unless --with-codings (then they go with it, every coder's: confirm in the "
             "terminal, or add --yes). Its sub-codes take its place.",
             example=["qualcode code delete sample factors/supporting",
                      "qualcode code delete sample dimensions/flexibility --with-codings "
                      "--yes"])
    p.add_argument("id", metavar="ID")
    p.add_argument("--with-codings", action="store_true",
                   help="delete its codings and memos too")
    p.add_argument("--yes", action="store_true", help="delete them without asking")
    p.add_argument("--json", action="store_true", help="print what was deleted")

    p = code("color", _color, "set a code's colour (a framework's indicators too)",
             description="set the colour a code is shown in (workbench, REFI-QDA): #rrggbb, "
             "#rgb, a name (red, orange, amber, yellow, green, teal, blue, indigo, purple, "
             "pink, brown, grey; merah, biru, hijau, ...) or 'none'",
             example=['qualcode code color sample factors/door-to-door "#2563eb"',
                      "qualcode code color sample heideneim/formal-contract biru"])
    p.add_argument("id", metavar="ID")
    p.add_argument("colour", metavar="COLOUR")

    p = code("describe", _describe, "show a code, or edit its definition, notes, examples "
             "and keywords",
             description="without options: show the code (names, definition, notes, "
             "examples, keywords, colour, codings). With options: set its definition, when to "
             "code it (--include) and when not (--exclude), in --lang (an empty text removes "
             "it); add examples and keywords (--clear-examples, --clear-keywords first empty "
             "them). Of a framework's indicator only the notes and examples can be edited.",
             example=['qualcode code describe sample factors/door-to-door --definition '
                      '"Kader mendatangi rumah peserta satu per satu" --example "Kami datang '
                      'ke rumah peserta satu-satu."',
                      'qualcode code describe sample heideneim/formal-contract --lang en '
                      '--include "A signed agreement is mentioned"',
                      "qualcode code describe sample factors/door-to-door"])
    p.add_argument("id", metavar="ID")
    p.add_argument("--lang", choices=LANGS, default="id",
                   help="the language of the texts given (default: id)")
    p.add_argument("--definition", metavar="TEXT")
    p.add_argument("--include", metavar="TEXT", help="when to code it")
    p.add_argument("--exclude", metavar="TEXT", help="when not to code it")
    p.add_argument("--example", metavar="TEXT", action="append", default=[],
                   help="an example segment (repeat for more)")
    p.add_argument("--keyword", metavar="WORD", action="append", default=[],
                   help="a word or phrase a coder looks for (repeat for more)")
    p.add_argument("--clear-examples", action="store_true",
                   help="remove the examples in --lang first")
    p.add_argument("--clear-keywords", action="store_true",
                   help="remove the keywords in --lang first")
    p.add_argument("--json", action="store_true", help="print the code")


# --------------------------------------------------------------------- actions


def _add(args: argparse.Namespace) -> int:
    from qualcode.exchange.model import slug
    from qualcode.ingest.codebooks import EMERGING, EMERGING_NAME, parse_colour

    if len(args.code) > 2:
        raise QualcodeError(f"code add takes an id and a name, or a name: quote a name of "
                            f"several words (\"{' '.join(args.code)}\")")
    given_id, name = (args.code if len(args.code) == 2 else (None, args.code[0]))
    derived = given_id is None and _looks_like_id(name)
    if derived:  # an id alone: its name is made from it, unless --label-en/--label-id give one
        given_id, name = name, name.split("/", 1)[1].replace("-", " ").capitalize()
    name = name.strip()
    if not name:
        raise QualcodeError("a code needs a name")
    others = {lang: text for lang, text in (("en", args.label_en), ("id", args.label_id))
              if text is not None}
    label = {} if derived and others else {args.lang: name}
    for lang, text in others.items():
        if lang in label:
            raise QualcodeError(f"NAME is the code's name in '{lang}' (--lang {args.lang}); "
                                f"--label-{lang} would give it twice")
        label[lang] = text
    colour = parse_colour(args.color) if args.color is not None else ""
    with open_project(args) as project:
        store = project.store
        parent_book = store.code(args.parent).codebook if args.parent else None
        if given_id is not None and "/" in given_id:
            code_id = given_id
        else:
            book = args.codebook or parent_book or EMERGING
            code_id = f"{book}/{given_id or slug(name)}"
            if given_id is None:  # made from the name: another code may have that id
                taken, base, n = store.code_ids(), code_id, 1
                while code_id in taken:
                    n += 1
                    code_id = f"{base}-{n}"
        if given_id is not None and "/" in given_id and args.codebook and (
                not given_id.startswith(f"{args.codebook}/")):
            raise QualcodeError(f"{given_id} is not in the codebook {args.codebook}: give the "
                                "id's codebook, or the code's name alone")
        book_id = code_id.split("/", 1)[0]
        names = {b.id: b for b in store.codebooks()}
        book_name = None
        if book_id not in names:
            book_name = ({args.lang: args.codebook_name} if args.codebook_name
                         else EMERGING_NAME if book_id == EMERGING else None)
        elif args.codebook_name:
            raise QualcodeError(f"the codebook {book_id} exists already; --codebook-name "
                                "names a new one")
        definition = {args.lang: args.definition} if args.definition else {}
        added = store.add_code(Code(code_id, book_id, label, args.parent, definition,
                                    color=colour), project.coder, book_name)
    where = f" under {added.parent}" if added.parent else ""
    made = " (a new codebook)" if book_id not in names else ""
    note(f"added {added.id} '{_name(added.label)}' in {book_id}{made}{where}; {UNDO}")
    return 0


def _rename(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        before = project.store.code(args.id)
        after = project.store.edit_code(args.id, project.coder, label={args.lang: args.name})
    if after == before:
        note(f"{args.id} is already named '{args.name.strip()}' ({args.lang}); nothing changed")
        return 0
    old = before.label.get(args.lang)
    was = f" (was '{old}')" if old else ""
    note(f"renamed {args.id} ({args.lang}): '{after.label[args.lang]}'{was}; {UNDO}")
    return 0


def _move(args: argparse.Namespace) -> int:
    parent = None if args.top else args.parent
    with open_project(args) as project:
        before = project.store.code(args.id)
        after = project.store.move_code(args.id, parent, project.coder)
    if after.parent == before.parent:
        where = f"under {parent}" if parent else f"at the top of {after.codebook}"
        note(f"{args.id} is already {where}; nothing changed")
    else:
        where = f"under {parent}" if parent else f"to the top of {after.codebook}"
        note(f"moved {args.id} {where}; {UNDO}")
    return 0


def _merge(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        report = project.store.merge_codes(args.source, args.target, project.coder)
    if args.json:
        emit_json(asdict(report))
    parts = [f"{_count(report.moved, 'coding')} moved"]
    if report.duplicates:
        parts.append(f"{_count(report.duplicates, 'duplicate')} dropped (already on "
                     f"{report.target}; memos kept)")
    if report.overlaps:
        parts.append(f"{_count(report.overlaps, 'overlapping coding')} joined with "
                     "another")
    if report.children:
        parts.append(f"sub-codes moved: {', '.join(report.children)}")
    if report.memos:
        parts.append(f"{_count(report.memos, 'memo')} moved")
    note(f"merged {report.source} into {report.target}: {'; '.join(parts)}; {UNDO}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    if args.yes and not args.with_codings:
        raise QualcodeError("--yes goes with --with-codings (a code with nothing on it is "
                            "deleted without asking)")
    with open_project(args) as project:
        store = project.store
        code = store.code(args.id)
        if args.with_codings:
            codings = len(store.codings(code=args.id))
            memos = sum(1 for m in store.memos()
                        if m.target_kind == "code" and m.target == args.id)
            if (codings or memos) and not args.yes:
                what = " and ".join(x for x in (_count(codings, "coding") if codings else "",
                                                _count(memos, "memo") if memos else "") if x)
                if not confirmed(f"delete {code.id} with its {what} (every coder's)?"):
                    raise QualcodeError(f"not deleted: {code.id} and its {what}; add --yes "
                                        f"to delete them ({UNDO})")
        report = store.delete_code(args.id, project.coder, args.with_codings)
    if args.json:
        emit_json(asdict(report))
    extra = []
    if report.codings:
        extra.append(_count(report.codings, "coding"))
    if report.memos:
        extra.append(_count(report.memos, "memo"))
    with_ = f" with {' and '.join(extra)}" if extra else ""
    moved = (f"; its sub-codes took its place: {', '.join(report.children)}"
             if report.children else "")
    note(f"deleted {report.code}{with_}{moved}; {UNDO}")
    return 0


def _color(args: argparse.Namespace) -> int:
    from qualcode.ingest.codebooks import parse_colour

    colour = parse_colour(args.colour)
    with open_project(args) as project:
        before = project.store.code(args.id)
        project.store.edit_code(args.id, project.coder, color=colour)
    if before.color == colour:
        note(f"{args.id} is already {colour or 'without a colour'}; nothing changed")
    else:
        note(f"{args.id} is now {colour or 'without a colour'} (was "
             f"{before.color or 'none'}); {UNDO}")
    return 0


def _describe(args: argparse.Namespace) -> int:
    lang = args.lang
    fields: dict[str, object] = {}
    for key in ("definition", "include", "exclude"):
        value = getattr(args, key)
        if value is not None:
            fields[key] = {lang: value}
    with open_project(args) as project:
        store = project.store
        before = store.code(args.id)
        for key, added, clear in (("examples", args.example, args.clear_examples),
                                  ("keywords", args.keyword, args.clear_keywords)):
            if added or clear:
                kept = [] if clear else list(getattr(before, key).get(lang, []))
                fields[key] = {lang: kept + [x for x in added if x.strip() not in kept]}
        after = store.edit_code(args.id, project.coder, **fields) if fields else before
        count = len(store.codings(code=args.id))
    if args.json:
        emit_json({**asdict(after), "codings": count})
    elif not fields:
        print(_shown(after, count))
    if fields:
        changed = [k for k in ("definition", "include", "exclude", "examples", "keywords")
                   if getattr(after, k) != getattr(before, k)]
        if changed:
            note(f"{args.id}: {', '.join(changed)} ({lang}) saved; {UNDO}")
        else:
            note(f"{args.id}: nothing changed")
    return 0


# --------------------------------------------------------------------- helpers


def _looks_like_id(text: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*", text) is not None


def _name(label: dict[str, str]) -> str:
    return label.get("id") or label.get("en") or next(iter(label.values()), "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(code: Code, count: int) -> str:
    lines = [f"{code.id}" + (f" (under {code.parent})" if code.parent else "")]
    for lang in LANGS:
        if lang in code.label:
            lines.append(f"  name ({lang}): {code.label[lang]}")
    for key, title in (("definition", "definition"), ("include", "code it when"),
                       ("exclude", "do not code it when")):
        for lang, text in getattr(code, key).items():
            lines.append(f"  {title} ({lang}): {text}")
    for key in ("examples", "keywords"):
        for lang, items in getattr(code, key).items():
            if items:
                joined = "; ".join(items) if key == "keywords" else "\n    ".join(
                    f"“{x}”" for x in items)
                sep = " " if key == "keywords" else "\n    "
                lines.append(f"  {key} ({lang}):{sep}{joined}")
    lines.append(f"  colour: {code.color or 'none'}")
    lines.append(f"  codings: {count}")
    return "\n".join(lines)

