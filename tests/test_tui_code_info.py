"""The code's meaning while coding: the picker and the details pane show the definition,
inclusion/exclusion notes and an example, in the source's language where the codebook has
it."""

from __future__ import annotations

import pytest
from conftest import run_workbench as run
from textual.widgets import Input

from qualcode.model import Code, NewCoding
from qualcode.tui.app import QualcodeApp
from qualcode.tui.commands import CodePalette
from qualcode.tui.details import code_lines

FGD = "kotim-fgd-lintas-sektor"  # in Indonesian
ENGLISH = "madiun-cadre-agreement-document"  # in English
CODE = "heideneim/joint-budget"


def plain(widget) -> str:
    return " ".join(str(widget.render()).split())


def words(text: str) -> str:
    return " ".join(text.split())


async def type_in(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.pause(0.4)


def test_the_picker_shows_the_highlighted_codes_meaning(sample) -> None:
    code = sample.store.code(CODE)

    async def scenario(app, pilot):
        await pilot.press("r")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CodePalette) and palette.language == "id"
        await type_in(pilot, "joint-budget")
        info = plain(palette.query_one("#code-info"))
        assert palette.showing == CODE
        assert words(code.definition["id"]) in info
        assert "include: " + words(code.include["id"]) in info
        assert "exclude: " + words(code.exclude["id"]) in info
        assert words(code.examples["id"][0]) in info
        assert words(code.examples["id"][1]) not in info  # one example, not all
        # another hit highlighted: its meaning replaces the first
        await pilot.press(*["backspace"] * len("-budget"))  # "joint": several codes
        await pilot.pause(0.4)
        first = palette.showing
        await pilot.press("down", "down")
        await pilot.pause()
        assert palette.showing not in (None, first)
        other = sample.store.code(palette.showing)
        assert words(other.definition["id"]) in plain(palette.query_one("#code-info"))
        await pilot.press("enter")  # and the pick still works
        await pilot.pause()
        assert app.screen.code == other.id

    run(sample, scenario)


def test_the_picker_speaks_the_sources_language(sample) -> None:
    code = sample.store.code(CODE)

    async def scenario(app, pilot):
        await pilot.press("r")
        await pilot.pause()
        await type_in(pilot, "joint-budget")
        info = plain(app.screen.query_one("#code-info"))
        assert words(code.definition["en"]) in info
        assert words(code.definition["id"]) not in info

    run(sample, scenario, source=ENGLISH)


def test_a_code_without_a_definition_says_so(sample) -> None:
    sample.store.add_code(Code("tema/catatan-lain", "tema", {"id": "Catatan lain"}), "tester")

    async def scenario(app, pilot):
        await pilot.press("r")
        await pilot.pause()
        await type_in(pilot, "catatan-lain")
        assert app.screen.showing == "tema/catatan-lain"
        assert "gives no definition" in plain(app.screen.query_one("#code-info"))

    run(sample, scenario)


def test_the_details_pane_shows_the_code_under_the_cursor(sample) -> None:
    text = sample.store.source_text(FGD)
    start = text.index("DINSOS")
    sample.store.add_coding(NewCoding(FGD, start, start + 40, CODE, "supports", "tester"))
    code = sample.store.code(CODE)

    async def scenario(app, pilot):
        main = app.screen
        main.transcript.move_to(start + 5)
        await pilot.pause()
        main.show_details()
        details = plain(main.query_one("#details"))
        assert words(code.definition["id"]) in details
        assert "include: " + words(code.include["id"]) in details
        assert "exclude: " + words(code.exclude["id"]) in details
        assert words(code.examples["id"][0]) in details
        covered = {i for c in sample.store.codings(source=FGD) for i in range(c.start, c.end)}
        main.transcript.move_to(next(i for i in range(len(text)) if i not in covered))
        await pilot.pause()
        main.show_details()
        assert words(code.definition["id"]) not in plain(main.query_one("#details"))

    run(sample, scenario)


def test_code_lines_fall_back_to_the_other_language_and_escape_markup() -> None:
    code = Code("t/x", "t", {"en": "X"}, definition={"en": "Only [in] English."},
                include={"id": "Hanya   Indonesia."}, examples={"en": ["one", "two"]})
    lines = code_lines(code, "id")
    assert lines == ["Only \\[in] English.", "[b]include: [/b]Hanya Indonesia.",
                     "[i]e.g.[/i] “one”"]
    assert code_lines(Code("t/y", "t", {"en": "Y"}), "en") == []


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_picker_snapshot(sample, snap_compare, size) -> None:
    """The picker with the highlighted code's definition, notes and example."""
    async def before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await type_in(pilot, "joint-budget")
        await pilot.pause(0.6)

    sample.coder = "tester"
    assert snap_compare(QualcodeApp(sample, FGD), terminal_size=size, run_before=before)


def test_a_create_hit_clears_the_meaning(sample) -> None:
    async def scenario(app, pilot):
        main = app.screen  # the coding picker may create codes
        main.transcript.move_to(sample.store.source_text(FGD).index("DINSOS") + 1)
        await pilot.press("s", "c")
        await pilot.pause()
        await type_in(pilot, "+budget")
        palette = app.screen
        assert isinstance(palette, CodePalette)
        assert palette.showing is None
        assert "A new code of your own" in plain(palette.query_one("#code-info"))

    run(sample, scenario)
