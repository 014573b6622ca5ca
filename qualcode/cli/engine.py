"""Commands that show what the evidence says: verdicts, triangulation matrices and the
cross-site comparison."""

from __future__ import annotations

import argparse
import sys
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
                "coder or framework (theory)",
                example=["qualcode matrix sample --site Madiun --framework heideneim --by method",
                         "qualcode matrix sample --site Madiun --by theory --csv"])
    p.add_argument("--site", required=True)
    p.add_argument("--framework", help="framework id (not needed with --by theory)")
    p.add_argument("--by", default="informant", choices=(*BY, "source"),
                   metavar="|".join(BY),
                   help="columns: informants (source triangulation; the default), methods, "
                        "coders (investigator), or frameworks (theory)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true")
    out.add_argument("--json", action="store_true")

    p = command("compare", _compare, "cross-site comparison of verdicts and indicators, "
                "differences marked ≠", example="qualcode compare sample --framework vcoss")
    p.add_argument("--framework", action="append", help="only this framework (repeatable)")
    p.add_argument("--coders", help="count only these coders' codings (comma-separated)")
    p.add_argument("--json", action="store_true")


def _verdict(args: argparse.Namespace) -> int:
    from qualcode.analysis.verdicts import judge

    with open_project(args) as project:
        base = evidence(project, args.coders)
        books = pick(project.store.codebooks(), args.framework)
        sites = check_sites(project, base, args.site)
    verdicts = [judge(base, site, book) for site in sites for book in books]
    if args.json:
        emit_json([v.to_json() for v in verdicts])
        return 0
    for v in verdicts:
        shown = v.verdict or f"({v.status})"
        print(f"{v.site} · {v.framework.id}: {shown}  status={v.status} "
              f"confidence={v.confidence:.2f} runner-up={v.runner_up or '—'}")
        print(f"  {v.explanation[args.lang]}")
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
    headers, rows = result.table()
    if args.csv:
        _write_csv(headers, rows)
        return 0
    groups = [c.group for c in result.columns]
    if any(groups):
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
