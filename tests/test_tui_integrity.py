"""Pilot tests: the workbench with other windows, coders and processes on the same project.

Another connection (`open_store` on the same project.db, or a raw sqlite3 connection holding
the write lock) plays the second window, the second coder or the CLI. The workbench must never
crash on the store, never change another coder's coding, say in one line why not, notice
what others changed, and keep blind mode blind in every view.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from contextlib import nullcontext

import pytest
from conftest import snapshot_db
from test_tui import FGD, mine, pick, run, to_dinsos_sentence

from qualcode.errors import QualcodeError
from qualcode.model import NewCoding
from qualcode.store import open_store
from qualcode.store.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.editor import edit_text
from qualcode.tui.jobs import exports_folder
from qualcode.tui.screens.adjudicate import AdjudicationScreen
from qualcode.tui.screens.engine import MatrixScreen, VerdictScreen
from qualcode.tui.screens.excerpts import ExcerptsScreen
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.widgets.navigator import Navigator

BUSY = "project busy: another qualcode is writing; try again"
CODE = "uhc-themes/nik-validity"


def status(app) -> str:
    return str(app.main.query_one("#status").render())


def details(app) -> str:
    return str(app.main.query_one("#details").render())


def other(sample):
    """A second connection to the project, as another window, coder or the CLI has."""
    return open_store(sample.path / "project.db")


async def code_it(app, pilot, code: str = CODE) -> None:
    await pilot.press("c")
    await pick(pilot, code)


def test_busy_project_says_so_writes_nothing_and_recovers(sample) -> None:
    holder = sqlite3.connect(sample.path / "project.db", isolation_level=None)

    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        before = snapshot_db(sample)
        holder.execute("BEGIN IMMEDIATE")  # another qualcode is writing (for 10 s, say)
        try:
            began = time.perf_counter()
            await code_it(app, pilot)
            waited = time.perf_counter() - began
            assert status(app) == BUSY
            assert waited < 9  # gave up after a short wait, not the CLI's 30 s
            assert mine(sample) == []
            assert snapshot_db(sample) == before
            await pilot.press("S", "u")  # more writes while busy: refused, no crash
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.is_running
        finally:
            holder.execute("ROLLBACK")  # the other writer is done
        await code_it(app, pilot)
        (coding,) = mine(sample)
        assert coding.code == CODE and "✓ saved" in status(app)

    try:
        run(sample, scenario)
    finally:
        holder.close()


def test_a_coding_deleted_elsewhere_under_the_cursor(sample) -> None:
    async def scenario(app, pilot):
        main = app.main
        await to_dinsos_sentence(app, pilot)
        await code_it(app, pilot)
        (coding,) = mine(sample)
        main.poller.pause()  # the view is stale: it has not noticed the delete yet
        with other(sample) as window:
            window.delete_coding(coding.id, "tester", coding.version)
        before = snapshot_db(sample)
        await pilot.press("S")
        await pilot.pause()
        assert "was deleted by tester" in status(app) and "not changed" in status(app)
        assert snapshot_db(sample) == before
        main.poller.resume()
        await pilot.pause(1.2)  # the workbench notices and shows the project as it is
        assert coding.id not in {c.id for c in main.codings}
        assert "No coding under the cursor." in details(app)

    run(sample, scenario)


def test_another_coders_coding_is_read_only(sample) -> None:
    async def scenario(app, pilot):
        main = app.main
        span = await to_dinsos_sentence(app, pilot)
        with other(sample) as window:
            ana = window.add_coding(NewCoding(FGD, *span, CODE, "supports", "ana"))
        await pilot.pause(1.2)
        assert ana.id in {c.id for c in main.codings}
        assert "ana (read-only)" in details(app)
        before = snapshot_db(sample)
        for key in ("S", "d", "e", "m", "M"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key  # no picker, no prompt
            assert status(app) == "this coding is ana's; only ana can change it", key
        assert snapshot_db(sample) == before
        # with the coder's own coding there too, the keys act on theirs
        await code_it(app, pilot, "heideneim/joint-budget")
        await pilot.press("S")
        await pilot.pause()
        (own,) = mine(sample)
        assert own.stance == "contradicts"
        assert sample.store.coding(ana.id) == ana

    run(sample, scenario)


def test_undo_survives_a_restart(sample) -> None:
    async def first(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await code_it(app, pilot)
        assert len(mine(sample)) == 1

    run(sample, first)

    async def second() -> None:
        with Project.open(sample.path) as again:
            again.coder = "tester"
            app = QualcodeApp(again, FGD)
            async with app.run_test(size=(160, 45)) as pilot:
                await pilot.pause()
                await pilot.press("u")
                await pilot.pause()
                assert mine(again) == []
                assert "undone: coded uhc-themes/nik-validity" in status(app)

    asyncio.run(second())


def test_another_window_adding_a_coding_shows_up_within_a_second(sample) -> None:
    async def scenario(app, pilot):
        main = app.main
        span = await to_dinsos_sentence(app, pilot)
        row = main.transcript.index.location(span[0])[0]
        mark = ("nik-validity¬", CODE)
        assert mark not in main.transcript.codes_on_line(row)
        elsewhere = "madiun-cadre-kota"
        with other(sample) as window:
            added = window.add_coding(NewCoding(FGD, *span, CODE, "contradicts", "ana"))
            window.add_coding(NewCoding(elsewhere, 10, 40, CODE, "supports", "ana"))
        await pilot.pause(1.2)
        assert added in main._visible()
        assert mark in main.transcript.codes_on_line(row)
        assert main.transcript.selected_span == span  # cursor and selection kept
        assert f"{CODE} — " in details(app) and "ana (read-only)" in details(app)
        await app.workers.wait_for_complete()  # the project-wide counts, read in a worker
        await pilot.pause()
        for name in (FGD, elsewhere):
            label = str(main.query_one(Navigator).source_nodes[name].label)
            assert f" · {len(sample.store.codings(source=name))} · " in label

    run(sample, scenario)


def test_blind_mode_is_blind_everywhere(sample) -> None:
    from openpyxl import load_workbook

    from qualcode.suggest.engine import engine_for
    from qualcode.tui.widgets.codebook import CodebookPane
    from qualcode.tui.widgets.suggestions import SuggestionsPanel

    assert {"sample", "sample-b"} <= set(sample.store.coders())

    async def scenario(app, pilot):
        main = app.main
        await to_dinsos_sentence(app, pilot)
        await code_it(app, pilot, "heideneim/joint-budget")
        await pilot.press("B")
        await pilot.pause()
        assert "BLIND" in app.sub_title and "coder tester" in app.sub_title
        assert main.transcript.shown_codes() == {"heideneim/joint-budget"}
        assert sum(here for here, _ in main.query_one(CodebookPane).counts.values()) == 1
        assert app.evidence_base().coders_used == {"tester"}
        # retrieval: only the coder's excerpt, though sample and sample-b coded joint-budget
        await pilot.press("r")
        await pick(pilot, "heideneim/joint-budget")
        assert isinstance(app.screen, ExcerptsScreen)
        assert [r.coders for r in app.screen.rows] == ["tester"]
        await pilot.press("escape")
        # verdicts: judged from the coder's evidence alone
        await pilot.press("V")
        await app.workers.wait_for_complete()  # verdicts are computed in a worker
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        coders = {c for v in app.screen.verdicts.values() for e in v.indicators
                  for c in e.coders}
        assert coders == {"tester"}
        await pilot.press("escape")
        # matrices
        await pilot.press("T")
        await pick(pilot, "heideneim")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        cells = [e for r in app.screen.matrix.rows for c in r.cells
                 for e in c.supports + c.contradicts]
        assert cells and {c for e in cells for c in e.coders} == {"tester"}
        await pilot.press("escape")
        # suggestions: the model learned from the coder's codings only
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert main.query_one(SuggestionsPanel).items
        assert engine_for(sample).info.codings == 1
        # an export started here: only the coder's codings
        main.transcript.focus()
        await pilot.press("E")
        await pick(pilot, "Workbook")
        assert isinstance(app.screen, JobScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.result.startswith("✓ wrote")
        sheet = load_workbook(exports_folder(sample.path) / "qualcode.xlsx")["codings"]
        header, *rows = list(sheet.values)
        assert {row[header.index("coder")] for row in rows} == {"tester"}
        await pilot.press("escape")
        # adjudication compares coders: refused while blind
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and "blind mode is on" in status(app)
        await pilot.press("B")
        await pilot.pause()
        assert "BLIND" not in app.sub_title and app.evidence_base().coders_used is None
        assert len(main.transcript.shown_codes()) > 1

    run(sample, scenario)


def test_adjudication_remembers_neither_and_resumes(sample) -> None:
    async def open_queue(app, pilot) -> AdjudicationScreen:
        await pilot.press("A")
        await pick(pilot, "sample vs sample-b")
        assert isinstance(app.screen, AdjudicationScreen)
        return app.screen

    async def scenario(app, pilot):
        screen = await open_queue(app, pilot)
        first, second = screen.queue[0], screen.queue[1]
        await pilot.press("0")  # neither on the first
        await pilot.pause()
        which = next(i for i, d in enumerate(second.decisions) if d.coding_ids)
        coder = second.decisions[which].coder
        await pilot.press("ab"[which])  # accept the coder who coded the second
        await pilot.pause()
        (neither, accepted) = sample.store.rulings()
        assert (neither.accepted, neither.decided_by) == ((), "tester")
        assert accepted.accepted == (coder,)
        await pilot.press("escape")
        await pilot.pause()
        consensus = sample.store.codings(source=FGD, coder="consensus")
        assert second.unit.source == FGD and consensus  # the workbench shows them at once
        assert set(consensus) <= set(app.main.codings)
        screen = await open_queue(app, pilot)
        assert screen.queue[:2] == [first, second]
        assert screen.settled == {0: "neither", 1: f"accepted: {coder}"}
        table = screen.query_one("#queue")
        assert table.get_row_at(0)[1] == "neither"
        assert table.cursor_row == 2  # resumes at the first undecided
        await pilot.press("up", "up")
        await pilot.pause()
        assert "decided: neither (by tester" in str(
            screen.query_one("#adjudicate-unit").render())

    run(sample, scenario)


def test_missing_editor_is_one_line(sample, monkeypatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/nonexistent/qualcode-editor --wait")

    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await code_it(app, pilot)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.is_running
        assert status(app) == ("editor '/nonexistent/qualcode-editor' (from $VISUAL/$EDITOR) "
                               "not found; memo not changed (m writes a memo here)")
        assert mine(sample)[0].memo == ""

    run(sample, scenario)


def test_no_editor_at_all_and_failing_editor(monkeypatch, tmp_path) -> None:
    class Suspending:
        def suspend(self):
            return nullcontext()

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # not even vi
    with pytest.raises(QualcodeError, match=r"^no editor: set \$VISUAL or \$EDITOR"):
        edit_text(Suspending(), "memo")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setenv("EDITOR", "false")
    with pytest.raises(QualcodeError, match="exited with status 1; memo not changed"):
        edit_text(Suspending(), "memo")
    monkeypatch.setenv("VISUAL", "sh -c 'printf \"new memo\\n\" > \"$0\"'")
    assert edit_text(Suspending(), "memo") == "new memo"


def test_read_only_project_refuses_in_one_line(sample) -> None:
    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        sample.store.read_only = True  # as on a read-only mount
        await code_it(app, pilot)
        assert "read-only" in status(app) and "nothing was saved" in status(app)
        assert mine(sample) == []

    run(sample, scenario)


def test_an_unexpected_error_exits_non_zero(sample, monkeypatch) -> None:
    def broken(self) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(MainScreen, "on_mount", broken)
    sample.coder = "tester"
    assert QualcodeApp(sample, FGD).run_workbench(headless=True) == 1


def test_a_refused_suggestion_stays_in_the_list(sample) -> None:
    from qualcode.tui.widgets.suggestions import SuggestionsPanel

    async def scenario(app, pilot):
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.main.query_one(SuggestionsPanel)
        first, count = panel.current(), len(panel.items)
        sample.store.read_only = True
        await pilot.press("a")
        await pilot.pause()
        assert "read-only" in status(app)
        assert panel.current() == first and len(panel.items) == count
        sample.store.read_only = False
        await pilot.press("a")
        await pilot.pause()
        assert len(panel.items) == count - 1 and "accepted suggestion" in status(app)

    run(sample, scenario)


def test_coding_the_researchers_words_says_it_is_not_evidence(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("s", "c")  # the first sentence: the interviewer's greeting
        await pick(pilot, "formal contract")
        status = str(app.screen.query_one("#status").render())
        assert "only the researcher's words (Pewawancara): not evidence" in status
        assert len(sample.store.codings(source="madiun-cadre-kota", coder="tester")) == 1

    run(sample, scenario, source="madiun-cadre-kota")
