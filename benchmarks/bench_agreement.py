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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import large_project, timed  # noqa: E402

from qualcode.analysis.agreement import CoderComparison  # noqa: E402

CODERS = ["sample", "sample-b", "sample-c"]



def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-agreement-"))
    project = large_project(work)
    store = project.store

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
