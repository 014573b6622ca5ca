"""Informants as cases with attributes: listing them, loading attributes from a spreadsheet (CSV
as Excel saves it, .xlsx), matrices grouped by an attribute, retrieval filtered by one, and the
workbench's details pane."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import snapshot_db, write

from qualcode.analysis.retrieval import excerpts
from qualcode.ingest.informants import merged
from qualcode.model import Informant, ParsedSource, Turn, attribute_names
from qualcode.store.project import Project
from qualcode.tui.details import page_at, source_lines, speaker_lines

HEALTH = ["KUP", "RO", "KABID", "KASI-KES"]
NON_HEALTH = ["KASI-DUK", "SEK", "KADIS", "PLT", "KASI-NAKER"]


def informants_of(project: Project, site: str) -> dict[str, Informant]:
    return {i.label: i for i in project.store.informants(site).get(site, [])}


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------ the list

def test_list_as_json_names_every_field_and_the_sources(cli, sample_dir: Path) -> None:
    result = cli("informants", sample_dir, "--json")
    assert result.code == 0 and result.err == ""
    found = json.loads(result.out)
    assert len(found) == 20
    assert set(found[0]) == {"site", "label", "role", "organisation", "sector", "group",
                             "attributes", "sources"}
    p1 = next(i for i in found if (i["site"], i["label"]) == ("Madiun", "P1"))
    assert p1 == {"site": "Madiun", "label": "P1", "role": "Kepala Bidang Penagihan dan Keuangan",
                  "organisation": "BPJS Kesehatan Cabang Madiun", "sector": "health",
                  "group": "key", "attributes": {}, "sources": ["madiun-bpjs-billing-head"]}
    fgd = {i["label"] for i in found if "kotim-fgd-lintas-sektor" in i["sources"]}
    assert fgd == {"DINSOS", "DINKES", "DUKCAPIL", "BPJS", "BAPPEDA"}
    only = json.loads(cli("informants", "list", sample_dir, "--site", "Madiun", "--json").out)
    assert [i["label"] for i in only] == ["P1", "P2", "K1", "K2"]


def test_list_as_a_table_per_site(cli, sample_dir: Path) -> None:
    result = cli("informants", sample_dir, "--site", "Madiun")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Madiun: 4 informants"
    assert lines[1].split() == ["label", "role", "organisation", "sector", "group", "sources"]
    k1 = next(line for line in lines if line.startswith("K1 "))
    assert "Kader JKN-KIS Kota Madiun" in k1 and "community" in k1
    assert k1.rstrip().endswith("madiun-cadre-kota")
    every = cli("informants", sample_dir).out
    assert every.index("Banyuasin: 9 informants") < every.index("Madiun: 4 informants")
    bad = cli("informants", sample_dir, "--site", "Surabaya")
    assert bad.code == 1 and bad.err.strip() == (
        "qualcode: no site 'Surabaya' (have: Banyuasin, Kotawaringin Timur, Madiun)")


def test_list_as_csv_imports_again_unchanged(cli, sample: Project, tmp_path: Path) -> None:
    result = cli("informants", sample.path, "--site", "Madiun", "--csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["site", "label", "role", "organisation", "sector", "group", "sources"]
    sheet = write(tmp_path / "madiun.csv", result.out)
    before = snapshot_db(sample)
    again = cli("informants", "import", sample.path, sheet)
    assert again.code == 0, again.err
    assert again.err.strip() == f"0 informants updated, 0 added; 4 unchanged (from {sheet})"
    assert snapshot_db(sample) == before


# ------------------------------------------------------------------ import

SEMICOLONS = """\
\ufeffSite;Label;Role;Sector;Group;Gender;Masa kerja
Madiun;K1;;;;perempuan;3 tahun
Madiun;K3;Kader JKN-KIS;community;Triangulation;perempuan;1 tahun
madiun;P1;;;;laki-laki;
"""


def test_semicolon_csv_updates_and_adds(cli, sample: Project, tmp_path: Path) -> None:
    sheet = write(tmp_path / "informan.csv", SEMICOLONS)
    result = cli("informants", "import", sample.path, sheet)
    assert result.code == 0, result.err
    assert result.err.strip() == f"2 informants updated, 1 added at Madiun (from {sheet})"
    madiun = informants_of(sample, "Madiun")
    k1 = madiun["K1"]
    assert (k1.role, k1.organisation, k1.sector, k1.group) == (
        "Kader JKN-KIS", "Kader JKN-KIS Kota Madiun", "community", "triangulation")  # kept
    assert k1.attributes == {"gender": "perempuan", "masa kerja": "3 tahun"}
    assert madiun["K3"] == Informant("K3", "Kader JKN-KIS", "", "community", "triangulation")
    assert madiun["K3"].attributes == {"gender": "perempuan", "masa kerja": "1 tahun"}
    assert madiun["P1"].attributes == {"gender": "laki-laki"}  # site matched in any case
    assert list(madiun) == ["P1", "P2", "K1", "K2", "K3"]
    listed = cli("informants", sample.path, "--site", "Madiun").out.splitlines()
    assert listed[1].split()[-4:] == ["group", "gender", "masa", "kerja"] or \
        "masa kerja" in listed[1]
    k3 = next(line for line in listed if line.startswith("K3 "))
    assert k3.rstrip().endswith("—")  # speaks in no source yet


def test_a_dash_clears_and_an_empty_cell_keeps(cli, sample: Project, tmp_path: Path) -> None:
    cli("informants", "import", sample.path, write(tmp_path / "a.csv", SEMICOLONS))
    sheet = write(tmp_path / "b.csv", "site,id,organization,group,gender,masa kerja\n"
                  "Madiun,K1,-,-,,-\n")
    result = cli("informants", "import", sample.path, sheet)
    assert result.code == 0, result.err
    assert result.err.startswith("1 informant updated, 0 added")
    k1 = informants_of(sample, "Madiun")["K1"]
    assert (k1.role, k1.organisation, k1.sector, k1.group) == (
        "Kader JKN-KIS", "", "community", "")
    assert k1.attributes == {"gender": "perempuan"}


def test_xlsx_with_id_and_organization_columns(cli, sample: Project, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "informan.xlsx", [
        [], ["Site", "ID", "Organization", "Group", "Gender", "Tenure"],
        ["Banyuasin", "KUP", None, "Key", "male", 12],
        [None, None, None, None, None, None],
        ["Banyuasin", "FKPKU-1", "Forum Komunikasi Pemangku Kepentingan Utama", "supporting",
         "female", 2.0]])
    result = cli("informants", "import", sample.path, sheet)
    assert result.code == 0, result.err
    assert result.err.startswith("1 informant updated, 1 added at Banyuasin")
    banyuasin = informants_of(sample, "Banyuasin")
    assert banyuasin["KUP"].organisation == "BPJS Kesehatan KCU Palembang"
    assert banyuasin["KUP"].attributes == {"gender": "male", "tenure": "12"}
    assert banyuasin["FKPKU-1"].organisation.startswith("Forum Komunikasi")
    assert banyuasin["FKPKU-1"].attributes == {"gender": "female", "tenure": "2"}


def test_a_transcript_imported_later_keeps_the_sheets_details(cli, sample: Project,
                                                               tmp_path: Path) -> None:
    cli("informants", "import", sample.path, write(tmp_path / "a.csv", SEMICOLONS))
    transcript = write(tmp_path / "madiun-cadre-jiwan.txt", """\
