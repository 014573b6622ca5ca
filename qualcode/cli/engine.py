"""Commands that show what the evidence says: verdicts, triangulation matrices, the cross-site
comparison and retrieval (the excerpts of a code, optionally only what informants with given
attributes said)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING

from qualcode.cli.common import check_sites, emit_json, evidence, note, open_project, pick, table
from qualcode.cli.parser import Commands
from qualcode.errors import QualcodeError

if TYPE_CHECKING:
    from qualcode.analysis.matrices import TheoryMatrix

BY = ("informant", "method", "coder", "theory")  # --by; "source" is the old name of informant


def register(command: Commands) -> None:
    p = command("verdict", _verdict, "partnership verdicts per site and framework, with "
                "their reasons",
                example="qualcode verdict sample --site Madiun --framework heideneim")
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    p.add_argument("--lang", choices=("en", "id"), default="en")
    p.add_argument("--json", action="store_true")

    p = command("matrix", _matrix, "triangulation matrix of a site: by informant, method, "
                "coder, framework (theory), or informants grouped by an attribute",
                example=["qualcode matrix sample --site Madiun --framework heideneim --by method",
                         "qualcode matrix sample --site Banyuasin --framework vcoss --by sector",
                         "qualcode matrix sample --site Madiun --by theory --csv"])
    p.add_argument("--site", required=True)
    p.add_argument("--framework", help="framework id (not needed with --by theory)")
    p.add_argument("--by", default="informant", type=lambda by: by.strip().lower(),
                   metavar="|".join(BY) + "|ATTRIBUTE",
                   help="columns: informants (source triangulation; the default), methods, "
                        "coders (investigator), or frameworks (theory); any other name is an "
                        "informant attribute (sector, group, organisation, role, or one "
                        "loaded with 'informants import', e.g. gender): the informants "
                        "grouped by its value, those without it last as (unknown)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true")
    out.add_argument("--json", action="store_true")

    p = command("retrieve", _retrieve, "every excerpt coded with a code, with who said it; "
                "optionally only informants with given attributes",
                example=["qualcode retrieve sample heideneim/formal-contract",
                         "qualcode retrieve sample vcoss/pooled-resources --where sector=health"])
    p.add_argument("code", metavar="CODE", help="a code id, e.g. heideneim/formal-contract")
    p.add_argument("--where", action="append", metavar="ATTRIBUTE=VALUE", default=[],
                   help="only excerpts spoken by an informant with this attribute value "
                        "(sector, group, organisation, role or any other attribute; case does "
                        "not matter); repeatable: values of one attribute are alternatives, "
                        "different attributes must all hold")
    p.add_argument("--site", action="append", help="only this site (repeatable)")
    p.add_argument("--coders", help="only these coders' codings (comma-separated)")
    p.add_argument("--json", action="store_true")

    p = command("compare", _compare, "cross-site comparison of verdicts and indicators, "
                "differences marked ≠", example="qualcode compare sample --framework vcoss")
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    p.add_argument("--json", action="store_true")


def _verdict(args: argparse.Namespace) -> int:
    from qualcode.analysis.sensitivity import Sensitivities
    from qualcode.analysis.verdicts import judge

    with open_project(args) as project:
        base = evidence(project, args.coders)
        books = pick(project.store.codebooks(), args.framework)
        sites = check_sites(project, base, args.site)
        weigh = Sensitivities(project.store, base)
    verdicts = [judge(base, site, book) for site in sites for book in books]
    sensitivity = [weigh.of(v) for v in verdicts]
    if args.json:
        emit_json([{**v.to_json(), "sensitivity": s.to_json()}
                   for v, s in zip(verdicts, sensitivity, strict=True)])
        return 0
    for v, s in zip(verdicts, sensitivity, strict=True):
        shown = v.verdict or f"({v.status})"
        print(f"{v.site} · {v.framework.id}: {shown}  status={v.status} "
              f"confidence={v.confidence:.2f} runner-up={v.runner_up or '—'}")
        print(f"  {v.explanation[args.lang]}")
        print(f"  {'kepekaan' if args.lang == 'id' else 'sensitivity'}: {s.summary(args.lang)}")
        print()
    return 0


def _matrix(args: argparse.Namespace) -> int:
    from qualcode.analysis.matrices import matrix, theory_matrix

    if args.by == "source":
        note("qualcode: note: '--by source' is now '--by informant' (the same matrix); the "
             "old name will go")
        args.by = "informant"
    with open_project(args) as project:
        base = evidence(project, args.coders)
        books = project.store.codebooks()
        (site,) = check_sites(project, base, [args.site])
        theory = (theory_matrix(base, site, books, project.store) if args.by == "theory"
                  else None)
    if theory is not None:
        return _theory(args, theory)
    if not args.framework:
        raise QualcodeError("matrix needs --framework (or --by theory)")
    (book,) = pick(books, [args.framework])
    result = matrix(base, site, book, args.by)
    if args.json:
        emit_json(result.to_json())
        return 0
    if args.csv:
        _write_csv(*result.table(qualified=True))
        return 0
    headers, rows = result.table()
    if result.by_attribute:
        grouped: dict[str, list[str]] = {}
        for c in result.columns:
            if c.group:
                grouped.setdefault(c.group, []).append(c.label)
        print(f"columns by {result.by}: " + "; ".join(
            f"{group} = {', '.join(labels)}" for group, labels in grouped.items()))
    elif any(c.group for c in result.columns):
        print("columns: " + "; ".join(f"{c.label} = {c.group}" for c in result.columns
                                      if c.group))
    print(table(headers[:-1], [r[:-1] for r in rows]))
    return 0


def _theory(args: argparse.Namespace, result: TheoryMatrix) -> int:
    if args.json:
        emit_json(result.to_json())
        return 0
    if args.csv:
        _write_csv(*_theory_table(result))
        return 0
    print(table(("framework", "verdict", "status", "confidence"),
                [(v["framework"], v["verdict"] or "—", v["status"], v["confidence"])
                 for v in result.verdicts]))
    print()
    print(table(("concept", "indicators", "convergence"),
                [(c["concept"], ", ".join(f"{i['id']} ({i['status']})"
                                          for i in c["indicators"]), c["convergence"])
                 for c in result.concepts]))
    coders = list(dict.fromkeys(v["coder"] for v in result.investigators))
    if len(coders) > 1:
        by_pair = {(v["framework"], v["coder"]): v for v in result.investigators}
        print()
        print(table(("framework", *coders),
                    [(v["framework"], *[by_pair[v["framework"], c]["verdict"]
                                        or by_pair[v["framework"], c]["status"]
                                        for c in coders]) for v in result.verdicts]))
    return 0


def _write_csv(headers: list[str], rows: list[list]) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)


def _theory_table(result: TheoryMatrix) -> tuple[list[str], list[list[str]]]:
    """Theory triangulation as one table, frameworks across: a row of verdicts (and one per
    coder when several coded), then each concept that frameworks share, with its indicator in
    each framework and its convergence."""
    frameworks = [v["framework"] for v in result.verdicts]
    rows = [["(verdict)", *(v["verdict"] or v["status"] for v in result.verdicts), ""]]
    coders = list(dict.fromkeys(v["coder"] for v in result.investigators))
    if len(coders) > 1:
        by_pair = {(v["coder"], v["framework"]): v for v in result.investigators}
        rows.extend([f"(verdict: {c})", *(by_pair[c, f]["verdict"] or by_pair[c, f]["status"]
                                          for f in frameworks), ""] for c in coders)
    for concept in result.concepts:
        cells = {f: [] for f in frameworks}
        for i in concept["indicators"]:
            cells[i["id"].split("/")[0]].append(f"{i['id']} ({i['status']})")
        rows.append([concept["concept"], *("; ".join(cells[f]) for f in frameworks),
                     concept["convergence"]])
    return ["concept", *frameworks, "convergence"], rows


def _retrieve(args: argparse.Namespace) -> int:
    import difflib

    from qualcode.analysis.retrieval import excerpts

    where = []
    for condition in args.where:
        name, equals, value = condition.partition("=")
        if not equals or not name.strip():
            raise QualcodeError(f"--where {condition}: write ATTRIBUTE=VALUE, e.g. "
                                "--where sector=health")
        where.append((name, value))
    with open_project(args) as project:
        store = project.store
        codes = store.code_ids()
        if args.code not in codes:
            near = difflib.get_close_matches(args.code, sorted(codes), n=1)
            local = sorted(c for c in codes if c.split("/", 1)[-1] == args.code)
            hint = local or near
            raise QualcodeError(f"no code '{args.code}' in the project"
                                + (f"; did you mean '{hint[0]}'?" if hint else ""))
        coders = None
        if args.coders:
            coders = {c.strip() for c in args.coders.split(",") if c.strip()}
            unknown = coders - set(store.coders())
            if unknown:
                raise QualcodeError(f"no codings by coder(s) {', '.join(sorted(unknown))} in "
                                    f"{project.path}")
        for site in args.site or ():
            if site not in store.sites():
                raise QualcodeError(f"no site '{site}' (have: {', '.join(store.sites())})")
        found = [e for e in excerpts(store, args.code, coders, where)
                 if not args.site or e.site in args.site]
    if args.json:
        emit_json([{"coding": e.coding_id, "source": e.source, "site": e.site,
                    "method": e.method, "informants": list(e.informants), "start": e.start,
                    "end": e.end, "stance": e.stance, "coder": e.coder, "memo": e.memo,
                    "text": e.text} for e in found])
        return 0
    if not found:
        note(f"no excerpts of {args.code}" + (" spoken by informants with "
                                              + " and ".join(args.where) if where else ""))
        return 0
    for e in found:
        print(f"{e.source} · {e.site} · {e.method} · {', '.join(e.informants) or '(no speaker)'}"
              f" · {e.stance} · {e.coder} · {e.start}–{e.end}")
        print(textwrap.indent(textwrap.fill(" ".join(e.text.split()), 96), "  "))
        if e.memo:
            print(f"  memo: {e.memo}")
        print()
    note(f"{len(found)} excerpt{'s' if len(found) != 1 else ''} of {args.code}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from qualcode.analysis.compare import compare

    with open_project(args) as project:
        base = evidence(project, args.coders)
        books = pick(project.store.codebooks(), args.framework)
        sites = check_sites(project, base, None)
    result = compare(base, books)
    if args.json:
        emit_json(result.to_json())
        return 0
    if not sites:
        return 0
    rows = []
    for book in result.frameworks:
        mark = "≠" if result.verdicts_differ(book.id) else ""
        rows.append((book.id, *[(result.verdicts[s, book.id].verdict
                                 or result.verdicts[s, book.id].status)
                                for s in result.sites], mark))
    print(table(("framework", *result.sites, ""), rows))
    print()
    print(table(("indicator", *result.sites, ""),
                [(code, *[statuses[s] for s in result.sites], "≠" if result.differs(code) else "")
                 for code, statuses in result.statuses.items()]))
    return 0
