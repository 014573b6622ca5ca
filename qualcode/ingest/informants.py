"""Informant sheets: a CSV or .xlsx table of informants and their attributes, as researchers keep
it in Excel, read into the details each informant should have and stored all rows or none.

Columns (header names in any case, any order): `site` and `label` are required (`id`, the
front matter's name, may stand for `label`); `role`, `organisation` (or `organization`),
`sector` and `group` (key | main | supporting | triangulation) are the informant's fields; any
other column is an attribute named by its header, lower-cased (`gender`, `tenure`, ...);
`names` holds the person's real names and aliases, separated by `;` ("Sri Wahyuni; Bu Sri"),
which anonymised exports mask (docs/anonymisation.md). A
`sources` column, which `qualcode informants --csv` writes, is not read: where an informant
speaks comes from the transcripts.

A row updates the informant with that label at that site, or adds one (who may speak in a
transcript imported later: that import keeps these details and fills only their blanks). An
empty cell keeps what the project has; a cell holding only `-` clears it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.sheets import read_table
from qualcode.ingest.transcripts import GROUPS, RESEARCHER_LABELS
from qualcode.model import INFORMANT_FIELDS, NAMES, Informant, join_names, split_names
from qualcode.store import Store

CLEAR = "-"  # a cell that clears the stored value
ALIASES = {"id": "label", "organization": "organisation"}
NOT_READ = ("sources",)


@dataclass(frozen=True)
class InformantsImport:
    """What an informant sheet changed: informants updated (details changed), added (and at
    which sites, in the sheet's order) and left as they were."""

    updated: int
    added: int
    unchanged: int
    added_at: tuple[str, ...]


@dataclass(frozen=True)
class _Row:
    line: int
    site: str
    label: str
    cells: dict[str, str]  # field or attribute name -> cell ('' keeps, CLEAR clears)


def import_informants(store: Store, path: Path) -> InformantsImport:
    """Check every row of the sheet at `path`, then store them in one transaction; on any bad
    row raise `QualcodeError` with every bad row as `FILE:LINE: reason`, nothing written."""
    rows = read_informants(path, store.sites())
    known = {(site, i.label): i for site, infs in store.informants().items() for i in infs}
    records = [(r.site, merged(known.get((r.site, r.label)), r.label, r.cells)) for r in rows]
    updated, added = store.update_informants(records)
    added_at = tuple(dict.fromkeys(r.site for r in rows if (r.site, r.label) not in known))
    return InformantsImport(updated, added, len(rows) - updated - added, added_at)


def read_informants(path: Path, sites: list[str]) -> list[_Row]:
    """The sheet's rows, checked against the project's `sites`."""
    table = read_table(path, ("site",), "informants")
    columns = _columns(path, table.header)
    by_lower = {s.lower(): s for s in sites}
    problems: list[str] = []
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in table.rows:
        cells = {columns[h]: raw[h].strip() for h in raw if h in columns}
        site, label = cells.pop("site"), cells.pop("label")
        wrong = []
        if not site:
            wrong.append("no site")
        elif site not in sites:
            if site.lower() in by_lower:
                site = by_lower[site.lower()]
            else:
                have = ", ".join(sites) if sites else "none yet: import transcripts first"
                wrong.append(f"unknown site '{site}' (sites in the project: {have})")
        if not label or label == CLEAR:
            wrong.append("no label (the informant's label as the transcripts write it, "
                         "e.g. P1)")
        elif label.lower() in RESEARCHER_LABELS:
            wrong.append(f"'{label}' is a researcher's label, not an informant's")
        if cells.get(NAMES) and cells[NAMES] != CLEAR:  # "Sri Wahyuni; Bu Sri"
            cells[NAMES] = join_names(split_names(cells[NAMES]))
        group = cells.get("group", "")
        if group and group != CLEAR:
            if group.lower() not in GROUPS:
                wrong.append(f"unknown group '{group}' (use one of: {', '.join(GROUPS)}, "
                             f"or {CLEAR} to clear it)")
            cells["group"] = group.lower()
        if site and label and (site, label) in seen and not wrong:
            wrong.append(f"informant '{label}' at {site} is already on line "
                         f"{seen[site, label]}")
        if wrong:
            problems.append(f"{path}:{line}: {'; '.join(wrong)}")
            continue
        seen[site, label] = line
        rows.append(_Row(line, site, label, cells))
    if problems:
        raise QualcodeError(*problems)
    if not rows:
        raise QualcodeError(f"{path}: no informants (only a header row)")
    return rows


def _columns(path: Path, header: list[str]) -> dict[str, str]:
    """Each header cell read -> the field or attribute it fills; a header that names one thing
    twice, or has no label column, is refused."""
    columns: dict[str, str] = {}
    named: dict[str, str] = {}
    for cell in header:
        if not cell or cell in NOT_READ:
            continue
        name = ALIASES.get(cell, cell)
        if name in named:
            raise QualcodeError(f"{path}:1: columns '{named[name]}' and '{cell}' both give the "
                                f"informant's {name}; keep one")
        named[name] = cell
        columns[cell] = name
    if "label" not in named:
        raise QualcodeError(f"{path}:1: missing column label (or id) in the informants "
                            "header: the informant's label as the transcripts write it")
    return columns


def merged(current: Informant | None, label: str, cells: dict[str, str]) -> Informant:
    """The informant's details after a row: a value replaces, '' keeps, `-` clears."""
    current = current or Informant(label)
    fields = {name: getattr(current, name) for name in INFORMANT_FIELDS}
    attributes = dict(current.attributes)
    for name, value in cells.items():
        if not value:
            continue
        value = "" if value == CLEAR else value
        if name in fields:
            fields[name] = value
            continue
        for key in [k for k in attributes if k.lower() == name]:
            del attributes[key]  # also `Gender` from front matter
        if value:
            attributes[name] = value
    return Informant(label, attributes=attributes, **fields)
