"""Pilot tests: correcting sources from the workbench (R rename, D delete, P details, Y a new
version, W rename site, X detached codings), with undo, and the workbench following what
another window or the CLI does to the open source."""

from __future__ import annotations

import pytest
from conftest import snapshot_db, write
from test_tui import FGD, pick, run

from qualcode.store import open_store
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.detached import DetachedScreen
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.screens.main import MainScreen
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.navigator import Navigator

KOTA = "madiun-cadre-kota"


def status(app) -> str:
    return str(app.main.query_one("#status").render())


def title(app) -> str:
    return str(app.main.query_one("#source-title").render())


def leaves(app) -> set[str]:
    return set(app.main.query_one(Navigator).source_nodes)


async def answer(app, pilot, text: str) -> None:
    """Type an answer into the prompt that is open, replacing what it offers, and Enter."""
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen), app.screen
    app.screen.query_one("#prompt").value = text
    await pilot.press("enter")
    await pilot.pause()


def material(sample) -> list:
    """Every row but the journal's: what an undo must put back as it was."""
    return [t for t in snapshot_db(sample) if t[0] not in ("journal", "journal_rows",
                                                           "sqlite_sequence")]


def corrected(sample) -> str:
    """The sample's madiun-cadre-kota as its researcher corrects it: a sentence added, a
    misheard word fixed inside a coding, one answer reworded (coding 313 cannot be placed)."""
    text = sample.store.source_text(KOTA)
    text = text.replace("saya salah satunya. (tertawa)",
                        "saya salah satunya. (tertawa) Saya juga masih aktif di posyandu.")
    text = text.replace("dibekali dua hari", "dibekali tiga hari")
    return text.replace("Tapi yang capek keliling kan kita.",
                        "Capeknya yang keliling kan kita, Mbak.")


