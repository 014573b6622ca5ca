"""Pilot tests: real key presses on the workbench, checked against the store."""

from __future__ import annotations

import asyncio

from conftest import SHARED
from docx import Document

from qualcode.tui.app import QualcodeApp
from qualcode.tui.jobs import exports_folder
from qualcode.tui.screens.engine import IndicatorScreen, VerdictScreen
from qualcode.tui.screens.excerpts import ExcerptsScreen
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.screens.main import MainScreen

FGD = "kotim-fgd-lintas-sektor"


def run(sample, scenario, source: str = FGD) -> None:
    sample.coder = "tester"

    async def go() -> None:
        app = QualcodeApp(sample, source)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(go())


async def pick(pilot, text: str) -> None:
    """Type into the fuzzy picker and take the best hit."""
    await pilot.pause()
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await pilot.pause(0.4)
    await pilot.press("down", "enter")
    await pilot.pause()


async def to_dinsos_sentence(app, pilot) -> tuple[int, int]:
    """Move to the DINSOS turn and select its first sentence; return the span."""
    main: MainScreen = app.screen
    dinsos = next(t for t in main.turns if t.speaker == "DINSOS")
    main.transcript.move_to(dinsos.start + 1)
    await pilot.press("s")
    await pilot.pause()
    return main.transcript.selected_span


def mine(sample):
    return sample.store.codings(coder="tester")


def test_code_a_span_with_the_keyboard(sample) -> None:
    async def scenario(app, pilot):
        span = await to_dinsos_sentence(app, pilot)
        text = sample.store.source_text(FGD)
        assert text[span[0]:span[1]] == "Terima kasih, Mbak."
        await pilot.press("c")
        await pick(pilot, "nik-validity")
        (coding,) = mine(sample)
        assert (coding.code, coding.stance, coding.start, coding.end) == (
            "uhc-themes/nik-validity", "supports", *span)
        assert "✓ saved" in str(app.screen.query_one("#status").render())
        transcript = app.screen.transcript
        row = transcript.index.location(span[0])[0]
        assert ("nik-validity", "uhc-themes/nik-validity") in transcript.codes_on_line(row)

    run(sample, scenario)


def test_contradicts_memo_edit_delete_undo_redo(sample) -> None:
    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await pilot.press("x")
        await pick(pilot, "shared vision")  # by English label
        (coding,) = mine(sample)
        assert coding.stance == "contradicts" and coding.code.endswith("/shared-vision")
        await pilot.press("m")
        await pilot.pause()
        for ch in "data beda":
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await pilot.pause()
        assert mine(sample)[0].memo == "data beda"
        await pilot.press("e")
        await pick(pilot, "validitas nik")  # by Indonesian label
        assert mine(sample)[0].code == "uhc-themes/nik-validity"
        await pilot.press("S")
        assert mine(sample)[0].stance == "supports"
        await pilot.press("d")
        await pilot.pause()
        assert mine(sample) == []
        # undo delete, stance, code change, memo: back to the first coding
        await pilot.press("u", "u", "u", "u")
        await pilot.pause()
        (back,) = mine(sample)
        assert (back.id, back.code, back.stance, back.memo) == (
            coding.id, coding.code, "contradicts", "")
        await pilot.press("u")
        assert mine(sample) == []
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")
        await pilot.pause()
        (again,) = mine(sample)  # add, memo, code change redone; stance and delete not
        assert (again.id, again.code, again.stance, again.memo) == (
            coding.id, "uhc-themes/nik-validity", "contradicts", "data beda")

    run(sample, scenario)


def test_repeat_and_recent_codes(sample) -> None:
    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await pilot.press("c")
        await pick(pilot, "nik-validity")
        await pilot.press("right_parenthesis", "s", "full_stop")
        await pilot.pause()
        await pilot.press("right_parenthesis", "s", "1")
        await pilot.pause()
        assert [c.code for c in mine(sample)] == ["uhc-themes/nik-validity"] * 3
        assert len({c.start for c in mine(sample)}) == 3

    run(sample, scenario)


