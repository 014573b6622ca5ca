"""The source and site commands: correct an imported source (delete, rename, set, replace and
review the codings a replacement detached), rename a site.

Each change is one journaled action of the person making it, undone with `qualcode undo`:
a correction of the material moves, detaches or deletes every coder's codings on that source,
so nothing here asks whose codings they are, and nothing is lost without being listed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from qualcode.cli.common import emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.model import DetachedCoding, Replacement

_SPAN = re.compile(r"\s*(\d+)\s*[-–:]\s*(\d+)\s*")
_YES = ("y", "yes", "ya")


def register(command: Commands) -> None:
    source = command.group(
        "source", "correct an imported source: delete, rename, set its details, replace its "
        "text (codings re-anchored), review detached codings",
        description="correct an imported source; every change is journaled and undone with "
        "'qualcode undo'")

    p = source("delete", _delete, "delete a source with its codings, turns and memos "
               "(asks first; --yes to skip); undone with 'qualcode undo'",
               example="qualcode source delete sample kotim-puskesmas-observation --yes")
    p.add_argument("name", metavar="NAME", help="the source")
    p.add_argument("--yes", action="store_true", help="delete without asking")

    p = source("rename", _rename, "rename a source; its codings, memos and informants stay "
               "with it", example="qualcode source rename sample "
                                  "madiun-house-visit-observation madiun-kunjungan-rumah")
    p.add_argument("name", metavar="NAME", help="the source")
    p.add_argument("new", metavar="NEW", help="its new name")

    p = source(
        "set", _set, "set a source's site, method, language, date or title, or the details of "
        "an informant who speaks in it",
        description="set a source's site, method, language, date or title, or the details of "
        "an informant who speaks in it. Moving a source to another site takes its informants "
        "along (the old site keeps those other sources still use). An informant's details "
        "belong to the person at the site, so they change in every source where they speak. "
        "'-' or an empty value clears a date, title or detail.",
        example=['qualcode source set sample madiun-cadre-kota --date "3 Mei 2021" '
                 '--title "Wawancara Kader Kota Madiun"',
                 "qualcode source set sample madiun-cadre-kota --informant K1 --group key "
                 "--attribute gender=perempuan"])
    p.add_argument("name", metavar="NAME", help="the source")
    p.add_argument("--site", help="move it to this site (made if new)")
    p.add_argument("--method", help="interview | fgd | observation | document")
    p.add_argument("--language", help="id | en")
    p.add_argument("--date", help="YYYY-MM-DD, or as written: '3 Mei 2021', 03/05/2021")
    p.add_argument("--title")
    who = p.add_argument_group("an informant who speaks in the source")
    who.add_argument("--informant", metavar="LABEL", help="whose details to set")
    who.add_argument("--role")
    who.add_argument("--organisation", "--organization", dest="organisation")
    who.add_argument("--sector")
    who.add_argument("--group", help="key | main | supporting | triangulation")
    who.add_argument("--attribute", action="append", default=[], metavar="NAME=VALUE",
                     help="any other attribute (repeat it; NAME= removes one)")

    p = source(
        "replace", _replace, "replace a source's text with a new version of its file; every "
        "coding is re-anchored, those that cannot be placed are listed and kept detached",
        description="replace a source's text with a new version of its file, read as "
        "'qualcode import' reads it (options override the file; what the file does not say "
        "stays as the source has it). Every coding, of every coder, is placed again: by the "
        "text diff first (on the same words, a corrected word inside it included), then by "
        "its quote; those that cannot be placed are listed and kept detached for review "
        "('source detached', 'source place', 'source drop'), never deleted.",
        example="qualcode source replace sample madiun-cadre-kota madiun-cadre-kota-v2.txt")
    p.add_argument("name", metavar="NAME", help="the source")
    p.add_argument("file", type=Path, metavar="FILE", help="the new version (.txt .md .docx "
                   ".pdf .vtt .srt)")
    p.add_argument("--site", help="case site (overrides the file)")
    p.add_argument("--method", help="interview | fgd | observation | document")
    p.add_argument("--language", help="id | en")
    p.add_argument("--json", action="store_true")

    p = source("detached", _detached, "list the codings a replaced text detached, with the "
               "words they coded", example=["qualcode source detached sample",
                                            "qualcode source detached sample "
                                            "madiun-cadre-kota --json"])
    p.add_argument("name", nargs="?", metavar="NAME", help="only this source's")
    p.add_argument("--json", action="store_true")

    p = source("place", _place, "place a detached coding again (same id), by a quote or a "
               "span of the source's text",
               example=["qualcode source replace sample madiun-cadre-kota "
                        "madiun-cadre-kota-v2.txt",
                        'qualcode source place sample 313 --quote "yang keliling kan kita"'])
    p.add_argument("id", type=int, metavar="ID", help="the detached coding")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="the words to code (whitespace runs "
                       "match any whitespace); without --occurrence, the match nearest where "
                       "the coding was")
    where.add_argument("--span", metavar="START-END", help="code points, end exclusive")
    p.add_argument("--occurrence", type=int, metavar="N", help="which match of --quote")

    p = source("drop", _drop, "delete a detached coding (asks first; --yes to skip); undone "
               "with 'qualcode undo'",
               example=["qualcode source replace sample madiun-cadre-kota "
                        "madiun-cadre-kota-v2.txt",
                        "qualcode source drop sample 401 --yes"])
    p.add_argument("id", type=int, metavar="ID", help="the detached coding")
    p.add_argument("--yes", action="store_true", help="drop without asking")

    site = command.group("site", "correct a case site: rename it",
                         description="correct a case site; undone with 'qualcode undo'")
    p = site("rename", _rename_site, "rename a site; its sources, informants and memos stay "
             "with it", example="qualcode site rename sample Madiun \"Kabupaten Madiun\"")
    p.add_argument("name", metavar="OLD", help="the site")
    p.add_argument("new", metavar="NEW", help="its new name")


# --------------------------------------------------------------------- delete, rename

def _delete(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        store.source_info(args.name)  # an unknown name: its one line
        codings = store.codings(source=args.name)
        memos = [m for m in store.memos() if (m.target_kind, m.target) == ("source", args.name)]
        detached = store.detached_codings(args.name)
        coders = sorted({c.coder for c in codings})
        what = _count(len(codings), "coding") + (f" (by {', '.join(coders)})" if coders else "")
        if memos:
            what += f", {_count(len(memos), 'memo')} on it"
        if detached:
            what += f", {_count(len(detached), 'detached coding')}"
        _confirm(args.yes, f"delete source {args.name} with {what}?")
        store.delete_source(args.name, project.coder)
    note(f"deleted source {args.name} with {what}; 'qualcode undo {args.project}' brings it "
         "back")
    return 0


def _rename(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        store.rename_source(args.name, args.new, project.coder)
        new = args.new.strip()
        memos = sum(1 for m in store.memos() if (m.target_kind, m.target) == ("source", new))
    follows = f" (its {_count(memos, 'memo')} follow{'s' if memos == 1 else ''})" if memos \
        else ""
    note(f"renamed source {args.name} → {new}{follows}")
    return 0


def _rename_site(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        store.rename_site(args.name, args.new, project.coder)
        new = args.new.strip()
        sources = sum(1 for s in store.sources() if s.site == new)
    note(f"renamed site {args.name} → {new} ({_count(sources, 'source')})")
    return 0


# --------------------------------------------------------------------- set

def _set(args: argparse.Namespace) -> int:
    from qualcode.ingest.corrections import typed_date, typed_group

    fields = {k: getattr(args, k) for k in ("site", "method", "language", "title")
              if getattr(args, k) is not None}
    if "title" in fields and fields["title"].strip() == "-":
        fields["title"] = ""
    if args.date is not None:
        fields["date"] = typed_date(args.date)
    details: dict[str, object] = {k: getattr(args, k) for k in ("role", "organisation",
                                                              "sector", "group")
                                  if getattr(args, k) is not None}
    details = {k: "" if str(v).strip() == "-" else v for k, v in details.items()}
    if "group" in details:
        details["group"] = typed_group(str(details["group"]))
    if args.attribute:
        details["attributes"] = dict(_attribute(a) for a in args.attribute)
    if details and not args.informant:
        raise QualcodeError("--role, --organisation, --sector, --group and --attribute set an "
                            "informant's details: name them with --informant LABEL")
    if args.informant and not details:
        raise QualcodeError(f"--informant {args.informant}: give --role, --organisation, "
                            "--sector, --group or --attribute NAME=VALUE")
    if not fields and not details:
        raise QualcodeError("nothing to set: give --site, --method, --language, --date, "
                            "--title, or --informant LABEL with its details")
    informants = {args.informant.strip(): details} if args.informant else {}
    with open_project(args) as project:
        said = project.store.set_source(args.name, project.coder, fields, informants)
    if said:
        note(f"set {args.name}: " + "; ".join(said))
    else:
        note(f"nothing changed: {args.name} already has these values")
    return 0


def _attribute(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise QualcodeError(f"--attribute '{text}': write NAME=VALUE (NAME= removes it)")
    return name.strip().lower(), "" if value.strip() == "-" else value.strip()


# --------------------------------------------------------------------- replace

def _replace(args: argparse.Namespace) -> int:
    from qualcode.ingest.corrections import replace_text, what_changed
    from qualcode.ingest.transcripts import Options
    from qualcode.tui.progress import progress

    with open_project(args) as project, progress(f"re-anchoring the codings of {args.name}"):
        before = project.store.source_info(args.name)
        result, parsed = replace_text(project, args.name, args.file,
                                      Options(args.site, args.method, args.language))
    for warning in parsed.warnings:
        note(f"qualcode: warning: {warning}")
    if args.json:
        emit_json({"source": result.source, "unchanged": result.unchanged,
                   "kept": result.kept, "moved": result.moved, "by_quote": result.by_quote,
                   "detached": [_detached_json(d) for d in result.detached],
                   "dropped_adjudications": result.dropped_rulings,
                   "dropped_rejections": result.dropped_rejections})
    if result.unchanged:
        note(f"{args.file} holds the same text as {args.name}: nothing changed (to change its "
             f"site, method, language, date or title, use 'qualcode source set')")
        return 0
    note(_replaced(result, args.file))
    for line in what_changed(before, parsed):
        note(f"  also changed: {line}")
    if result.detached and not args.json:
        note(f"detached (kept for review: 'qualcode source place {args.project} ID --quote "
             f"TEXT' or 'qualcode source drop {args.project} ID'):\n" + _detached_table(
                 result.detached, with_source=False))
    return 0


def _replaced(r: Replacement, file: Path) -> str:
    total = r.kept + r.moved + r.by_quote + len(r.detached)
    line = (f"replaced the text of {r.source} with {file}: {_count(total, 'coding')}: "
            f"{r.kept} in place, {r.moved} moved with their words, {r.by_quote} placed by "
            f"their quote, {len(r.detached)} detached") if total else (
        f"replaced the text of {r.source} with {file} (it had no codings)")
    dropped = [f"{_count(n, what)}" for n, what in (
        (r.dropped_rulings, "adjudication"), (r.dropped_rejections, "rejected suggestion"))
        if n]
    if dropped:
        line += f"; {' and '.join(dropped)} about text no longer there dropped"
    return line


# --------------------------------------------------------------------- detached codings

def _detached(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        if args.name is not None:
            project.store.source_info(args.name)
        found = project.store.detached_codings(args.name)
    if args.json:
        emit_json([_detached_json(d) for d in found])
        return 0
    if not found:
        note("no detached codings" + (f" in {args.name}" if args.name else ""))
        return 0
    print(_detached_table(found, with_source=args.name is None))
    return 0


def _place(args: argparse.Namespace) -> int:
    from qualcode.ingest.corrections import quote_span

    if args.occurrence is not None and args.quote is None:
        raise QualcodeError("--occurrence goes with --quote")
    with open_project(args) as project:
        store = project.store
        detached = store.detached_coding(args.id)
        if args.span is not None:
            m = _SPAN.fullmatch(args.span)
            if m is None:
                raise QualcodeError(f"--span '{args.span}': write START-END in code points, "
                                    "e.g. 120-168")
            span = int(m[1]), int(m[2])
        else:
            span = quote_span(project, detached, args.quote, args.occurrence)
        coding = store.place_detached(args.id, *span, project.coder)
        text = store.source_text(coding.source)[coding.start:coding.end]
    note(f"placed coding {coding.id} ({coding.code}, {coding.stance}, {coding.coder}) on "
         f"{coding.source} {coding.start}–{coding.end}: “{_short(text)}”")
    return 0


def _drop(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        d = store.detached_coding(args.id)
        what = f"detached coding {d.id} ({d.code}, {d.stance}, {d.coder}) of {d.source}: " \
               f"“{_short(d.quote)}”"
        _confirm(args.yes, f"drop {what}?")
        store.drop_detached(args.id, project.coder, d.version)
    note(f"dropped {what}; 'qualcode undo {args.project}' brings it back")
    return 0


def _detached_json(d: DetachedCoding) -> dict[str, object]:
    return {"id": d.id, "source": d.source, "code": d.code, "stance": d.stance,
            "coder": d.coder, "memo": d.memo, "quote": d.quote, "was": [d.start, d.end],
            "detached_at": d.detached_at}


def _detached_table(found: tuple[DetachedCoding, ...] | list[DetachedCoding],
                    with_source: bool) -> str:
    headers = ("id", *(("source",) if with_source else ()), "code", "stance", "coder", "was",
               "quote")
    return table(headers, [(d.id, *((d.source,) if with_source else ()), d.code, d.stance,
                            d.coder, f"{d.start}–{d.end}", f"“{_short(d.quote)}”")
                           for d in found])


# --------------------------------------------------------------------- helpers

def _confirm(yes: bool, question: str) -> None:
    """Go on with --yes, or when the person at the terminal says yes; otherwise refuse."""
    if yes:
        return
    if sys.stdin is not None and sys.stdin.isatty():
        print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer in _YES:
            return
        raise QualcodeError("not confirmed; nothing changed")
    raise QualcodeError(f"{question[:-1]}: add --yes to go ahead (nothing changed)")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"