def test_rename_the_open_source_and_undo(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("R")
        await answer(app, pilot, "kotim-fgd-revisi")
        assert "kotim-fgd-revisi" in sample.store.source_names()
        assert FGD not in sample.store.source_names()
        assert app.main.source == "kotim-fgd-revisi"
        assert title(app).startswith("kotim-fgd-revisi · ")
        assert "kotim-fgd-revisi" in leaves(app) and FGD not in leaves(app)
        assert "✓ saved" in status(app) and "renamed source" in status(app)
        await pilot.press("u")
        await pilot.pause()
        assert FGD in sample.store.source_names() and app.main.source == FGD
        assert FGD in leaves(app) and "kotim-fgd-revisi" not in leaves(app)

    run(sample, scenario)


def test_a_name_already_taken_is_refused_in_one_line(sample) -> None:
    async def scenario(app, pilot):
        before = snapshot_db(sample)
        await pilot.press("R")
        await answer(app, pilot, KOTA)
        assert status(app) == (f"a source named '{KOTA}' is already in the project; nothing "
                               "changed")
        assert snapshot_db(sample) == before and app.main.source == FGD

    run(sample, scenario)


def test_delete_asks_then_deletes_and_undo_brings_it_back(sample) -> None:
    codings = len(sample.store.codings(source=FGD))

    async def scenario(app, pilot):
        before = snapshot_db(sample)
        material_before = material(sample)
        await pilot.press("D")
        await pilot.pause()
        assert f"Delete {FGD} and its {codings} codings? Type yes." == str(
            app.screen.query_one("Label").render())
        await answer(app, pilot, "no")
        assert snapshot_db(sample) == before and "Not deleted" in status(app)
        await pilot.press("D")
        await answer(app, pilot, "yes")
        assert FGD not in sample.store.source_names()
        assert app.main.source is not None and app.main.source != FGD
        assert FGD not in leaves(app)
        assert not title(app).startswith(FGD)
        await pilot.press("u")
        await pilot.pause()
        assert material(sample) == material_before
        assert FGD in leaves(app)

    run(sample, scenario)


def test_set_method_date_and_an_informant_from_the_details_menu(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("P")
        await pick(pilot, "method")
        await answer(app, pilot, "interview")
        assert sample.store.source_info(FGD).method == "interview"
        assert " · interview · " in title(app)
        before = snapshot_db(sample)
        await pilot.press("P")
        await pick(pilot, "date")
        await answer(app, pilot, "31 Februari 2021")
        assert status(app).startswith("not a date: '31 Februari 2021'")
        assert snapshot_db(sample) == before
        await pilot.press("P")
        await pick(pilot, "date")
        await answer(app, pilot, "3 Mei 2021")
        assert sample.store.source_info(FGD).date == "2021-05-03"
        await pilot.press("P")
        await pick(pilot, "informant BAPPEDA")
        await pick(pilot, "group")
        await answer(app, pilot, "key")
        site = sample.store.source_info(FGD).site
        (person,) = [i for i in sample.store.informants(site)[site] if i.label == "BAPPEDA"]
        assert person.group == "key"
        assert "informant BAPPEDA" in status(app)

    run(sample, scenario)


def test_rename_the_site(sample) -> None:
    async def scenario(app, pilot):
        await pilot.press("W")
        await answer(app, pilot, "Kabupaten Kotawaringin Timur")
        assert "Kabupaten Kotawaringin Timur" in sample.store.sites()
        assert " · Kabupaten Kotawaringin Timur · " in title(app)
        assert "Kabupaten Kotawaringin Timur" in app.main.query_one(Navigator).site_nodes
        await pilot.press("u")
        await pilot.pause()
        assert "Kotawaringin Timur" in app.main.query_one(Navigator).site_nodes

    run(sample, scenario)


def test_a_new_version_then_the_detached_codings_placed_and_dropped(sample, tmp_path) -> None:
    text = corrected(sample)
    new = write(tmp_path / "kota-v2.txt", text)
    before = {c.id: sample.store.source_text(KOTA)[c.start:c.end]
              for c in sample.store.codings(source=KOTA)}

    async def scenario(app, pilot):
        await pilot.press("Y")
        await answer(app, pilot, f"'{new}'")  # as pasted from a file manager
        assert isinstance(app.screen, JobScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "replaced the text of madiun-cadre-kota" in app.screen.result
        assert "1 detached" in app.screen.result
        await pilot.press("escape")
        await pilot.pause(1.2)  # the job wrote on its own connection: the poll shows it
        main = app.main
        assert main.source == KOTA and main.text == text
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, DetachedScreen)
        (detached,) = app.screen.rows
        assert detached.id == 313 and detached.quote == "Tapi yang capek keliling kan kita."
        await pilot.press("f")
        await answer(app, pilot, "yang keliling kan kita")
        assert app.screen.rows == []
        coding = sample.store.coding(313)
        assert main.text[coding.start:coding.end] == "yang keliling kan kita"
        assert coding in main.codings
        for c in sample.store.codings(source=KOTA):
            if c.id != 313 and "dibekali" not in before[c.id]:
                assert main.text[c.start:c.end] == before[c.id]
        await pilot.press("escape")
        await pilot.press("u")  # the placing undone: detached again
        await pilot.pause()
        assert [d.id for d in sample.store.detached_codings(KOTA)] == [313]
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("d")
        await answer(app, pilot, "yes")
        assert sample.store.detached_codings() == []
        assert 313 not in {c.id for c in sample.store.codings()}

    run(sample, scenario, KOTA)


def test_place_at_the_selection(sample, tmp_path) -> None:
    sample.coder = "tester"
    from qualcode.ingest.corrections import replace_text

    replace_text(sample, KOTA, write(tmp_path / "kota-v2.txt", corrected(sample)))

    async def scenario(app, pilot):
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("p")  # nothing selected yet: says how
        assert "Select where it goes" in str(app.screen.query_one("#detached-status").render())
        await pilot.press("enter")  # to its source, near where it was
        await pilot.pause()
        main = app.main
        assert isinstance(app.screen, MainScreen) and main.source == KOTA
        start = main.text.index("yang keliling kan kita")
        main.transcript.select_span(start, start + len("yang keliling kan kita, Mbak."))
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        coding = sample.store.coding(313)
        assert (coding.start, coding.end) == main.transcript.selected_span
        assert sample.store.detached_codings() == []

    run(sample, scenario, KOTA)


def test_the_open_source_renamed_replaced_or_deleted_elsewhere(sample, tmp_path) -> None:
    text = corrected(sample)

    async def scenario(app, pilot):
        main = app.main
        with open_store(sample.path / "project.db") as window:
            window.rename_source(KOTA, "kota-baru", "ana")
        await pilot.pause(1.3)
        assert main.source == "kota-baru" and title(app).startswith("kota-baru · ")
        assert "kota-baru" in leaves(app)
        from qualcode.ingest.corrections import replace_text
        from qualcode.store.project import Project

        with Project.open(sample.path) as other:
            other.coder = "ana"
            replace_text(other, "kota-baru", write(tmp_path / "v2.txt", text))
        await pilot.pause(1.3)
        assert main.text == text
        assert main.codings == sample.store.codings(source="kota-baru")
        with open_store(sample.path / "project.db") as window:
            window.delete_source("kota-baru", "ana")
        await pilot.pause(1.3)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert main.source not in (None, "kota-baru") and "kota-baru" not in leaves(app)
        assert "kota-baru was deleted" in status(app)
        await pilot.press("c")  # the keys go on working
        await pilot.press("escape")

    run(sample, scenario, KOTA)


def test_undoing_a_coding_of_a_source_renamed_since_does_not_crash(sample) -> None:
    async def scenario(app, pilot):
        main = app.main
        await pilot.press("s")
        await pilot.press("c")
        await pick(pilot, "nik-validity")
        assert len(sample.store.codings(coder="tester")) == 1
        with open_store(sample.path / "project.db") as window:
            window.rename_source(FGD, "fgd-baru", "ana")
        await pilot.press("u")
        await pilot.pause()
        assert sample.store.codings(coder="tester") == []
        assert app.is_running and main.source == "fgd-baru"

    run(sample, scenario)


def test_deleting_the_last_source_leaves_an_empty_workbench(project, tmp_path) -> None:
    import asyncio

    from qualcode.ingest.sources import import_files

    import_files(project, [write(tmp_path / "satu.txt", "---\nsite: Madiun\n---\n"
                                 "Pewawancara: Apa kabar?\nK1: Baik.\n")])
    project.coder = "tester"

    async def go() -> None:
        app = QualcodeApp(project)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("D")
            await answer(app, pilot, "yes")
            assert app.main.source is None and project.store.source_names() == set()
            assert "no sources" in title(app)
            await pilot.press("s", "R", "P", "Y", "W")  # nothing to act on: said, no crash
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, MainScreen)
            await pilot.press("u")
            await pilot.pause()
            assert app.main.source == "satu"

    asyncio.run(go())


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
def test_detached_screen_snapshot(sample, tmp_path, snap_compare, size) -> None:
    from qualcode.ingest.corrections import replace_text

    sample.coder = "tester"
    replace_text(sample, KOTA, write(tmp_path / "kota-v2.txt", corrected(sample)))

    async def before(pilot) -> None:
        await pilot.press("X")
        await pilot.pause()

    assert snap_compare(QualcodeApp(sample, KOTA), terminal_size=size, run_before=before)
