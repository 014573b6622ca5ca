"""The journal of coding actions in SQLite: what each action changed, row by row.

Every coding action (add, accept, change, delete, memo, reject, adjudicate) writes its rows and
its journal entry in one transaction. Undo and redo work from the journal, so they survive a
restart and see what other windows and coders did: a coder undoes only their own actions, and
an undo or redo refuses, changing nothing, when a row it would touch was changed since by
anyone ("changed by sample-b at 14:02; nothing undone").

An entry's `changes` hold, per row, its state before the action, after it, and (once undone)
after the undo. A row's `version` is the id of the journal entry that wrote that state (0 for
rows an import wrote), so one version always means one state: undo and redo put back the exact
states, and an update that names a version is checked against the state its author saw.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from qualcode.errors import QualcodeError
from qualcode.model import JournalEntry

COLUMNS = {
    "codings": ("id", "source_id", "start", "end", "code_id", "stance", "coder", "memo",
                "origin", "model_version", "created_at", "updated_at", "version"),
    "memos": ("id", "target_kind", "target", "text", "author", "created_at", "updated_at",
              "version"),
    "rejections": ("id", "source_id", "start", "end", "code_id", "coder", "model_version",
                   "created_at"),
    "adjudications": ("id", "source_id", "start", "end", "code_id", "consensus", "accepted",
                      "decided_by", "decided_at"),
    # corrections of the material (codebooks, sources, sites): codes and codebooks are keyed
    # by their text id
    "codebooks": ("id", "kind", "position", "data"),
    "codes": ("id", "codebook_id", "parent_id", "position", "data"),
    "sites": ("id", "name"),
    "sources": ("id", "name", "site_id", "method", "title", "date", "language", "text", "words",
                "origin_path", "imported_at", "metadata", "body_line"),
    "turns": ("id", "source_id", "start", "end", "speaker", "is_researcher", "timestamp"),
    "informants": ("id", "site_id", "label", "role", "organisation", "sector", "grp",
                   "attributes"),
    "source_informants": ("id", "source_id", "informant_id"),
    "detached_codings": ("id", "source_id", "start", "end", "quote", "code_id", "stance",
                         "coder", "memo", "origin", "model_version", "created_at",
                         "updated_at", "version", "detached_at"),
    "readings": ("id", "site_id", "code_id", "established", "rationale", "coder", "created_at",
                 "version"),
    "pseudonyms": ("id", "kind", "site", "label", "prefix", "number", "code", "assigned_at",
                   "retired_at", "version"),
}
REGULAR = "action NOT IN ('undo', 'redo')"
_ENTRY = "id, at, coder, action, summary, state, refers_to, source, start"

Row = dict[str, object]


def read_row(db: sqlite3.Connection, table: str, row_id: int) -> Row | None:
    columns = COLUMNS[table]
    found = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?",
                       (row_id,)).fetchone()
    return dict(zip(columns, found, strict=True)) if found else None


def change(table: str, before: Row | None, after: Row | None) -> dict:
    row_id = (after or before or {}).get("id")
    return {"table": table, "id": row_id, "before": before, "after": after}


def next_version(db: sqlite3.Connection) -> int:
    """The id the next journal entry gets (the caller holds the write lock): the version of
    every row that entry writes."""
    found = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").fetchone()
    return (found[0] if found else 0) + 1


def record(db: sqlite3.Connection, at: str, coder: str, action: str, summary: str,
           changes: list[dict], source: str | None = None, start: int | None = None,
           refers_to: int | None = None) -> int:
    """Write one journal entry (in the caller's transaction) and index the rows it touched."""
    cur = db.execute(
        "INSERT INTO journal (at, coder, action, summary, refers_to, source, start, changes)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (at, coder, action, summary, refers_to, source, start,
         json.dumps(changes, ensure_ascii=False)))
    db.executemany("INSERT INTO journal_rows (entry_id, tbl, row_id) VALUES (?,?,?)",
                   [(cur.lastrowid, c["table"], c["id"]) for c in changes])
    return cur.lastrowid


def entries(db: sqlite3.Connection, coder: str | None = None) -> list[JournalEntry]:
    where, args = ("WHERE coder = ?", (coder,)) if coder else ("", ())
    return [JournalEntry(*r) for r in db.execute(
        f"SELECT {_ENTRY} FROM journal {where} ORDER BY id", args)]


def undo(db: sqlite3.Connection, at: str, coder: str) -> JournalEntry | None:
    """Undo `coder`'s latest action that is not undone; None when there is none."""
    found = db.execute(
        f"SELECT id, changes FROM journal WHERE coder = ? AND {REGULAR} AND state = 'done'"
        " ORDER BY id DESC LIMIT 1", (coder,)).fetchone()
    if found is None:
        return None
    entry_id, changes = found[0], json.loads(found[1])
    for c in reversed(changes):
        c["undone"] = _turn(db, c, c["after"], c["before"], entry_id, "undone")
    return _mark(db, at, coder, entry_id, changes, "undone", "undo")


