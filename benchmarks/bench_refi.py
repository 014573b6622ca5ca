"""Budgets of the REFI-QDA issue. Prints one line per budget.

    .venv/bin/python benchmarks/bench_refi.py

- export a 200-source, 50,000-coding project as .qdpx (< 10 s)
- import that .qdpx into an empty project (< 10 s)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import large_project, timed  # noqa: E402

from qualcode.exchange.exporter import export_project  # noqa: E402
from qualcode.exchange.importer import import_refi  # noqa: E402
from qualcode.ingest.sample import init_project  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-refi-"))
    project = large_project(work)
    out = work / "big.qdpx"
    summary = timed("export .qdpx: 200 sources, 50,000 codings", 10.0,
                    lambda: export_project(project, out))
    print(f"  ({summary.sources} sources, {summary.codings} codings, {summary.codes} codes, "
          f"{summary.notes} notes; {out.stat().st_size / 1024**2:.1f} MiB)")
    project.close()
    empty = init_project(work / "e")
    result = timed("import that .qdpx into an empty project", 10.0,
                   lambda: import_refi(empty, out))
    print(f"  ({result.sources} sources, {result.codings} codings, {result.memos} memos)")
    empty.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
