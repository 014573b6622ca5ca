"""Editing codebooks on the SQLite store: the researcher's own thematic codes (add, rename,
move, merge, delete, colour, describe), each journaled in the transaction that makes it.

Rules every action keeps:
- A framework's indicators are a contract (their ids are what codings files, verdicts and
  tests name): they are never added, moved, merged away or deleted here, and of an indicator
  only the colour, the inclusion/exclusion notes and the examples may be edited. A thematic
  code may be merged *into* an indicator (an inductive code found to be one).
- No coding is lost silently: a merge moves every coding of one code onto the other (a
  repeated span is dropped as a duplicate, its memo kept on the survivor; overlapping spans of
  one coder and stance become one coding), a delete refuses while codings exist unless asked
  to take them along, and everything is undone by `undo` as one step.
- Within a codebook, sibling codes have different names, and a code's parent is in its own
  codebook; codes are kept in tree order (a parent before its children, each child list in
  the order the codes were placed), which every export and view shows.
- Merge and delete change every coder's codings of a code: they are codebook actions, made
  and undone by the coder who did them.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict

from qualcode.errors import QualcodeError
from qualcode.model import Code
from qualcode.store import codebook_words as words
from qualcode.store import journal
from qualcode.store.codebook_words import DeleteReport, MergeReport

_LOCAL = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_FIELDS = ("label", "definition", "include", "exclude")
LIST_FIELDS = ("keywords", "examples")
EDITABLE = frozenset({*TEXT_FIELDS, *LIST_FIELDS, "color"})
INDICATOR_EDITABLE = frozenset({"color", "include", "exclude", "examples"})
_CODE_COLUMNS = ", ".join(journal.COLUMNS["codes"])


class _Changes:
    """The rows an action changed, once each (its state before the action and after it), in
    the order they were first touched: what its journal entry holds."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, object], dict] = {}

    def add(self, table: str, before: journal.Row | None, after: journal.Row | None) -> None:
        key = (table, (after or before or {})["id"])
        if key not in self.rows:
            self.rows[key] = journal.change(table, before, after)
            return
        self.rows[key]["after"] = after
        if self.rows[key]["before"] is None and after is None:  # made and unmade: nothing
            del self.rows[key]

    def list(self) -> list[dict]:
        return list(self.rows.values())