---
site: Madiun
method: interview
informants:
  - id: K3
    organisation: Kader JKN-KIS Kecamatan Jiwan
---
Pewawancara: Sejak kapan Ibu menjadi kader?
K3: Sejak 2020, kontraknya satu tahun.
""")
    assert cli("import", sample.path, transcript).code == 0
    k3 = informants_of(sample, "Madiun")["K3"]
    assert k3.role == "Kader JKN-KIS"  # the sheet's, kept
    assert k3.organisation == "Kader JKN-KIS Kecamatan Jiwan"  # a blank, filled
    assert k3.attributes == {"gender": "perempuan", "masa kerja": "1 tahun"}
    listed = json.loads(cli("informants", sample.path, "--site", "Madiun", "--json").out)
    assert next(i for i in listed if i["label"] == "K3")["sources"] == ["madiun-cadre-jiwan"]


def test_every_bad_row_is_named_and_nothing_is_written(cli, sample: Project,
                                                       tmp_path: Path) -> None:
    before = snapshot_db(sample)
    sheet = write(tmp_path / "informan.csv", """\
site;label;group;gender
Madiun;K1;main;perempuan
Surabaya;S1;key;laki-laki
Madiun;K2;ketua;perempuan
Madiun;;key;perempuan
;K4;;
Madiun;K1;;
Madiun;Pewawancara;;
""")
    result = cli("informants", "import", sample.path, sheet)
    assert result.code == 1 and result.out == "" and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        f"qualcode: {sheet}:3: unknown site 'Surabaya' (sites in the project: Banyuasin, "
        "Kotawaringin Timur, Madiun)",
        f"qualcode: {sheet}:4: unknown group 'ketua' (use one of: key, main, supporting, "
        "triangulation, or - to clear it)",
        f"qualcode: {sheet}:5: no label (the informant's label as the transcripts write it, "
        "e.g. P1)",
        f"qualcode: {sheet}:6: no site",
        f"qualcode: {sheet}:7: informant 'K1' at Madiun is already on line 2",
        f"qualcode: {sheet}:8: 'Pewawancara' is a researcher's label, not an informant's"]
    assert snapshot_db(sample) == before


@pytest.mark.parametrize(("text", "message"), [
    ("site,role\nMadiun,Kader\n", ":1: missing column label (or id) in the informants header"),
    ("label,role\nK1,Kader\n", ":1: missing column(s) site in the informants header"),
    ("site,label,id\nMadiun,K1,K1\n", ":1: columns 'label' and 'id' both give the informant's "
     "label; keep one"),
    ("site\tlabel\n", ": no informants (only a header row)"),
])
def test_a_bad_sheet_is_one_line(cli, sample: Project, tmp_path: Path, text: str,
                                 message: str) -> None:
    before = snapshot_db(sample)
    sheet = write(tmp_path / "informan.csv", text)
    result = cli("informants", "import", sample.path, sheet)
    assert result.code == 1
    (line,) = result.err.strip().splitlines()
    assert line.startswith(f"qualcode: {sheet}{message}"), line
    assert snapshot_db(sample) == before


def test_an_empty_project_has_no_sites_to_add_informants_at(cli, project: Project,
                                                           tmp_path: Path) -> None:
    sheet = write(tmp_path / "informan.csv", "site,label\nMadiun,K1\n")
    result = cli("informants", "import", project.path, sheet)
    assert result.code == 1
    assert "unknown site 'Madiun' (sites in the project: none yet: import transcripts " \
        "first)" in result.err
    listed = cli("informants", project.path)
    assert listed.code == 0 and listed.out == "" and "has no sources yet" in listed.err


def test_merge_rules() -> None:
    current = Informant("K1", "Kader", "Kader Kota", "community", "main",
                        {"Gender": "perempuan", "tenure": 3})
    after = merged(current, "K1", {"role": "", "organisation": "-", "gender": "female",
                                   "tenure": "-", "desa": "Jiwan"})
    assert (after.role, after.organisation, after.sector, after.group) == (
        "Kader", "", "community", "main")
    assert after.attributes == {"gender": "female", "desa": "Jiwan"}
    assert after.attribute("Gender") == "female" and after.attribute("organization") == ""
    assert merged(None, "K9", {"group": "key", "x": "-"}) == Informant("K9", group="key")


def test_attribute_names_fields_first() -> None:
    people = [Informant("A", sector="health", attributes={"gender": "f", "age": ""}),
              Informant("B", role="Kader", attributes={"desa": "Jiwan"})]
    assert attribute_names(people) == ["role", "sector", "desa", "gender"]


# ------------------------------------------------------------------ matrices by attribute

def test_matrix_by_sector_groups_health_and_non_health(cli, sample_dir: Path) -> None:
    args = ("matrix", sample_dir, "--site", "Banyuasin", "--framework", "vcoss")
    result = cli(*args, "--by", "sector", "--json")
    assert result.code == 0, result.err
    m = json.loads(result.out)
    assert m["by"] == "sector"
    people = [c for c in m["columns"] if c["key"] != "(documents and notes)"]
    assert [c["group"] for c in people] == ["health"] * 4 + ["non-health"] * 5
    assert {c["key"] for c in people[:4]} == set(HEALTH)
    assert {c["key"] for c in people[4:]} == set(NON_HEALTH)
    assert m["columns"][-1] == {"key": "(documents and notes)",
                                "label": "(documents and notes)", "group": ""}
    # the same evidence as by informant, columns reordered
    plain = json.loads(cli(*args, "--json").out)
    cells = {(r["indicator"], c["key"]): cell for r in plain["rows"]
             for c, cell in zip(plain["columns"], r["cells"], strict=True)}
    for r in m["rows"]:
        for c, cell in zip(m["columns"], r["cells"], strict=True):
            assert cell == cells[r["indicator"], c["key"]]
    text = cli(*args, "--by", "sector").out.splitlines()
    assert text[0] == ("columns by sector: health = " + ", ".join(people[i]["key"]
                                                                   for i in range(4))
                       + "; non-health = " + ", ".join(c["key"] for c in people[4:]))
    header = next(csv.reader(io.StringIO(cli(*args, "--by", "sector", "--csv").out)))
    assert header[1] == f"sector: health / {people[0]['key']}"
    assert header[5] == f"sector: non-health / {people[4]['key']}"
    assert header[-3:] == ["(documents and notes)", "convergence", "conclusion"]


def test_matrix_by_an_attribute_no_one_has(cli, sample: Project, tmp_path: Path) -> None:
    args = ("matrix", sample.path, "--site", "Madiun", "--framework", "heideneim")
    result = cli(*args, "--by", "gender")
    assert result.code == 1 and result.out == ""
    assert result.err.strip() == (
        "qualcode: no informant at Madiun has a 'gender' (attributes the informants there "
        "have: role, organisation, sector, group)")
    cli("informants", "import", sample.path, write(tmp_path / "a.csv", SEMICOLONS))
    m = json.loads(cli(*args, "--by", "Gender", "--json").out)
    assert [(c["key"], c["group"]) for c in m["columns"]] == [
        ("P1", "laki-laki"), ("K3", "perempuan"), ("K1", "perempuan"), ("P2", "(unknown)"),
        ("K2", "(unknown)"), ("(documents and notes)", "")]


# ------------------------------------------------------------------ retrieval by attribute

def test_retrieve_where_an_attribute_holds(cli, sample_dir: Path) -> None:
    code = "vcoss/joint-planning"
    every = json.loads(cli("retrieve", sample_dir, code, "--json").out)
    health = json.loads(cli("retrieve", sample_dir, code, "--where", "sector=health",
                            "--json").out)
    other = json.loads(cli("retrieve", sample_dir, code, "--where", "Sector=NON-HEALTH",
                           "--json").out)
    assert health and other
    sectors = {(i["site"], i["label"]): i["sector"]
               for i in json.loads(cli("informants", sample_dir, "--json").out)}
    assert all(any(sectors[e["site"], x] == "health" for x in e["informants"]) for e in health)
    assert all(any(sectors[e["site"], x] == "non-health" for x in e["informants"])
               for e in other)
    spoken = [e for e in every if e["informants"] and e["site"] == "Banyuasin"]
    assert {e["coding"] for e in spoken} == {e["coding"] for e in health + other
                                             if e["site"] == "Banyuasin"}
    both = json.loads(cli("retrieve", sample_dir, code, "--where", "sector=health",
                          "--where", "sector=non-health", "--json").out)
    assert {e["coding"] for e in both} == {e["coding"] for e in health + other}
    key_health = json.loads(cli("retrieve", sample_dir, code, "--where", "sector=health",
                                "--where", "group=key", "--json").out)
    assert {e["coding"] for e in key_health} < {e["coding"] for e in health}
    shown = cli("retrieve", sample_dir, code, "--where", "sector=health", "--site",
                "Banyuasin")
    assert shown.code == 0 and shown.out.startswith("banyuasin-")
    assert shown.err.strip().endswith(f"excerpts of {code}")


def test_retrieve_where_refuses_what_no_informant_has(cli, sample_dir: Path) -> None:
    result = cli("retrieve", sample_dir, "vcoss/joint-planning", "--where", "gender=female")
    assert result.code == 1 and result.err.strip() == (
        "qualcode: no informant has a 'gender' (attributes the informants have: role, "
        "organisation, sector, group)")
    assert "write ATTRIBUTE=VALUE" in cli("retrieve", sample_dir, "vcoss/joint-planning",
                                          "--where", "sector").err
    assert "did you mean 'vcoss/joint-planning'" in cli("retrieve", sample_dir,
                                                        "joint-planning").err


def test_excerpts_where_in_the_core(sample: Project) -> None:
    found = excerpts(sample.store, "vcoss/joint-planning", where=[("group", "supporting")])
    supporting = {"KASI-KES", "PLT", "KASI-DUK", "BAPPEDA"}
    assert found and all(set(e.informants) & supporting for e in found)


# ------------------------------------------------------------------ the workbench

def test_details_lines() -> None:
    people = {"K1": Informant("K1", "Kader", sector="community", attributes={"gender": "[f]"})}
    assert speaker_lines(Turn(0, 9, "K1", False), people) == [
        "[b]K1[/b] (informant)", "role: Kader", "sector: community", "gender: \\[f]"]
    assert speaker_lines(Turn(0, 9, "Pewawancara", True), people) == [
        "[b]Pewawancara[/b] (researcher)"]
    assert speaker_lines(Turn(0, 9, "X", False), people) == [
        "[b]X[/b] (informant; no attributes yet)"]
    assert speaker_lines(None, people) == []
    pages = [[1, 0], [2, 1834], [3, 4000]]
    assert [page_at(pages, o) for o in (0, 1833, 1834, 9999)] == [1, 1, 2, 3]
    assert page_at("nonsense", 5) is None and page_at([], 5) is None
    assert source_lines({"Lokasi": "Kantor BPJS", "pages": pages}, 2000) == [
        "Lokasi: Kantor BPJS", "page 2 of 3"]


def test_the_details_pane_shows_the_speaker_and_the_source(project: Project) -> None:
    text = ("Pewawancara: Bagaimana kerja samanya?\nK1: Ada perjanjian kerja tertulis.\n"
            "Halaman dua: lampiran.\n")
    turn_end = text.index("\nHalaman")
    project.store.add_sources([ParsedSource(
        "madiun-k1", "Madiun", "interview", text,
        informants=[Informant("K1", "Kader JKN-KIS", "Kader JKN-KIS Kota Madiun", "community",
                              "triangulation", {"gender": "perempuan"})],
        turns=[Turn(0, 37, "Pewawancara", True), Turn(38, turn_end, "K1", False)],
        metadata={"Lokasi": "Rumah kader", "pages": [[1, 0], [2, turn_end + 1]]})])
    project.coder = "tester"

    async def go() -> None:
        from qualcode.tui.app import QualcodeApp

        app = QualcodeApp(project, "madiun-k1")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            main = app.screen
            details = main.query_one("#details")

            def shown() -> str:
                return str(details.render())

            main.transcript.move_to(text.index("Ada"))
            await pilot.pause()
            for part in ("K1 (informant)", "role: Kader JKN-KIS",
                         "organisation: Kader JKN-KIS Kota Madiun", "sector: community",
                         "group: triangulation", "gender: perempuan", "Lokasi: Rumah kader",
                         "page 1 of 2"):
                assert part in shown(), (part, shown())
            main.transcript.move_to(text.index("Halaman"))  # page 2, outside any turn
            await pilot.pause()
            assert "page 2 of 2" in shown() and "K1 (informant)" not in shown()
            main.transcript.move_to(3)
            await pilot.pause()
            assert "Pewawancara (researcher)" in shown()
            # an informants import elsewhere shows once the workbench notices it
            other = Project.open(project.path)
            with other:
                other.store.update_informants([("Madiun", Informant(
                    "K1", "Kader JKN-KIS", "", "community", "main", {"gender": "perempuan",
                                                                     "desa": "Jiwan"}))])
            main.transcript.move_to(text.index("Ada"))
            await pilot.pause(1.5)
            assert "desa: Jiwan" in shown() and "group: main" in shown()

    asyncio.run(go())


def test_the_matrix_screen_switches_to_an_attribute(sample: Project) -> None:
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.engine import MatrixScreen

    sample.coder = "tester"

    async def go() -> None:
        app = QualcodeApp(sample, "banyuasin-dinsos")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            screen = MatrixScreen("Banyuasin", "vcoss")
            app.push_screen(screen)
            await pilot.pause()
            seen = []
            for _ in range(5):
                await pilot.press("b")
                await pilot.pause()
                seen.append(screen.by)
            assert seen == ["method", "coder", "time", "sector", "group"]
            await pilot.press("b", "b", "b")  # role, organisation, back to informant
            await pilot.pause()
            assert screen.by == "informant"
            for _ in range(4):
                await pilot.press("b")
            await pilot.pause()
            assert screen.by == "sector"
            await app.workers.wait_for_complete()  # the matrix is computed in a worker
            await pilot.pause()
            title = str(screen.query_one("#matrix-title").render())
            assert "health: KUP, RO, KABID, KASI-KES" in title
            assert [c.group for c in screen.matrix.columns][:5] == ["health"] * 4 + [
                "non-health"]

    asyncio.run(go())


def test_informants_without_an_action_lists_and_a_typo_is_named(cli, capsys,
                                                                sample_dir: Path) -> None:
    assert cli("informants", sample_dir).out == cli("informants", "list", sample_dir).out
    with pytest.raises(SystemExit) as exit_:
        cli("informants", "imprt", sample_dir)
    assert exit_.value.code == 1
    assert capsys.readouterr().err.startswith(
        "qualcode: informants: no action 'imprt'; did you mean 'import'?")
