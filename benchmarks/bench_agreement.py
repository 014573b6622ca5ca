"""Budget of the investigator-triangulation issue. Prints one line per figure.

    .venv/bin/python benchmarks/bench_agreement.py

- agreement over 200 sources and 3 coders (< 2 s): sentence units, every code, per code and
  overall, on 200 sources of ~100k characters with 50,000 codings by coders sample, sample-b
  and sample-c (benchmarks/synthetic.py). The disagreement queue and turn units are timed too.

Each figure is the best of three runs (the worst is printed beside it).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_codings_csv, write_transcripts  # noqa: E402

from qualcode.agreement import CoderComparison  # noqa: E402
from qualcode.codings import import_csv  # noqa: E402
from qualcode.sample import init_project  # noqa: E402
from qualcode.sources import import_files  # noqa: E402

CODERS = ["sample", "sample-b", "sample-c"]


def timed(label: str, budget: float | None, fn, repeat: int = 3):
    """Run `fn` `repeat` times; print the best wall-clock time (the others absorb what else
    the machine is doing) and the worst."""
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        took.append(time.perf_counter() - start)
    best = min(took)
    verdict = "" if budget is None else f"(budget {budget} s) {'ok' if best < budget else 'OVER'}"
    print(f"{label:<62} {best:7.3f} s   worst {max(took):6.3f} s   {verdict}")
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-agreement-"))
    project = init_project(work / "p")
    import_files(project, write_transcripts(work / "t", 20, 10, 100_000))
    store = project.store
    codes = [c.id for b in store.codebooks() if b.is_framework for c in b.codes]
    csv_path = work / "codings.csv"
    write_codings_csv(csv_path, store.source_texts(), codes, 50_000)
    import_csv(project, csv_path)

    def sentences():
        return CoderComparison(store, CODERS).report()

    report = timed("agreement, 200 sources, 3 coders, sentence units", 2.0, sentences)
    o = report.overall
    print(f"  ({len(report.sources)} sources, {len(report.codes)} codes, {o.units:,} unit×code "
          f"decisions, % agreement {o.percent:.1f}, alpha {o.alpha:.3f})")
    queue = timed("comparison + disagreement queue, same project", None,
                  lambda: CoderComparison(store, CODERS).disagreements())
    print(f"  ({len(queue):,} disagreement units)")
    timed("agreement, 200 sources, 3 coders, turn units", None,
          lambda: CoderComparison(store, CODERS, unit="turn").report())
    timed("agreement, 200 sources, 2 coders (kappa too), sentence units", None,
          lambda: CoderComparison(store, CODERS[:2]).report())
    project.close()


if __name__ == "__main__":
    main()
