"""The SQLite backend of the `Store` protocol: with `schema`, every SQL statement of qualcode.

One connection per store, WAL journal, foreign keys on, synchronous writes. Every public method
that changes data runs in its own transaction and commits before it returns, so a crash or
`kill -9` never loses a change the caller was told about.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import (
    NAMES,
    Category,
    Code,
    Codebook,
    Coding,
    Informant,
    Memo,
    NewCoding,
    ParsedSource,
    Reading,
    SourceInfo,
    Turn,
    TurnColumns,
    join_names,
    split_names,
)
from qualcode.store.actions import CODING_COLUMNS, INSERT_CODING, INSERT_MEMO, CodingActions
from qualcode.store.codebook_actions import CodebookActions
from qualcode.store.pseudonyms import PseudonymActions
from qualcode.store.readings import ReadingActions
from qualcode.store.schema import MIGRATIONS, SCHEMA_VERSION
from qualcode.store.source_actions import SourceActions

_INSERT_GUID = "INSERT OR IGNORE INTO refi_guids (kind, key, guid) VALUES (?,?,?)"


BUSY = "project busy: another qualcode is writing; try again"
WAIT_SECONDS = 30.0  # how long a write waits for another process's write to finish


class SQLiteStore(CodingActions, CodebookActions, SourceActions, ReadingActions,
                  PseudonymActions):
    """A project's database in one SQLite file: `SQLiteStore.open(path)` or `.create(path)`.

    What each method promises is documented once, on the `Store` protocol. `conn` is public for
    tests that inspect the file; the rest of qualcode goes through the protocol.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def create(cls, path: Path) -> SQLiteStore:
        if path.exists():
            raise QualcodeError(f"{path}: a database already exists here")
        store = cls(_connect(path), path)
        store._migrate(0)
        return store

    @classmethod
    def open(cls, path: Path) -> SQLiteStore:
        """Open for writing, or read-only when the file or its folder cannot be written (a
        read-only mount, file permissions): reading works, every write says so."""
        if not path.is_file():
            raise QualcodeError(f"{path}: no project database")
        read_only = not _writable(path)
        wal = path.with_name(f"{path.name}-wal")
        if read_only and wal.is_file() and wal.stat().st_size:
            raise QualcodeError(f"{path}: read-only, and its latest changes are still in {wal.name}"
                                "; open it once where it can be written (or copy the project "
                                "with 'qualcode backup')")
        try:
            conn = _connect(path, read_only)
        except sqlite3.OperationalError as exc:
            raise QualcodeError(_storage_problem(path, exc)) from None
        except sqlite3.DatabaseError as exc:
            raise QualcodeError(f"{path}: not a qualcode project database ({exc})") from None
        try:
            version = int(conn.execute("SELECT value FROM meta WHERE key='schema_version'")
                          .fetchone()[0])
        except (sqlite3.DatabaseError, TypeError) as exc:
            conn.close()
            raise QualcodeError(f"{path}: not a qualcode project database ({exc})") from None
        if version > SCHEMA_VERSION:
            conn.close()
            raise QualcodeError(
                f"{path}: made by a newer qualcode (schema {version}; this one reads "
                f"{SCHEMA_VERSION}); upgrade qualcode")
        if read_only and version < SCHEMA_VERSION:
            conn.close()
            raise QualcodeError(f"{path}: read-only, and made by an older qualcode; open it "
                                "once where it can be written, to upgrade it")
        store = cls(conn, path, read_only)
        store._migrate(version)
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self, version: int) -> None:
        for target in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                           (str(target + 1),))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception. A busy, full or read-only
        database becomes one line for the user, with nothing written."""
        if self.read_only:
            raise QualcodeError(f"{self.path}: the project is read-only here; nothing was saved")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                # a deferred foreign key is checked at COMMIT, which then fails and leaves
                # the transaction open: end it, so that the next write is not inside it
                self.conn.execute("ROLLBACK")
                raise QualcodeError(f"{self.path}: nothing saved: the change would leave a "
                                    f"reference to something that is gone ({exc})") from None
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise QualcodeError(_storage_problem(self.path, exc)) from None

    def stamp(self) -> str:
        """The stamp of a write: ISO 8601 UTC to the second, so stamps compare as strings."""
        return datetime.now(UTC).isoformat(timespec="seconds")

    def wait_when_busy(self, seconds: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def revision(self) -> tuple[int, int]:
        return self.data_version(), self.conn.total_changes

    def backup(self, target: Path) -> None:
        """A consistent copy, written beside `target` and renamed into place."""
        target = Path(target)
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise QualcodeError(f"{target}: cannot write the backup ({exc})") from None

    # ----------------------------------------------------------------- sites and sources

    def sites(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sites ORDER BY id")]

    def source_names(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sources")}

    def add_sources(self, parsed: Iterable[ParsedSource]) -> list[int]:
        """Store sources with their site, informants and turns, all in one transaction."""
        ids = []
        with self.transaction() as db:
            for src in parsed:
                ids.append(self._insert_source(db, src))
        return ids

    def _insert_source(self, db: sqlite3.Connection, src: ParsedSource) -> int:
        db.execute("INSERT OR IGNORE INTO sites (name) VALUES (?)", (src.site,))
        site_id = db.execute("SELECT id FROM sites WHERE name = ?", (src.site,)).fetchone()[0]
        try:
            cur = db.execute(
                "INSERT INTO sources (name, site_id, method, title, date, language, text, words,"
                " origin_path, imported_at, metadata, body_line)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (src.name, site_id, src.method, src.title, src.date, src.language, src.text,
                 len(src.text.split()), src.origin_path, self.stamp(), _dumps(src.metadata),
                 src.body_line))
        except sqlite3.IntegrityError:
            raise QualcodeError(
                f"{src.origin_path or src.name}: a source named '{src.name}' is already in "
                "the project") from None
        source_id = cur.lastrowid
        for inf in src.informants:
            db.execute(
                "INSERT INTO informants (site_id, label, role, organisation, sector, grp,"
                " attributes) VALUES (?,?,?,?,?,?,?) ON CONFLICT (site_id, label) DO UPDATE SET"
                " role = CASE WHEN role = '' THEN excluded.role ELSE role END,"
                " organisation = CASE WHEN organisation = '' THEN excluded.organisation"
                "   ELSE organisation END,"
                " sector = CASE WHEN sector = '' THEN excluded.sector ELSE sector END,"
                " grp = CASE WHEN grp = '' THEN excluded.grp ELSE grp END",
                (site_id, inf.label, inf.role, inf.organisation, inf.sector, inf.group,
                 json.dumps(inf.attributes, ensure_ascii=False, default=str)))
            if inf.attributes.get(NAMES):
                _add_names(db, site_id, inf.label, inf.attributes[NAMES])
            db.execute(
                "INSERT OR IGNORE INTO source_informants (source_id, informant_id) SELECT ?, id"
                " FROM informants"
                " WHERE site_id = ? AND label = ?", (source_id, site_id, inf.label))
        db.executemany(
            "INSERT INTO turns (source_id, start, end, speaker, is_researcher, timestamp)"
            " VALUES (?,?,?,?,?,?)",
            [(source_id, t.start, t.end, t.speaker, int(t.is_researcher), t.timestamp)
             for t in src.turns])
        return source_id

    def sources(self) -> list[SourceInfo]:
        informants: dict[int, list[str]] = {}
        for source_id, label in self.conn.execute(
                "SELECT si.source_id, i.label FROM source_informants si"
                " JOIN informants i ON i.id = si.informant_id ORDER BY i.id"):
            informants.setdefault(source_id, []).append(label)
        rows = self.conn.execute(
            "SELECT s.id, s.name, st.name, s.method, s.title, s.date, s.language, s.words,"
            " length(s.text), (SELECT count(*) FROM codings c WHERE c.source_id = s.id),"
            " s.metadata, s.body_line FROM sources s JOIN sites st ON st.id = s.site_id"
            " ORDER BY s.id")
        return [SourceInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                           tuple(informants.get(r[0], ())), r[9], json.loads(r[10]), r[11])
                for r in rows]

    def source_info(self, name: str) -> SourceInfo:
        for info in self.sources():
            if info.name == name:
                return info
        raise QualcodeError(f"no source named '{name}' in the project")

    def source_text(self, name: str) -> str:
        row = self.conn.execute("SELECT text FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise QualcodeError(f"no source named '{name}' in the project")
        return row[0]

    def source_texts(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT name, text FROM sources"))

    def turns(self, name: str) -> list[Turn]:
        return [Turn(r[0], r[1], r[2], bool(r[3]), r[4]) for r in self.conn.execute(
            "SELECT t.start, t.end, t.speaker, t.is_researcher, t.timestamp FROM turns t"
            " JOIN sources s ON s.id = t.source_id WHERE s.name = ? ORDER BY t.start", (name,))]

    def all_turns(self) -> dict[str, list[Turn]]:
        names = dict(self.conn.execute("SELECT id, name FROM sources"))
        out: dict[str, list[Turn]] = {name: [] for name in names.values()}
        for r in self.conn.execute(
                "SELECT source_id, start, end, speaker, is_researcher, timestamp FROM turns"
                " ORDER BY source_id, start"):
            out[names[r[0]]].append(Turn(r[1], r[2], r[3], bool(r[4]), r[5]))
        return out

    def informants(self, site: str | None = None) -> dict[str, list[Informant]]:
        """Informants by site name (optionally one site)."""
        out: dict[str, list[Informant]] = {}
        query = ("SELECT st.name, i.label, i.role, i.organisation, i.sector, i.grp, i.attributes"
                 " FROM informants i JOIN sites st ON st.id = i.site_id")
        args: tuple = ()
        if site is not None:
            query += " WHERE st.name = ?"
            args = (site,)
        for r in self.conn.execute(query + " ORDER BY i.id", args):
            out.setdefault(r[0], []).append(
                Informant(r[1], r[2], r[3], r[4], r[5], json.loads(r[6])))
        return out

    def update_informants(self, site_informants: list[tuple[str, Informant]]
                          ) -> tuple[int, int]:
        """Set each informant's details as given, adding those new at their site; one
        transaction. Returns (updated: existing ones whose details changed, added)."""
        updated = added = 0
        with self.transaction() as db:
            for site, inf in site_informants:
                found = db.execute("SELECT id FROM sites WHERE name = ?", (site,)).fetchone()
                if found is None:
                    raise QualcodeError(f"no site '{site}' in the project; nothing was saved")
                details = (inf.role, inf.organisation, inf.sector, inf.group)
                row = db.execute(
                    "SELECT id, role, organisation, sector, grp, attributes FROM informants"
                    " WHERE site_id = ? AND label = ?", (found[0], inf.label)).fetchone()
                attributes = json.dumps(inf.attributes, ensure_ascii=False, default=str)
                if row is None:
                    db.execute(
                        "INSERT INTO informants (site_id, label, role, organisation, sector,"
                        " grp, attributes) VALUES (?,?,?,?,?,?,?)",
                        (found[0], inf.label, *details, attributes))
                    added += 1
                elif tuple(row[1:5]) != details or json.loads(row[5]) != json.loads(attributes):
                    db.execute(
                        "UPDATE informants SET role = ?, organisation = ?, sector = ?, grp = ?,"
                        " attributes = ? WHERE id = ?", (*details, attributes, row[0]))
                    updated += 1
        return updated, added

    # ----------------------------------------------------------------- codebooks

    def save_codebooks(self, codebooks: Iterable[Codebook]) -> None:
        """Add or replace codebooks in one transaction.

        Replacing keeps codings valid: a code still used by a coding may not disappear.
        """
        with self.transaction() as db:
            for cb in codebooks:
                self._save_codebook(db, cb)

    def _save_codebook(self, db: sqlite3.Connection, cb: Codebook) -> None:
        new_ids = {c.id for c in cb.codes}
        used = [r[0] for r in db.execute(
            "SELECT DISTINCT code_id FROM codings WHERE code_id IN"
            " (SELECT id FROM codes WHERE codebook_id = ?)", (cb.id,))]
        lost = sorted(set(used) - new_ids)
        if lost:
            raise QualcodeError(
                f"codebook '{cb.id}': codes still used by codings would disappear: "
                + ", ".join(lost))
        position = db.execute("SELECT position FROM codebooks WHERE id = ?", (cb.id,)).fetchone()
        if position is None:
            position = db.execute("SELECT coalesce(max(position) + 1, 0) FROM codebooks").fetchone()
        data = {"name": cb.name, "description": cb.description, "source": cb.source,
                "thresholds": cb.thresholds}
        db.execute("DELETE FROM category_indicators WHERE codebook_id = ?", (cb.id,))
        db.execute("DELETE FROM categories WHERE codebook_id = ?", (cb.id,))
        db.execute("DELETE FROM codes WHERE codebook_id = ?", (cb.id,))
        db.execute("INSERT OR REPLACE INTO codebooks (id, kind, position, data) VALUES (?,?,?,?)",
                   (cb.id, cb.kind, position[0], _dumps(data)))
        db.executemany(
            "INSERT INTO codes (id, codebook_id, parent_id, position, data) VALUES (?,?,?,?,?)",
            [(c.id, cb.id, c.parent, i, _dumps(
                {"label": c.label, "definition": c.definition, "include": c.include,
                 "exclude": c.exclude, "keywords": c.keywords, "examples": c.examples,
                 "color": c.color, "loose": c.loose, "concept": c.concept}))
             for i, c in enumerate(cb.codes)])
        for i, cat in enumerate(cb.categories):
            db.execute("INSERT INTO categories (codebook_id, id, position, data) VALUES (?,?,?,?)",
                       (cb.id, cat.id, i, _dumps({"name": cat.name,
                                                  "description": cat.description})))
            db.executemany(
                "INSERT INTO category_indicators VALUES (?,?,?,?,?)",
                [(cb.id, cat.id, code, role, j)
                 for role in ("defining", "excluding", "typical")
                 for j, code in enumerate(getattr(cat, role))])

    def codebooks(self) -> list[Codebook]:
        books = {}
        for cid, kind, data in self.conn.execute(
                "SELECT id, kind, data FROM codebooks ORDER BY position"):
            d = json.loads(data)
            books[cid] = Codebook(cid, kind, d["name"], d["description"], d["source"],
                                  thresholds=d["thresholds"])
        for cid, book, parent, data in self.conn.execute(
                "SELECT id, codebook_id, parent_id, data FROM codes"
                " ORDER BY codebook_id, position"):
            d = json.loads(data)
            books[book].codes.append(Code(cid, book, d["label"], parent, d["definition"],
                                          d["include"], d["exclude"], d["keywords"],
                                          d["examples"], d["color"], d["loose"],
                                          d["concept"]))
        cats: dict[tuple[str, str], Category] = {}
        for book, cat_id, data in self.conn.execute(
                "SELECT codebook_id, id, data FROM categories ORDER BY codebook_id, position"):
            d = json.loads(data)
            cats[book, cat_id] = Category(cat_id, d["name"], d["description"])
            books[book].categories.append(cats[book, cat_id])
        for book, cat_id, code, role in self.conn.execute(
                "SELECT codebook_id, category_id, code_id, role FROM category_indicators"
                " ORDER BY codebook_id, category_id, role, position"):
            getattr(cats[book, cat_id], role).append(code)
        return list(books.values())

    def code_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM codes")}

    # ----------------------------------------------------------------- codings

    def codings(self, source: str | None = None, coder: str | None = None,
                code: str | None = None) -> list[Coding]:
        names = dict(self.conn.execute("SELECT id, name FROM sources"))
        query = ("SELECT id, source_id, start, end, code_id, stance, coder, memo, origin,"
                 " model_version, created_at, updated_at, version FROM codings WHERE 1=1")
        args: list = []
        if source is not None:
            query += " AND source_id = (SELECT id FROM sources WHERE name = ?)"
            args.append(source)
        for column, value in (("coder", coder), ("code_id", code)):
            if value is not None:
                query += f" AND {column} = ?"
                args.append(value)
        return [Coding(r[0], names[r[1]], *r[2:]) for r in self.conn.execute(
            query + " ORDER BY source_id, start, id", args)]

    def evidence_rows(self) -> Iterator[tuple[int, str, str, int, int, str, int]]:
        """(source id, code, stance, start, end, coder, id) of every coding, sorted in that
        order: what the evidence engine reads, as plain rows (`source_ids` maps the ids).

        Sorted and handed out source by source, each source's rows freed once read: faster
        than ORDER BY or one sort of all rows, and no single call holds the interpreter long
        (sorting, then freeing, 400,000 rows at once froze the workbench's keys for 0.6 s
        while its engine worker read the evidence)."""
        by_source: dict[int, list[tuple]] = {}  # read now, before the caller reads more
        for row in self.conn.execute(
                "SELECT source_id, code_id, stance, start, end, coder, id FROM codings"):
            by_source.setdefault(row[0], []).append(row)

        def rows_of(source_id: int) -> list[tuple]:
            rows = by_source.pop(source_id)
            rows.sort()
            return rows

        return (row for source_id in sorted(by_source) for row in rows_of(source_id))

    def source_ids(self) -> dict[int, str]:
        """Source name by id."""
        return dict(self.conn.execute("SELECT id, name FROM sources"))

    def turn_columns(self) -> dict[int, TurnColumns]:
        """Each source's turns (by source id) as columns: starts, ends, speakers and
        researcher flags, in text order. Column lists are what the engine bisects."""
        rows = self.conn.execute(
            "SELECT source_id, start, end, speaker, is_researcher FROM turns"
            " ORDER BY source_id, start").fetchall()
        out = {}
        for source_id, group in groupby(rows, key=itemgetter(0)):
            _, starts, ends, speakers, flags = zip(*group, strict=True)
            out[source_id] = TurnColumns(starts, ends, speakers, flags)
        return out

    def code_counts(self) -> list[tuple[str, str, int]]:
        return list(self.conn.execute(
            "SELECT c.code_id, s.name, count(*) FROM codings c JOIN sources s"
            " ON s.id = c.source_id GROUP BY c.code_id, c.source_id"))

    def coverage(self, source: str | None = None) -> dict[str, float]:
        where, args = ("WHERE name = ?", (source,)) if source else ("", ())
        lengths = dict(self.conn.execute(f"SELECT id, length(text) FROM sources {where}", args))
        names = dict(self.conn.execute(f"SELECT id, name FROM sources {where}", args))
        covered: dict[int, int] = {}
        last: dict[int, int] = {}
        for source_id, start, end in self.conn.execute(
                "SELECT source_id, start, end FROM codings WHERE source_id IN"
                f" (SELECT id FROM sources {where}) ORDER BY source_id, start", args):
            start = max(start, last.get(source_id, 0))
            if end > start:
                covered[source_id] = covered.get(source_id, 0) + end - start
                last[source_id] = end
        return {names[i]: covered.get(i, 0) / n if n else 0.0 for i, n in lengths.items()}

    def coding(self, coding_id: int) -> Coding:
        row = self.conn.execute(
            f"SELECT {CODING_COLUMNS} FROM codings c JOIN sources s ON s.id = c.source_id"
            " WHERE c.id = ?", (coding_id,)).fetchone()
        if row is None:
            raise QualcodeError(f"no coding with id {coding_id}")
        return Coding(*row)

    def coding_spans(self, coders: Iterable[str]) -> list[tuple[int, str, int, int, str, str, str]]:
        wanted = list(coders)
        return self.conn.execute(
            "SELECT c.id, s.name, c.start, c.end, c.code_id, c.stance, c.coder FROM codings c"
            " JOIN sources s ON s.id = c.source_id"
            f" WHERE c.coder IN ({','.join('?' * len(wanted))}) ORDER BY c.id", wanted).fetchall()

    def coders(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT coder FROM codings GROUP BY coder ORDER BY min(id)")]

    def add_codings(self, codings: Iterable[NewCoding]) -> list[int]:
        """Insert codings in one transaction; the caller has validated them."""
        stamp = self.stamp()
        source_ids = dict(self.conn.execute("SELECT name, id FROM sources"))
        rows = [(source_ids[c.source], c.start, c.end, c.code, c.stance, c.coder, c.memo,
                 c.origin, c.model_version, stamp, stamp) for c in codings]
        with self.transaction() as db:
            first = _next_id(db, "codings")
            db.executemany(INSERT_CODING, rows)
        return list(range(first, first + len(rows)))

    def coding_keys(self) -> set[tuple[str, int, int, str, str]]:
        """(source, start, end, code, coder) of every coding: what the unique index guards."""
        return set(self.conn.execute(
            "SELECT s.name, c.start, c.end, c.code_id, c.coder FROM codings c"
            " JOIN sources s ON s.id = c.source_id"))

    # ----------------------------------------------------------------- suggestions

    def rejections(self) -> list[tuple[str, int, int, str]]:
        return self.conn.execute(
            "SELECT s.name, r.start, r.end, r.code_id FROM rejections r"
            " JOIN sources s ON s.id = r.source_id ORDER BY r.id").fetchall()

    def source_signature(self) -> list[tuple[str, str, str, int, str]]:
        """(name, site, language, length, import time) of every source: what tells a cached
        analysis of the sources that they are still the same."""
        return self.conn.execute(
            "SELECT s.name, t.name, s.language, length(s.text), s.imported_at FROM sources s"
            " JOIN sites t ON t.id = s.site_id ORDER BY s.id").fetchall()

    # ----------------------------------------------------------------- memos

    def activity_span(self) -> tuple[str | None, str | None]:
        return self.conn.execute(
            "SELECT min(a), max(b) FROM (SELECT imported_at AS a, imported_at AS b FROM sources"
            " UNION ALL SELECT created_at, updated_at FROM codings"
            " UNION ALL SELECT created_at, updated_at FROM memos)").fetchone()

    # ----------------------------------------------------------------- REFI-QDA exchange

    def refi_guids(self) -> dict[tuple[str, str], str]:
        return {(kind, key): guid for kind, key, guid in self.conn.execute(
            "SELECT kind, key, guid FROM refi_guids")}

    def add_refi_guids(self, rows: Iterable[tuple[str, str, str]]) -> None:
        with self.transaction() as db:
            db.executemany(_INSERT_GUID, rows)

    def researcher_labels(self) -> dict[str, list[str]]:
        """The speaker labels of researcher turns, by source."""
        out: dict[str, list[str]] = {}
        for name, speaker in self.conn.execute(
                "SELECT DISTINCT s.name, t.speaker FROM turns t JOIN sources s"
                " ON s.id = t.source_id WHERE t.is_researcher ORDER BY s.id, t.speaker"):
            out.setdefault(name, []).append(speaker)
        return out

    def add_exchange(self, sources: Iterable[ParsedSource], codebooks: Iterable[Codebook],
                     codings: Iterable[tuple[NewCoding, str | None, dict[str, str]]],
                     memos: Iterable[tuple[Memo, dict[str, str]]],
                     guids: Iterable[tuple[str, str, str]],
                     readings: Iterable[Reading] = ()) -> None:
        stamp = self.stamp()
        with self.transaction() as db:
            for cb in codebooks:
                self._save_codebook(db, cb)
            for src in sources:
                self._insert_source(db, src)
            source_ids = dict(db.execute("SELECT name, id FROM sources"))
            rows = list(guids)
            codings = list(codings)
            first = _next_id(db, "codings")
            db.executemany(
                INSERT_CODING,
                [(source_ids[c.source], c.start, c.end, c.code, c.stance, c.coder, c.memo,
                  c.origin, c.model_version, created or stamp, created or stamp)
                 for c, created, _ in codings])
            for coding_id, (_, _, coding_guids) in enumerate(codings, start=first):
                rows.extend((kind, str(coding_id), guid) for kind, guid in coding_guids.items())
            for m, memo_guids in memos:
                cur = db.execute(INSERT_MEMO, (m.target_kind, m.target, m.text, m.author,
                                                m.created_at or stamp, m.updated_at or stamp))
                rows.extend((kind, str(cur.lastrowid), guid) for kind, guid in memo_guids.items())
            self._insert_readings(db, readings)
            db.executemany(_INSERT_GUID, rows)


def _add_names(db: sqlite3.Connection, site_id: int, label: str, names: str) -> None:
    """A transcript that declares names of an informant the site already has adds them to
    those it has (the other details only fill blanks)."""
    row_id, attributes = db.execute("SELECT id, attributes FROM informants WHERE site_id = ?"
                                    " AND label = ?", (site_id, label)).fetchone()
    stored = json.loads(attributes)
    have = next((k for k in stored if k.lower() == NAMES), NAMES)
    joined = join_names([*split_names(str(stored.get(have) or "")), *split_names(names)])
    if joined != stored.get(have):
        stored[have] = joined
        db.execute("UPDATE informants SET attributes = ? WHERE id = ?",
                   (json.dumps(stored, ensure_ascii=False, default=str), row_id))


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:  # immutable: no -wal or -shm file can be made beside a read-only database
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                               isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(WAIT_SECONDS * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _storage_problem(path: Path, exc: sqlite3.OperationalError) -> str:
    """What a failed write means for the user, in one line."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BUSY
    if "full" in text:
        return f"{path}: the disk is full; nothing was saved"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the project is read-only here; nothing was saved"
    return f"{path}: cannot write the project ({exc}); nothing was saved"


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _next_id(db: sqlite3.Connection, table: str) -> int:
    """The id AUTOINCREMENT gives the next row: ids are never reused, even after deletes."""
    found = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    top = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
    return max(found[0] if found else 0, top) + 1
