"""Budgets of the "workbench at every size" issue on the large synthetic projects. Prints one
line per budget.

    .venv/bin/python benchmarks/bench_screens.py [CODINGS ...]   (default: 50000 400000)

- open the verdict, matrix and comparison screens: input never blocked > 100 ms, results
  < 1 s at 50,000 codings;
- apply, undo, redo: < 30 ms median at 50,000 codings, < 50 ms at 400,000.

"Blocked" is the longest gap between the ticks of a 10 ms timer on the app while the screen
computes: what a key pressed then would wait.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import journal_lines, journal_rounds  # noqa: E402
from synthetic import large_project  # noqa: E402

from qualcode.store.project import Project  # noqa: E402
from qualcode.tui.app import QualcodeApp  # noqa: E402
from qualcode.tui.screens.engine import CompareScreen, MatrixScreen, VerdictScreen  # noqa: E402


async def engine_screens(project: Project) -> dict[str, tuple[float, float]]:
    """(seconds to results, longest main-thread gap) for each engine screen, opened fresh
    (the first reads the evidence; the others share it)."""
    app = QualcodeApp(project, project.store.sources()[0].name)
    found: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)
        site = project.store.sites()[0]
        for label, make in (("verdicts", VerdictScreen),
                            ("matrix", lambda: MatrixScreen(site, "heideneim")),
                            ("comparison", CompareScreen)):
            ticks: list[float] = []
            timer = app.set_interval(0.01, lambda ticks=ticks: ticks.append(time.perf_counter()))
            await pilot.pause(0.05)
            start = time.perf_counter()
            app.push_screen(make())
            await pilot.pause(0)
            # the engine's worker only (suggestions may be preparing in the background)
            await app.workers.wait_for_complete(
                [w for w in app.workers if w.group == "engine"])
            await pilot.pause(0)
            took = time.perf_counter() - start
            timer.stop()
            inside = [t for t in ticks if t >= start]
            gaps = [b - a for a, b in zip([start, *inside], [*inside, start + took],
                                          strict=True)]
            found[label] = (took, max(gaps))
            app.pop_screen()
            await pilot.pause(0.05)
    return found


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50_000, 400_000]
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-screens-"))
    for codings in sizes:
        started = time.perf_counter()
        project = large_project(work / f"p{codings}", codings)
        print(f"({codings:,} codings: project built in {time.perf_counter() - started:.0f} s)",
              flush=True)
        for label, (took, blocked) in asyncio.run(engine_screens(project)).items():
            print(f"open the {label} screen, {codings:,} codings: results {took:6.3f} s"
                  f"{' (budget 1 s)' if codings <= 50_000 else ''}, keys blocked at most "
                  f"{blocked * 1000:5.1f} ms (budget 100 ms)", flush=True)
        budget = 0.03 if codings <= 50_000 else 0.05
        journal_lines(f"a 100k source, {codings:,} codings in all", asyncio.run(
            journal_rounds(project, project.store.sources()[0].name)), budget)
        project.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
