"""The agreement command: inter-coder agreement per code and overall."""

from __future__ import annotations

import argparse

from qualcode.cli.common import emit_json, note, open_project, table
from qualcode.cli.parser import Commands
from qualcode.tui.progress import progress

DEFAULT_REPLICATES = 1000  # = qualcode.analysis.agreement.BOOTSTRAP_REPLICATES (not imported:
# the analysis, numpy with it, loads only when the command runs)


def register(command: Commands) -> None:
    p = command("agreement", _agreement, "inter-coder agreement per code and overall",
                description="inter-coder agreement per code and overall: percent agreement, "
                "Cohen's kappa (two coders), Krippendorff's alpha, with 95% bootstrap "
                "intervals of kappa and alpha (see docs/agreement.md)",
                example="qualcode agreement sample --coders sample,sample-b --code heideneim")
    p.add_argument("--coders", required=True, metavar="A,B[,C...]",
                   help="the coders to compare (comma-separated, at least two)")
    p.add_argument("--source", action="append", metavar="NAME",
                   help="only this source (repeatable)")
    p.add_argument("--code", action="append", metavar="ID",
                   help="only this code, or every code of this codebook (repeatable)")
    p.add_argument("--unit", choices=("sentence", "turn"), default="sentence",
                   help="compare sentences within turns (the default) or whole turns")
    p.add_argument("--bootstrap", type=_replicates, default=DEFAULT_REPLICATES, metavar="N",
                   help="bootstrap replicates behind the 95%% intervals of kappa and alpha "
                   f"(default {DEFAULT_REPLICATES}; 0: no intervals)")
    p.add_argument("--json", action="store_true")


def _replicates(value: str) -> int:
    """The argparse type of --bootstrap: a whole number, 0 or more."""
    try:
        replicates = int(value)
    except ValueError:
        replicates = -1
    if replicates < 0:
        raise argparse.ArgumentTypeError(
            f"the number of replicates must be a whole number, 0 or more (0: no intervals), "
            f"not '{value}'")
    return replicates


def _agreement(args: argparse.Namespace) -> int:
    from qualcode.analysis.agreement import agreement

    with open_project(args) as project, progress("comparing the coders"):
        report = agreement(project.store, args.coders.split(","), args.source, args.code,
                           args.unit, bootstrap=args.bootstrap)
    if args.json:
        emit_json(report.to_json())
        return 0
    if not report.sources:
        note(f"qualcode: no source was coded by at least two of {', '.join(report.coders)}; "
             "nothing to compare")
    print(f"{' · '.join(report.coders)}: {len(report.sources)} sources, {report.units} "
          f"{args.unit} units coded by at least one of them")
    two = len(report.coders) == 2
    ci = " [95% CI]" if args.bootstrap else ""
    # No units column: every code is compared on the units the line above counts.
    headers = ("code", *report.coders, "agreed", *((f"kappa{ci}",) if two else ()),
               f"alpha{ci}")

    def row(label: str, f) -> tuple:
        return (label, *(f.coded[c] for c in report.coders), _agreement_percent(f.percent),
                *((_agreement_figure(f.kappa, f.kappa_ci),) if two else ()),
                _agreement_figure(f.alpha, f.alpha_ci))

    rows = [row(code, f) for code, f in report.codes.items()]
    rows.append(row(f"overall ({len(report.codes)} codes)", report.overall))
    print(table(headers, rows))
    return 0


def _agreement_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _agreement_figure(value: float | None, interval: tuple[float, float] | None = None) -> str:
    """`0.712 [.61–.80]`: the figure to three decimals, its interval to two without the
    leading zero, so that both intervals fit a 100-column terminal."""
    if value is None:
        return "—"
    if interval is None:
        return f"{value:.3f}"
    return f"{value:.3f} [{_bound(interval[0])}–{_bound(interval[1])}]"


def _bound(value: float) -> str:
    text = f"{value:.2f}"
    if float(text) == 0:
        return ".00"  # not -.00
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text
