"""Budgets of the foundation and engine issues. Prints one line per budget.

    .venv/bin/python benchmarks/bench_core.py

- import a 100k-word transcript (< 1 s)
- import 50,000 codings from CSV (< 5 s)
- `qualcode sources --json` on a 200-source project (< 0.5 s, whole command)
- verdicts for all sites and frameworks, all matrices and the comparison, 20 sites,
  200 sources, 50,000 codings (< 1 s together)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import timed, write_codings_csv, write_transcripts  # noqa: E402

from qualcode.analysis.compare import compare  # noqa: E402
from qualcode.analysis.evidence import EvidenceBase  # noqa: E402
from qualcode.analysis.matrices import matrix  # noqa: E402
from qualcode.analysis.verdicts import judge_all  # noqa: E402
from qualcode.ingest.codings import import_csv  # noqa: E402
from qualcode.ingest.sample import init_project  # noqa: E402
from qualcode.ingest.sources import import_files  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-"))
    (big,) = write_transcripts(work / "big", 1, 1, 700_000)
    words = len(big.read_text(encoding="utf-8").split())
    single = init_project(work / "single")
    timed(f"import one transcript ({words:,} words)", 1.0,
          lambda: import_files(single, [big]))
    single.close()

    paths = write_transcripts(work / "t", 20, 10, 100_000)
    project = init_project(work / "p")
    timed("import 200 transcripts of ~100k characters (no budget)", 60,
          lambda: import_files(project, paths))
    texts = project.store.source_texts()
    codes = [c.id for b in project.store.codebooks() if b.is_framework for c in b.codes]
    csv_path = work / "codings.csv"
    write_codings_csv(csv_path, texts, codes, 50_000)
    timed("import 50,000 codings from CSV", 5.0, lambda: import_csv(project, csv_path))
    timed("qualcode sources --json, 200 sources (whole command)", 0.5,
          lambda: subprocess.run([sys.executable, "-m", "qualcode", "sources", project.path,
                                  "--json"], check=True, capture_output=True))
    books = project.store.codebooks()
    frameworks = [b for b in books if b.is_framework]

    def engine():
        base = EvidenceBase(project.store)
        verdicts = judge_all(base, books)
        matrices = [matrix(base, site, book, by) for site in base.sites for book in frameworks
                    for by in ("informant", "method")]
        comparison = compare(base, books)
        return verdicts, matrices, comparison

    runs = []
    for _ in range(3):
        start = time.perf_counter()
        verdicts, matrices, _ = engine()
        runs.append(time.perf_counter() - start)
    best = min(runs)
    print(f"{'verdicts + matrices + comparison (20 sites, 50k codings)':<62} {best:7.3f} s   "
          f"(budget 1.0 s) {'ok' if best < 1.0 else 'OVER'}  best of "
          f"{', '.join(f'{r:.3f}' for r in runs)}")
    print(f"  ({len(verdicts)} verdicts, {len(matrices)} matrices)")
    project.close()


if __name__ == "__main__":
    main()