class CodebookActions:
    """Mixed into SQLiteStore, which provides `transaction`, `stamp` and the journal."""

    conn: sqlite3.Connection

    # ----------------------------------------------------------------- reading

    def code(self, code_id: str) -> Code:
        row = journal.read_row(self.conn, "codes", code_id)
        if row is None:
            raise QualcodeError(_no_code(self.conn, code_id))
        return _as_code(row)

    # ----------------------------------------------------------------- add

    def add_code(self, code: Code, coder: str,
                 codebook_name: dict[str, str] | None = None) -> Code:
        book_id, _, local = code.id.partition("/")
        if not _LOCAL.match(book_id) or not _LOCAL.match(local):
            raise QualcodeError(f"'{code.id}' is not a code id: write CODEBOOK/CODE, each "
                                "lower-case words joined by hyphens (e.g. tema/biaya-bensin)")
        label = words.label(code.label)
        if not label:
            raise QualcodeError(f"{code.id}: a code needs a name")
        color = words.colour(code.color)
        at = self.stamp()
        ch = _Changes()
        with self.transaction() as db:
            book = journal.read_row(db, "codebooks", book_id)
            if book is None:
                position = db.execute(
                    "SELECT coalesce(max(position) + 1, 0) FROM codebooks").fetchone()[0]
                name = words.texts(codebook_name or {}) or {"en": book_id}
                db.execute("INSERT INTO codebooks (id, kind, position, data) VALUES (?,?,?,?)",
                           (book_id, "thematic", position, _dumps(
                               {"name": name, "description": {}, "source": "",
                                "thresholds": {}})))
                ch.add("codebooks", None, journal.read_row(db, "codebooks", book_id))
            elif book["kind"] != "thematic":
                raise QualcodeError(
                    f"{book_id} is a framework: its indicators are a contract and cannot be "
                    f"added to; put your code in a thematic codebook (e.g. tema/{local})")
            if journal.read_row(db, "codes", code.id) is not None:
                raise QualcodeError(f"a code {code.id} already exists; choose another id")
            if code.parent is not None:
                parent = self._row(db, code.parent)
                if parent["codebook_id"] != book_id:
                    raise QualcodeError(
                        f"{code.parent} is in the codebook {parent['codebook_id']}, not "
                        f"{book_id}: a code's parent is in its own codebook")
            _check_name(db, book_id, code.parent, label, None)
            data = {"label": label, "definition": words.texts(code.definition),
                    "include": words.texts(code.include), "exclude": words.texts(code.exclude),
                    "keywords": words.lists(code.keywords), "examples": words.lists(code.examples),
                    "color": color, "loose": False, "concept": ""}
            db.execute("INSERT INTO codes (id, codebook_id, parent_id, position, data)"
                       " VALUES (?,?,?,?,?)",
                       (code.id, book_id, code.parent, _end(db, book_id), _dumps(data)))
            ch.add("codes", None, journal.read_row(db, "codes", code.id))
            _tree_order(db, ch, book_id)
            where = f" under {code.parent}" if code.parent else ""
            new_book = " (a new codebook)" if book is None else ""
            journal.record(db, at, coder, "code add",
                           f"new code {code.id} '{words.name(label)}'{where}{new_book}",
                           ch.list())
        return self.code(code.id)

    # ----------------------------------------------------------------- edit

    def edit_code(self, code_id: str, coder: str, **fields: object) -> Code:
        unknown = set(fields) - EDITABLE
        if unknown:
            raise TypeError(f"edit_code: no field {', '.join(sorted(unknown))}")
        at = self.stamp()
        with self.transaction() as db:
            before = self._row(db, code_id)
            book = journal.read_row(db, "codebooks", before["codebook_id"])
            if book["kind"] != "thematic" and set(fields) - INDICATOR_EDITABLE:
                raise QualcodeError(
                    f"{code_id} is an indicator of the framework {book['id']}: its name and "
                    "definition are the framework's; only its colour, notes (include, "
                    "exclude) and examples can be edited")
            data = json.loads(before["data"])
            new = dict(data)
            for key, value in fields.items():
                if key == "color":
                    new["color"] = words.colour(str(value))
                elif key in TEXT_FIELDS:
                    tidy = words.label if key == "label" else words.texts
                    new[key] = tidy({**data[key], **_given(value)})
                else:
                    new[key] = words.lists({**data[key], **_given(value)})
            if not new["label"]:
                raise QualcodeError(f"{code_id}: a code needs a name in at least one language")
            if new == data:
                return _as_code(before)
            if new["label"] != data["label"]:
                _check_name(db, before["codebook_id"], before["parent_id"], new["label"],
                            code_id)
            after = {**before, "data": _dumps(new)}
            db.execute("UPDATE codes SET data = ? WHERE id = ?", (after["data"], code_id))
            journal.record(db, at, coder, "code edit", words.edit_summary(code_id, data, new),
                           [journal.change("codes", before, after)])
        return _as_code(after)

    # ----------------------------------------------------------------- move

    def move_code(self, code_id: str, parent: str | None, coder: str) -> Code:
        at = self.stamp()
        ch = _Changes()
        with self.transaction() as db:
            before = self._row(db, code_id)
            book_id = before["codebook_id"]
            self._thematic(db, before, "moved")
            if parent is not None:
                target = self._row(db, parent)
                if target["codebook_id"] != book_id:
                    raise QualcodeError(
                        f"{parent} is in the codebook {target['codebook_id']}, {code_id} in "
                        f"{book_id}: a code moves only within its codebook (to bring its "
                        f"codings over, merge it: qualcode code merge PROJECT {code_id} "
                        "INTO)")
                if parent == code_id or parent in _descendants(db, book_id, code_id):
                    raise QualcodeError(f"cannot move {code_id} under {parent}: that is "
                                        f"{code_id} itself or one of its sub-codes (a cycle)")
            if before["parent_id"] == parent:
                return _as_code(before)
            _check_name(db, book_id, parent, json.loads(before["data"])["label"], code_id)
            after = {**before, "parent_id": parent, "position": _end(db, book_id)}
            db.execute("UPDATE codes SET parent_id = ?, position = ? WHERE id = ?",
                       (parent, after["position"], code_id))
            ch.add("codes", before, after)
            _tree_order(db, ch, book_id)
            where = f"under {parent}" if parent else f"to the top of {book_id}"
            journal.record(db, at, coder, "code move", f"moved {code_id} {where}", ch.list())
        return self.code(code_id)

    # ----------------------------------------------------------------- merge

    def merge_codes(self, source: str, target: str, coder: str) -> MergeReport:
        if source == target:
            raise QualcodeError(f"cannot merge {source} into itself")
        at = self.stamp()
        ch = _Changes()
        with self.transaction() as db:
            version = journal.next_version(db)
            a = self._row(db, source)
            b = self._row(db, target)
            self._thematic(db, a, "merged away (merge a thematic code into it instead)")
            if b["id"] in _descendants(db, a["codebook_id"], source):
                heir = a["parent_id"]  # the target is inside the source: its subtree rises
            elif b["codebook_id"] == a["codebook_id"]:
                heir = target
            else:
                heir = a["parent_id"]  # a code's children stay in its codebook
            children = [r for r in _rows(db, "parent_id = ?", source)]
            names = {c["id"]: json.loads(c["data"])["label"] for c in children}
            for child in children:
                _check_name(db, a["codebook_id"], heir, names[child["id"]], child["id"],
                            ignore=(source,))
            moved, duplicates = self._move_codings(db, ch, source, target, at, version)
            overlaps = self._join_overlaps(db, ch, moved, target, at, version)
            self._move_refs(db, ch, source, target, version)
            memos = self._move_memos(db, ch, source, target, at, version)
            for child in children:
                after = {**child, "parent_id": heir}
                db.execute("UPDATE codes SET parent_id = ? WHERE id = ?", (heir, child["id"]))
                ch.add("codes", child, after)
            db.execute("DELETE FROM codes WHERE id = ?", (source,))
            ch.add("codes", a, None)
            _tree_order(db, ch, a["codebook_id"])
            report = MergeReport(source, target, len(moved), duplicates, overlaps,
                                 tuple(c["id"] for c in children), memos)
            journal.record(db, at, coder, "code merge", words.merge_summary(report), ch.list())
        return report

    def _move_codings(self, db: sqlite3.Connection, ch: _Changes, source: str, target: str,
                      at: str, version: int) -> tuple[list[int], int]:
        """Put every coding of `source` on `target`; a span the same coder already coded
        with `target` is a duplicate: dropped, its memo added to the one kept. Returns the
        ids of the codings moved and the number of duplicates."""
        moved, duplicates = [], 0
        for row in _coding_rows(db, "code_id = ?", source):
            twin = db.execute(
                "SELECT id FROM codings WHERE source_id = ? AND start = ? AND end = ? AND"
                " code_id = ? AND coder = ?",
                (row["source_id"], row["start"], row["end"], target, row["coder"])).fetchone()
            if twin is None:
                _update(db, ch, "codings", row, code_id=target, updated_at=at,
                        version=version)
                moved.append(row["id"])
                continue
            duplicates += 1
            kept = journal.read_row(db, "codings", twin[0])
            memo = words.join_memos([kept["memo"], row["memo"]])
            db.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
            ch.add("codings", row, None)
            if memo != kept["memo"]:
                _update(db, ch, "codings", kept, memo=memo, updated_at=at, version=version)
        return moved, duplicates

    def _join_overlaps(self, db: sqlite3.Connection, ch: _Changes, moved: list[int],
                       target: str, at: str, version: int) -> int:
        """Where a moved coding overlaps a coding that `target` had, of the same source,
        coder and stance, the overlapping ones become one coding over their joint span (the
        oldest of the target's keeps its id; memos joined). Adjacent spans stay apart, and
        so do overlaps that were already there before the merge. Returns how many codings
        were joined into others."""
        if not moved:
            return 0
        moved_set = set(moved)
        groups: dict[tuple, list[journal.Row]] = defaultdict(list)
        for row in _coding_rows(db, "code_id = ?", target):
            groups[row["source_id"], row["coder"], row["stance"]].append(row)
        joined = 0
        for rows in groups.values():
            if not moved_set & {r["id"] for r in rows}:
                continue
            for cluster in _clusters(rows):
                ids = {r["id"] for r in cluster}
                kept_ids = sorted(ids - moved_set)
                if not (ids & moved_set) or not kept_ids:
                    continue
                start = min(r["start"] for r in cluster)
                end = max(r["end"] for r in cluster)
                first = cluster[0]
                clash = db.execute(
                    "SELECT 1 FROM codings WHERE source_id = ? AND start = ? AND end = ? AND"
                    f" code_id = ? AND coder = ? AND id NOT IN ({','.join('?' * len(ids))})",
                    (first["source_id"], start, end, target, first["coder"], *ids)).fetchone()
                if clash:  # the joint span is taken (by the other stance): leave them apart
                    continue
                survivor = next(r for r in cluster if r["id"] == kept_ids[0])
                for r in sorted(cluster, key=lambda r: r["id"]):
                    if r is not survivor:
                        db.execute("DELETE FROM codings WHERE id = ?", (r["id"],))
                        ch.add("codings", r, None)
                        joined += 1
                memo = words.join_memos([r["memo"] for r in sorted(cluster, key=lambda r: r["id"])])
                _update(db, ch, "codings", survivor, start=start, end=end, memo=memo,
                        updated_at=at, version=version)
        return joined

    def _move_refs(self, db: sqlite3.Connection, ch: _Changes, source: str, target: str,
                   version: int) -> None:
        """Rejected suggestions, adjudication decisions and detached codings of `source`
        follow it to `target` (one already there for the same span is kept instead)."""
        for table, unique in (("rejections", ("source_id", "start", "end")),
                              ("adjudications", ("source_id", "start", "end", "consensus"))):
            columns = journal.COLUMNS[table]
            for found in db.execute(f"SELECT {', '.join(columns)} FROM {table}"
                                    " WHERE code_id = ? ORDER BY id", (source,)).fetchall():
                row = dict(zip(columns, found, strict=True))
                where = " AND ".join(f"{k} = ?" for k in unique)
                if db.execute(f"SELECT 1 FROM {table} WHERE code_id = ? AND {where}",
                              (target, *(row[k] for k in unique))).fetchone():
                    db.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
                    ch.add(table, row, None)
                else:
                    _update(db, ch, table, row, code_id=target)
        columns = journal.COLUMNS["detached_codings"]
        for found in db.execute(f"SELECT {', '.join(columns)} FROM detached_codings"
                                " WHERE code_id = ? ORDER BY id", (source,)).fetchall():
            _update(db, ch, "detached_codings", dict(zip(columns, found, strict=True)),
                    code_id=target, version=version)

    def _move_memos(self, db: sqlite3.Connection, ch: _Changes, source: str, target: str,
                    at: str, version: int) -> int:
        rows = _memo_rows(db, source)
        for row in rows:
            _update(db, ch, "memos", row, target=target, updated_at=at, version=version)
        return len(rows)

    # ----------------------------------------------------------------- delete

    def delete_code(self, code_id: str, coder: str, with_codings: bool = False) -> DeleteReport:
        at = self.stamp()
        ch = _Changes()
        with self.transaction() as db:
            row = self._row(db, code_id)
            book_id = row["codebook_id"]
            self._thematic(db, row, "deleted")
            codings = _coding_rows(db, "code_id = ?", code_id)
            detached = _detached_rows(db, code_id)
            memos = _memo_rows(db, code_id)
            if (codings or detached or memos) and not with_codings:
                people = sorted({r["coder"] for r in codings + detached})
                what = [f"{words.count(n, noun)}" for n, noun in (
                    (len(codings), "coding"), (len(detached), "detached coding"),
                    (len(memos), "memo")) if n]
                by = f" (by {', '.join(people)})" if people else ""
                raise QualcodeError(
                    f"{code_id} has {' and '.join(what)}{by}; merge it into another code "
                    f"(qualcode code merge PROJECT {code_id} INTO) or delete it with its "
                    "codings and memos (--with-codings)")
            for r in codings:
                db.execute("DELETE FROM codings WHERE id = ?", (r["id"],))
                ch.add("codings", r, None)
            for r in detached:
                db.execute("DELETE FROM detached_codings WHERE id = ?", (r["id"],))
                ch.add("detached_codings", r, None)
            for table in ("rejections", "adjudications"):
                columns = journal.COLUMNS[table]
                for found in db.execute(f"SELECT {', '.join(columns)} FROM {table}"
                                        " WHERE code_id = ?", (code_id,)).fetchall():
                    old = dict(zip(columns, found, strict=True))
                    db.execute(f"DELETE FROM {table} WHERE id = ?", (old["id"],))
                    ch.add(table, old, None)
            for r in memos:
                db.execute("DELETE FROM memos WHERE id = ?", (r["id"],))
                ch.add("memos", r, None)
            children = _rows(db, "parent_id = ?", code_id)
            for child in children:
                _check_name(db, book_id, row["parent_id"],
                            json.loads(child["data"])["label"], child["id"], ignore=(code_id,))
                db.execute("UPDATE codes SET parent_id = ? WHERE id = ?",
                           (row["parent_id"], child["id"]))
                ch.add("codes", child, {**child, "parent_id": row["parent_id"]})
            db.execute("DELETE FROM codes WHERE id = ?", (code_id,))
            ch.add("codes", row, None)
            _tree_order(db, ch, book_id)
            report = DeleteReport(code_id, len(codings) + len(detached), len(memos),
                                  tuple(c["id"] for c in children))
            journal.record(db, at, coder, "code delete", words.delete_summary(report), ch.list())
        return report

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _row(db: sqlite3.Connection, code_id: str) -> journal.Row:
        row = journal.read_row(db, "codes", code_id)
        if row is None:
            raise QualcodeError(_no_code(db, code_id))
        return row

    @staticmethod
    def _thematic(db: sqlite3.Connection, row: journal.Row, verb: str) -> None:
        kind = db.execute("SELECT kind FROM codebooks WHERE id = ?",
                          (row["codebook_id"],)).fetchone()[0]
        if kind != "thematic":
            raise QualcodeError(
                f"{row['id']} is an indicator of the framework {row['codebook_id']}: "
                f"framework indicators are a contract and cannot be {verb}")


