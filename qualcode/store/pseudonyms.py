"""Pseudonyms: the codes an anonymised export shows for informants and sources, stored so that
they never change when data are added (docs/anonymisation.md).

- An informant (a label at a site, declared or only speaking) gets a default code from its
  group: IK (key: Informan Kunci), IU (main: Informan Utama), IP (supporting: Informan
  Pendukung), IT (triangulation), I (no group), numbered per prefix across the project: site
  order, then the order informants were added (declared ones, then speakers by first turn).
  A label that already is a code of its own group's prefix (IK2 for a key informant) keeps
  its number when that is free. English exports show the prefixes of `ENGLISH` (K, M, SP, T,
  I: SP, not S, since S1, S2 name sources).
- A source gets S1, S2, … in import order.
- Assignment is lazy (`assign_pseudonyms`: the first anonymised export, `qualcode
  pseudonyms`, `qualcode anonymise --review`), a plain write that is not journaled (undo must
  never take codes back: they are what an export already printed). Someone new gets the next
  number of their prefix; a number once given is never given to anyone else, even after the
  informant is gone. When an informant's group changes, their default code moves to the new
  group's prefix (the old one stays taken, listed as `was`).
- The researcher may set a code of their own (`set_pseudonyms`, journaled, undoable): used
  verbatim in every language. No two informants or sources show the same code, in Indonesian
  or in English (the database's unique indexes keep it so, also on undo).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from qualcode.errors import QualcodeError
from qualcode.store import journal

GROUP_PREFIX = {"key": "IK", "main": "IU", "supporting": "IP", "triangulation": "IT"}
NO_GROUP = "I"
SOURCE = "S"
# The English export's prefixes (the same numbers). Written out in schema 8's index too.
ENGLISH = {"IK": "K", "IU": "M", "IP": "SP", "IT": "T", NO_GROUP: "I", SOURCE: "S"}
CODE = re.compile(r"[^\W\d_][\w-]{0,23}")
_SOURCE_CODE = re.compile(r"S\d+")
_COLUMNS = ", ".join(journal.COLUMNS["pseudonyms"])


@dataclass(frozen=True)
class Pseudonym:
    """An informant's (kind `informant`: `site` and `label`) or a source's (kind `source`:
    `label` is its name) pseudonym: the default (prefix, number) and the code set by hand."""

    kind: str
    site: str
    label: str
    prefix: str
    number: int
    code: str | None = None  # set by the researcher: shown verbatim in every language
    group: str = ""  # the informant's group now ('' for none, and for sources)
    was: tuple[tuple[str, int], ...] = ()  # default codes retired by a change of group

    def default(self, lang: str = "id") -> str:
        return render(self.prefix, self.number, lang)

    def shown(self, lang: str = "id") -> str:
        return self.code or self.default(lang)

    @property
    def by_hand(self) -> bool:
        return self.code is not None


def render(prefix: str, number: int, lang: str = "id") -> str:
    return f"{ENGLISH.get(prefix, prefix) if lang == 'en' else prefix}{number}"


def prefix_of(group: str) -> str:
    return GROUP_PREFIX.get(group, NO_GROUP)


def check_code(code: str) -> str:
    """A code the researcher sets: one word (letters, digits, '-', '_'; up to 24, a letter
    first), not a source's S-number."""
    code = code.strip()
    if not CODE.fullmatch(code):
        raise QualcodeError(f"'{code}' cannot be a pseudonym: use one word of letters and "
                            "digits (and - or _), starting with a letter, e.g. IK1 or Kader-2")
    if _SOURCE_CODE.fullmatch(code):
        raise QualcodeError(f"'{code}' cannot be an informant's pseudonym: S1, S2, … name the "
                            "sources in anonymised exports")
    return code


