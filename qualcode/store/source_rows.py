"""The rows a source correction writes, each change returned for the journal: deleting,
updating and inserting rows, tidying informants and sites left with nothing, moving a source
to another site with its speakers, linking the speakers of a new text, a source's turns.
Used by `source_actions`; every function runs in the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from qualcode.errors import QualcodeError
from qualcode.model import ParsedSource
from qualcode.store import journal

# --------------------------------------------------------------------- rows, journaled

def delete_row(db: sqlite3.Connection, table: str, row_id: int) -> dict:
    before = journal.read_row(db, table, row_id)
    db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    return journal.change(table, before, None)


def update_row(db: sqlite3.Connection, table: str, row_id: int, **values: object) -> dict:
    before = journal.read_row(db, table, row_id)
    db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
               (*values.values(), row_id))
    return journal.change(table, before, journal.read_row(db, table, row_id))


def insert_row(db: sqlite3.Connection, table: str, row: Mapping[str, object]) -> dict:
    columns = [k for k in journal.COLUMNS[table] if k in row]
    cur = db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                     f"({', '.join('?' * len(columns))})", [row[k] for k in columns])
    return journal.change(table, None, journal.read_row(db, table, cur.lastrowid))


def values_of(db: sqlite3.Connection, query: str, *args: object) -> list:
    return [r[0] for r in db.execute(query, args)]


def source_row(db: sqlite3.Connection, name: str) -> journal.Row:
    found = db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
    if found is None:
        raise QualcodeError(f"no source named '{name}' in the project")
    return journal.read_row(db, "sources", found[0])


def site_name(db: sqlite3.Connection, site_id: object) -> str:
    return db.execute("SELECT name FROM sites WHERE id = ?", (site_id,)).fetchone()[0]


def site_id_of(db: sqlite3.Connection, name: str) -> int:
    return db.execute("SELECT id FROM sites WHERE name = ?", (name,)).fetchone()[0]


def retarget_memos(db: sqlite3.Connection, kind: str, name: str, new: str) -> list[dict]:
    """The memos on a renamed source or site follow it (memos name their target)."""
    version = journal.next_version(db)
    return [update_row(db, "memos", i, target=new, version=version) for i in values_of(
        db, "SELECT id FROM memos WHERE target_kind = ? AND target = ? ORDER BY id", kind,
        name)]


def tidy(db: sqlite3.Connection, informants: Iterable[int], sites: Iterable[int]
          ) -> list[dict]:
    """Remove the informants (of those given) who speak nowhere and have no details, then
    the sites (of those given) left without sources, informants and memos."""
    changes = []
    for i in dict.fromkeys(informants):
        row = journal.read_row(db, "informants", i)
        if row is None or db.execute("SELECT 1 FROM source_informants WHERE informant_id = ?",
                                     (i,)).fetchone():
            continue
        if not any(row[k] for k in ("role", "organisation", "sector", "grp")) and not (
                json.loads(row["attributes"] or "{}")):
            changes.append(delete_row(db, "informants", i))
    for site_id in dict.fromkeys(sites):
        name = db.execute("SELECT name FROM sites WHERE id = ?", (site_id,)).fetchone()
        if name is None or any(db.execute(q, (a,)).fetchone() for q, a in (
                ("SELECT 1 FROM sources WHERE site_id = ?", site_id),
                ("SELECT 1 FROM informants WHERE site_id = ?", site_id),
                ("SELECT 1 FROM memos WHERE target_kind = 'site' AND target = ?", name[0]))):
            continue
        changes.append(delete_row(db, "sites", site_id))
    return changes


# --------------------------------------------------------------------- informants, sites

_DETAILS = ("role", "organisation", "sector", "grp")


def set_informant(db: sqlite3.Connection, source_id: int, site: str, label: str,
                        details: Mapping[str, Any]) -> tuple[dict | None, str]:
    """Change one of the source's speakers' details (at its site): role, organisation,
    sector, group ('' clears one) and `attributes` ({name: value}, '' or None removes)."""
    found = db.execute(
        "SELECT i.id FROM informants i JOIN source_informants si ON si.informant_id = i.id"
        " WHERE si.source_id = ? AND i.label = ?", (source_id, label)).fetchone()
    if found is None:
        have = values_of(db, "SELECT i.label FROM informants i JOIN source_informants si ON"
                           " si.informant_id = i.id WHERE si.source_id = ? ORDER BY i.id",
                       source_id)
        raise QualcodeError(f"no informant '{label}' speaks in this source (have: "
                            f"{', '.join(have) or 'none'}); nothing changed")
    row = journal.read_row(db, "informants", found[0])
    values: dict[str, object] = {}
    for key, value in details.items():
        if key == "attributes":
            continue
        column = {"group": "grp", "organization": "organisation"}.get(key, key)
        if column not in _DETAILS:
            raise QualcodeError(f"an informant has no field '{key}'; nothing changed")
        values[column] = "" if value is None else str(value).strip()
    attributes = dict(json.loads(row["attributes"] or "{}"))
    for key, value in (details.get("attributes") or {}).items():
        key = str(key).strip().lower()
        if not key or key in ("label", "id", "site", "sources"):
            raise QualcodeError(f"'{key}' cannot be an informant's attribute; nothing changed")
        if key in ("role", "organisation", "organization", "sector", "group"):
            raise QualcodeError(f"'{key}' is a field, not an attribute: set it with --{key}; "
                                "nothing changed")
        text = "" if value is None else str(value).strip()
        if text:
            attributes[key] = text
        else:
            attributes.pop(key, None)
    values = {k: v for k, v in values.items() if row[k] != v}
    if attributes != json.loads(row["attributes"] or "{}"):
        values["attributes"] = json.dumps(attributes, ensure_ascii=False)
    if not values:
        return None, ""
    others = values_of(db, "SELECT s.name FROM source_informants si JOIN sources s ON"
                         " s.id = si.source_id WHERE si.informant_id = ? AND si.source_id != ?"
                         " ORDER BY s.id", row["id"], source_id)
    shown = [f"{'group' if k == 'grp' else k} {v or '—'}" for k, v in values.items()
             if k != "attributes"]
    if "attributes" in values:
        shown.append("attributes " + (", ".join(f"{k}={v}" for k, v in attributes.items())
                                      or "—"))
    also = f" (also in {', '.join(others)})" if others else ""
    return (update_row(db, "informants", row["id"], **values),
            f"informant {label} at {site}{also}: {', '.join(shown)}")


def move_source(db: sqlite3.Connection, source: journal.Row, site: str, name: str) -> list[dict]:
    """Move a source to another site (made if new), with its speakers."""
    changes = []
    found = db.execute("SELECT id FROM sites WHERE name = ?", (site,)).fetchone()
    if found is None:
        changes.append(insert_row(db, "sites", {"name": site}))
        site_id = changes[-1]["after"]["id"]
    else:
        site_id = found[0]
    moved = []
    for link_id, informant_id in db.execute(
            "SELECT id, informant_id FROM source_informants WHERE source_id = ? ORDER BY id",
            (source["id"],)).fetchall():
        person = journal.read_row(db, "informants", informant_id)
        target, change = _informant_at(db, site_id, site, person, name)
        changes += change
        changes.append(update_row(db, "source_informants", link_id, informant_id=target))
        moved.append(informant_id)
    changes.append(update_row(db, "sources", source["id"], site_id=site_id))
    # the speakers moved along: at the old site they stay only for the other sources
    for informant_id in moved:
        if not db.execute("SELECT 1 FROM source_informants WHERE informant_id = ?",
                          (informant_id,)).fetchone():
            changes.append(delete_row(db, "informants", informant_id))
    return changes + tidy(db, [], [source["site_id"]])


def _informant_at(db: sqlite3.Connection, site_id: int, site: str, person: journal.Row,
                  name: str) -> tuple[int, list[dict]]:
    """The informant with `person`'s label at a site: made with their details, or the one
    there, its blanks filled (refused if it is someone else: another role or organisation)."""
    found = db.execute("SELECT id FROM informants WHERE site_id = ? AND label = ?",
                       (site_id, person["label"])).fetchone()
    if found is None:
        row = {k: person[k] for k in journal.COLUMNS["informants"] if k != "id"}
        change = insert_row(db, "informants", row | {"site_id": site_id})
        return change["after"]["id"], [change]
    there = journal.read_row(db, "informants", found[0])
    for key in ("role", "organisation"):
        if person[key] and there[key] and person[key] != there[key]:
            raise QualcodeError(
                f"informant '{person['label']}' of {name} is {person[key]}, but "
                f"'{person['label']}' at {site} is {there[key]}: two people with one label at "
                "one site; nothing changed")
    fill = {k: person[k] for k in _DETAILS if person[k] and not there[k]}
    attributes = json.loads(person["attributes"] or "{}") | json.loads(there["attributes"]
                                                                       or "{}")
    if attributes != json.loads(there["attributes"] or "{}"):
        fill["attributes"] = json.dumps(attributes, ensure_ascii=False)
    return there["id"], ([update_row(db, "informants", there["id"], **fill)] if fill else [])


def link_speakers(db: sqlite3.Connection, source_id: int, site_id: int, new: ParsedSource
              ) -> list[dict]:
    """The informants of a new version of a source's text: found or made at its site, linked
    to it; those no longer speaking unlinked (and gone if they speak nowhere, without
    details). Details the file gives fill blanks, or replace those of a person who speaks in
    this source alone (the file corrects them); another role or organisation for someone who
    speaks elsewhere too is refused."""
    changes: list[dict] = []
    links = dict(db.execute("SELECT informant_id, id FROM source_informants WHERE "
                            "source_id = ?", (source_id,)).fetchall())
    wanted = []
    for person in new.informants:
        found = db.execute("SELECT id FROM informants WHERE site_id = ? AND label = ?",
                           (site_id, person.label)).fetchone()
        given = {"role": person.role, "organisation": person.organisation,
                 "sector": person.sector, "grp": person.group}
        if found is None:
            change = insert_row(db, "informants", given | {
                "site_id": site_id, "label": person.label,
                "attributes": json.dumps(person.attributes, ensure_ascii=False, default=str)})
            changes.append(change)
            wanted.append(change["after"]["id"])
            continue
        there = journal.read_row(db, "informants", found[0])
        alone = not db.execute("SELECT 1 FROM source_informants WHERE informant_id = ? AND "
                               "source_id != ?", (there["id"], source_id)).fetchone()
        if alone:
            values = {k: v for k, v in given.items() if v and v != there[k]}
        else:
            for key in ("role", "organisation"):
                if given[key] and there[key] and given[key] != there[key]:
                    raise QualcodeError(
                        f"{new.origin_path}: informant '{person.label}' at {new.site} is "
                        f"{there[key]} (in other sources too), here {given[key]}; change it "
                        "with 'qualcode source set … --informant', or give this person another"
                        f" id, e.g. '{person.label}-2'; nothing changed")
            values = {k: v for k, v in given.items() if v and not there[k]}
        attributes = json.loads(there["attributes"] or "{}")
        merged = (attributes | person.attributes) if alone else (person.attributes | attributes)
        if merged != attributes:
            values["attributes"] = json.dumps(merged, ensure_ascii=False, default=str)
        if values:
            changes.append(update_row(db, "informants", there["id"], **values))
        wanted.append(there["id"])
    for informant_id in wanted:
        if informant_id not in links:
            changes.append(insert_row(db, "source_informants",
                                   {"source_id": source_id, "informant_id": informant_id}))
    gone = [i for i in links if i not in wanted]
    changes += [delete_row(db, "source_informants", links[i]) for i in gone]
    return changes + tidy(db, gone, [])


def replace_turns(db: sqlite3.Connection, source_id: int, new: ParsedSource) -> list[dict]:
    changes = [delete_row(db, "turns", i) for i in values_of(
        db, "SELECT id FROM turns WHERE source_id = ? ORDER BY id", source_id)]
    for t in new.turns:
        changes.append(insert_row(db, "turns", {
            "source_id": source_id, "start": t.start, "end": t.end, "speaker": t.speaker,
            "is_researcher": int(t.is_researcher), "timestamp": t.timestamp}))
    return changes