def redo(db: sqlite3.Connection, at: str, coder: str) -> JournalEntry | None:
    """Redo the action `coder` undid most recently, unless they have acted since."""
    found = db.execute(
        f"SELECT j.id, j.changes FROM journal u JOIN journal j ON j.id = u.refers_to"
        f" WHERE u.coder = ? AND u.action = 'undo' AND j.state = 'undone' AND u.id > coalesce("
        f"(SELECT max(id) FROM journal WHERE coder = ? AND {REGULAR}), 0)"
        " ORDER BY u.id DESC LIMIT 1", (coder, coder)).fetchone()
    if found is None:
        return None
    entry_id, changes = found[0], json.loads(found[1])
    for c in changes:
        c["after"] = _turn(db, c, c["undone"], c["after"], entry_id, "redone")
    return _mark(db, at, coder, entry_id, changes, "done", "redo")


def _mark(db: sqlite3.Connection, at: str, coder: str, entry_id: int, changes: list[dict],
          state: str, action: str) -> JournalEntry:
    db.execute("UPDATE journal SET state = ?, changes = ? WHERE id = ?",
               (state, json.dumps(changes, ensure_ascii=False), entry_id))
    summary, source, start = db.execute(
        "SELECT summary, source, start FROM journal WHERE id = ?", (entry_id,)).fetchone()
    touched = [{"table": c["table"], "id": c["id"]} for c in changes]
    record(db, at, coder, action, summary, touched, source, start, entry_id)
    return JournalEntry(*db.execute(f"SELECT {_ENTRY} FROM journal WHERE id = ?",
                                    (entry_id,)).fetchone())


def _turn(db: sqlite3.Connection, c: dict, expected: Row | None, target: Row | None,
          entry_id: int, verb: str) -> Row | None:
    """Bring row `c` from `expected` (what the action left) to `target`; refuse if the row is
    no longer what the action left. Returns the row as written."""
    table, row_id = c["table"], c["id"]
    current = read_row(db, table, row_id)
    if not _same(table, current, expected):
        raise QualcodeError(f"{who(db, table, row_id, current, entry_id)}; nothing {verb}")
    if target is None:
        _not_in_use(db, table, row_id, verb)
        db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        return None
    written = dict(target)
    columns = COLUMNS[table]
    try:
        if current is None:
            db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                       f"({', '.join('?' * len(columns))})", [written[k] for k in columns])
        else:
            db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in columns[1:])}"
                       " WHERE id = ?", [*[written[k] for k in columns[1:]], row_id])
    except sqlite3.IntegrityError:
        if table == "pseudonyms":
            raise QualcodeError(f"the pseudonym {written.get('code') or ''} is another "
                                f"informant's since; nothing {verb}") from None
        raise QualcodeError(f"the same span has been coded again since; nothing {verb}"
                            ) from None
    return written


_IN_USE = {  # what still needs a code or codebook that an undo or redo would take away
    "codes": ("SELECT 'codings' FROM codings WHERE code_id = :id UNION ALL"
              " SELECT 'detached codings' FROM detached_codings WHERE code_id = :id UNION ALL"
              " SELECT 'rejected suggestions' FROM rejections WHERE code_id = :id UNION ALL"
              " SELECT 'sub-codes' FROM codes WHERE parent_id = :id LIMIT 1"),
    "codebooks": "SELECT 'codes' FROM codes WHERE codebook_id = :id LIMIT 1",
}


def _not_in_use(db: sqlite3.Connection, table: str, row_id: object, verb: str) -> None:
    """Refuse to take away a code or codebook that was used since (a coding, a sub-code made
    by anyone after the action): it would leave them dangling."""
    query = _IN_USE.get(table)
    found = db.execute(query, {"id": row_id}).fetchone() if query else None
    if found:
        what = "the code" if table == "codes" else "the codebook"
        raise QualcodeError(f"{what} {row_id} has {found[0]} made since; nothing {verb}")


def _same(table: str, current: Row | None, expected: Row | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    if "version" in current:
        return current["version"] == expected["version"]
    return current == expected


def who(db: sqlite3.Connection, table: str, row_id: int, current: Row | None,
        exclude: int = 0) -> str:
    """Who last touched a row, as a user reads it: 'changed by sample-b at 14:02'."""
    what = {"codings": "the coding", "memos": "the memo", "rejections": "the rejection",
            "adjudications": "the decision", "codebooks": "the codebook", "codes": "the code",
            "sites": "the site", "sources": "the source", "turns": "the source's turns",
            "informants": "the informant", "source_informants": "the source's informants",
            "detached_codings": "the detached coding", "readings": "the reading",
            "pseudonyms": "the pseudonym"}[table]
    done = "was deleted" if current is None else "was changed"
    last = db.execute(
        "SELECT j.coder, j.at FROM journal_rows r JOIN journal j ON j.id = r.entry_id"
        " WHERE r.tbl = ? AND r.row_id = ? AND r.entry_id != ? ORDER BY r.entry_id DESC"
        " LIMIT 1", (table, row_id, exclude)).fetchone()
    if last is None:
        return f"{what} {done} elsewhere since"
    return f"{what} {done} by {last[0]} at {clock(last[1])}"


def clock(stamp: str) -> str:
    """An ISO stamp as the local time of day people say ('14:02')."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return stamp
