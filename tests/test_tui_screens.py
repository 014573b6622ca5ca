"""The workbench on every terminal: colourless terminals, every size (issue 17)."""

from __future__ import annotations

import asyncio

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
