"""Verdicts with sensitivity for every site and framework of the 50,000-coding synthetic
project (20 sites × 4 frameworks): budget < 2 s. Prints one line.

    .venv/bin/python benchmarks/bench_sensitivity.py [CODINGS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import large_project  # noqa: E402

from qualcode.analysis.evidence import EvidenceBase  # noqa: E402
from qualcode.analysis.sensitivity import Sensitivities  # noqa: E402
from qualcode.analysis.verdicts import judge_all  # noqa: E402


def main() -> None:
    codings = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-sensitivity-"))
    try:
        project = large_project(work, codings)
        start = time.perf_counter()
        base = EvidenceBase(project.store, None, project.settings.min_independent)
        verdicts = judge_all(base, project.store.codebooks())
        weigh = Sensitivities(project.store, base)
        found = [weigh.of(v) for v in verdicts]
        took = time.perf_counter() - start
        fragile = sum(not s.robust for s in found)
        print(f"verdicts with sensitivity, {len(verdicts)} verdicts, {codings:,} codings: "
              f"{took:.2f} s (budget 2 s); {fragile} rest on single changes: "
              f"{sum(s.codings for s in found)} pivotal codings, "
              f"{sum(s.sources for s in found)} pivotal sources")
        project.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
