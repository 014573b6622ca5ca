"""Text search in the transcript, "code all hits" (one undo), and speakers: jump and filter."""

from __future__ import annotations

import re

import pytest
from test_tui import FGD, pick, run

from qualcode.errors import QualcodeError
from qualcode.ingest.textnav import turn_at
from qualcode.model import NewCoding
from qualcode.tui.screens.search import HitsPreview, SearchBar, find_hits

CODE = "heideneim/joint-budget"


def test_find_hits_ignores_case_and_matches_any_whitespace() -> None:
    text = "Data dari pusat.\nDATA\n  dari desa; data-dari? (a+b) data"
    assert find_hits(text, "data dari") == [(0, 9), (17, 28)]
    assert find_hits(text, "  DATA   DARI ") == [(0, 9), (17, 28)]
    assert find_hits(text, "(a+b)") == [(text.index("(a+b)"), text.index("(a+b)") + 5)]
    assert find_hits(text, "   ") == []
    assert find_hits(text, "tidak ada") == []


def test_add_codings_action_is_one_undoable_entry_and_skips_what_is_coded(sample) -> None:
    store = sample.store
    store.add_coding(NewCoding(FGD, 10, 20, CODE, "supports", "ana"))
    before = len(store.codings())
    added = store.add_codings_action(
        [NewCoding(FGD, a, a + 5, CODE, "supports", "ana") for a in (10, 100, 200, 100)]
        + [NewCoding(FGD, 10, 20, CODE, "supports", "ana")], "ana", "coded hits of 'x'")
    assert sorted((c.start, c.end) for c in added) == [(10, 15), (100, 105), (200, 205)]
    assert len(store.codings()) == before + 3
    entry = store.journal("ana")[-1]
    assert entry.summary == "coded hits of 'x' (3 coded)" and entry.start == 10
    assert store.undo("ana").summary == entry.summary
    assert len(store.codings()) == before  # one undo: all three gone, the earlier one kept
    # nothing new: no journal entry
    entries = len(store.journal("ana"))
    assert store.add_codings_action([NewCoding(FGD, 10, 20, CODE, "supports", "ana")],
                                    "ana", "again") == []
    assert len(store.journal("ana")) == entries


@pytest.mark.parametrize("coder, as_coder, message", [
    ("consensus", "consensus", "only by adjudication"),
    ("ana", "budi", "ana codes only as ana"),
])
def test_add_codings_action_refuses_and_writes_nothing(sample, coder, as_coder, message):
    store = sample.store
    before, entries = len(store.codings()), len(store.journal())
    with pytest.raises(QualcodeError, match=message):
        store.add_codings_action([NewCoding(FGD, 1, 5, CODE, "supports", as_coder)], coder,
                                 "x")
    assert len(store.codings()) == before and len(store.journal()) == entries