def retarget(db: sqlite3.Connection, kind: str, name: str, new: str) -> list[dict]:
    """Move the pseudonyms of a renamed site (`kind` 'site') or source to its new name, as
    journal changes. Rows left at the new name by someone gone (a source deleted before) are
    retired first: their numbers stay taken."""
    if kind == "site":
        query, column = "SELECT id FROM pseudonyms WHERE kind = 'informant' AND site = ?", "site"
    else:
        query, column = "SELECT id FROM pseudonyms WHERE kind = 'source' AND label = ?", "label"
    query += " AND retired_at IS NULL ORDER BY id"
    changes = []
    moving = db.execute(query, (name,)).fetchall()
    labels = {r[0] for r in db.execute(
        f"SELECT label FROM pseudonyms WHERE id IN ({','.join('?' * len(moving))})",
        [i for (i,) in moving])} if kind == "site" else set()
    for (row_id,) in db.execute(query, (new,)).fetchall():
        before = journal.read_row(db, "pseudonyms", row_id)
        if kind == "site" and before["label"] not in labels:
            continue
        db.execute("UPDATE pseudonyms SET retired_at = ?, version = 0 WHERE id = ?",
                   (datetime.now(UTC).isoformat(timespec="seconds"), row_id))
        changes.append(journal.change("pseudonyms", before,
                                      journal.read_row(db, "pseudonyms", row_id)))
    for (row_id,) in moving:
        before = journal.read_row(db, "pseudonyms", row_id)
        db.execute(f"UPDATE pseudonyms SET {column} = ? WHERE id = ?", (new, row_id))
        changes.append(journal.change("pseudonyms", before,
                                      journal.read_row(db, "pseudonyms", row_id)))
    return changes


@dataclass
class _Plan:
    """What assignment would write: rows to retire (ids) and rows to add."""

    retire: list[int]
    add: list[tuple[str, str, str, str, int]]  # kind, site, label, prefix, number


