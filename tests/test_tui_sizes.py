"""Every screen at 80×24, 120×36 and 200×60 (issue 17), and the main screen without colour.

Update with `python3 dev.py test tests/test_tui_sizes.py --snapshot-update` after looking at the
new SVGs (and at the screens in tmux at those sizes)."""

from __future__ import annotations

import pytest

from qualcode.tui.app import QualcodeApp

SIZES = [(80, 24), (120, 36), (200, 60)]
FGD = "kotim-fgd-lintas-sektor"


def app_for(sample) -> QualcodeApp:
    sample.coder = "tester"
    return QualcodeApp(sample, FGD)


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys(*pressed: str):
    async def before(pilot) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await settled(pilot)

    return before


SCREENS = {
    "main": keys(),
    "help": keys("question_mark"),
    "verdicts": keys("V"),
    "drill-down": keys("V", "down", "down", "right", "enter"),
    "matrix": keys("T", "enter"),
    "comparison": keys("C"),
    "adjudication": keys("A"),
    "suggestions": keys("G"),
    "export": keys("E"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_at_size(sample, snap_compare, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(sample), terminal_size=size, run_before=SCREENS[screen])


def test_main_screen_without_colour(sample, snap_compare, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_for(sample), terminal_size=(120, 36), run_before=keys())
