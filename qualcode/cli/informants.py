"""The informants command: informants as cases with attributes. `informants PROJECT` lists them
(with every attribute and the sources they speak in), `informants import PROJECT FILE` loads or
updates their attributes from a spreadsheet (CSV as Excel saves it, or .xlsx)."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from qualcode.cli.common import emit_json, no_sources_yet, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError
from qualcode.model import INFORMANT_FIELDS, Informant, attribute_names

EMPTY = "—"


def register(command: Commands) -> None:
    informants = command.group(
        "informants", "informants as cases: list them with their attributes, or load "
        "attributes from a spreadsheet", default="list",
        description="informants as cases with attributes: 'informants PROJECT' lists them, "
        "'informants import PROJECT FILE' loads attributes from a spreadsheet")
    p = informants("list", _list, "list the informants of each site: role, organisation, "
                   "sector, group, every other attribute, the sources they speak in "
                   "('informants PROJECT' for short)",
                   example=["qualcode informants sample --site Banyuasin",
                            "qualcode informants sample --json"])
    p.add_argument("--site", help="only this site")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--csv", action="store_true",
                     help="one row per informant, every attribute a column: a sheet to edit "
                          "and import again")

    p = informants(
        "import", _import, "load or update informants' attributes from a spreadsheet (all rows "
        "or none)",
        description="load or update informants' attributes from a CSV (comma, semicolon or tab; "
        "UTF-8 or UTF-16) or .xlsx file, all rows or none. Columns: site and label (or id) "
        "required; role, organisation (or organization), sector, group (key, main, "
        "supporting, triangulation); every other column is an attribute named by its header "
        "(gender, tenure, ...). A row updates the informant with that label at that site, or "
        "adds one who may speak in a transcript imported later. An empty cell keeps the value "
        "the project has; a cell holding only - clears it. A 'sources' column is not read.",
        example="qualcode informants import sample informan-madiun.csv")
    p.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")


def _list(args: argparse.Namespace) -> int:
    with open_project(args) as project:
        store = project.store
        sites = store.sites()
        if args.site is not None and args.site not in sites:
            raise QualcodeError(f"no site '{args.site}' (have: {', '.join(sites)})" if sites
                                else f"no site '{args.site}': {no_sources_yet(project)}")
        by_site = store.informants(args.site)
        speaks: dict[tuple[str, str], list[str]] = {}
        for s in store.sources():
            for label in s.informants:
                speaks.setdefault((s.site, label), []).append(s.name)
        if not sites:
            note(f"qualcode: note: {no_sources_yet(project)}")
    rows = [(site, i, speaks.get((site, i.label), []))
            for site in ([args.site] if args.site else sites) for i in by_site.get(site, [])]
    if args.json:
        emit_json([{"site": site, "label": i.label, "role": i.role,
                    "organisation": i.organisation, "sector": i.sector, "group": i.group,
                    "attributes": i.attributes, "sources": sources}
                   for site, i, sources in rows])
        return 0
    others = [n for n in attribute_names(i for _, i, _ in rows) if n not in INFORMANT_FIELDS]
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["site", "label", *INFORMANT_FIELDS, *others, "sources"])
        writer.writerows([site, i.label, *(i.attribute(n) for n in (*INFORMANT_FIELDS, *others)),
                          "; ".join(sources)] for site, i, sources in rows)
        return 0
    blocks = []
    for site in dict.fromkeys(site for site, _, _ in rows):
        mine = [(i, sources) for s, i, sources in rows if s == site]
        names = [n for n in attribute_names(i for i, _ in mine) if n not in INFORMANT_FIELDS]
        blocks.append(f"{site}: {len(mine)} informant{'s' if len(mine) != 1 else ''}\n" + table(
            ("label", *INFORMANT_FIELDS, *names, "sources"),
            [(i.label, *(_shown(i, n) for n in (*INFORMANT_FIELDS, *names)),
              ", ".join(sources) or EMPTY) for i, sources in mine]))
    if blocks:
        print("\n\n".join(blocks))
    elif sites:
        note("no informants yet" + (f" at {args.site}" if args.site else ""))
    return 0


def _shown(informant: Informant, name: str) -> str:
    return informant.attribute(name) or EMPTY


def _import(args: argparse.Namespace) -> int:
    from qualcode.ingest.informants import import_informants

    with open_project(args) as project:
        result = import_informants(project.store, args.file)
    added = f" at {', '.join(result.added_at)}" if result.added else ""
    unchanged = f"; {result.unchanged} unchanged" if result.unchanged else ""
    note(f"{result.updated} informant{'s' if result.updated != 1 else ''} updated, "
         f"{result.added} added{added}{unchanged} (from {args.file})")
    return 0