class PseudonymActions:
    """Mixed into SQLiteStore (which has conn, read_only, transaction() and stamp())."""

    def pseudonyms(self) -> list[Pseudonym]:
        return self._listed(self.conn, _Plan([], []))

    def assign_pseudonyms(self) -> list[Pseudonym]:
        plan = self._plan(self.conn)
        if not (plan.retire or plan.add):
            return self._listed(self.conn, plan)
        if self.read_only:  # what would be stored, shown without storing it
            return self._listed(self.conn, plan)
        with self.transaction() as db:
            self._apply(db, self._plan(db))  # again: another process may have assigned
            return self._listed(db, _Plan([], []))

    def set_pseudonyms(self, codes: Sequence[tuple[str | None, str, str | None]],
                       by: str) -> list[Pseudonym]:
        wanted = [(site, label, None if code is None else check_code(code))
                  for site, label, code in codes]
        at = self.stamp()
        with self.transaction() as db:
            self._apply(db, self._plan(db))
            rows = _current(db)
            present = self._listed(db, _Plan([], []))
            chosen: dict[int, str | None] = {}
            changing, said = [], []
            for site, label, code in wanted:
                key = _find(db, present, site, label)
                row = rows[key]
                if row["id"] in chosen:
                    raise QualcodeError(f"the pseudonym of {label} at {key[1]} is set twice; "
                                        "nothing changed")
                chosen[row["id"]] = code
                if row["code"] != code:
                    changing.append(row["id"])
                    now = Pseudonym("informant", key[1], label, row["prefix"], row["number"],
                                    code)
                    said.append(f"{label} at {key[1]}: {_shown(row, 'id')} → {now.shown()}")
            _check_unique(rows, chosen)
            version = journal.next_version(db)
            changes = []
            # each row out of the way first (a code of its own no one shows), then to its new
            # code: two informants may swap codes, and undo and redo pass the same way
            for code_of in ({i: f"\x00{i}" for i in changing}, chosen):
                for row_id in changing:
                    was = journal.read_row(db, "pseudonyms", row_id)
                    db.execute("UPDATE pseudonyms SET code = ?, version = ? WHERE id = ?",
                               (code_of[row_id], version, row_id))
                    changes.append(journal.change("pseudonyms", was,
                                                  journal.read_row(db, "pseudonyms", row_id)))
            if changes:
                journal.record(db, at, by, "pseudonym", "pseudonym of " + "; ".join(said),
                               changes)
            return self._listed(db, _Plan([], []))

    # ----------------------------------------------------------------- assignment

    def _plan(self, db: sqlite3.Connection) -> _Plan:
        """The rows assignment would retire and add, in the order codes are given."""
        rows = _current(db)
        used = {(p, n) for p, n in db.execute("SELECT prefix, number FROM pseudonyms")}
        shown = {lang: {_shown(r, lang) for r in rows.values()} for lang in ("id", "en")}
        plan = _Plan([], [])
        todo: list[tuple[str, str, str, str]] = []  # kind, site, label, prefix
        for site, label, group in _people(db):
            row = rows.get(("informant", site, label))
            prefix = prefix_of(group)
            if row is None:
                todo.append(("informant", site, label, prefix))
            elif row["code"] is None and row["prefix"] != prefix:
                plan.retire.append(row["id"])
                for lang in shown:
                    shown[lang].discard(_shown(row, lang))
                todo.append(("informant", site, label, prefix))
        for (name,) in db.execute("SELECT name FROM sources ORDER BY id"):
            if ("source", "", name) not in rows:
                todo.append(("source", "", name, SOURCE))

        def take(item: tuple[str, str, str, str], number: int) -> None:
            kind, site, label, prefix = item
            used.add((prefix, number))
            for lang in shown:
                shown[lang].add(render(prefix, number, lang))
            plan.add.append((kind, site, label, prefix, number))

        def free(prefix: str, number: int) -> bool:
            return (prefix, number) not in used and all(
                render(prefix, number, lang) not in shown[lang] for lang in shown)

        rest = []
        for item in todo:  # a label that already is a code of its prefix keeps its number
            found = re.fullmatch(re.escape(item[3]) + r"([1-9]\d{0,5})", item[2])
            if item[0] == "informant" and found and free(item[3], int(found[1])):
                take(item, int(found[1]))
            else:
                rest.append(item)
        for item in rest:
            number = max((n for p, n in used if p == item[3]), default=0) + 1
            while not free(item[3], number):
                number += 1
            take(item, number)
        return plan

    def _apply(self, db: sqlite3.Connection, plan: _Plan) -> None:
        at = self.stamp()
        for row_id in plan.retire:
            db.execute("UPDATE pseudonyms SET retired_at = ?, version = 0 WHERE id = ?",
                       (at, row_id))
        db.executemany(
            "INSERT INTO pseudonyms (kind, site, label, prefix, number, assigned_at)"
            " VALUES (?,?,?,?,?,?)", [(*row, at) for row in plan.add])

    @staticmethod
    def _listed(db: sqlite3.Connection, plan: _Plan) -> list[Pseudonym]:
        """Every present informant's pseudonym (site order, then the order they were added),
        then every source's (import order), as stored with `plan` applied."""
        rows = {k: r for k, r in _current(db).items() if r["id"] not in plan.retire}
        for kind, site, label, prefix, number in plan.add:
            rows[kind, site, label] = {"id": None, "kind": kind, "site": site, "label": label,
                                       "prefix": prefix, "number": number, "code": None}
        was: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for site, label, prefix, number in db.execute(
                "SELECT site, label, prefix, number FROM pseudonyms WHERE kind = 'informant'"
                " AND retired_at IS NOT NULL ORDER BY id"):
            was.setdefault((site, label), []).append((prefix, number))
        for row_id in plan.retire:
            old = journal.read_row(db, "pseudonyms", row_id)
            was.setdefault((old["site"], old["label"]), []).append(
                (old["prefix"], old["number"]))
        out = []
        for site, label, group in _people(db):
            r = rows.get(("informant", site, label))
            if r is not None:
                out.append(Pseudonym("informant", site, label, r["prefix"], r["number"],
                                     r["code"], group, tuple(was.get((site, label), ()))))
        for (name,) in db.execute("SELECT name FROM sources ORDER BY id"):
            r = rows.get(("source", "", name))
            if r is not None:
                out.append(Pseudonym("source", "", name, r["prefix"], r["number"], r["code"]))
        return out


