"""Pilot tests: codes of one's own in the workbench. A name the picker does not know makes a
code and codes the selection with it; the codebook pane's keys rename, move, merge, delete
(asked first), colour and describe the highlighted code; the store and the pane's counts are
right after every step and after undo."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from qualcode.tui.app import QualcodeApp
from qualcode.tui.keys import CODEBOOK_KEYS
from qualcode.tui.screens.code_forms import ConfirmScreen, DescribeScreen
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.widgets.codebook import CodebookPane
from qualcode.tui.widgets.transcript import code_color

FGD = "kotim-fgd-lintas-sektor"
ME = "tester"


def run(sample, scenario) -> None:
    sample.coder = ME

    async def go() -> None:
        app = QualcodeApp(sample, FGD)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(go())


async def typed(pilot, text: str) -> None:
    await pilot.pause()
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await pilot.pause(0.5)


async def select_sentence(app, pilot, speaker: str = "DINSOS") -> tuple[int, int]:
    main: MainScreen = app.screen
    turn = next(t for t in main.turns if t.speaker == speaker)
    main.transcript.focus()
    main.transcript.move_to(turn.start + 1)
    await pilot.press("s")
    await pilot.pause()
    return main.transcript.selected_span


async def in_pane(app, pilot, code_id: str) -> CodebookPane:
    """Focus the codebook tree with its cursor on a code."""
    pane = app.screen.query_one(CodebookPane)
    app.screen.query_one("#codebook").focus()
    assert pane.select_code(code_id)
    await pilot.pause()
    assert pane.highlighted() == ("code", code_id)
    return pane


def shown(pane: CodebookPane, code_id: str) -> str:
    (node, _, _), *_ = pane.nodes[code_id]
    return str(node.label)


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


def test_make_rename_merge_and_undo_with_the_counts_right(sample) -> None:
    store = sample.store
    target = "uhc-themes/nik-validity"
    here = len(store.codings(source=FGD, code=target))
    site = sum(len(store.codings(source=s.name, code=target)) for s in store.sources()
               if s.site == "Kotawaringin Timur")

    async def scenario(app, pilot):
        pane = app.screen.query_one(CodebookPane)
        span = await select_sentence(app, pilot)
        await pilot.press("c")
        await typed(pilot, "Biaya bensin kader")  # matches no code: "create code …" only
        await pilot.press("enter")
        await pilot.pause()
        new = "tema/biaya-bensin-kader"
        (coding,) = store.codings(coder=ME)
        assert (coding.code, coding.start, coding.end) == (new, *span)
        assert store.code(new).label == {"id": "Biaya bensin kader"}  # the source's language
        assert pane.counts[new] == (1, 1) and shown(pane, new).endswith("[1/1]")
        assert pane.counts[target] == (here, site)

        await in_pane(app, pilot, new)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Uang bensin"
        await pilot.press("enter")
        await pilot.pause()
        assert store.code(new).label == {"id": "Uang bensin"}
        assert shown(pane, new) == "biaya-bensin-kader — Uang bensin  [1/1]"
        assert pane.highlighted() == ("code", new)  # the pane kept its place

        await pilot.press("M")
        await typed(pilot, "nik-validity")
        await pilot.press("enter")
        await pilot.pause()
        assert new not in store.code_ids()
        assert [c.code for c in store.codings(coder=ME)] == [target]
        assert new not in pane.nodes and pane.counts[target] == (here + 1, site + 1)
        assert shown(pane, target).endswith(f"[{here + 1}/{site + 1}]")
        assert "merged tema/biaya-bensin-kader into uhc-themes/nik-validity: 1 coding moved" \
            in status(app)

        await pilot.press("u")
        await pilot.pause()
        assert [c.code for c in store.codings(coder=ME)] == [new]
        assert store.code(new).label == {"id": "Uang bensin"}
        assert pane.counts[new] == (1, 1) and shown(pane, new).endswith("[1/1]")
        assert pane.counts[target] == (here, site)
        assert shown(pane, target).endswith(f"[{here}/{site}]")
        assert "undone: merged" in status(app)

    run(sample, scenario)


def test_plus_makes_a_code_whose_name_matches_others(sample) -> None:
    async def scenario(app, pilot):
        await select_sentence(app, pilot)
        await pilot.press("x")
        await typed(pilot, "+Kader")  # "kader" matches several codes
        await pilot.press("enter")
        await pilot.pause()
        (coding,) = sample.store.codings(coder=ME)
        assert (coding.code, coding.stance) == ("tema/kader", "contradicts")
        book = next(b for b in sample.store.codebooks() if b.id == "tema")
        assert book.name == {"en": "Emerging themes", "id": "Tema yang muncul"}

    run(sample, scenario)


def test_the_next_code_goes_where_the_last_one_went(sample) -> None:
    async def scenario(app, pilot):
        await select_sentence(app, pilot)
        await pilot.press("c")
        await typed(pilot, "Rasa aman")
        await pilot.press("down", "enter")  # the second place offered: another codebook
        await pilot.pause()
        made = {c.code for c in sample.store.codings(coder=ME)}
        (code_id,) = made
        places = app.screen.create_targets()
        assert places[0][:2] == (code_id.split("/")[0], None)
        assert sample.store.code(code_id).codebook == places[0][0]

    run(sample, scenario)


def test_add_in_the_pane_goes_under_the_highlighted_code(sample) -> None:
    async def scenario(app, pilot):
        pane = await in_pane(app, pilot, "factors/supporting")
        await pilot.press("a")
        await typed(pilot, "Dukungan tokoh agama")
        await pilot.press("enter")
        await pilot.pause()
        code = sample.store.code("factors/dukungan-tokoh-agama")
        assert code.parent == "factors/supporting"
        assert pane.highlighted() == ("code", code.id) and shown(pane, code.id).endswith(
            "[0/0]")
        assert sample.store.codings(coder=ME) == []  # nothing was selected to code

    run(sample, scenario)


def test_delete_asks_first(sample) -> None:
    store = sample.store
    code = "uhc-themes/wrongly-covered"
    count = len(store.codings(code=code))

    async def scenario(app, pilot):
        pane = await in_pane(app, pilot, code)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"with its {count} codings (every coder's)" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert len(store.codings(code=code)) == count and "Not deleted" in status(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert code not in store.code_ids() and store.codings(code=code) == []
        assert code not in pane.nodes
        await in_pane(app, pilot, "heideneim/formal-contract")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # no question: an indicator stays
        assert "cannot be deleted" in status(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(store.codings(code=code)) == count and code in pane.nodes

    run(sample, scenario)


def test_colour_describe_and_move(sample) -> None:
    store = sample.store

    async def scenario(app, pilot):
        pane = await in_pane(app, pilot, "uhc-themes/moral-hazard")
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one(Input).value = "biru"
        await pilot.press("enter")
        await pilot.pause()
        assert store.code("uhc-themes/moral-hazard").color == "#2563eb"
        assert code_color("uhc-themes/moral-hazard") == "#2563eb"  # the transcript's marks

        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, DescribeScreen)
        app.screen.query_one("#definition-id", Input).value = "Peserta memanfaatkan JKN"
        app.screen.query_one("#keywords-id", Input).value = "aji mumpung, mumpung gratis"
        await pilot.press("ctrl+s")
        await pilot.pause()
        code = store.code("uhc-themes/moral-hazard")
        assert code.definition["id"] == "Peserta memanfaatkan JKN"
        assert code.keywords["id"] == ["aji mumpung", "mumpung gratis"]
        assert code.definition["en"]  # the other language kept

        await pilot.press("m")
        await typed(pilot, "targeting-accuracy")
        await pilot.press("enter")
        await pilot.pause()
        assert store.code("uhc-themes/moral-hazard").parent == "uhc-themes/targeting-accuracy"
        assert pane.highlighted() == ("code", "uhc-themes/moral-hazard")

        await in_pane(app, pilot, "uhc-themes/wrongly-covered")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "en: Moral HAZARD"  # a sibling's name now
        await pilot.press("enter")
        await pilot.pause()
        assert "uhc-themes/moral-hazard is already named 'Moral hazard'" in status(app)
        assert store.code("uhc-themes/wrongly-covered").label["en"] == "Wrongly covered"

    run(sample, scenario)


def test_the_pane_keys_are_in_help_and_in_the_palette(sample) -> None:
    async def scenario(app, pilot):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {b.description for b in CODEBOOK_KEYS} <= titles
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("#help-text").render().plain
        assert all(b.description in text for b in CODEBOOK_KEYS)

    run(sample, scenario)


def test_from_the_palette_a_pane_key_asks_which_code(sample) -> None:
    async def scenario(app, pilot):
        app.screen.transcript.focus()
        (command,) = [c for c in app.get_system_commands(app.screen)
                      if c.title == "Codebook: set a code's colour"]
        await command.callback()  # what the palette runs
        await pilot.pause()
        await typed(pilot, "side-job")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "#abc"
        await pilot.press("enter")
        await pilot.pause()
        assert sample.store.code("factors/side-job").color == "#aabbcc"

    run(sample, scenario)


def test_a_change_from_another_process_shows_in_the_pane(sample) -> None:
    """`qualcode code rename` and `merge` in a terminal while the workbench is open: the pane
    shows the new name and counts within a poll, without a key pressed."""
    import subprocess
    import sys

    async def scenario(app, pilot):
        pane = app.screen.query_one(CodebookPane)
        before = pane.counts["uhc-themes/data-synchronisation"]
        for args in (("rename", "uhc-themes/data-anomalies", "Odd data", "--lang", "en"),
                     ("merge", "uhc-themes/data-anomalies", "uhc-themes/data-synchronisation")):
            done = subprocess.run([sys.executable, "-m", "qualcode", "code", args[0],
                                   str(sample.path), *args[1:]], capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            if args[0] == "rename":
                await pilot.pause(1.5)  # a poll
                assert "Odd data" in shown(pane, "uhc-themes/data-anomalies")
        await pilot.pause(1.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "uhc-themes/data-anomalies" not in pane.nodes
        moved = len(sample.store.codings(source=FGD, code="uhc-themes/data-synchronisation"))
        assert pane.counts["uhc-themes/data-synchronisation"][0] == moved
        assert pane.counts["uhc-themes/data-synchronisation"][1] > before[1]

    run(sample, scenario)
