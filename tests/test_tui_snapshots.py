"""Snapshots of the main screen, the code picker and the verdict screen (fixed size, no
blinking cursor). Update with `python3 dev.py test tests/test_tui_snapshots.py
--snapshot-update` after looking at the new SVGs."""

from __future__ import annotations

from textual.widgets import Input

from qualcode.tui.app import QualcodeApp

SIZE = (140, 40)
FGD = "kotim-fgd-lintas-sektor"


def app_for(sample) -> QualcodeApp:
    sample.coder = "tester"
    return QualcodeApp(sample, FGD)


def test_main_screen(sample, snap_compare) -> None:
    assert snap_compare(app_for(sample), terminal_size=SIZE)


def test_code_picker(sample, snap_compare) -> None:
    async def before(pilot) -> None:
        await pilot.press("s", "c")
        await pilot.pause()
        for ch in "budget":
            await pilot.press(ch)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause(1.0)

    assert snap_compare(app_for(sample), terminal_size=SIZE, run_before=before)


def test_verdict_screen(sample, snap_compare) -> None:
    async def before(pilot) -> None:
        await pilot.press("V")
        await pilot.app.workers.wait_for_complete()  # the verdicts are computed in a worker
        await pilot.pause()
        await pilot.press("down", "down", "right")
        await pilot.pause()

    assert snap_compare(app_for(sample), terminal_size=SIZE, run_before=before)
