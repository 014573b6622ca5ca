"""Budgets of the export issue. Prints one line per budget.

    .venv/bin/python benchmarks/bench_export.py

- the sample project's Word appendix (< 3 s)
- the Word appendix of a 200-source, 50,000-coding project (< 60 s, with progress)
- (no budget) the .xlsx and the CSV folder of that project
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_codings_csv, write_transcripts  # noqa: E402

from qualcode.appendix import write_appendix  # noqa: E402
from qualcode.codings import import_csv  # noqa: E402
from qualcode.export_scope import build_scope  # noqa: E402
from qualcode.sample import build_sample, init_project  # noqa: E402
from qualcode.sources import import_files  # noqa: E402
from qualcode.tables_export import write_csv_dir, write_xlsx  # noqa: E402


def timed(label: str, budget: float | None, fn):
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    verdict = "" if budget is None else f"(budget {budget} s) {'ok' if took < budget else 'OVER'}"
    print(f"{label:<62} {took:7.3f} s   {verdict}")
    return result


def progress_printer():
    """A progress callback that prints at every tenth of the way, with the time taken."""
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if done * 10 // total != (done - 1) * 10 // total:
            print(f"  progress {done}/{total} at {time.perf_counter() - start:.1f} s", flush=True)

    return report


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-export-"))
    sample = build_sample(work / "sample")
    timed("sample project: Word appendix (scope + write)", 3.0, lambda: write_appendix(
        build_scope(sample), work / "sample.docx"))
    timed("sample project: Word appendix, Indonesian, anonymised", 3.0, lambda: write_appendix(
        build_scope(sample, anonymise=True), work / "sample-id.docx", "id"))
    sample.close()

    paths = write_transcripts(work / "t", 20, 10, 100_000)
    project = init_project(work / "p")
    import_files(project, paths)
    codes = [c.id for b in project.store.codebooks() if b.is_framework for c in b.codes]
    write_codings_csv(work / "codings.csv", project.store.source_texts(), codes, 50_000)
    import_csv(project, work / "codings.csv")
    docx = work / "big.docx"
    timed("200 sources, 50,000 codings: Word appendix (with progress)", 60.0,
          lambda: write_appendix(build_scope(project), docx, "en", progress_printer()))
    print(f"  ({docx.stat().st_size / 1e6:.1f} MB)")
    scope = build_scope(project)
    timed("200 sources, 50,000 codings: .xlsx (no budget)", None,
          lambda: write_xlsx(scope, work / "big.xlsx"))
    timed("200 sources, 50,000 codings: CSV folder (no budget)", None,
          lambda: write_csv_dir(scope, work / "csv"))
    project.close()


if __name__ == "__main__":
    main()
