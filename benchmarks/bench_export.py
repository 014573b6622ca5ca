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

from synthetic import large_project, timed  # noqa: E402

from qualcode.ingest.sample import build_sample  # noqa: E402
from qualcode.reports.build import build_report  # noqa: E402
from qualcode.reports.docx import write_appendix  # noqa: E402
from qualcode.reports.tables import write_csv_dir, write_xlsx  # noqa: E402


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
    timed("sample project: Word appendix (report + write)", 3.0, lambda: write_appendix(
        build_report(sample), work / "sample.docx"))
    timed("sample project: Word appendix, Indonesian, anonymised", 3.0, lambda: write_appendix(
        build_report(sample, anonymise=True, lang="id"), work / "sample-id.docx"))
    sample.close()

    project = large_project(work)
    docx = work / "big.docx"
    timed("200 sources, 50,000 codings: Word appendix (with progress)", 60.0,
          lambda: write_appendix(build_report(project, progress=progress_printer()), docx))
    print(f"  ({docx.stat().st_size / 1e6:.1f} MB)")
    report = build_report(project)
    timed("200 sources, 50,000 codings: .xlsx from the report (no budget)", None,
          lambda: write_xlsx(report, work / "big.xlsx"))
    timed("200 sources, 50,000 codings: CSV folder from the report (no budget)", None,
          lambda: write_csv_dir(report, work / "csv"))
    project.close()


if __name__ == "__main__":
    main()
