"""Coding actions on the SQLite store, each journaled in the transaction that makes it.

Rules every action keeps, whoever else has the project open:
- a coder changes and deletes only their own codings and memos; the consensus coder's codings
  are written only by adjudication;
- an update or delete names the version of the row its author saw, and is refused when the
  row has changed or gone since (one line saying who did it and when), so a stale window or
  prompt never overwrites newer work;
- undo and redo take the coder's own latest action from the journal (qualcode.store.journal).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from qualcode.errors import QualcodeError
from qualcode.model import Coding, JournalEntry, Memo, NewCoding, Ruling
from qualcode.store import journal

CODING_COLUMNS = (
    "c.id, s.name, c.start, c.end, c.code_id, c.stance, c.coder, c.memo, c.origin,"
    " c.model_version, c.created_at, c.updated_at, c.version"
)
INSERT_CODING = (
    "INSERT INTO codings (source_id, start, end, code_id, stance, coder, memo, origin,"
    " model_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_MEMO = (
    "INSERT INTO memos (target_kind, target, text, author, created_at, updated_at)"
    " VALUES (?,?,?,?,?,?)"
)
_ADD_CODING = (  # a journaled add: the row's version is its journal entry
    "INSERT INTO codings (source_id, start, end, code_id, stance, coder, memo, origin,"
    " model_version, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
_MEMO_COLUMNS = "id, target_kind, target, text, author, created_at, updated_at, version"
CONSENSUS = "consensus"


class CodingActions:
    """The journaled writes and undo/redo of `SQLiteStore` (which provides `conn`,
    `transaction()`, `stamp()` and `coding()`)."""

    conn: sqlite3.Connection

    # ----------------------------------------------------------------- codings

    def add_coding(self, coding: NewCoding) -> Coding:
        if coding.coder == CONSENSUS and coding.origin != "import":
            raise QualcodeError(f"codings of '{CONSENSUS}' are written only by adjudication")
        at = self.stamp()
        try:
            with self.transaction() as db:
                cur = db.execute(_ADD_CODING, (
                    self._source_id(db, coding.source), coding.start, coding.end, coding.code,
                    coding.stance, coding.coder, coding.memo, coding.origin,
                    coding.model_version, at, at, journal.next_version(db)))
                row = journal.read_row(db, "codings", cur.lastrowid)
                action = "accept" if coding.origin == "suggestion" else "add"
                journal.record(db, at, coding.coder, action,
                               _describe(coding.source, None, row),
                               [journal.change("codings", None, row)], coding.source,
                               coding.start)
        except sqlite3.IntegrityError:
            raise QualcodeError(
                f"{coding.coder} has already coded this span of {coding.source} with "
                f"{coding.code}") from None
        return self.coding(cur.lastrowid)

    def add_codings_action(self, codings: Iterable[NewCoding], coder: str,
                           summary: str) -> list[Coding]:
        """Several codings of `coder` as ONE journaled action (one undo takes them all back):
        "code all hits" of a search. Spans the coder already coded with that code (or named
        twice) are skipped; returns the codings added (none added: nothing journaled)."""
        wanted = list(codings)
        if coder == CONSENSUS:
            raise QualcodeError(f"codings of '{CONSENSUS}' are written only by adjudication")
        if any(c.coder != coder for c in wanted):
            raise QualcodeError(f"{coder} codes only as {coder}; nothing was coded")
        at = self.stamp()
        ids, changes, seen = [], [], set()
        with self.transaction() as db:
            version = journal.next_version(db)
            for c in wanted:
                source_id = self._source_id(db, c.source)
                key = (source_id, c.start, c.end, c.code, coder)
                if key in seen or db.execute(
                        "SELECT 1 FROM codings WHERE source_id = ? AND start = ? AND end = ?"
                        " AND code_id = ? AND coder = ?", key).fetchone():
                    continue
                seen.add(key)
                cur = db.execute(_ADD_CODING, (
                    source_id, c.start, c.end, c.code, c.stance, coder, c.memo, c.origin,
                    c.model_version, at, at, version))
                ids.append(cur.lastrowid)
                changes.append(journal.change("codings", None,
                                              journal.read_row(db, "codings", cur.lastrowid)))
            if changes:
                first = min((c["after"] for c in changes), key=lambda r: r["start"])
                journal.record(db, at, coder, "add", f"{summary} ({len(changes)} coded)",
                               changes, self._source_name(db, first["source_id"]),
                               int(first["start"]))
        return [self.coding(i) for i in ids]

    def update_coding(self, coding_id: int, coder: str, version: int,
                      **fields: object) -> Coding:
        allowed = {"code": "code_id", "stance": "stance", "memo": "memo", "start": "start",
                   "end": "end"}
        at = self.stamp()
        try:
            with self.transaction() as db:
                before = self._owned(db, "codings", coding_id, coder, version, "changed")
                after = {**before, **{allowed[k]: v for k, v in fields.items()},
                         "updated_at": at, "version": journal.next_version(db)}
                sets = ", ".join(f"{allowed[k]} = ?" for k in fields)
                db.execute(f"UPDATE codings SET {sets}, updated_at = ?, version = ? "
                           "WHERE id = ?", (*fields.values(), at, after["version"], coding_id))
                source = self._source_name(db, before["source_id"])
                action = "memo" if set(fields) == {"memo"} else "change"
                journal.record(db, at, coder, action, _describe(source, before, after),
                               [journal.change("codings", before, after)], source,
                               int(after["start"]))
        except sqlite3.IntegrityError:
            raise QualcodeError(f"{coder} has already coded this span with that code; "
                                "not changed") from None
        return self.coding(coding_id)

    def delete_coding(self, coding_id: int, coder: str, version: int) -> Coding:
        coding = self.coding(coding_id)
        at = self.stamp()
        with self.transaction() as db:
            before = self._owned(db, "codings", coding_id, coder, version, "deleted")
            db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            journal.record(db, at, coder, "delete", _describe(coding.source, before, None),
                           [journal.change("codings", before, None)], coding.source,
                           coding.start)
        return coding

    def replace_codings(self, remove: Iterable[int], add: Iterable[NewCoding],
                        decided_by: str, ruling: Ruling | None = None) -> list[int]:
        """An adjudication: the consensus coder's codings in `remove` give way to `add`, and
        the ruling is remembered, in one transaction journaled under `decided_by`."""
        at = self.stamp()
        consensus = ruling.consensus if ruling else CONSENSUS
        ids, changes = [], []
        with self.transaction() as db:
            for coding_id in remove:
                before = journal.read_row(db, "codings", coding_id)
                if before is None or before["coder"] != consensus:
                    raise QualcodeError("adjudication replaces only the consensus coder's "
                                        "codings")
                db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
                changes.append(journal.change("codings", before, None))
            for c in add:
                cur = db.execute(_ADD_CODING, (
                    self._source_id(db, c.source), c.start, c.end, c.code, c.stance, c.coder,
                    c.memo, c.origin, c.model_version, at, at, journal.next_version(db)))
                ids.append(cur.lastrowid)
                changes.append(journal.change("codings", None,
                                              journal.read_row(db, "codings", cur.lastrowid)))
            source, start, summary = None, None, f"adjudicated {len(ids)} codings"
            if ruling is not None:
                changes.append(self._rule(db, ruling, decided_by, at))
                source, start = ruling.source, ruling.start
                summary = (f"adjudicated {ruling.code} on {ruling.source} "
                           f"{ruling.start}–{ruling.end}: "
                           f"{', '.join(ruling.accepted) or 'neither'}")
            journal.record(db, at, decided_by, "adjudicate", summary, changes, source, start)
        return ids

    def _rule(self, db: sqlite3.Connection, d: Ruling, decided_by: str, at: str) -> dict:
        source_id = self._source_id(db, d.source)
        key = (source_id, d.start, d.end, d.code, d.consensus)
        found = db.execute("SELECT id FROM adjudications WHERE source_id = ? AND start = ?"
                           " AND end = ? AND code_id = ? AND consensus = ?", key).fetchone()
        before = journal.read_row(db, "adjudications", found[0]) if found else None
        accepted = json.dumps(list(d.accepted))
        if before is None:
            cur = db.execute(
                "INSERT INTO adjudications (source_id, start, end, code_id, consensus, accepted,"
                " decided_by, decided_at) VALUES (?,?,?,?,?,?,?,?)",
                (*key, accepted, decided_by, at))
            row_id = cur.lastrowid
        else:
            row_id = found[0]
            db.execute("UPDATE adjudications SET accepted = ?, decided_by = ?, decided_at = ?"
                       " WHERE id = ?", (accepted, decided_by, at, row_id))
        return journal.change("adjudications", before,
                              journal.read_row(db, "adjudications", row_id))

    def rulings(self) -> list[Ruling]:
        return [Ruling(source, start, end, code, consensus, tuple(json.loads(accepted)),
                         decided_by, decided_at)
                for source, start, end, code, consensus, accepted, decided_by, decided_at
                in self.conn.execute(
                    "SELECT s.name, a.start, a.end, a.code_id, a.consensus, a.accepted,"
                    " a.decided_by, a.decided_at FROM adjudications a JOIN sources s"
                    " ON s.id = a.source_id ORDER BY a.id")]

    # ----------------------------------------------------------------- memos, rejections

    def add_memo(self, target_kind: str, target: str, text: str, author: str) -> Memo:
        _memo_text(text)
        at = self.stamp()
        with self.transaction() as db:
            cur = db.execute(INSERT_MEMO, (target_kind, target, text, author, at, at))
            db.execute("UPDATE memos SET version = ? WHERE id = ?",
                       (journal.next_version(db), cur.lastrowid))
            row = journal.read_row(db, "memos", cur.lastrowid)
            journal.record(db, at, author, "memo", f"memo on {target_kind} {target}".rstrip(),
                           [journal.change("memos", None, row)])
        return self.memo(cur.lastrowid)

    def update_memo(self, memo_id: int, text: str, author: str, version: int) -> Memo:
        _memo_text(text)
        at = self.stamp()
        with self.transaction() as db:
            before = self._own_memo(db, memo_id, author, version, "changed")
            db.execute("UPDATE memos SET text = ?, updated_at = ?, version = ? WHERE id = ?",
                       (text, at, journal.next_version(db), memo_id))
            journal.record(db, at, author, "memo", f"edited {_about(before)}",
                           [journal.change("memos", before,
                                           journal.read_row(db, "memos", memo_id))])
        return self.memo(memo_id)

    def delete_memo(self, memo_id: int, author: str, version: int) -> Memo:
        memo = self.memo(memo_id)
        at = self.stamp()
        with self.transaction() as db:
            before = self._own_memo(db, memo_id, author, version, "deleted")
            db.execute("DELETE FROM memos WHERE id = ?", (memo_id,))
            journal.record(db, at, author, "delete", f"deleted {_about(before)}",
                           [journal.change("memos", before, None)])
        return memo

    def _own_memo(self, db: sqlite3.Connection, memo_id: int, author: str, version: int,
                  verb: str) -> journal.Row:
        """The memo as stored, if `author` may change it (their own, or one that came without
        an author from a REFI-QDA file: anyone's to keep up) and it is the version they saw."""
        row = journal.read_row(db, "memos", memo_id)
        if row is not None and row["author"] == "":
            if row["version"] != version:
                raise QualcodeError(f"{journal.who(db, 'memos', memo_id, row)}; not {verb}")
            return row
        return self._owned(db, "memos", memo_id, author, version, verb)

    def memo(self, memo_id: int) -> Memo:
        row = self.conn.execute(f"SELECT {_MEMO_COLUMNS} FROM memos WHERE id = ?",
                                (memo_id,)).fetchone()
        if row is None:
            raise QualcodeError(f"no memo with id {memo_id}")
        return Memo(*row)

    def memos(self) -> list[Memo]:
        return [Memo(*r) for r in self.conn.execute(
            f"SELECT {_MEMO_COLUMNS} FROM memos ORDER BY id")]

    def add_rejection(self, source: str, start: int, end: int, code: str, coder: str,
                      model_version: str | None) -> None:
        at = self.stamp()
        with self.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO rejections (source_id, start, end, code_id, coder,"
                " model_version, created_at) VALUES (?,?,?,?,?,?,?)",
                (self._source_id(db, source), start, end, code, coder, model_version, at))
            if cur.rowcount:
                row = journal.read_row(db, "rejections", cur.lastrowid)
                journal.record(db, at, coder, "reject",
                               f"rejected suggestion {code} on {source} {start}–{end}",
                               [journal.change("rejections", None, row)], source, start)

    # ----------------------------------------------------------------- the journal

    def undo(self, coder: str) -> JournalEntry | None:
        at = self.stamp()
        with self.transaction() as db:
            return journal.undo(db, at, coder)

    def redo(self, coder: str) -> JournalEntry | None:
        at = self.stamp()
        with self.transaction() as db:
            return journal.redo(db, at, coder)

    def journal(self, coder: str | None = None) -> list[JournalEntry]:
        return journal.entries(self.conn, coder)

    # ----------------------------------------------------------------- helpers

    def _owned(self, db: sqlite3.Connection, table: str, row_id: int, coder: str,
               version: int, verb: str) -> journal.Row:
        """The row as stored, if `coder` may change it and it is the version they saw."""
        row = journal.read_row(db, table, row_id)
        owner = None if row is None else row["coder" if table == "codings" else "author"]
        if row is None:
            raise QualcodeError(f"{journal.who(db, table, row_id, row)}; not {verb}")
        if owner != coder:
            what = "coding" if table == "codings" else "memo"
            if owner == CONSENSUS:
                raise QualcodeError(f"this {what} is the consensus; change it by adjudication "
                                    f"(A), not {verb}")
            raise QualcodeError(f"this {what} is {owner}'s; only {owner} can change or delete "
                                f"it (you are {coder}); not {verb}")
        if row["version"] != version:
            raise QualcodeError(f"{journal.who(db, table, row_id, row)}; not {verb}")
        return row

    @staticmethod
    def _source_id(db: sqlite3.Connection, name: str) -> int:
        found = db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if found is None:
            raise QualcodeError(f"no source named '{name}'")
        return found[0]

    @staticmethod
    def _source_name(db: sqlite3.Connection, source_id: object) -> str:
        return db.execute("SELECT name FROM sources WHERE id = ?", (source_id,)).fetchone()[0]


def _memo_text(text: str) -> None:
    if not text.strip():
        raise QualcodeError("a memo needs a text (to remove a memo, delete it)")


def _about(row: journal.Row) -> str:
    """A memo as the journal names it: 'memo 3 on site Madiun'."""
    return f"memo {row['id']} on {row['target_kind']} {row['target']}".rstrip()


def _describe(source: str, before: journal.Row | None, after: journal.Row | None) -> str:
    """What an action did to a coding, in a line of the journal."""
    row = after or before or {}
    where = f"on {source} {row.get('start')}–{row.get('end')}"
    if before is None:
        return f"coded {row['code_id']} ({row['stance']}) {where}"
    if after is None:
        return f"deleted {row['code_id']} ({row['stance']}) {where}"
    changed = [f"{label} {before[k]} → {after[k]}" for k, label in
               (("code_id", "code"), ("stance", "stance"), ("start", "start"), ("end", "end"))
               if before[k] != after[k]]
    if before["memo"] != after["memo"]:
        changed.append("memo")
    return f"{row['code_id']}: {', '.join(changed) or 'saved'} {where}"