def test_filter_shows_one_code(sample) -> None:
    async def scenario(app, pilot):
        main = app.screen
        assert len(main.transcript.shown_codes()) > 3
        await pilot.press("f")
        await pick(pilot, "budget-burden")
        assert main.transcript.shown_codes() == {"uhc-themes/budget-burden"}
        await pilot.press("n")
        await pilot.pause()
        span = main.transcript.selected_span
        assert any(c.start == span[0] and c.code == "uhc-themes/budget-burden"
                   for c in sample.store.codings(source=FGD))
        await pilot.press("F")
        assert len(main.transcript.shown_codes()) > 3

    run(sample, scenario)


def test_retrieval_jumps_to_the_place(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("r")
        await pick(pilot, "joint-budget")
        assert isinstance(app.screen, ExcerptsScreen)
        first = app.screen.rows[0]
        assert first.source != FGD  # the jump has to switch sources
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.source == first.source
        assert app.screen.transcript.selected_span == (first.start, first.end)

    run(sample, scenario)


def test_verdict_drill_down_reaches_a_quote(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("V")
        await app.workers.wait_for_complete()  # verdicts are computed in a worker
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        sites = app.screen.sites
        frameworks = [b.id for b in app.screen.frameworks]
        # Madiun row, heideneim column
        await pilot.press(*["down"] * sites.index("Madiun"),
                          *["right"] * (frameworks.index("heideneim") + 1))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert app.screen.verdict.verdict == "partnership"
        codes = [e.code for e in app.screen.verdict.indicators]
        await pilot.press(*["down"] * codes.index("heideneim/joint-budget"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExcerptsScreen)
        row = app.screen.rows[0]
        assert row.stance == "contradicts"
        await pilot.press("enter")
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen) and main.source == row.source
        assert sample.store.source_text(row.source)[row.start:row.end] == row.text

    run(sample, scenario)


def test_views_follow_coding_changes(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("V")
        await pilot.pause()
        before = app.screen.verdicts["Kotawaringin Timur", "heideneim"].indicators
        await pilot.press("escape")
        await to_dinsos_sentence(app, pilot)
        await pilot.press("c")
        await pick(pilot, "heideneim/joint-budget")
        await pilot.press("V")
        await pilot.pause()
        after = app.screen.verdicts["Kotawaringin Timur", "heideneim"].indicators
        count = {e.code: len(e.supports) for e in after}
        assert count["heideneim/joint-budget"] == 1 + {
            e.code: len(e.supports) for e in before}["heideneim/joint-budget"]

    run(sample, scenario)


def test_help_groups_every_key_by_task_in_human_names_within_80_columns(sample) -> None:
    from qualcode.tui.keys import TASKS

    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("#help-text").render().plain
        lines = text.splitlines()
        assert max(map(len, lines)) <= 76  # inside the 80-column box with its border
        assert all(b.id and b.description for b in MainScreen.BINDINGS)
        for task, bindings in TASKS:
            assert task in lines
            for binding in bindings:
                if not binding.action.startswith("recent_code"):
                    assert binding.description in text
        assert "Recent code 1–9" in text  # the nine twins on one line
        for raw in ("full_stop", "left_curly_bracket", "question_mark", "main."):
            assert raw not in text
        assert any(line.split()[:1] == ["."] for line in lines)  # repeat last code
        assert any(line.split()[:1] == ["{"] for line in lines)  # previous turn
        await pilot.press("q")  # q closes help; q again quits
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running

    run(sample, scenario)


def test_every_action_is_in_the_command_palette(sample) -> None:
    async def scenario(app, pilot):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {b.description for b in MainScreen.BINDINGS} <= titles

    run(sample, scenario)


def test_hide_panes(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("left_square_bracket")
        assert app.screen.query_one("#navigator").has_class("hidden")
        await pilot.press("left_square_bracket")
        assert not app.screen.query_one("#navigator").has_class("hidden")

    run(sample, scenario)


def test_export_runs_in_a_worker_and_reports_the_path(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("E")
        await pick(pilot, "anonymised")
        assert isinstance(app.screen, JobScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        out = exports_folder(sample.path) / "lampiran-anon.docx"
        assert app.screen.result == f"✓ wrote {out}"
        headings = [p.text for p in Document(str(out)).paragraphs
                    if p.style.name.startswith(("Title", "Heading"))]
        assert headings[0] == "LAMPIRAN" and "Lampiran 1. Buku Kode" in headings

    run(sample, scenario)


def test_refi_import_from_the_tui(project, tmp_path) -> None:
    """An empty project imports a real qc export in a worker and shows its sources."""
    project.coder = "tester"
    qc_demo = SHARED / "refi-qda" / "samples" / "qc-demo.qdpx"

    async def go() -> None:
        app = QualcodeApp(project)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            await pilot.press("I")
            await pilot.pause()
            app.screen.query_one("#prompt").value = str(qc_demo)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, JobScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.result.startswith("✓ imported")
            await pilot.press("escape")
            await pilot.pause()
            assert app.main.source in project.store.source_names()
            assert project.store.codings()

    asyncio.run(go())


def test_adjudication_queue_writes_consensus_codings(sample) -> None:
    from qualcode.analysis.agreement import CoderComparison
    from qualcode.tui.screens.adjudicate import AdjudicationScreen

    async def scenario(app, pilot):
        await pilot.press("A")
        await pick(pilot, "sample vs sample-b")
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        queue = screen.queue
        assert len(queue) == len(CoderComparison(sample.store, ["sample", "sample-b"])
                                 .disagreements()) > 10
        first, second, third = queue[0], queue[1], queue[2]
        await pilot.press("a")  # accept sample on the first unit
        await pilot.press("0")  # neither on the second
        await pilot.press("x")  # whole unit contradicts on the third
        await pilot.pause()
        consensus = sample.store.codings(coder="consensus")
        spans = {(c.source, c.code, c.stance) for c in consensus}
        kept = first.decision("sample")
        if kept.coding_ids:
            assert (first.unit.source, first.code, sample.store.coding(
                kept.coding_ids[0]).stance) in spans
        assert not [c for c in consensus if c.code == second.code and
                    second.unit.start <= c.start < second.unit.end and
                    c.source == second.unit.source]
        assert (third.unit.source, third.code, "contradicts") in spans
        assert any(c.start == third.unit.start and c.end == third.unit.end for c in consensus)
        assert len(screen.settled) == 3
        figures = str(screen.query_one("#adjudicate-figures").render())
        assert "Before: κ" in figures and "after: sample vs consensus" in figures

    run(sample, scenario)


def test_blind_mode_hides_other_coders(sample) -> None:
    async def scenario(app, pilot):
        main = app.screen
        assert main.transcript.shown_codes()
        await pilot.press("B")
        assert main.transcript.shown_codes() == set()  # "tester" has coded nothing yet
        await to_dinsos_sentence(app, pilot)
        await pilot.press("c")
        await pick(pilot, "nik-validity")
        assert main.transcript.shown_codes() == {"uhc-themes/nik-validity"}
        await pilot.press("B")
        assert len(main.transcript.shown_codes()) > 1

    run(sample, scenario)


def test_suggestions_panel_accept_and_reject(sample) -> None:
    from qualcode.tui.widgets.suggestions import SuggestionsPanel

    async def scenario(app, pilot):
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(SuggestionsPanel)
        assert panel.items, "no suggestions for the FGD"
        first = panel.current()
        assert app.screen.transcript.selected_span == (first.start, first.end)
        before = len(sample.store.codings())
        await pilot.press("a")
        await pilot.pause()
        accepted = [c for c in sample.store.codings(coder="tester")]
        assert len(sample.store.codings()) == before + 1
        assert (accepted[0].origin, accepted[0].model_version, accepted[0].code) == (
            "suggestion", first.model_version, first.code)
        second = panel.current()
        await pilot.press("minus")  # reject (r is retrieve everywhere)
        await pilot.pause()
        assert (second.source, second.start, second.end, second.code) in \
            sample.store.rejections()
        assert len(sample.store.codings()) == before + 1  # a rejection is not a coding

    run(sample, scenario)


def test_picker_matches_words_in_any_order(sample) -> None:
    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await pilot.press("c")
        await pick(pilot, "data sinkron")  # the Indonesian label is "Sinkronisasi data"
        (coding,) = mine(sample)
        assert coding.code == "uhc-themes/data-synchronisation"

    run(sample, scenario)


def test_researcher_turns_are_dimmed(sample) -> None:
    async def scenario(app, pilot):
        main = app.screen
        question = next(t for t in main.turns if t.is_researcher)
        answer = next(t for t in main.turns if not t.is_researcher)
        rows = main.transcript.researcher_rows
        assert main.transcript.index.location(question.start)[0] in rows
        assert main.transcript.index.location(answer.start)[0] not in rows
        line = main.transcript.get_line(main.transcript.index.location(question.start)[0])
        assert any(span.style.dim for span in line.spans)

    run(sample, scenario)


def test_changing_to_a_code_the_span_already_has_is_refused(sample) -> None:
    async def scenario(app, pilot):
        await to_dinsos_sentence(app, pilot)
        await pilot.press("c")
        await pick(pilot, "nik-validity")
        await pilot.press("c")
        await pick(pilot, "budget-burden")
        before = sorted(c.code for c in mine(sample))
        await pilot.press("e")  # the innermost coding is the newest: change it to nik-validity
        await pick(pilot, "nik-validity")
        assert sorted(c.code for c in mine(sample)) == before
        assert "not changed" in str(app.screen.query_one("#status").render()).lower()

    run(sample, scenario)


def test_a_reading_recorded_in_the_drill_down_moves_the_verdict_and_is_undone(sample
                                                                             ) -> None:
    """The drill-down shows the verdict's sensitivity; `n` records the researcher's reading
    with its rationale, the verdict is judged again and says so; `u` takes it back."""
    why = "the MoU was signed but never acted on by the district agencies"

    async def scenario(app, pilot):
        await pilot.press("V")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        await pilot.press(*["down"] * screen.sites.index("Kotawaringin Timur"),
                          *["right"] * ([b.id for b in screen.frameworks].index("heideneim")
                                        + 1), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, IndicatorScreen) and drill.verdict.verdict == "alliance"
        said = str(drill.query_one("#indicators-sensitivity").render())
        assert said.startswith("Sensitivity: rests on ")  # KT's alliance turns on codings
        codes = [e.code for e in drill.verdict.indicators]
        await pilot.press(*["down"] * codes.index("heideneim/semi-formal"), "n")
        await pilot.pause()
        await pilot.press(*why, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reading, = [r for r in sample.store.readings() if r.site == "Kotawaringin Timur"]
        assert (reading.site, reading.code, reading.established, reading.rationale,
                reading.coder) == ("Kotawaringin Timur", "heideneim/semi-formal", False, why,
                                   sample.coder)
        assert drill.verdict.verdict != "alliance"
        assert why in drill.verdict.explanation["en"]
        row = drill.query_one("#indicators").get_row("heideneim/semi-formal")
        assert "read as not established" in str(row[1])
        assert why in str(drill.query_one("#indicator-reading").render())
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.site for r in sample.store.readings()] == ["Banyuasin"] * 3
        assert drill.verdict.verdict == "alliance"
        await pilot.press("x")  # nothing to clear: said, nothing written
        await pilot.pause()
        assert "has no reading" in str(drill.query_one("#indicators-status").render())

    run(sample, scenario)
