"""Pilot tests (issue 17): suggestions tied to the open source and prepared in the background;
keys with one meaning (rejecting a suggestion is `-` and undoable, `r` stays retrieve;
adjudication's "neither" is `0`, not `n`, and its decisions undo with `u`)."""

from __future__ import annotations

from conftest import write
from test_tui import FGD, run
from test_tui_sources import KOTA, corrected
from textual.widgets import Input

from qualcode.store import open_store
from qualcode.tui.screens.adjudicate import AdjudicationScreen
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.widgets.suggestions import SuggestionsPanel


def status(app) -> str:
    return str(app.main.query_one("#status").render())


def title(panel: SuggestionsPanel) -> str:
    return str(panel.query_one("#suggestions-title").render())


async def suggestions(app, pilot) -> SuggestionsPanel:
    await pilot.press("G")
    await app.workers.wait_for_complete()
    await pilot.pause()
    panel = app.main.query_one(SuggestionsPanel)
    assert panel.items, "no suggestions"
    return panel


def key(s) -> tuple:
    return (s.source, s.start, s.end, s.code)


def test_reject_a_suggestion_then_undo_brings_it_back(sample) -> None:
    async def scenario(app, pilot):
        panel = await suggestions(app, pilot)
        count = len(panel.items)
        await pilot.press("k")  # the second one
        s = panel.current()
        await pilot.press("minus")
        await pilot.pause()
        assert key(s) in sample.store.rejections()
        assert s not in panel.items and len(panel.items) == count - 1
        assert "u undoes" in status(app)
        await pilot.press("u")
        await pilot.pause()
        assert key(s) not in sample.store.rejections()
        assert panel.items[1] == s and panel.current() == s and len(panel.items) == count
        assert app.main.transcript.selected_span == (s.start, s.end)
        await pilot.press("ctrl+r")  # redone: out of the list again
        await pilot.pause()
        assert key(s) in sample.store.rejections() and s not in panel.items
        await pilot.press("u")
        await pilot.pause()
        assert s in panel.items
        # accepted, then undone: back in the list too, and no coding left
        await pilot.press("a")
        await pilot.pause()
        accepted = panel.decided[-1][1]
        assert accepted not in panel.items and sample.store.codings(coder="tester")
        await pilot.press("u")
        await pilot.pause()
        assert accepted in panel.items and not sample.store.codings(coder="tester")

    run(sample, scenario)


def test_r_in_the_panel_retrieves_and_rejects_nothing(sample) -> None:
    async def scenario(app, pilot):
        panel = await suggestions(app, pilot)
        before, first = sample.store.rejections(), panel.current()
        await pilot.press("r")
        await pilot.pause()
        assert "Retrieve" in app.screen.query_one(Input).placeholder  # the code picker
        await pilot.press("escape")
        await pilot.pause()
        assert sample.store.rejections() == before and panel.current() == first
        await pilot.press("delete")  # Delete rejects as - does
        await pilot.pause()
        assert key(first) in sample.store.rejections()

    run(sample, scenario)


def test_switching_source_never_acts_on_the_old_list(sample) -> None:
    async def scenario(app, pilot):
        main: MainScreen = app.main
        panel = await suggestions(app, pilot)
        old = panel.current()
        assert old.source == FGD
        codings = len(sample.store.codings())
        main.open_source(KOTA)
        # at once: the old list is gone, the new one is being prepared
        assert panel.source == KOTA and not panel.items
        assert "preparing suggestions" in title(panel)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.items and {s.source for s in panel.items} == {KOTA}
        assert f"Suggestions for {KOTA}" in title(panel)
        # a stale suggestion (the old source's) is refused with a line, nothing saved
        panel.post_message(SuggestionsPanel.Chosen("accept", old))
        await pilot.pause()
        assert "Not saved" in status(app) and len(sample.store.codings()) == codings
        panel.post_message(SuggestionsPanel.Chosen("reject", old))
        await pilot.pause()
        assert key(old) not in sample.store.rejections()

    run(sample, scenario)


