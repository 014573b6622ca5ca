"""TUI budgets, driving the app headless (Textual's Pilot). Prints one line per budget.

    .venv/bin/python benchmarks/bench_tui.py

- first paint of the workbench on the sample project (< 0.5 s)
- open a 300k-character transcript with 2,000 codings, whole (< 1 s)
- apply a code → saved and repainted (< 50 ms)
- apply a code, undo, redo through the store's journal: each < 30 ms median on the sample
  project, < 50 ms on the 50,000-coding synthetic project (20 sites, 200 sources of ~100k
  characters)
"""

from __future__ import annotations

import asyncio
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import large_project, transcript  # noqa: E402

from qualcode.ingest.sample import build_sample  # noqa: E402
from qualcode.ingest.sources import import_files  # noqa: E402
from qualcode.model import NewCoding  # noqa: E402
from qualcode.store.project import Project  # noqa: E402
from qualcode.tui.app import QualcodeApp  # noqa: E402
from qualcode.tui.screens.main import MainScreen  # noqa: E402


def line(label: str, took: float, budget: float) -> None:
    print(f"{label:<62} {took * 1000:8.1f} ms (budget {budget * 1000:.0f} ms) "
          f"{'ok' if took < budget else 'OVER'}")


async def first_paint(project: Project) -> float:
    start = time.perf_counter()
    app = QualcodeApp(project)
    async with app.run_test(size=(160, 45)) as pilot:
        while not isinstance(app.screen, MainScreen) or app.screen.source is None:
            await pilot.pause(0.005)
        await pilot.pause(0)
        took = time.perf_counter() - start
    return took


async def big_transcript(project: Project, name: str) -> tuple[float, list[float]]:
    app = QualcodeApp(project)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        main = app.screen
        start = time.perf_counter()
        main.open_source(name)
        await pilot.pause(0)
        opened = time.perf_counter() - start
        applies = []
        step = max(1, (len(main.text) - 2000) // 10)
        for n in range(10):
            main.transcript.move_to(1000 + n * step)
            main.action_select_sentence()
            await pilot.pause()  # selecting scrolls and repaints; the researcher then codes
            start = time.perf_counter()
            main.apply("heideneim/formal-contract", "supports")
            await pilot.pause(0)
            applies.append(time.perf_counter() - start)
    return opened, applies


async def journal_rounds(project: Project, name: str, rounds: int = 10
                         ) -> dict[str, list[float]]:
    """At `rounds` places of a source: apply a code, undo it, redo it, as the keys do (each
    action one transaction through the store's journal, then the repaint of its lines)."""
    project.coder = "bench-tui"
    app = QualcodeApp(project, name)
    took: dict[str, list[float]] = {"apply": [], "undo": [], "redo": []}
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        main = app.screen
        step = max(1, (len(main.text) - 2000) // rounds)
        for n in range(rounds):
            main.transcript.move_to(1000 + n * step)
            main.action_select_sentence()
            await pilot.pause()
            for action, act in (
                    ("apply", lambda: main.apply("heideneim/joint-budget", "contradicts")),
                    ("undo", main.action_undo), ("redo", main.action_redo)):
                await pilot.pause(0.05)  # the previous action's frame is drawn
                start = time.perf_counter()
                act()
                await pilot.pause(0)
                took[action].append(time.perf_counter() - start)
                assert str(main.query_one("#status").render()).startswith("✓ saved"), action
    return took


async def another_window(project: Project, name: str, rounds: int = 5) -> dict[str, float]:
    """What the workbench spends on the main thread when another connection has written:
    this source's codings re-read at once, the project's counts in a worker (as the poll
    does), against reading the counts in the foreground."""
    app = QualcodeApp(project, name)
    took: dict[str, list[float]] = {"worker": [], "foreground": []}
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        main = app.screen
        main.poller.pause()
        for way in took:
            for _ in range(rounds):
                await pilot.pause(0.2)
                start = time.perf_counter()
                main.reread(background=way == "worker")
                await pilot.pause(0)
                took[way].append(time.perf_counter() - start)
                await app.workers.wait_for_complete()
    return {way: sorted(times)[rounds // 2] for way, times in took.items()}


def journal_lines(where: str, took: dict[str, list[float]], budget: float) -> None:
    for action, times in took.items():
        times.sort()
        line(f"{action} in {where} (median of {len(times)})", times[len(times) // 2], budget)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-tui-"))
    sample = build_sample(work / "sample")
    took = asyncio.run(first_paint(sample))
    line("first paint of the workbench (sample project)", took, 0.5)
    path = work / "big.txt"
    path.write_text(transcript(random.Random(3), "Besar", 0, 300_000), encoding="utf-8")
    import_files(sample, [path])
    text = sample.store.source_text("big")
    rng = random.Random(5)
    codes = [c.id for b in sample.store.codebooks() for c in b.codes]
    codings = []
    for _ in range(2000):
        start = rng.randrange(0, len(text) - 400)
        codings.append(NewCoding("big", start, start + rng.randint(20, 300), rng.choice(codes),
                                 "supports", f"bench{rng.randrange(1000)}"))
    sample.store.add_codings(codings)
    opened, applies = asyncio.run(big_transcript(sample, "big"))
    line(f"open a {len(text):,}-character transcript with 2,000 codings", opened, 1.0)
    applies.sort()
    line("apply a code → saved and repainted (median of 10)", applies[5], 0.05)
    line("apply a code → saved and repainted (worst of 10)", applies[-1], 0.05)
    journal_lines("the sample FGD", asyncio.run(journal_rounds(
        sample, "kotim-fgd-lintas-sektor")), 0.03)
    sample.close()
    large = large_project(work / "large")
    codings = sum(n for *_, n in large.store.code_counts())
    journal_lines(f"a 100k source, {codings:,} codings in all", asyncio.run(journal_rounds(
        large, large.store.sources()[0].name)), 0.05)
    shown = asyncio.run(another_window(large, large.store.sources()[0].name))
    print(f"(no budget) another window wrote: main thread {shown['worker'] * 1000:.1f} ms, "
          f"counts in a worker; {shown['foreground'] * 1000:.1f} ms if read in the foreground")
    large.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