# --------------------------------------------------------------------- rows


def _rows(db: sqlite3.Connection, where: str, *args: object) -> list[journal.Row]:
    columns = journal.COLUMNS["codes"]
    return [dict(zip(columns, r, strict=True)) for r in db.execute(
        f"SELECT {_CODE_COLUMNS} FROM codes WHERE {where} ORDER BY position, rowid", args)]


def _coding_rows(db: sqlite3.Connection, where: str, *args: object) -> list[journal.Row]:
    columns = journal.COLUMNS["codings"]
    return [dict(zip(columns, r, strict=True)) for r in db.execute(
        f"SELECT {', '.join(columns)} FROM codings WHERE {where} ORDER BY id", args)]


def _detached_rows(db: sqlite3.Connection, code_id: str) -> list[journal.Row]:
    columns = journal.COLUMNS["detached_codings"]
    return [dict(zip(columns, r, strict=True)) for r in db.execute(
        f"SELECT {', '.join(columns)} FROM detached_codings WHERE code_id = ? ORDER BY id",
        (code_id,))]


def _memo_rows(db: sqlite3.Connection, code_id: str) -> list[journal.Row]:
    columns = journal.COLUMNS["memos"]
    return [dict(zip(columns, r, strict=True)) for r in db.execute(
        f"SELECT {', '.join(columns)} FROM memos WHERE target_kind = 'code' AND target = ?"
        " ORDER BY id", (code_id,))]


