"""Budgets of the REFI-QDA issue. Prints one line per budget.

    .venv/bin/python benchmarks/bench_refi.py

- export a 200-source, 50,000-coding project as .qdpx (< 10 s)
- import that .qdpx into an empty project (< 10 s)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_codings_csv, write_transcripts  # noqa: E402

from qualcode.codings import import_csv  # noqa: E402
from qualcode.refi_export import export_project  # noqa: E402
from qualcode.refi_import import import_refi  # noqa: E402
from qualcode.sample import init_project  # noqa: E402
from qualcode.sources import import_files  # noqa: E402


def timed(label: str, budget: float, fn):
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    print(f"{label:<62} {took:7.3f} s   (budget {budget} s) {'ok' if took < budget else 'OVER'}")
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-refi-"))
    paths = write_transcripts(work / "t", 20, 10, 100_000)
    project = init_project(work / "p")
    import_files(project, paths)
    texts = project.store.source_texts()
    codes = [c.id for b in project.store.codebooks() if b.is_framework for c in b.codes]
    csv_path = work / "codings.csv"
    write_codings_csv(csv_path, texts, codes, 50_000)
    import_csv(project, csv_path)
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