async def search(app, pilot, query: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(app.screen, SearchBar)
    for ch in query:
        await pilot.press(ch if ch != " " else "space")
    await pilot.pause()


def test_search_marks_hits_as_typed_then_enter_next_and_previous(sample) -> None:
    text = sample.store.source_text(FGD)
    expected = [m.span() for m in re.finditer("data", text, re.IGNORECASE)]

    async def scenario(app, pilot):
        main = app.main
        main.transcript.move_to(text.index("DINSOS:"))
        await search(app, pilot, "DaTa")
        assert main.transcript.hits == expected  # marked while typing
        assert str(app.screen.query_one("#search-count").render()).startswith(
            f"{len(expected)} hits")
        await pilot.press("enter")
        await pilot.pause()
        first = next(i for i, (a, _) in enumerate(expected) if a >= text.index("DINSOS:"))
        assert main.transcript.selected_span == expected[first]
        assert f"hit {first + 1} of {len(expected)}" in main.query_one("#status").render().plain
        await pilot.press("greater_than_sign")
        assert main.transcript.selected_span == expected[first + 1]
        await pilot.press("less_than_sign", "less_than_sign")
        assert main.transcript.selected_span == expected[first - 1]
        # Escape in a new search keeps the search as it was
        await search(app, pilot, "x")
        await pilot.press("escape")
        await pilot.pause()
        assert main.transcript.hits == expected
        # a blank query clears it; > then says there is nothing to go to
        await pilot.press("slash")
        await pilot.pause()
        app.screen.query_one("#search-query").value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert main.transcript.hits == []
        await pilot.press("greater_than_sign")
        assert "No search yet" in main.query_one("#status").render().plain

    run(sample, scenario)


def test_code_all_hits_previewed_researcher_unticked_one_undo(sample) -> None:
    text = sample.store.source_text(FGD)
    turns = sample.store.turns(FGD)
    hits = find_hits(text, "data")
    evidence = [h for h in hits if not turn_at(turns, h[0]).is_researcher]
    assert 0 < len(evidence) < len(hits)  # the moderator says "data" too
    before = sample.store.codings(coder="tester")

    async def scenario(app, pilot):
        await search(app, pilot, "data")
        await pilot.press("enter", "H")
        await pick(pilot, CODE)
        assert isinstance(app.screen, HitsPreview)
        ticked = app.screen.query_one("SelectionList").selected
        assert [hits[i] for i in sorted(ticked)] == evidence
        await pilot.press("enter")
        await pilot.pause()
        mine = sample.store.codings(coder="tester")
        assert sorted((c.start, c.end) for c in mine if c not in before) == evidence
        assert {c.code for c in mine if c not in before} == {CODE}
        assert len(app.main.transcript.shown_codes() & {CODE}) == 1  # shown at once
        assert "u undoes them all" in app.main.query_one("#status").render().plain
        await pilot.press("u")
        await pilot.pause()
        assert sample.store.codings(coder="tester") == before  # one u: every hit
        # again, coding each hit's sentence; Escape in the preview codes nothing
        await pilot.press("H")
        await pick(pilot, CODE)
        await pilot.press("escape")
        await pilot.pause()
        assert sample.store.codings(coder="tester") == before
        await pilot.press("H")
        await pick(pilot, CODE)
        await pilot.press("s", "enter")
        await pilot.pause()
        new = [c for c in sample.store.codings(coder="tester") if c not in before]
        sentences = set(app.main.sentences)
        assert new and all((c.start, c.end) in sentences or text[c.start - 2] == ":"
                           for c in new)  # each a sentence, or (across two) the turn
        covering = [[c for c in new if c.start <= a and b <= c.end] for a, b in evidence]
        assert all(len(found) == 1 for found in covering)  # every hit, in one coding
        assert len(new) < len(evidence)  # two hits in one sentence: one coding
        assert "coded" in app.main.query_one("#status").render().plain
        assert "sentences" in app.main.query_one("#status").render().plain

    run(sample, scenario)


def test_code_hits_without_a_search_says_so(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("H")
        await pilot.pause()
        assert app.screen is app.main
        assert "No hits to code" in app.main.query_one("#status").render().plain

    run(sample, scenario)


def test_speakers_jump_and_filter(sample) -> None:
    turns = sample.store.turns(FGD)
    dinsos = [t for t in turns if t.speaker == "DINSOS"]
    assert len(dinsos) >= 2

    async def scenario(app, pilot):
        main = app.main
        transcript = main.transcript
        transcript.move_to(0)
        await pilot.press("g")
        await pick(pilot, "DINSOS")
        assert turn_at(turns, transcript.cursor_offset) == dinsos[0]
        await pilot.press("j")
        assert turn_at(turns, transcript.cursor_offset) == dinsos[1]
        await pilot.press("k")
        assert turn_at(turns, transcript.cursor_offset) == dinsos[0]
        await pilot.press("k")  # wraps round to their last turn
        assert turn_at(turns, transcript.cursor_offset) == dinsos[-1]
        # filter: everyone else dimmed, DINSOS not
        await pilot.press("h")
        await pick(pilot, "DINSOS")
        assert main.speaker_filter == "DINSOS"
        rows = {transcript.index.location(t.start)[0] for t in dinsos}
        others = {transcript.index.location(t.start)[0] for t in turns if t.speaker != "DINSOS"}
        assert rows.isdisjoint(transcript.dimmed_rows) and others <= transcript.dimmed_rows
        assert turn_at(turns, transcript.cursor_offset).speaker == "DINSOS"
        await pilot.press("h")
        await pilot.pause()
        assert main.speaker_filter is None and transcript.dimmed_rows == set()

    run(sample, scenario)


def test_ctrl_f_searches_the_codebook(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused.id == "code-search"

    run(sample, scenario)


TYPED = """WAWANCARA MENDALAM
Hari/Tanggal: Senin, 3 Mei 2021

Peneliti: Apakah ada kendala pendataan?
KADER: Ada. Data   dari desa sering beda dengan data
dari kecamatan. Kata Pak Kades, "data dari desa itu telat."
Peneliti: Data dari siapa?
"""


def test_search_on_a_typed_transcript_and_a_note_without_speakers(sample, cli, tmp_path):
    from conftest import write

    typed = write(tmp_path / "wawancara-desa.txt", TYPED)
    note = write(tmp_path / "catatan-lapangan.txt", "Catatan: data dari desa belum ada.\n")
    for f in (typed, note):
        assert cli("import", sample.path, f, "--site", "Desa Sukamaju", "--method",
                   "interview").code == 0
    text = sample.store.source_text("wawancara-desa")
    before = sample.store.codings(coder="tester")

    async def scenario(app, pilot):
        main = app.main
        await search(app, pilot, "DATA dari")
        hits = main.hits
        assert [" ".join(text[a:b].split()).lower() for a, b in hits] == ["data dari"] * 4
        assert any("\n" in text[a:b] for a, b in hits)  # across a line break
        await pilot.press("enter", "H")
        await pick(pilot, CODE)
        preview = app.screen
        assert isinstance(preview, HitsPreview)
        lines = [str(o.prompt) for o in preview.query_one("SelectionList")._options]
        assert all("\n" not in line for line in lines)
        assert sum("researcher: not evidence" in line for line in lines) == 1  # the last
        assert len(preview.query_one("SelectionList").selected) == 3
        for _ in range(3):  # untick the three evidence hits: nothing to code
            await pilot.press("space", "down")
        await pilot.press("enter")
        await pilot.pause()
        assert "No hit ticked" in main.query_one("#status").render().plain
        assert sample.store.codings(coder="tester") == before
        # another source: the same search there; no speakers to go to
        main.open_source("catatan-lapangan")
        await pilot.pause()
        assert [main.text[a:b] for a, b in main.hits] == ["data dari"]
        await pilot.press("g")
        await pilot.pause()
        assert "no speaker turns" in main.query_one("#status").render().plain
        await pilot.press("j")
        assert "not in a speaker turn" in main.query_one("#status").render().plain

    run(sample, scenario, "wawancara-desa")


def test_a_speaker_filter_ends_with_its_source(sample) -> None:
    async def scenario(app, pilot):
        main = app.main
        await pilot.press("h")
        await pick(pilot, "DINSOS")
        assert main.transcript.dimmed_rows
        other = next(s.name for s in sample.store.sources() if s.name != FGD)
        main.open_source(other)
        await pilot.pause()
        assert main.speaker_filter is None and main.transcript.dimmed_rows == set()

    run(sample, scenario)