def _current(db: sqlite3.Connection) -> dict[tuple[str, str, str], journal.Row]:
    return {(r["kind"], r["site"], r["label"]): r for r in (
        dict(zip(journal.COLUMNS["pseudonyms"], row, strict=True)) for row in db.execute(
            f"SELECT {_COLUMNS} FROM pseudonyms WHERE retired_at IS NULL ORDER BY id"))}


def _shown(row: journal.Row, lang: str) -> str:
    return row["code"] or render(row["prefix"], row["number"], lang)


def _people(db: sqlite3.Connection) -> Iterable[tuple[str, str, str]]:
    """(site, label, group) of every informant: sites in the order they were first imported;
    at each, the informants in the order they were added, then speakers of its transcripts
    that are no informant yet, by first turn."""
    declared: dict[int, list[tuple[str, str]]] = {}
    for site_id, label, group in db.execute(
            "SELECT site_id, label, grp FROM informants ORDER BY id"):
        declared.setdefault(site_id, []).append((label, group))
    speakers: dict[int, list[str]] = {}
    for site_id, speaker in db.execute(
            "SELECT s.site_id, t.speaker FROM turns t JOIN sources s ON s.id = t.source_id"
            " WHERE NOT t.is_researcher ORDER BY s.id, t.start"):
        speakers.setdefault(site_id, []).append(speaker)
    for site_id, site in db.execute("SELECT id, name FROM sites ORDER BY id").fetchall():
        seen = set()
        for label, group in declared.get(site_id, []):
            seen.add(label)
            yield site, label, group
        for label in speakers.get(site_id, []):
            if label not in seen:
                seen.add(label)
                yield site, label, ""


def _find(db: sqlite3.Connection, present: list[Pseudonym], site: str | None,
          label: str) -> tuple[str, str, str]:
    """The key of the informant `label` (at `site`, which may be omitted when the label is at
    one site only)."""
    if site is not None and not db.execute("SELECT 1 FROM sites WHERE name = ?",
                                           (site,)).fetchone():
        have = ", ".join(n for (n,) in db.execute("SELECT name FROM sites ORDER BY id"))
        raise QualcodeError(f"no site '{site}' (have: {have or 'none'}); nothing changed")
    found = [p for p in present if p.kind == "informant" and p.label == label
             and (site is None or p.site == site)]
    if not found:
        where = f" at {site}" if site is not None else ""
        labels = sorted({p.label for p in present if p.kind == "informant"
                         and (site is None or p.site == site)})
        raise QualcodeError(f"no informant '{label}'{where} (labels: "
                            f"{', '.join(labels) or 'none yet'}); nothing changed")
    if len(found) > 1:
        sites = " and ".join(p.site for p in found)
        raise QualcodeError(f"informant '{label}' is at {sites}: say which with --site; "
                            "nothing changed")
    return "informant", found[0].site, label


def _check_unique(rows: dict[tuple[str, str, str], journal.Row],
                  chosen: dict[int, str | None]) -> None:
    """Refuse codes that two informants or sources would show, in either language."""
    for lang, language in (("id", ""), ("en", " in English exports")):
        holders: dict[str, journal.Row] = {}
        for row in sorted(rows.values(), key=lambda r: r["id"] not in chosen):
            code = chosen[row["id"]] if row["id"] in chosen else row["code"]
            shown = code or render(row["prefix"], row["number"], lang)
            other = holders.get(shown)
            if other is not None:
                mine, theirs = (other, row) if row["id"] not in chosen else (row, other)
                raise QualcodeError(
                    f"{shown} is already the pseudonym of {_who(theirs)}{language}, so it "
                    f"cannot be {_who(mine)}'s; nothing changed")
            holders[shown] = row


def _who(row: journal.Row) -> str:
    if row["kind"] == "source":
        return f"source {row['label']}"
    return f"{row['label']} at {row['site']}"
