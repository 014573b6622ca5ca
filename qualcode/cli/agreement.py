"""The agreement command: inter-coder agreement per code and overall."""

from __future__ import annotations

import argparse

from qualcode.cli.common import emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.tui.progress import progress


def register(command: Commands) -> None:
    p = command("agreement", _agreement, "inter-coder agreement per code and overall",
                description="inter-coder agreement per code and overall: percent agreement, "
                "Cohen's kappa (two coders), Krippendorff's alpha (see docs/agreement.md)",
                example="qualcode agreement sample --coders sample,sample-b --code heideneim")
    p.add_argument("--coders", required=True, metavar="A,B[,C...]",
                   help="the coders to compare (comma-separated, at least two)")
    p.add_argument("--source", action="append", metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--code", action="append", metavar="ID",
                   help="only this code, or every code of this codebook (repeatable)")
    p.add_argument("--unit", choices=("sentence", "turn"), default="sentence",
                   help="compare sentences within turns (the default) or whole turns")
    p.add_argument("--json", action="store_true")


def _agreement(args: argparse.Namespace) -> int:
    from qualcode.analysis.agreement import agreement

    with open_project(args) as project, progress("comparing the coders"):
        report = agreement(project.store, args.coders.split(","), args.source, args.code,
                           args.unit)
    if args.json:
        emit_json(report.to_json())
        return 0
    if not report.sources:
        note(f"qualcode: no source was coded by at least two of {', '.join(report.coders)}; "
             "nothing to compare")
    print(f"{' · '.join(report.coders)}: {len(report.sources)} sources, {report.units} "
          f"{args.unit} units coded by at least one of them")
    two = len(report.coders) == 2
    headers = ("code", "units", *report.coders, "agreement", *(("kappa",) if two else ()),
               "alpha")

    def row(label: str, units: int, f) -> tuple:
        return (label, units, *(f.coded[c] for c in report.coders), _agreement_percent(f.percent),
                *((_agreement_figure(f.kappa),) if two else ()), _agreement_figure(f.alpha))

    rows = [row(code, f.units, f) for code, f in report.codes.items()]
    rows.append(row(f"overall ({len(report.codes)} codes)", report.units, report.overall))
    print(table(headers, rows))
    return 0


def _agreement_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _agreement_figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