def test_a_suggestion_for_a_replaced_text_is_refused(sample, tmp_path) -> None:
    text = corrected(sample)

    async def scenario(app, pilot):
        main: MainScreen = app.main
        panel = await suggestions(app, pilot)
        inserted = sample.store.source_text(KOTA).index("(tertawa)")
        stale = next(s for s in panel.items if s.start > inserted)
        from qualcode.ingest.corrections import replace_text
        from qualcode.store.project import Project

        with Project.open(sample.path) as other:  # another window replaces the text
            other.coder = "ana"
            replace_text(other, KOTA, write(tmp_path / "v2.txt", text))
        await pilot.pause(1.3)
        assert main.text == text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.items and all(s.text == text[s.start:s.end] for s in panel.items)
        codings = len(sample.store.codings())
        panel.post_message(SuggestionsPanel.Chosen("accept", stale))
        await pilot.pause()
        assert "Not saved" in status(app) and len(sample.store.codings()) == codings

    run(sample, scenario, KOTA)


def test_suggestions_are_prepared_when_a_source_opens(sample) -> None:
    async def scenario(app, pilot):
        main: MainScreen = app.main
        await app.workers.wait_for_complete()  # the keys were free meanwhile
        await pilot.pause()
        panel = main.query_one(SuggestionsPanel)
        assert panel.source == FGD and panel.prepared
        assert main.transcript.has_focus and main.transcript.selected_span is None
        await pilot.press("G")  # at once: no worker to wait for
        await pilot.pause()
        assert panel.items and panel.query_one("#suggestions-table").has_focus
        first = panel.items[0]
        assert main.transcript.selected_span == (first.start, first.end)
        # switching with the panel open fills it for the new source without taking the keys
        main.transcript.focus()
        main.open_source(KOTA)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.items and panel.items[0].source == KOTA
        assert main.transcript.has_focus

    run(sample, scenario)


async def open_queue(app, pilot) -> AdjudicationScreen:
    from test_tui import pick

    await pilot.press("A")
    await pick(pilot, "sample vs sample-b")
    assert isinstance(app.screen, AdjudicationScreen)
    return app.screen


def test_adjudication_neither_is_0_and_decisions_undo(sample) -> None:
    consensus = sorted(c.id for c in sample.store.codings(coder="consensus"))

    async def scenario(app, pilot):
        screen = await open_queue(app, pilot)
        await pilot.press("n")  # "next coding" elsewhere: nothing here
        await pilot.pause()
        assert sample.store.rulings() == [] and screen.settled == {}
        await pilot.press("0")
        await pilot.pause()
        (neither,) = sample.store.rulings()
        assert neither.accepted == () and screen.settled == {0: "neither"}
        await pilot.press("a")  # the second unit: accept the first coder
        await pilot.pause()
        assert len(sample.store.rulings()) == 2
        await pilot.press("u")
        await pilot.pause()
        assert len(sample.store.rulings()) == 1 and screen.settled == {0: "neither"}
        table = screen.query_one("#queue")
        assert table.cursor_row == 1 and table.get_row_at(1)[1] == ""
        assert "undone" in str(screen.query_one("#adjudicate-status").render())
        await pilot.press("u")
        await pilot.pause()
        assert sample.store.rulings() == [] and screen.settled == {}
        assert sorted(c.id for c in sample.store.codings(coder="consensus")) == consensus
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.settled == {0: "neither"} and len(sample.store.rulings()) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    run(sample, scenario)


def test_adjudication_undo_with_nothing_to_undo_says_so(sample) -> None:
    async def scenario(app, pilot):
        screen = await open_queue(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing of yours to be undone" in str(
            screen.query_one("#adjudicate-status").render())
        with open_store(sample.path / "project.db") as db:
            assert db.rulings() == []

    run(sample, scenario)