def _update(db: sqlite3.Connection, ch: _Changes, table: str, before: journal.Row,
            **changes: object) -> journal.Row:
    after = {**before, **changes}
    db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
               (*changes.values(), before["id"]))
    ch.add(table, before, after)
    return after


def _end(db: sqlite3.Connection, book_id: str) -> int:
    return db.execute("SELECT coalesce(max(position) + 1, 0) FROM codes WHERE codebook_id = ?",
                      (book_id,)).fetchone()[0]


def _descendants(db: sqlite3.Connection, book_id: str, code_id: str) -> set[str]:
    children: dict[str | None, list[str]] = defaultdict(list)
    for cid, parent in db.execute("SELECT id, parent_id FROM codes WHERE codebook_id = ?",
                                  (book_id,)):
        children[parent].append(cid)
    found, todo = set(), list(children[code_id])
    while todo:
        cid = todo.pop()
        if cid not in found:
            found.add(cid)
            todo.extend(children[cid])
    return found


def _tree_order(db: sqlite3.Connection, ch: _Changes, book_id: str) -> None:
    """Number the codebook's codes in tree order: each parent before its children, siblings
    in their present order."""
    rows = _rows(db, "codebook_id = ?", book_id)
    ids = {r["id"] for r in rows}
    children: dict[str | None, list[journal.Row]] = defaultdict(list)
    for r in rows:
        children[r["parent_id"] if r["parent_id"] in ids else None].append(r)
    order: list[journal.Row] = []
    todo = list(reversed(children[None]))
    while todo:
        r = todo.pop()
        order.append(r)
        todo.extend(reversed(children[r["id"]]))
    for position, r in enumerate(order):
        if r["position"] != position:
            _update(db, ch, "codes", r, position=position)


