"""Pilot tests: the memo screen (L) lists, filters, edits and deletes memos, the codings'
memos too, as their author and with undo; `I` imports transcripts (a file, a folder, asking
for the site a file does not name) as well as REFI-QDA files. Checked against the store."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conftest import snapshot_db, write
from textual.widgets import DataTable, Input, TextArea

from qualcode.store.project import Project
from qualcode.tui.app import QualcodeApp
from qualcode.tui.keys import MAIN_KEYS
from qualcode.tui.screens.importing import ChoiceScreen, paths_typed
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.screens.memos import ConfirmScreen, MemoEditor, MemoScreen
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.navigator import Navigator

FGD = "kotim-fgd-lintas-sektor"
INTERVIEW = """\
---
site: Madiun
method: interview
---
Pewawancara: Bagaimana Ibu menagih tunggakan iuran?
K7: Kami datang ke rumah peserta satu-satu.
K7: Fee kami tergantung tunggakan yang ditagih.
"""
NO_SITE = """\
Pewawancara: Sejak kapan Ibu jadi kader?
K9: Sejak 2018, ditunjuk kepala desa.
K9: Kontraknya setahun.
"""


def run(project: Project, scenario, coder: str = "tester", source: str | None = None) -> None:
    project.coder = coder

    async def go() -> None:
        app = QualcodeApp(project, source)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(go())


async def typed(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "/": "slash", ".": "full_stop", "-": "minus",
                           "_": "underscore"}.get(ch, ch))
    await pilot.pause()


def status(screen) -> str:
    return str(screen.query_one("#memos-status").render())


async def open_memos(app, pilot) -> MemoScreen:
    await pilot.press("L")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MemoScreen)
    return screen


async def filter_to(screen: MemoScreen, pilot, text: str) -> None:
    await pilot.press("slash")
    screen.query_one(Input).value = text
    await pilot.pause()
    await pilot.press("enter")  # back to the list
    await pilot.pause()


# ----------------------------------------------------------------- the memo screen

def test_the_memo_key_is_listed_in_help_and_the_palette() -> None:
    keys = {b.key: b for b in MAIN_KEYS}
    assert keys["L"].action == "memos" and keys["L"].id == "main.memos"
    assert keys["I"].action == "import_files" and "transcripts" in keys["I"].description
    assert len([b.key for b in MAIN_KEYS]) == len({b.key for b in MAIN_KEYS})


def test_open_filter_edit_and_undo_a_memo(sample: Project) -> None:
    store = sample.store
    mine = store.add_memo("site", "Madiun", "Kader menanggung biaya.", "tester")
    store.add_memo("project", "", "Catatan Budi.", "budi")

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        codings_with_memo = [c for c in store.codings() if c.memo]
        assert len(screen.shown) == 2 + len(codings_with_memo)
        assert [e.key for e in screen.shown[:2]] == [str(mine.id), str(mine.id + 1)]
        await filter_to(screen, pilot, "madiun menanggung")
        assert [e.key for e in screen.shown] == [str(mine.id)]
        assert screen.focused is screen.query_one(DataTable)

        await pilot.press("enter")  # open it in the editor
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, MemoEditor)
        assert editor.query_one(TextArea).text == "Kader menanggung biaya."
        await typed(pilot, " Dari fee.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert store.memo(mine.id).text == "Kader menanggung biaya. Dari fee."
        assert "✓ saved" in status(screen) and f"edited memo {mine.id}" in status(screen)
        assert "Dari fee." in str(screen.query_one("#memo-preview").render())

        await pilot.press("u")
        await pilot.pause()
        assert store.memo(mine.id).text == "Kader menanggung biaya."
        assert "undone: edited memo" in status(screen)

    run(sample, scenario)


def test_escape_with_unsaved_changes_asks_before_discarding(sample: Project) -> None:
    memo = sample.store.add_memo("project", "", "Catatan.", "tester")

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await typed(pilot, " Tambahan")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)  # not yet: it warns first
        assert "Unsaved changes" in str(app.screen.query_one("#memo-editor-hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert sample.store.memo(memo.id).text == "Catatan."

    run(sample, scenario)


def test_delete_asks_then_deletes_and_the_store_shows_it(sample: Project) -> None:
    store = sample.store
    memo = store.add_memo("source", FGD, "Diskusi lintas sektor.", "tester")

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        await filter_to(screen, pilot, "lintas sektor diskusi")
        assert [e.key for e in screen.shown] == [str(memo.id)]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert store.memo(memo.id).text == "Diskusi lintas sektor."
        assert status(screen) == "Not deleted."
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [m.id for m in store.memos()] == []
        assert screen.shown == []
        assert f"deleted memo {memo.id} on source {FGD}" in status(screen)
        assert [e.action for e in store.journal("tester")][-1] == "delete"

    run(sample, scenario)


def test_another_coders_memo_opens_read_only_and_is_not_deleted(sample: Project) -> None:
    store = sample.store
    memo = store.add_memo("project", "", "Catatan Budi.", "budi")

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        before = snapshot_db(sample)
        await filter_to(screen, pilot, "budi")
        assert screen.current.key == str(memo.id)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        assert status(screen) == ("this memo is budi's; only budi can change or delete it "
                                  "(you are tester); not deleted")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor) and app.screen.read_only
        assert app.screen.query_one(TextArea).read_only
        await pilot.press("escape")
        await pilot.pause()
        assert snapshot_db(sample) == before

    run(sample, scenario)


def test_a_codings_memo_is_edited_and_the_workbench_shows_it(sample: Project) -> None:
    store = sample.store
    coding = next(c for c in store.codings(source=FGD) if c.memo)

    async def scenario(app, pilot):
        main = app.screen
        screen = await open_memos(app, pilot)
        await filter_to(screen, pilot, f"c{coding.id}")
        entry = next(e for e in screen.shown if e.key == f"c{coding.id}")
        screen.query_one(DataTable).move_cursor(row=screen.shown.index(entry))
        await pilot.press("enter")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.text = "Memo baru [/] dari daftar."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.coding(coding.id).memo == "Memo baru [/] dari daftar."
        await pilot.press("g")  # to the coding's place in the transcript
        await pilot.pause()
        assert app.screen is main and main.source == FGD
        assert main.transcript.selected_span == (coding.start, coding.end)
        assert any(c.memo == "Memo baru [/] dari daftar." for c in main.codings)
        assert "memo: Memo baru [/] dari daftar." in str(main.query_one("#details").render())

    run(sample, scenario, coder=coding.coder, source=FGD)


def test_new_memo_on_the_open_source(sample: Project) -> None:
    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: the source open in the workbench
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        await pilot.press("ctrl+s")  # empty: refused, the editor stays
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        await typed(pilot, "Perlu FGD kedua")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        (memo,) = sample.store.memos()
        assert (memo.target_kind, memo.target, memo.text, memo.author) == (
            "source", FGD, "Perlu FGD kedua", "tester")
        assert screen.current.key == str(memo.id)

    run(sample, scenario, source=FGD)


def test_a_memo_changed_elsewhere_is_not_overwritten(sample: Project) -> None:
    from qualcode.store import open_store

    memo = sample.store.add_memo("project", "", "Versi pertama.", "tester")

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        await pilot.press("enter")  # the editor opens on the first version
        await pilot.pause()
        with open_store(sample.store.path) as other:  # the CLI or a second window
            other.update_memo(memo.id, "Versi jendela lain.", "tester", memo.version)
        await typed(pilot, " basi")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sample.store.memo(memo.id).text == "Versi jendela lain."
        assert status(screen).startswith("the memo was changed by tester at ")
        assert screen.current.text == "Versi jendela lain."  # the list read again
        with open_store(sample.store.path) as other:
            added = other.add_memo("site", "Madiun", "Dari CLI.", "budi")
        await pilot.pause(1.3)  # the screen looks once a second
        assert str(added.id) in [e.key for e in screen.shown]

    run(sample, scenario)


# ----------------------------------------------------------------- importing with I

async def import_path(app, pilot, path: Path | str) -> None:
    await pilot.press("I")
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    app.screen.query_one("#prompt").value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def finished(app, pilot) -> str:
    assert isinstance(app.screen, JobScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.result


def test_import_a_transcript_file(sample: Project, tmp_path: Path) -> None:
    path = write(tmp_path / "kader-jiwan.txt", INTERVIEW)

    async def scenario(app, pilot):
        await import_path(app, pilot, path)
        result = await finished(app, pilot)
        assert result.splitlines()[0] == "✓ imported 1 source: kader-jiwan"
        assert "imported kader-jiwan: Madiun, interview, 3 turns," in result
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "kader-jiwan" in app.screen.query_one(Navigator).source_nodes
        info = sample.store.source_info("kader-jiwan")
        assert (info.site, info.method) == ("Madiun", "interview")

    run(sample, scenario)


def test_import_a_folder_asks_for_the_site_the_files_do_not_name(project: Project,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "lapangan baru"
    write(folder / "kader-desa.txt", NO_SITE)
    write(folder / "catatan.md", "Kunjungan posyandu, kader mendata peserta.\n")
    write(folder / "daftar-hadir.csv", "nama,hadir\n")

    async def scenario(app, pilot):
        await import_path(app, pilot, folder)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert project.store.source_names() == set()  # all or nothing: nothing yet
        assert isinstance(app.screen, PromptScreen)
        assert "names no site" in app.screen.title_text
        app.screen.query_one("#prompt").value = "Desa Lain"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "down")  # as said, interview, fgd, observation
        await pilot.press("enter")
        await pilot.pause()
        result = await finished(app, pilot)
        assert result.splitlines()[0] == "✓ imported 2 sources: catatan, kader-desa"
        assert "skipped 1 file that is not a transcript" in result
        assert {s.name: (s.site, s.method) for s in project.store.sources()} == {
            "catatan": ("Desa Lain", "observation"), "kader-desa": ("Desa Lain", "observation")}
        await pilot.press("escape")
        await pilot.pause()
        main = app.screen
        assert main.source in {"catatan", "kader-desa"}  # an empty project opens one
        assert set(main.query_one(Navigator).source_nodes) == {"catatan", "kader-desa"}

    run(project, scenario)


def test_a_bad_import_says_why_and_imports_nothing(sample: Project, tmp_path: Path) -> None:
    folder = tmp_path / "campur"
    write(folder / "baik.txt", INTERVIEW)
    write(folder / "madiun-cadre-kota.txt", INTERVIEW)  # already in the project

    async def scenario(app, pilot):
        before = snapshot_db(sample)
        await import_path(app, pilot, tmp_path / "tidak-ada.txt")
        assert isinstance(app.screen, MainScreen)
        assert "tidak-ada.txt: no such file or folder" in str(
            app.screen.query_one("#status").render())
        await import_path(app, pilot, folder)
        result = await finished(app, pilot)
        assert result == (f"✗ {folder / 'madiun-cadre-kota.txt'}: a source named "
                          "'madiun-cadre-kota' is already in the project")
        assert snapshot_db(sample) == before
        await pilot.press("escape")
        await pilot.pause()
        empty = tmp_path / "kosong"
        empty.mkdir()
        await import_path(app, pilot, empty)
        assert f"{empty}: empty folder, nothing to import" in str(
            app.screen.query_one("#status").render())
        assert snapshot_db(sample) == before

    run(sample, scenario)


def test_paths_as_a_terminal_pastes_them(tmp_path: Path) -> None:
    spaced = write(tmp_path / "dengan spasi.txt", INTERVIEW)
    other = write(tmp_path / "lain.txt", INTERVIEW)
    assert paths_typed(f"  {spaced}  ") == [spaced]
    assert paths_typed(f"'{spaced}'") == [spaced]
    assert paths_typed(str(spaced).replace(" ", "\\ ")) == [spaced]
    assert paths_typed(f"'{spaced}' {other}") == [spaced, other]


def test_blind_mode_lists_only_the_coders_memos(sample: Project) -> None:
    mine = sample.store.add_memo("project", "", "Catatan saya.", "tester")
    sample.store.add_memo("project", "", "Catatan Budi.", "budi")

    async def scenario(app, pilot):
        await pilot.press("B")
        await pilot.pause()
        screen = await open_memos(app, pilot)
        assert [e.key for e in screen.shown] == [str(mine.id)]  # the sample's codings are
        assert "blind mode" in str(screen.query_one("#memos-title").render())  # not tester's

    run(sample, scenario)


def test_brackets_in_memos_and_file_names_are_text(sample: Project, tmp_path: Path) -> None:
    """A memo quoting a timestamp or a file named like markup shows as typed, never as
    styling or a crash."""
    memo = sample.store.add_memo("project", "", "[00:04:12] K2: [/] [bold]fee[/bold]", "tester")
    path = write(tmp_path / "[final] kader.txt", NO_SITE)

    async def scenario(app, pilot):
        screen = await open_memos(app, pilot)
        assert "[00:04:12] K2: [/] [bold]fee[/bold]" in str(
            screen.query_one("#memo-preview").render())
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert sample.store.memo(memo.id)
        await pilot.press("escape")
        await pilot.pause()
        await import_path(app, pilot, path)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "[final] kader.txt names no site" in str(app.screen.query_one("Label").render())
        assert "[final] kader.txt: no site" in str(app.main.query_one("#status").render())

    run(sample, scenario)
