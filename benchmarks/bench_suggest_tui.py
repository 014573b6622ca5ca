"""The workbench's first suggestions (issue 17), the app driven headless by Textual's Pilot on
the sample project. Prints one line per figure.

    .venv/bin/python benchmarks/bench_suggest_tui.py [RUNS]

- first suggestions for an opened source (< 2 s, input never blocked): from opening the
  source (the workbench's start, in a fresh process: spaCy and scikit-learn not loaded yet) to
  its suggestions prepared in the background; then for a second source opened in the same
  session (the pipelines, corpus and model warm);
- G once they are prepared: from G's action to the end of the frame that shows the list
  (the panel's first showing: the side pane is laid out again);
- the longest the main thread was blocked meanwhile: a timer ticking every 10 ms on the app
  records the largest gap between two ticks (10 ms is no block at all).

Each run is a fresh process (the cold start is once per process); RUNS defaults to 3.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qualcode.ingest.sample import build_sample
from qualcode.store.project import Project

TICK = 0.01


async def measure(path: Path) -> dict[str, float]:
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.main import MainScreen
    from qualcode.tui.widgets.suggestions import SuggestionsPanel

    project = Project.open(path)
    project.coder = "bench"
    names = sorted(project.store.source_names())
    ticks: list[float] = []
    app = QualcodeApp(project, names[0])
    figures: dict[str, float] = {}
    start = time.perf_counter()  # the workbench opens names[0] as it starts
    async with app.run_test(size=(160, 45)) as pilot:
        app.set_interval(TICK, lambda: ticks.append(time.perf_counter()))
        while not isinstance(app.screen, MainScreen) or app.screen.source is None:
            await pilot.pause(0.001)
        await pilot.pause(0)
        ticks.clear()  # from here on, only the preparation runs (in its thread)
        panel = app.screen.query_one(SuggestionsPanel)
        while panel.prepared is None:
            await pilot.pause(0.001)
        figures["cold: open → suggestions ready"] = time.perf_counter() - start
        figures["cold: longest block of the main thread, after it"] = _worst(ticks)
        count = len(panel.prepared)

        start = time.perf_counter()
        app.screen.open_source(names[1])
        ticks.clear()  # (opening the source itself is the workbench's own, timed elsewhere)
        while panel.prepared is None:
            await pilot.pause(0.001)
        figures["warm: open another source → suggestions ready"] = time.perf_counter() - start
        await pilot.pause(0.05)
        figures["warm: longest block of the main thread"] = _worst(ticks)

        start = time.perf_counter()
        app.screen.action_suggest()  # G's action, to the end of the frame that shows it
        await pilot.pause(0)
        assert panel.items
        figures["G when prepared → list on screen"] = time.perf_counter() - start
        figures["suggestions (first source)"] = count
    project.close()
    return figures


def _worst(ticks: list[float]) -> float:
    return max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=0.0)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(asyncio.run(measure(Path(sys.argv[2])))))
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample"
        build_sample(path).close()
        results = [json.loads(subprocess.run(
            [sys.executable, __file__, "--one", str(path)], capture_output=True, text=True,
            check=True).stdout.strip().splitlines()[-1]) for _ in range(runs)]
    for label in results[0]:
        values = sorted(r[label] for r in results)
        if label.startswith("suggestions"):
            print(f"{label:<52} {values[0]:.0f}")
        else:
            print(f"{label:<52} {values[0] * 1000:7.0f}–{values[-1] * 1000:.0f} ms "
                  f"({runs} runs)")


if __name__ == "__main__":
    main()