def _clusters(rows: list[journal.Row]) -> list[list[journal.Row]]:
    """Codings of one source grouped where their spans overlap (touching is not overlap)."""
    out: list[list[journal.Row]] = []
    end = -1
    for r in sorted(rows, key=lambda r: (r["start"], r["end"], r["id"])):
        if out and r["start"] < end:
            out[-1].append(r)
            end = max(end, r["end"])
        else:
            out.append([r])
            end = r["end"]
    return out


# --------------------------------------------------------------------- values


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _as_code(row: journal.Row) -> Code:
    d = json.loads(row["data"])
    return Code(row["id"], row["codebook_id"], d["label"], row["parent_id"], d["definition"],
                d["include"], d["exclude"], d["keywords"], d["examples"], d["color"],
                d["loose"], d["concept"])


def _given(value: object) -> dict:
    if not isinstance(value, dict):
        raise TypeError("edit_code: texts are given by language, e.g. {'id': '...'}")
    return value


def _check_name(db: sqlite3.Connection, book_id: str, parent: str | None,
                label: dict[str, str], code_id: str | None, ignore: tuple[str, ...] = ()
                ) -> None:
    """Refuse a name that a sibling (a code of the same codebook under the same parent) has
    already, in either language."""
    mine = {words.folded(v) for v in label.values() if v}
    where = f"under {parent}" if parent else f"at the top of {book_id}"
    for row in _rows(db, "codebook_id = ? AND parent_id IS ?", book_id, parent):
        if row["id"] == code_id or row["id"] in ignore:
            continue
        theirs = json.loads(row["data"])["label"]
        same = mine & {words.folded(v) for v in theirs.values() if v}
        if same:
            shown = next(v for v in theirs.values() if words.folded(v) in same)
            raise QualcodeError(f"{row['id']} is already named '{shown}' {where}; choose "
                                "another name, or merge the two codes")


def _no_code(db: sqlite3.Connection, code_id: str) -> str:
    import difflib

    ids = [r[0] for r in db.execute("SELECT id FROM codes ORDER BY id")]
    near = difflib.get_close_matches(code_id, ids, n=1, cutoff=0.75)
    if near:
        return f"no code '{code_id}'; did you mean {near[0]}?"
    book = code_id.partition("/")[0]
    known = db.execute("SELECT 1 FROM codebooks WHERE id = ?", (book,)).fetchone()
    hint = (f"see 'qualcode codebook PROJECT {book}'" if known
            else "see 'qualcode codebook PROJECT' for the codebooks")
    return f"no code '{code_id}' ({hint})"


