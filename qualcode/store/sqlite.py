"""The SQLite project store: every SQL statement of qualcode lives in this module.

One connection per process, WAL journal, foreign keys on. Every public method that changes
data runs in its own transaction and commits before it returns, so a crash or `kill -9` never
loses a change the caller was told about. A PostgreSQL backend for team projects would be a
second class with the same public methods.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import (
    Category,
    Code,
    Codebook,
    Coding,
    Informant,
    Memo,
    NewCoding,
    ParsedSource,
    SourceInfo,
    Turn,
    TurnColumns,
)

SCHEMA_VERSION = 3

# Each migration takes the schema from version i to i + 1 (index i).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        site_id INTEGER NOT NULL REFERENCES sites(id),
        method TEXT NOT NULL CHECK (method IN ('interview', 'fgd', 'observation', 'document')),
        title TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'id',
        text TEXT NOT NULL,
        words INTEGER NOT NULL,
        origin_path TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    );
    CREATE TABLE informants (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites(id),
        label TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        sector TEXT NOT NULL DEFAULT '',
        grp TEXT NOT NULL DEFAULT '',
        attributes TEXT NOT NULL DEFAULT '{}',
        UNIQUE (site_id, label)
    );
    CREATE TABLE source_informants (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        informant_id INTEGER NOT NULL REFERENCES informants(id),
        PRIMARY KEY (source_id, informant_id)
    );
    CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        is_researcher INTEGER NOT NULL,
        timestamp TEXT
    );
    CREATE INDEX turns_source ON turns (source_id, start);
    CREATE TABLE codebooks (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('nominal', 'ordinal', 'thematic')),
        position INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE categories (
        codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (codebook_id, id)
    );
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        position INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE category_indicators (
        codebook_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        role TEXT NOT NULL CHECK (role IN ('defining', 'excluding', 'typical')),
        position INTEGER NOT NULL,
        FOREIGN KEY (codebook_id, category_id) REFERENCES categories(codebook_id, id)
            ON DELETE CASCADE
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts')),
        coder TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'suggestion', 'import')),
        model_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND end > start)
    );
    CREATE INDEX codings_source ON codings (source_id, start);
    CREATE INDEX codings_code ON codings (code_id);
    CREATE UNIQUE INDEX codings_unique ON codings (source_id, start, end, code_id, coder);
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'site', 'source', 'code')),
        target TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 1 -> 2: the REFI-QDA GUIDs of imported objects (and the project's GUID namespace), so
    # that a project exported again keeps them.
    """
    CREATE TABLE refi_guids (kind TEXT NOT NULL, key TEXT NOT NULL, guid TEXT NOT NULL,
                             PRIMARY KEY (kind, key));
    """,
    # 2 -> 3: rejected code suggestions, never suggested again and learned from as negatives.
    """
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        code_id TEXT NOT NULL REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
        coder TEXT NOT NULL,
        model_version TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (source_id, start, end, code_id)
    );
    """,
]

_CODING_COLUMNS = (
    "c.id, s.name, c.start, c.end, c.code_id, c.stance, c.coder, c.memo, c.origin,"
    " c.model_version, c.created_at, c.updated_at"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A project's database. Open with `Store.open(path)`; create with `Store.create(path)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def create(cls, path: Path) -> Store:
        if path.exists():
            raise QualcodeError(f"{path}: a database already exists here")
        store = cls(_connect(path), path)
        store._migrate(0)
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.is_file():
            raise QualcodeError(f"{path}: no project database")
        try:
            conn = _connect(path)
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
        store = cls(conn, path)
        store._migrate(version)
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
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
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

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
                " origin_path, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (src.name, site_id, src.method, src.title, src.date, src.language, src.text,
                 len(src.text.split()), src.origin_path, now()))
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
            db.execute(
                "INSERT OR IGNORE INTO source_informants SELECT ?, id FROM informants"
                " WHERE site_id = ? AND label = ?", (source_id, site_id, inf.label))
        db.executemany(
            "INSERT INTO turns (source_id, start, end, speaker, is_researcher, timestamp)"
            " VALUES (?,?,?,?,?,?)",
            [(source_id, t.start, t.end, t.speaker, int(t.is_researcher), t.timestamp)
             for t in src.turns])
        return source_id

    def sources(self) -> list[SourceInfo]:
        """Every source with its site, informants and coding count, in import order."""
        informants: dict[int, list[str]] = {}
        for source_id, label in self.conn.execute(
                "SELECT si.source_id, i.label FROM source_informants si"
                " JOIN informants i ON i.id = si.informant_id ORDER BY i.id"):
            informants.setdefault(source_id, []).append(label)
        rows = self.conn.execute(
            "SELECT s.id, s.name, st.name, s.method, s.title, s.date, s.language, s.words,"
            " length(s.text), (SELECT count(*) FROM codings c WHERE c.source_id = s.id)"
            " FROM sources s JOIN sites st ON st.id = s.site_id ORDER BY s.id")
        return [SourceInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                           tuple(informants.get(r[0], ())), r[9]) for r in rows]

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
                 " model_version, created_at, updated_at FROM codings WHERE 1=1")
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

    def evidence_rows(self) -> list[tuple[int, str, str, int, int, str, int]]:
        """(source id, code, stance, start, end, coder, id) of every coding, sorted in that
        order: what the evidence engine reads, as plain rows (`source_ids` maps the ids)."""
        rows = self.conn.execute(
            "SELECT source_id, code_id, stance, start, end, coder, id FROM codings").fetchall()
        rows.sort()  # faster here than ORDER BY
        return rows

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
        """(code, source, number of codings) for every pair that has codings."""
        return list(self.conn.execute(
            "SELECT c.code_id, s.name, count(*) FROM codings c JOIN sources s"
            " ON s.id = c.source_id GROUP BY c.code_id, c.source_id"))

    def coverage(self, source: str | None = None) -> dict[str, float]:
        """Share of each source's characters (or one source's) that lie in a coding."""
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
            f"SELECT {_CODING_COLUMNS} FROM codings c JOIN sources s ON s.id = c.source_id"
            " WHERE c.id = ?", (coding_id,)).fetchone()
        if row is None:
            raise QualcodeError(f"no coding with id {coding_id}")
        return Coding(*row)

    def coding_spans(self, coders: Iterable[str]) -> list[tuple[int, str, int, int, str, str, str]]:
        """(id, source, start, end, code, stance, coder) of these coders' codings, by id: the
        lean rows that agreement reads by the ten thousand."""
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
        stamp = now()
        source_ids = dict(self.conn.execute("SELECT name, id FROM sources"))
        rows = [(source_ids[c.source], c.start, c.end, c.code, c.stance, c.coder, c.memo,
                 c.origin, c.model_version, stamp, stamp) for c in codings]
        with self.transaction() as db:
            first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM codings").fetchone()[0]
            db.executemany(
                "INSERT INTO codings (source_id, start, end, code_id, stance, coder, memo,"
                " origin, model_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                rows)
        return list(range(first, first + len(rows)))

    def replace_codings(self, remove: Iterable[int], add: Iterable[NewCoding]) -> list[int]:
        """Delete some codings and insert others in one transaction (e.g. an adjudication)."""
        stamp = now()
        source_ids = dict(self.conn.execute("SELECT name, id FROM sources"))
        ids = []
        with self.transaction() as db:
            db.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in remove])
            for c in add:
                cur = db.execute(
                    "INSERT INTO codings (source_id, start, end, code_id, stance, coder, memo,"
                    " origin, model_version, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (source_ids[c.source], c.start, c.end, c.code, c.stance, c.coder, c.memo,
                     c.origin, c.model_version, stamp, stamp))
                ids.append(cur.lastrowid)
        return ids

    def add_coding(self, coding: NewCoding) -> Coding:
        try:
            (coding_id,) = self.add_codings([coding])
        except sqlite3.IntegrityError:
            raise QualcodeError(
                f"{coding.coder} has already coded this span of {coding.source} with "
                f"{coding.code}") from None
        return self.coding(coding_id)

    def restore_coding(self, coding: Coding) -> None:
        """Put back a deleted coding exactly as it was (id and timestamps): undo of a delete."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO codings (id, source_id, start, end, code_id, stance, coder, memo,"
                " origin, model_version, created_at, updated_at)"
                " SELECT ?, id, ?,?,?,?,?,?,?,?,?,? FROM sources WHERE name = ?",
                (coding.id, coding.start, coding.end, coding.code, coding.stance, coding.coder,
                 coding.memo, coding.origin, coding.model_version, coding.created_at,
                 coding.updated_at, coding.source))

    def update_coding(self, coding_id: int, **fields: object) -> Coding:
        """Change code, stance, memo, start or end of a coding."""
        allowed = {"code": "code_id", "stance": "stance", "memo": "memo", "start": "start",
                   "end": "end"}
        sets = ", ".join(f"{allowed[k]} = ?" for k in fields)
        try:
            with self.transaction() as db:
                db.execute(f"UPDATE codings SET {sets}, updated_at = ? WHERE id = ?",
                           (*fields.values(), now(), coding_id))
        except sqlite3.IntegrityError:
            raise QualcodeError("that coder has already coded this span with that code"
                                ) from None
        return self.coding(coding_id)

    def delete_coding(self, coding_id: int) -> Coding:
        coding = self.coding(coding_id)
        with self.transaction() as db:
            db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
        return coding

    def coding_keys(self) -> set[tuple[str, int, int, str, str]]:
        """(source, start, end, code, coder) of every coding: what the unique index guards."""
        return set(self.conn.execute(
            "SELECT s.name, c.start, c.end, c.code_id, c.coder FROM codings c"
            " JOIN sources s ON s.id = c.source_id"))

    # ----------------------------------------------------------------- suggestions

    def add_rejection(self, source: str, start: int, end: int, code: str, coder: str,
                      model_version: str | None) -> None:
        """Remember a rejected suggestion (once per span and code)."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO rejections (source_id, start, end, code_id, coder,"
                " model_version, created_at) SELECT id, ?, ?, ?, ?, ?, ? FROM sources"
                " WHERE name = ?", (start, end, code, coder, model_version, now(), source))

    def delete_rejection(self, source: str, start: int, end: int, code: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM rejections WHERE start = ? AND end = ? AND code_id = ?"
                       " AND source_id = (SELECT id FROM sources WHERE name = ?)",
                       (start, end, code, source))

    def rejections(self) -> list[tuple[str, int, int, str]]:
        """(source, start, end, code) of every rejected suggestion, oldest first."""
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

    def add_memo(self, target_kind: str, target: str, text: str, author: str) -> Memo:
        stamp = now()
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO memos (target_kind, target, text, author, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?)", (target_kind, target, text, author, stamp, stamp))
        return Memo(cur.lastrowid, target_kind, target, text, author, stamp, stamp)

    def memos(self) -> list[Memo]:
        return [Memo(*r) for r in self.conn.execute(
            "SELECT id, target_kind, target, text, author, created_at, updated_at FROM memos"
            " ORDER BY id")]

    def activity_span(self) -> tuple[str | None, str | None]:
        """The first and last timestamp of the project's data (imports, codings, memos):
        exports date their files with it, so the same project gives the same file."""
        return self.conn.execute(
            "SELECT min(a), max(b) FROM (SELECT imported_at AS a, imported_at AS b FROM sources"
            " UNION ALL SELECT created_at, updated_at FROM codings"
            " UNION ALL SELECT created_at, updated_at FROM memos)").fetchone()


    # ----------------------------------------------------------------- REFI-QDA exchange

    def refi_guids(self) -> dict[tuple[str, str], str]:
        """Stored GUIDs by (kind, key): what imports brought and the project's namespace."""
        return {(kind, key): guid for kind, key, guid in self.conn.execute(
            "SELECT kind, key, guid FROM refi_guids")}

    def add_refi_guids(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record (kind, key, guid) rows; a GUID already recorded for a key is kept."""
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO refi_guids (kind, key, guid) VALUES (?,?,?)",
                           rows)

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
                     guids: Iterable[tuple[str, str, str]]) -> None:
        """Store what a REFI-QDA import brings in one transaction: all of it or nothing.

        Each coding comes with its creation time (None: now) and its GUIDs by kind, recorded
        under the new coding's id; each memo likewise under the new memo's id.
        """
        stamp = now()
        with self.transaction() as db:
            for cb in codebooks:
                self._save_codebook(db, cb)
            for src in sources:
                self._insert_source(db, src)
            source_ids = dict(db.execute("SELECT name, id FROM sources"))
            rows = list(guids)
            codings = list(codings)
            first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM codings").fetchone()[0]
            db.executemany(
                "INSERT INTO codings (source_id, start, end, code_id, stance, coder, memo,"
                " origin, model_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(source_ids[c.source], c.start, c.end, c.code, c.stance, c.coder, c.memo,
                  c.origin, c.model_version, created or stamp, created or stamp)
                 for c, created, _ in codings])
            for coding_id, (_, _, coding_guids) in enumerate(codings, start=first):
                rows.extend((kind, str(coding_id), guid) for kind, guid in coding_guids.items())
            for m, memo_guids in memos:
                cur = db.execute(
                    "INSERT INTO memos (target_kind, target, text, author, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?)", (m.target_kind, m.target, m.text, m.author,
                                              m.created_at or stamp, m.updated_at or stamp))
                rows.extend((kind, str(cur.lastrowid), guid) for kind, guid in memo_guids.items())
            db.executemany("INSERT OR IGNORE INTO refi_guids (kind, key, guid) VALUES (?,?,?)",
                           rows)

def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)
