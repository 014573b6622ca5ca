"""Retrieval on the workbench (`r`): the whole passage in a preview, filters by site, source,
speaker, coder, stance and informant attribute, and a CSV export of what is shown."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from conftest import run_workbench as run
from conftest import snapshot_db

from qualcode.errors import QualcodeError
from qualcode.model import NewCoding
from qualcode.tui.app import QualcodeApp
from qualcode.tui.jobs import exports_folder
from qualcode.tui.screens.excerpts import ExcerptsScreen, Row, export_name, parse_filter

FGD = "kotim-fgd-lintas-sektor"
CODE = "heideneim/joint-budget"  # 9 excerpts in the sample: 2 sites, 2 coders, 6 sources


async def retrieve(app, pilot, code: str = CODE) -> ExcerptsScreen:
    """`r`, then the code picked from the picker."""
    await pilot.press("r")
    await pilot.pause()
    for ch in code:
        await pilot.press(ch)
    await pilot.pause(0.4)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ExcerptsScreen)
    assert app.screen.code == code
    return app.screen


async def type_filter(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#excerpts-filter").value = ""
    for ch in text:
        await pilot.press({" ": "space", '"': "quotation_mark", ":": "colon"}.get(ch, ch))
    await pilot.press("enter")
    await pilot.pause()


def plain(widget) -> str:
    return " ".join(str(widget.render()).split())


def test_the_preview_shows_a_long_passage_whole(sample) -> None:
    text = sample.store.source_text(FGD)
    start = text.index("DINSOS")
    end = start + 700  # several sentences, far wider than any table column
    sample.store.add_coding(NewCoding(FGD, start, end, CODE, "supports", "tester"))
    passage = " ".join(text[start:end].split())

    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        index = next(i for i, r in enumerate(screen.shown) if r.start == start)
        await pilot.press(*["down"] * index)
        await pilot.pause()
        assert screen.current().start == start
        preview = plain(screen.query_one("#excerpts-passage"))
        assert passage in preview
        assert FGD in preview and f"{start}–{end}" in preview and "tester" in preview
        cell = str(screen.query_one("#excerpts").get_row_at(index)[0])
        assert cell.endswith("…") and len(cell) < len(passage)  # the table cuts, not the preview

    run(sample, scenario)


def test_filter_by_stance_site_and_attribute_narrows_the_rows(sample) -> None:
    async def scenario(app, pilot):
        screen = await retrieve(app, pilot, "vcoss/shared-vision")
        every = list(screen.rows)
        stances = {r.stance for r in every}
        assert stances == {"supports", "contradicts"}  # the test needs both

        await type_filter(pilot, "stance:contra")
        assert screen.shown and {r.stance for r in screen.shown} == {"contradicts"}
        assert len(screen.shown) < len(every)
        assert screen.query_one("#excerpts").row_count == len(screen.shown)
        assert f"{len(screen.shown)} of {len(every)}" in plain(screen.query_one("#excerpts-title"))

        await type_filter(pilot, "sector:health")
        informants = {(site, i.label): i for site, found in sample.store.informants().items()
                      for i in found}
        health = [r for r in every if any(
            informants.get((r.site, s)) is not None
            and informants[r.site, s].attribute("sector").lower() == "health"
            for s in r.speakers)]
        assert 0 < len(health) < len(every)
        assert screen.shown == health

        await type_filter(pilot, 'site:"Kotawaringin Timur" coder:sample-b')
        assert screen.shown == [r for r in every if r.site == "Kotawaringin Timur"
                                and r.coders == "sample-b"]

        await pilot.press("F")  # all again
        await pilot.pause()
        assert screen.shown == every and screen.filter_text == ""

    run(sample, scenario)


@pytest.mark.parametrize("bad, said", [
    ("colour:red", "no informant has a 'colour'"),
    ("stance:maybe", "stance:maybe? write stance:supports or stance:contradicts"),
    ('site:"Kotawaringin', "a quote is left open"),
])
def test_a_bad_filter_says_why_and_keeps_the_rows(sample, bad, said) -> None:
    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        await type_filter(pilot, "site:madiun")
        kept = list(screen.shown)
        assert 0 < len(kept) < len(screen.rows)
        await type_filter(pilot, bad)
        assert said in plain(screen.query_one("#excerpts-status"))
        assert screen.shown == kept and screen.filter_text == "site:madiun"
        assert screen.query_one("#excerpts-filter").has_focus  # still there to correct
        await pilot.press("escape")  # closes the filter, not the screen
        await pilot.pause()
        assert app.screen is screen

    run(sample, scenario)


def test_export_writes_what_is_shown(sample) -> None:
    before = snapshot_db(sample)

    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        await type_filter(pilot, "site:madiun stance:contradicts")
        shown = list(screen.shown)
        assert 0 < len(shown) < len(screen.rows)
        await pilot.press("E")
        await pilot.pause()
        folder = exports_folder(sample.path)
        [out] = list(folder.glob("retrieval-heideneim-joint-budget-*.csv"))
        assert str(out) in plain(screen.query_one("#excerpts-status"))
        with open(out, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [(int(r["coding"]), r["source"], int(r["start"]), int(r["end"]), r["stance"],
                 r["coder"], r["text"], r["code"]) for r in rows] == [
            (s.coding, s.source, s.start, s.end, s.stance, s.coders, s.text, CODE)
            for s in shown]
        # the same fields as `qualcode retrieve --json`
        assert list(rows[0]) == ["code", "coding", "source", "site", "method", "informants",
                                 "start", "end", "stance", "coder", "memo", "text"]
        assert not folder.is_relative_to(sample.path)

        await type_filter(pilot, "site:nowhere")  # nothing shown: nothing written
        await pilot.press("E")
        await pilot.pause()
        assert "nothing to export" in plain(screen.query_one("#excerpts-status"))
        assert len(list(folder.glob("*.csv"))) == 1

    run(sample, scenario)
    assert snapshot_db(sample) == before  # retrieval and export change nothing


def test_export_refuses_an_unwritable_folder(sample) -> None:
    folder = exports_folder(sample.path)
    folder.write_text("a file where the folder should be")

    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        assert "cannot write" in plain(screen.query_one("#excerpts-status"))
        assert app.screen is screen

    run(sample, scenario)


def test_enter_goes_to_the_filtered_row(sample) -> None:
    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        await type_filter(pilot, "site:madiun")
        target = screen.shown[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.source == target.source
        assert app.screen.transcript.selected_span == (target.start, target.end)

    run(sample, scenario)


def test_the_screen_fits_80_columns(sample) -> None:
    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        table = screen.query_one("#excerpts")
        assert table.columns[next(iter(table.columns))].label.plain == "excerpt"
        assert table.columns[next(iter(table.columns))].width >= 40
        assert screen.query_one("#excerpts-preview").size.height >= 5

    run(sample, scenario, size=(80, 24))


def test_parse_filter() -> None:
    f = parse_filter('site:"Kotawaringin Timur" site:Madiun sector=health stance:contra '
                     'Dana  SPEAKER:k1')
    assert f.fields == {"site": ("kotawaringin timur", "madiun"), "stance": ("contra",),
                        "speaker": ("k1",)}
    assert f.attributes == (("sector", "health"),)
    assert f.words == ("dana",)
    rows = [Row("s1", "Madiun", "interview", "K1, P2", 0, 5, "contradicts", "a", "Dana desa"),
            Row("s2", "Madiun", "interview", "K1", 0, 5, "supports", "a", "Dana desa")]
    assert parse_filter("stance:c speaker:p2 dana").select(rows, {}) == rows[:1]
    assert parse_filter("").select(rows, {}) == rows
    assert parse_filter("site:").words == ("site:",)  # no value: a word of the text
    with pytest.raises(QualcodeError, match="stance:x"):
        parse_filter("stance:x")


SIZES = [(80, 24), (120, 36), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_retrieval_snapshot(sample, snap_compare, size) -> None:
    """Filtered to Madiun, the second excerpt highlighted and shown whole below."""
    async def before(pilot) -> None:
        await retrieve(pilot.app, pilot)
        await type_filter(pilot, "site:madiun")
        await pilot.press("down")
        await pilot.pause()

    sample.coder = "tester"
    assert snap_compare(QualcodeApp(sample, FGD), terminal_size=size, run_before=before)


def test_export_names() -> None:
    now = datetime(2026, 3, 1, 10, 15)
    assert export_name("heideneim/joint-budget", "Retrieval: x", now) == (
        "retrieval-heideneim-joint-budget-20260301-101500.csv")
    assert export_name("", "Madiun · vcoss/dialogue (partial)", now) == (
        "excerpts-Madiun-vcoss-dialogue-partial-20260301-101500.csv")


def test_space_scrolls_a_long_passage(sample) -> None:
    text = sample.store.source_text(FGD)
    start = text.index("DINSOS")
    sample.store.add_coding(NewCoding(FGD, start, start + 2000, CODE, "supports", "tester"))

    async def scenario(app, pilot):
        screen = await retrieve(app, pilot)
        index = next(i for i, r in enumerate(screen.shown) if r.start == start)
        await pilot.press(*["down"] * index)
        await pilot.pause()
        preview = screen.query_one("#excerpts-preview")
        assert preview.max_scroll_y > 0 and preview.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert preview.scroll_y > 0
        assert screen.current().start == start  # the row stays

    run(sample, scenario, size=(80, 24))
