"""The workbench on every terminal: colourless terminals, every size (issue 17)."""

from __future__ import annotations

import asyncio

from conftest import run_workbench as run
from textual.color import Color
from textual.filter import Monochrome

from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.main import MainScreen

FGD = "kotim-fgd-lintas-sektor"


def test_no_color_draws_the_margin_and_marks(sample, monkeypatch) -> None:
    """NO_COLOR=1 used to crash at start: the margin drew blank lines with no style."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def go() -> None:
        app = QualcodeApp(sample, FGD)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            main: MainScreen = app.screen
            assert app.no_color
            # every line of the margin goes through Textual's monochrome filter unharmed
            margin = main.query_one("#margin")
            for y in range(margin.size.height):
                margin.render_line(y).apply_filter(Monochrome(), Color(0, 0, 0))
            coded = [row for row in range(len(main.transcript.document.lines))
                     if main.transcript.codes_on_line(row)]
            assert coded  # the FGD is coded; its marks stay (underline survives NO_COLOR)

    asyncio.run(go())


def widths_hold_their_cells(table) -> None:
    """Every column is as wide as its widest line: nothing is cut."""
    for key, column in table.columns.items():
        cells = [str(table.get_cell(row, key)) for row in table.rows]
        longest = max([len(line) for cell in cells for line in cell.split("\n")] or [0])
        assert column.width >= max(longest, len(str(column.label))), column.label


def test_matrix_shows_evidence_against_and_computes_off_the_main_thread(sample) -> None:
    import threading

    from textual.widgets import DataTable

    from qualcode.tui.screens.engine import MatrixScreen

    async def scenario(app, pilot):
        threads = []
        screen = MatrixScreen("Madiun", "heideneim")
        compute = screen.compute

        def spy():
            threads.append(threading.current_thread() is threading.main_thread())
            return compute()

        screen.compute = spy
        app.push_screen(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads == [False]  # once, and not on the thread that reads the keys
        table = screen.query_one(DataTable)
        widths_hold_their_cells(table)
        cells = {str(table.get_cell_at((r, c))) for r in range(table.row_count)
                 for c in range(1, len(table.columns))}
        assert any("/ −" in cell and not cell.endswith("−0") for cell in cells)

    run(sample, scenario)


def test_comparison_labels_have_their_width(sample) -> None:
    from textual.widgets import DataTable

    from qualcode.tui.screens.engine import CompareScreen

    async def scenario(app, pilot):
        screen = CompareScreen()
        app.push_screen(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(DataTable)
        widths_hold_their_cells(table)
        first = next(iter(table.columns.values()))
        assert first.width >= len("  heideneim/no-significant-demands")

    run(sample, scenario)


def test_the_evidence_is_read_once_per_state_of_the_project(sample) -> None:
    from qualcode.model import NewCoding

    async def scenario(app, pilot):
        first = app.evidence_base()
        assert app.evidence_base() is first  # verdicts, matrix, comparison share it
        text = sample.store.source_text(FGD)
        start = text.index("DINSOS:")
        sample.store.add_coding(NewCoding(FGD, start, start + 6, "heideneim/joint-budget",
                                          coder="tester"))
        assert app.evidence_base() is not first  # a change (here or elsewhere) renews it
        app.set_blind(True)
        assert app.evidence_base().coders_used == {"tester"}

    run(sample, scenario)


def test_replaced_evidence_is_let_go_only_when_nobody_reads_it(sample) -> None:
    """The app frees a replaced evidence base piece by piece (keys never wait on a large
    project), but not while something still reads it, and verdicts taken from it stay whole."""
    from qualcode.analysis.verdicts import judge_all
    from qualcode.tui.app import QualcodeApp

    app = QualcodeApp(sample, None)
    books = sample.store.codebooks()
    held = app.evidence_base()
    before = [v.to_json() for v in judge_all(held, books)]
    app._evidence = (("changed",), held)  # as if another window had coded
    fresh = app.evidence_base()
    assert fresh is not held
    assert [v.to_json() for v in judge_all(held, books)] == before  # still read: kept whole
    verdicts = judge_all(fresh, books)
    app._evidence = (("changed",), fresh)
    del fresh
    assert [v.to_json() for v in judge_all(app.evidence_base(), books)] == before
    assert [v.to_json() for v in verdicts] == before  # taken before it was let go
