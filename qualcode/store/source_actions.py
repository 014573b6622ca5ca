"""Correcting sources on the SQLite store: delete, rename, set, replace (codings re-anchored,
the rest kept detached for review), and renaming sites, each journaled.

These are corrections of the material, not coding actions of one coder: whoever makes one
changes every coder's codings on that source (moved with their words, detached, deleted with
it), and the action is journaled under them, so that they can undo it (`qualcode undo`) as
long as nobody changed those rows since. Every action is one transaction; a refusal changes
nothing.

What goes with what:
- a source takes with it its codings, turns, informant links, detached codings, adjudications
  and rejected suggestions (all by its id), and the memos written on it (they are about it);
- an informant is a person at a site: moving a source to another site takes its speakers
  along (created there if needed; the old site keeps them while other sources use them); an
  informant who then speaks nowhere and has no details (role, organisation, sector, group,
  attributes) goes, so a misspelt label does not linger;
- a site without sources, informants or memos goes too.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from qualcode.errors import QualcodeError
from qualcode.model import (
    LANGUAGES,
    METHODS,
    Coding,
    DetachedCoding,
    ParsedSource,
    Replacement,
)
from qualcode.store import journal, pseudonyms
from qualcode.store.source_rows import (
    delete_row,
    insert_row,
    link_speakers,
    move_source,
    replace_turns,
    retarget_memos,
    set_informant,
    site_id_of,
    site_name,
    source_row,
    tidy,
    update_row,
    values_of,
)

# (old text, new text, {id: (start, end)}) -> ({id: placement with .start .end .how}, [ids
# not placed]): qualcode.ingest.reanchor.reanchor, handed in by the caller
Reanchor = Callable[[str, str, dict[int, tuple[int, int]]], tuple[dict[int, Any], list[int]]]
SOURCE_FIELDS = ("site", "method", "language", "date", "title")
_FAR = 10 ** 12  # where a row waits while rows trade places (unique spans, see _move_rows)
_BAD_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")
_DETACHED = ("d.id, s.name, d.start, d.end, d.quote, d.code_id, d.stance, d.coder, d.memo,"
             " d.origin, d.model_version, d.created_at, d.updated_at, d.version, d.detached_at")
_UNIQUE = {  # what may not repeat within a source, besides the span
    "codings": ("code_id", "coder"), "rejections": ("code_id",),
    "adjudications": ("code_id", "consensus")}


# The journal's names of these actions: what shows the sources anew when undone or redone.
ACTIONS = frozenset({"delete-source", "rename-source", "rename-site", "set-source",
                     "replace-source", "place-detached", "drop-detached"})


class SourceActions:
    """Mixed into SQLiteStore, which provides `transaction`, `stamp` and the journal."""

    conn: sqlite3.Connection

    # ----------------------------------------------------------------- reading

    def detached_codings(self, source: str | None = None) -> list[DetachedCoding]:
        where, args = ("WHERE s.name = ?", (source,)) if source is not None else ("", ())
        return [DetachedCoding(*r) for r in self.conn.execute(
            f"SELECT {_DETACHED} FROM detached_codings d JOIN sources s ON s.id = d.source_id"
            f" {where} ORDER BY d.source_id, d.id", args)]

    def detached_coding(self, coding_id: int) -> DetachedCoding:
        row = self.conn.execute(
            f"SELECT {_DETACHED} FROM detached_codings d JOIN sources s ON s.id = d.source_id"
            " WHERE d.id = ?", (coding_id,)).fetchone()
        if row is None:
            raise QualcodeError(f"no detached coding with id {coding_id} (see 'qualcode "
                                "source detached')")
        return DetachedCoding(*row)

    # ----------------------------------------------------------------- delete, rename

    def delete_source(self, name: str, by: str) -> dict[str, int]:
        at = self.stamp()
        with self.transaction() as db:
            source = source_row(db, name)
            changes: list[dict] = []
            removed: dict[str, int] = {}
            speakers = values_of(db, "SELECT informant_id FROM source_informants WHERE "
                                   "source_id = ?", source["id"])
            for table in ("codings", "detached_codings", "adjudications", "rejections",
                          "turns", "source_informants"):
                ids = values_of(db, f"SELECT id FROM {table} WHERE source_id = ? ORDER BY id",
                              source["id"])
                changes += [delete_row(db, table, i) for i in ids]
                removed[table] = len(ids)
            memos = values_of(db, "SELECT id FROM memos WHERE target_kind = 'source' AND "
                                "target = ? ORDER BY id", name)
            changes += [delete_row(db, "memos", i) for i in memos]
            removed["memos"] = len(memos)
            changes.append(delete_row(db, "sources", source["id"]))
            changes += tidy(db, speakers, [source["site_id"]])
            what = [f"{removed['codings']} codings"]
            if memos:
                what.append(f"{len(memos)} memos")
            if removed["detached_codings"]:
                what.append(f"{removed['detached_codings']} detached codings")
            journal.record(db, at, by, "delete-source",
                           f"deleted source {name} with {', '.join(what)}", changes)
        return removed

    def rename_source(self, name: str, new: str, by: str) -> None:
        new = _check_name(new, "source")
        at = self.stamp()
        with self.transaction() as db:
            before = source_row(db, name)
            if new == name:
                raise QualcodeError(f"the source is already named '{name}'; nothing changed")
            if db.execute("SELECT 1 FROM sources WHERE name = ?", (new,)).fetchone():
                raise QualcodeError(f"a source named '{new}' is already in the project; "
                                    "nothing changed")
            changes = [update_row(db, "sources", before["id"], name=new)]
            changes += retarget_memos(db, "source", name, new)
            changes += pseudonyms.retarget(db, "source", name, new)
            db.execute("UPDATE refi_guids SET key = ? WHERE kind = 'source' AND key = ?",
                       (new, name))
            journal.record(db, at, by, "rename-source", f"renamed source {name} → {new}",
                           changes)

    def rename_site(self, name: str, new: str, by: str) -> None:
        new = _check_name(new, "site")
        at = self.stamp()
        with self.transaction() as db:
            found = db.execute("SELECT id FROM sites WHERE name = ?", (name,)).fetchone()
            if found is None:
                have = ", ".join(r[0] for r in db.execute("SELECT name FROM sites ORDER BY id"))
                raise QualcodeError(f"no site '{name}' (have: {have or 'none'})")
            if new == name:
                raise QualcodeError(f"the site is already named '{name}'; nothing changed")
            if db.execute("SELECT 1 FROM sites WHERE name = ?", (new,)).fetchone():
                raise QualcodeError(f"a site named '{new}' is already in the project; "
                                    "nothing changed (move sources there with 'qualcode "
                                    "source set PROJECT NAME --site')")
            changes = [update_row(db, "sites", found[0], name=new)]
            changes += retarget_memos(db, "site", name, new)
            changes += pseudonyms.retarget(db, "site", name, new)
            db.execute("UPDATE refi_guids SET key = ? WHERE kind = 'site' AND key = ?",
                       (new, name))
            for key, in db.execute("SELECT key FROM refi_guids WHERE kind = 'informant' AND "
                                   "key LIKE ? || char(31) || '%'", (name,)).fetchall():
                db.execute("UPDATE refi_guids SET key = ? WHERE kind = 'informant' AND "
                           "key = ?", (new + key[len(name):], key))
            journal.record(db, at, by, "rename-site", f"renamed site {name} → {new}", changes)

    # ----------------------------------------------------------------- set

    def set_source(self, name: str, by: str, fields: Mapping[str, str] | None = None,
                   informants: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
        fields, informants = dict(fields or {}), dict(informants or {})
        unknown = set(fields) - set(SOURCE_FIELDS)
        if unknown:
            raise QualcodeError(f"cannot set {', '.join(sorted(unknown))} of a source (only "
                                f"{', '.join(SOURCE_FIELDS)})")
        fields = {k: _check_field(k, v) for k, v in fields.items()}
        at = self.stamp()
        with self.transaction() as db:
            before = source_row(db, name)
            changes: list[dict] = []
            said: list[str] = []
            site = site_name(db, before["site_id"])
            if "site" in fields and fields["site"] != site:
                changes += move_source(db, before, fields["site"], name)
                said.append(f"site {site} → {fields['site']}")
                site = fields["site"]
            plain = {k: v for k, v in fields.items() if k != "site" and before[k] != v}
            if plain:
                changes.append(update_row(db, "sources", before["id"], **plain))
                said += [f"{k} {before[k] or '—'} → {v or '—'}" for k, v in plain.items()]
            for label, details in informants.items():
                change, line = set_informant(db, before["id"], site, label, details)
                if change is not None:
                    changes.append(change)
                    said.append(line)
            if changes:
                journal.record(db, at, by, "set-source",
                               f"set {name}: {'; '.join(said)}", changes)
        return said

    # ----------------------------------------------------------------- replace

    def replace_source(self, name: str, new: ParsedSource, by: str,
                       place: Reanchor) -> Replacement:
        _check_field("method", new.method)
        _check_field("language", new.language)
        site = _check_name(new.site, "site")
        at = self.stamp()
        with self.transaction() as db:
            before = source_row(db, name)
            if new.text == before["text"]:
                return Replacement(name, unchanged=True)
            old, version = before["text"], journal.next_version(db)
            changes: list[dict] = []
            if site != site_name(db, before["site_id"]):
                changes += move_source(db, before, site, name)
            site_id = site_id_of(db, site)
            changes += link_speakers(db, before["id"], site_id, new)
            changes.append(update_row(
                db, "sources", before["id"], method=new.method, title=new.title,
                date=new.date, language=new.language, text=new.text,
                words=len(new.text.split()), origin_path=new.origin_path, imported_at=at,
                metadata=json.dumps(new.metadata, ensure_ascii=False, default=str),
                body_line=new.body_line))
            changes += replace_turns(db, before["id"], new)
            codings, counts, detached = _reanchor_codings(db, before["id"], old, new.text,
                                                          place, version, at)
            changes += codings
            dropped = {}
            for table in ("adjudications", "rejections"):
                moved, dropped[table] = _reanchor_rows(db, table, before["id"], old, new.text,
                                                       place)
                changes += moved
            changes += tidy(db, [], [before["site_id"]])
            summary = (f"replaced the text of {name}: {counts['kept']} codings in place, "
                       f"{counts['moved']} moved, {counts['quote']} placed by quote, "
                       f"{len(detached)} detached")
            journal.record(db, at, by, "replace-source", summary, changes, name)
        return Replacement(name, False, counts["kept"], counts["moved"], counts["quote"],
                           tuple(self.detached_coding(i) for i in detached),
                           dropped["adjudications"], dropped["rejections"])

    # ----------------------------------------------------------------- detached codings

    def place_detached(self, coding_id: int, start: int, end: int, by: str,
                       version: int | None = None) -> Coding:
        at = self.stamp()
        with self.transaction() as db:
            row = journal.read_row(db, "detached_codings", coding_id)
            if row is None:
                raise QualcodeError(f"no detached coding with id {coding_id} (see 'qualcode "
                                    "source detached')")
            if version is not None and row["version"] != version:
                raise QualcodeError(f"{journal.who(db, 'detached_codings', coding_id, row)}; "
                                    "not placed")
            name, length = db.execute("SELECT name, length(text) FROM sources WHERE id = ?",
                                      (row["source_id"],)).fetchone()
            if end <= start:
                raise QualcodeError(f"span {start}-{end}: the end must come after the start; "
                                    "not placed")
            if not 0 <= start < end <= length:
                raise QualcodeError(f"span {start}-{end} is not inside {name} (0-{length}); "
                                    "not placed")
            if db.execute("SELECT 1 FROM codings WHERE source_id = ? AND start = ? AND end = ?"
                          " AND code_id = ? AND coder = ?", (row["source_id"], start, end,
                                                             row["code_id"], row["coder"])
                          ).fetchone():
                raise QualcodeError(f"{row['coder']} has already coded {start}-{end} of {name}"
                                    f" with {row['code_id']}; not placed (drop it instead)")
            coding = {k: row[k] for k in journal.COLUMNS["codings"]} | {
                "start": start, "end": end, "updated_at": at,
                "version": journal.next_version(db)}
            changes = [delete_row(db, "detached_codings", coding_id),
                       insert_row(db, "codings", coding)]
            journal.record(db, at, by, "place-detached",
                           f"placed detached coding {coding_id} ({row['code_id']}, "
                           f"{row['coder']}) on {name} {start}–{end}", changes, name, start)
        return self.coding(coding_id)

    def drop_detached(self, coding_id: int, by: str,
                      version: int | None = None) -> DetachedCoding:
        dropped = self.detached_coding(coding_id)
        at = self.stamp()
        with self.transaction() as db:
            row = journal.read_row(db, "detached_codings", coding_id)
            if row is None or (version is not None and row["version"] != version):
                raise QualcodeError(f"{journal.who(db, 'detached_codings', coding_id, row)}; "
                                    "not dropped")
            journal.record(db, at, by, "drop-detached",
                           f"dropped detached coding {coding_id} ({row['code_id']}, "
                           f"{row['coder']}) of {dropped.source}: “{_excerpt(row['quote'])}”",
                           [delete_row(db, "detached_codings", coding_id)], dropped.source)
        return dropped


# --------------------------------------------------------------------- checks

def _check_name(value: str, what: str) -> str:
    name = (value or "").strip()
    if not name or name == "-":  # ('-' clears a date or a title; a name it cannot clear)
        raise QualcodeError(f"a {what} needs a name; nothing changed")
    if _BAD_NAME.search(name):
        raise QualcodeError(f"a {what} name cannot hold '/', '\\' or control characters: "
                            f"'{name}'; nothing changed")
    return name


def _check_field(key: str, value: str) -> str:
    value = "" if value is None else str(value).strip()
    if key == "site":
        return _check_name(value, "site")
    allowed = {"method": METHODS, "language": LANGUAGES}.get(key)
    if allowed and value not in allowed:
        raise QualcodeError(f"unknown {key} '{value}' (use one of: {', '.join(allowed)}); "
                            "nothing changed")
    if key == "date" and value and not _is_date(value):
        raise QualcodeError(f"not a date: '{value}' (use YYYY-MM-DD, e.g. 2021-05-03); "
                            "nothing changed")
    return value


def _is_date(value: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


# --------------------------------------------------------------------- re-anchoring

def _reanchor_codings(db: sqlite3.Connection, source_id: int, old: str, new: str,
                      place: Reanchor, version: int, at: str
                      ) -> tuple[list[dict], dict[str, int], list[int]]:
    """Place every coding of the source in the new text; detach those that cannot be placed
    (or that would repeat another coding of the same code by the same coder)."""
    rows = {r["id"]: r for r in (journal.read_row(db, "codings", i) for i in values_of(
        db, "SELECT id FROM codings WHERE source_id = ? ORDER BY id", source_id))}
    placed, _ = place(old, new, {i: (r["start"], r["end"]) for i, r in rows.items()})
    finals, counts = _unique_spans("codings", rows, placed)
    detached = [i for i in rows if i not in finals]
    changes = []
    for i in detached:
        changes.append(delete_row(db, "codings", i))
        r = rows[i]
        changes.append(insert_row(db, "detached_codings", {
            k: r[k] for k in journal.COLUMNS["codings"] if k != "source_id"} | {
            "source_id": source_id, "quote": old[r["start"]:r["end"]], "version": version,
            "detached_at": at}))
    changes += _move_rows(db, "codings", rows, finals, {"version": version, "updated_at": at})
    return changes, counts, detached


def _reanchor_rows(db: sqlite3.Connection, table: str, source_id: int, old: str, new: str,
                   place: Reanchor) -> tuple[list[dict], int]:
    """Adjudications and rejected suggestions follow their words too; one that cannot be
    placed is dropped (journaled): the codings it was about are kept or detached."""
    rows = {r["id"]: r for r in (journal.read_row(db, table, i) for i in values_of(
        db, f"SELECT id FROM {table} WHERE source_id = ? ORDER BY id", source_id))}
    if not rows:
        return [], 0
    placed, _ = place(old, new, {i: (r["start"], r["end"]) for i, r in rows.items()})
    finals, _ = _unique_spans(table, rows, placed)
    changes = [delete_row(db, table, i) for i in rows if i not in finals]
    return changes + _move_rows(db, table, rows, finals, {}), len(rows) - len(finals)


def _unique_spans(table: str, rows: dict[int, journal.Row], placed: dict[int, Any]
                  ) -> tuple[dict[int, tuple[int, int]], dict[str, int]]:
    """The new span of each placed row, unless an earlier row (by id) took that span with
    the same code (and coder): the index allows one."""
    finals: dict[int, tuple[int, int]] = {}
    taken = set()
    counts = {"kept": 0, "moved": 0, "quote": 0}
    for i, r in sorted(rows.items()):
        p = placed.get(i)
        if p is None:
            continue
        key = (p.start, p.end, *(r[k] for k in _UNIQUE[table]))
        if key in taken:
            continue
        taken.add(key)
        finals[i] = (p.start, p.end)
        counts["kept" if (p.start, p.end) == (r["start"], r["end"]) else
               "moved" if p.how == "diff" else "quote"] += 1
    return finals, counts


def _move_rows(db: sqlite3.Connection, table: str, rows: dict[int, journal.Row],
               finals: dict[int, tuple[int, int]], extra: dict[str, object]) -> list[dict]:
    """Give rows their new spans. A row whose new span another row holds now waits far out
    of the way first, so no two rows ever share a span, here or when the journal undoes or
    redoes these changes one by one."""
    moving = {i: span for i, span in finals.items() if span != (rows[i]["start"],
                                                                 rows[i]["end"])}
    held = {(rows[i]["start"], rows[i]["end"], *(rows[i][k] for k in _UNIQUE[table]))
            for i in rows}
    blocked = [i for i, (s, e) in moving.items()
               if (s, e, *(rows[i][k] for k in _UNIQUE[table])) in held]
    changes = [update_row(db, table, i, start=rows[i]["start"] + _FAR,
                       end=rows[i]["end"] + _FAR, **extra) for i in blocked]
    changes += [update_row(db, table, i, start=s, end=e, **extra)
                for i, (s, e) in moving.items() if i not in blocked]
    changes += [update_row(db, table, i, start=moving[i][0], end=moving[i][1], **extra)
                for i in blocked]
    return changes
