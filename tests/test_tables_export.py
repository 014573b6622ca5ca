"""Spreadsheet exports (`qualcode export --xlsx FILE`, `--csv DIR`): the sheets and columns,
the core's figures, who speaks each coding and where, the codebook, informants and sources
tables, formulas kept as text (guarded in CSV, typed as text in the workbook), UTF-8 with BOM,
anonymisation, same content, whole files or none, bad input."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import file_line, snapshot_db

import qualcode.textfile
from qualcode.analysis.evidence import NO_TURNS, EvidenceBase, speakers_of
from qualcode.analysis.matrices import matrix
from qualcode.analysis.sensitivity import Sensitivities
from qualcode.analysis.verdicts import judge
from qualcode.cli import main
from qualcode.ingest.informants import import_informants
from qualcode.ingest.sources import import_files
from qualcode.model import NewCoding
from qualcode.reports.build import build_report, identifying
from qualcode.reports.tables import (
    CODEBOOK,
    CODINGS,
    ERROR_CODES,
    INDICATORS,
    INFORMANTS,
    INFORMANTS_LAST,
    MATRICES,
    SOURCES,
    VERDICT_ROW,
    VERDICTS,
    tables,
    write_csv_dir,
    write_xlsx,
)
from qualcode.store.project import Project

SHEETS = ["codings", "verdicts", "indicators", "matrices", "comparison", "codebook",
          "informants", "sources"]
SITES = ["Banyuasin", "Kotawaringin Timur", "Madiun"]
COMPARISON = ["framework", "indicator", *SITES, "differs"]


@pytest.fixture(scope="module")
def exported(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project exported once as .xlsx and as a CSV folder."""
    work = tmp_path_factory.mktemp("tables")
    shutil.copytree(sample_dir, work / "sample")
    assert main(["export", str(work / "sample"), "--xlsx", str(work / "out.xlsx"),
                 "--csv", str(work / "csv")]) == 0
    return work


def test_sheets_and_columns(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "out.xlsx")
    assert book.sheetnames == SHEETS
    expected = {"codings": CODINGS, "verdicts": VERDICTS, "indicators": INDICATORS,
                "matrices": MATRICES, "comparison": COMPARISON, "codebook": CODEBOOK,
                "informants": INFORMANTS + INFORMANTS_LAST, "sources": SOURCES}
    for name in SHEETS:
        header = [c.value for c in next(book[name].iter_rows(max_row=1))]
        assert header == expected[name], name
        assert book[name].freeze_panes == "A2"
    frames = pd.read_excel(exported / "out.xlsx", sheet_name=None)
    assert list(frames) == SHEETS
    for name, frame in frames.items():
        assert list(frame.columns) == expected[name]
        csv = pd.read_csv(exported / "csv" / f"{name}.csv")
        assert list(csv.columns) == expected[name]
        assert len(csv) == len(frame) > 0


def test_figures_are_the_cores(exported: Path) -> None:
    frames = pd.read_excel(exported / "out.xlsx", sheet_name=None, keep_default_na=False)
    with Project.open(exported / "sample") as project:
        store = project.store
        assert len(frames["codings"]) == len(store.codings())
        base = EvidenceBase(store, None, project.settings.min_independent)
        books = [b for b in store.codebooks() if b.is_framework]
        verdicts = frames["verdicts"]
        assert len(verdicts) == len(SITES) * len(books)
        for site in SITES:
            for book in books:
                v = judge(base, site, book)
                row = verdicts[(verdicts.site == site) & (verdicts.framework == book.id)]
                assert row.verdict.item() == (v.verdict or "")
                assert row.status.item() == v.status
                assert row.confidence.item() == pytest.approx(v.confidence)
                assert row.explanation.item() == v.explanation["en"]
        heideneim = next(b for b in books if b.id == "heideneim")
        core = matrix(base, "Madiun", heideneim, "informant")
    m = frames["matrices"]
    m = m[(m.site == "Madiun") & (m.framework == "heideneim") & (m.by == "informant")]
    for row in core.rows:
        cells = m[m.indicator == row.code]
        assert list(cells.column) == [c.key for c in core.columns]
        assert list(cells.supports) == [len(c.supports) for c in row.cells]
        assert list(cells.contradicts) == [len(c.contradicts) for c in row.cells]
    comparison = frames["comparison"]
    first = comparison.iloc[0]
    assert (first.framework, first.indicator) == ("heideneim", VERDICT_ROW)
    assert first.Madiun == "partnership"


def test_readings_and_sensitivity(exported: Path) -> None:
    """A verdict row names the readings it rests on and what would change it; an indicator row
    gives its reading."""
    frames = {name: pd.read_csv(exported / "csv" / f"{name}.csv", keep_default_na=False)
              for name in ("verdicts", "indicators")}
    verdicts = frames["verdicts"].set_index(["site", "framework"])
    read = ["vcoss/formal-agreement", "vcoss/shared-vision", "vcoss/role-clarity"]
    banyuasin = verdicts.loc["Banyuasin", "vcoss"]
    assert banyuasin.rests_on_readings == "; ".join(read)
    assert (banyuasin.pivotal_codings, banyuasin.pivotal_sources) == (0, 0)
    assert banyuasin.sensitivity == (
        "robust to any single change (removing or flipping one coding, removing one source); "
        "it also rests on the researcher's reading of formal-agreement, shared-vision, "
        "role-clarity")
    madiun = verdicts.loc["Madiun", "heideneim"]
    assert madiun.rests_on_readings == ""
    assert (madiun.pivotal_codings, madiun.pivotal_sources) == (4, 1)
    assert madiun.sensitivity.startswith("rests on 4 coding(s) and 1 source(s): ")
    with Project.open(exported / "sample") as project:
        store = project.store
        base = EvidenceBase(store, None, project.settings.min_independent)
        books = [b for b in store.codebooks() if b.is_framework]
        weigh = Sensitivities(store, base)
        readings = {(r.site, r.code): r for r in store.readings()}
    for (site, framework), row in verdicts.iterrows():
        s = weigh.of(judge(base, site, next(b for b in books if b.id == framework)))
        assert (row.sensitivity, row.pivotal_codings, row.pivotal_sources) == (
            s.summary(), s.codings, s.sources), (site, framework)
        assert row.rests_on_readings == "; ".join(s.readings)
    assert set(verdicts.rests_on_readings) == {"", "; ".join(read)}
    indicators = frames["indicators"]
    with_reading = indicators[indicators.reading_established != ""]
    assert list(zip(with_reading.site, with_reading.indicator, strict=True)) == [
        ("Banyuasin", code) for code in ("vcoss/formal-agreement", "vcoss/shared-vision",
                                         "vcoss/role-clarity")]
    for row in with_reading.itertuples():
        r = readings[row.site, row.indicator]
        assert (str(row.reading_established), str(row.established), row.status) == (
            "True", "True", "contested")  # established by the reading, against the weighing
        assert (row.reading_rationale, row.reading_coder, row.reading_at) == (
            r.rationale, "sample", "2025-10-06T09:00:00+00:00")
    assert set(indicators.reading_rationale) - {r.rationale for r in readings.values()} == {""}
    sheet = pd.read_excel(exported / "out.xlsx", sheet_name="verdicts")
    assert sheet.set_index(["site", "framework"]).loc[
        ("Madiun", "heideneim"), "pivotal_codings"] == 4


def test_indonesian_explanations_and_labels(sample, tmp_path: Path) -> None:
    write_xlsx(build_report(sample, sites=["Madiun"], codebooks=["heideneim"], lang="id"),
               tmp_path / "id.xlsx")
    frames = pd.read_excel(tmp_path / "id.xlsx", sheet_name=None)
    base = EvidenceBase(sample.store)
    book = next(b for b in sample.store.codebooks() if b.id == "heideneim")
    assert frames["verdicts"].explanation.tolist() == [judge(base, "Madiun", book)
                                                       .explanation["id"]]
    assert frames["verdicts"].sensitivity.tolist() == [
        "bersandar pada 4 koding dan 1 sumber: membalik koding 271 (Berbagi risiko dan "
        "imbalan) mengubahnya menjadi bukti belum cukup"]
    labels = frames["indicators"].set_index("indicator").label
    assert labels["heideneim/formal-contract"] == book.code("heideneim/formal-contract").label["id"]
    assert set(frames["codings"].site) == {"Madiun"}
    assert set(frames["codings"].code.str.split("/").str[0]) == {"heideneim"}
    assert list(frames["comparison"].columns) == ["framework", "indicator", "Madiun", "differs"]


def test_text_that_looks_like_a_formula_stays_text(sample, tmp_path: Path) -> None:
    coding = sample.store.codings(source="madiun-bpjs-billing-head")[0]
    sample.store.update_coding(coding.id, coding.coder, coding.version,
                               memo="=HYPERLINK(\"http://x\")")
    write_xlsx(build_report(sample), tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["codings"]
    memo = CODINGS.index("memo") + 1
    cells = [row[memo - 1] for row in sheet.iter_rows(min_row=2)
             if row[memo - 1].value == "=HYPERLINK(\"http://x\")"]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_anonymised_tables(sample, tmp_path: Path) -> None:
    report = build_report(sample, anonymise=True)
    write_xlsx(report, tmp_path / "a.xlsx")
    written = write_csv_dir(report, tmp_path / "csv")
    assert [p.name for p in written] == [f"{name}.csv" for name in SHEETS]
    text = "\n".join(p.read_text(encoding="utf-8") for p in written)
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    cells = "\n".join(str(c) for s in book for row in s.iter_rows(values_only=True) for c in row)
    for src in sample.store.sources():
        assert src.name not in text and src.name not in cells
    for label in ("KUP", "RO", "KABID", "DUKCAPIL"):  # RO, KUP: in coders' memos
        assert not re.search(rf"\b{label}\b", text) and not re.search(rf"\b{label}\b", cells)
    for inf in sample.store.informants()["Madiun"]:
        assert inf.organisation not in text
    matrices = pd.read_csv(tmp_path / "csv" / "matrices.csv", keep_default_na=False)
    madiun = matrices[(matrices.site == "Madiun") & (matrices.by == "informant")]
    columns = set(madiun.column) - {"(documents and notes)"}
    assert columns == {"K8", "M6", "T1", "T2"}  # P1, P2, K1, K2: their pseudonyms
    assert set(madiun.column_group) == {""}


def test_same_project_same_content(sample, tmp_path: Path) -> None:
    before = snapshot_db(sample)
    report = build_report(sample)
    write_xlsx(report, tmp_path / "a.xlsx")
    write_xlsx(build_report(sample), tmp_path / "b.xlsx")
    a, b = zipfile.ZipFile(tmp_path / "a.xlsx"), zipfile.ZipFile(tmp_path / "b.xlsx")
    assert a.namelist() == b.namelist()
    for name in a.namelist():
        assert a.read(name) == b.read(name), name
    first = [p.read_bytes() for p in write_csv_dir(report, tmp_path / "c1")]
    assert first == [p.read_bytes() for p in write_csv_dir(report, tmp_path / "c2")]
    assert snapshot_db(sample) == before


def test_progress(sample, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_xlsx(build_report(sample, progress=lambda d, t: calls.append((d, t))),
               tmp_path / "p.xlsx")
    total = calls[-1][1]
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) >= len(SITES) + 2


def test_csv_dir_that_is_a_file(cli, sample, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.write_text("keep me", encoding="utf-8")
    result = cli("export", sample.path, "--csv", target)
    assert result.code == 1
    assert result.err.strip() == f"qualcode: {target}: exists and is not a directory"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_csv_dir_in_a_missing_folder(cli, sample, tmp_path: Path) -> None:
    result = cli("export", sample.path, "--csv", tmp_path / "no" / "tables")
    assert result.code == 1
    assert result.err.strip() == (f"qualcode: {tmp_path / 'no' / 'tables'}: cannot write "
                                  f"(no directory {tmp_path / 'no'})")
    assert not (tmp_path / "no").exists()


# ---------------------------------------------------------------------- the codings' columns

TURN = re.compile(r"^(?:\[(\d\d:\d\d:\d\d)\] )?([^\s:]+): ", re.M)


def test_codings_say_who_speaks_and_where(exported: Path) -> None:
    """Every coding's line, speaker, role, time stamp and label, found again from the source
    text by counting its newlines and reading the turn it starts in."""
    rows = list(csv.DictReader(io.StringIO(
        (exported / "csv" / "codings.csv").read_bytes().decode("utf-8-sig"))))
    sheet = pd.read_excel(exported / "out.xlsx", sheet_name="codings", keep_default_na=False)
    assert len(rows) == len(sheet) == 403
    with Project.open(exported / "sample") as project:
        store = project.store
        texts = store.source_texts()
        people = {(site, i.label): i for site, infs in store.informants().items()
                  for i in infs}
        labels = {c.id: c.label for b in store.codebooks() for c in b.codes}
        columns = store.turn_columns()
        ids = {name: i for i, name in store.source_ids().items()}
    stamped = 0
    for row in rows:
        text, start = texts[row["source"]], int(row["start"])
        assert row["quote"] == text[start:int(row["end"])]
        assert int(row["line"]) == file_line(row["source"], text, start)  # the file's line
        assert row["label"] == labels[row["code"]]["en"]
        said = [m for m in TURN.finditer(text) if m.start() <= start]
        stamp, speaker = said[-1].groups() if said else (None, None)
        assert row["timestamp"] == (stamp or "")
        stamped += bool(stamp)
        turns = columns.get(ids[row["source"]], NO_TURNS)
        speakers, _ = speakers_of(turns, start, int(row["end"]))
        assert set(filter(None, row["informant"].split("; "))) == speakers  # the engine's
        if speakers == {speaker}:
            assert row["role"] == people[row["site"], speaker].role
    assert stamped > 10  # the focus group is time-stamped
    first = next(r for r in rows if r["source"] == "madiun-bpjs-billing-head")
    assert (first["informant"], first["role"], first["method"], first["line"]) == (
        "P1", "Kepala Bidang Penagihan dan Keuangan", "interview",
        str(file_line(first["source"], texts[first["source"]], int(first["start"]))))
    fgd = next(r for r in rows if r["source"] == "kotim-fgd-lintas-sektor")
    assert (fgd["informant"], fgd["timestamp"]) == ("DINSOS", "00:03:41")
    assert int(fgd["line"]) > 2  # counted in the file, after its front matter
    document = next(r for r in rows if r["method"] == "document")
    assert (document["informant"], document["role"], document["timestamp"]) == ("", "", "")
    assert list(sheet.line[:3]) == [int(r["line"]) for r in rows[:3]]  # numbers in the sheet


def test_a_coding_across_two_speakers(sample, tmp_path: Path) -> None:
    """Both speakers, in the order they speak, with their roles in the same order; anonymised,
    their pseudonyms and no roles."""
    text = sample.store.source_text("banyuasin-bpjs-marketing")
    start, end = text.index("RO: Tiga bulan sekali"), text.index("Belum pernah batal")
    sample.store.add_coding(NewCoding("banyuasin-bpjs-marketing", start, end,
                                      "vcoss/sustained-relationship", coder="ana"))
    (row,) = [c for c in build_report(sample, lang="id").codings if c.coder == "ana"]
    assert (row.informant, row.role, row.line, row.label) == (
        "RO; KUP", "Relationship Officer Unit Pemasaran; Kepala Unit Pemasaran",
        file_line("banyuasin-bpjs-marketing", text, start), "Hubungan berkelanjutan")
    (row,) = [c for c in build_report(sample, anonymise=True).codings if c.coder == "ana"]
    assert (row.source, row.informant, row.role) == ("S1", "K2; K1", "")
    assert row.quote.startswith("K2: Tiga bulan sekali") and "\nK1: Dan sejauh" in row.quote


# ---------------------------------------------------------------------- reference tables

def test_codebook_informants_and_sources_tables(exported: Path) -> None:
    frames = {name: pd.read_csv(exported / "csv" / f"{name}.csv", keep_default_na=False)
              for name in ("codebook", "informants", "sources", "codings")}
    sheets = pd.read_excel(exported / "out.xlsx", sheet_name=None, keep_default_na=False)
    with Project.open(exported / "sample") as project:
        store = project.store
        books = store.codebooks()
        sources = store.sources()
        informants = store.informants()
    codebook = frames["codebook"].set_index("code")
    assert list(codebook.index) == [c.id for b in books for c in b.codes]
    contract = codebook.loc["heideneim/formal-contract"]
    assert (contract.codebook, contract.label_en, contract.label_id, contract.kind,
            contract.parent) == ("heideneim", "Formal contract", "Kontrak formal",
                                 "framework", "")
    assert codebook.loc["sulistiyani-org/top-down-control"].excludes == (
        "linear-union; linear-collaborative")
    assert codebook.loc["heideneim/loose-association"].defines == "network"
    child = codebook.loc["factors/supporting"]
    assert (child.kind, child.defines, child.excludes) == ("thematic", "", "")
    assert codebook.loc[codebook.parent == "factors/supporting"].index.size >= 2
    for b in books:
        for c in b.codes:
            assert codebook.loc[c.id].definition == c.definition["en"]
    people = frames["informants"]
    assert len(people) == sum(len(x) for x in informants.values()) == 20
    k1 = people[(people.site == "Madiun") & (people.informant == "K1")].iloc[0]
    assert (k1.group, k1.sector, k1.role, k1.organisation, k1.sources) == (
        "triangulation", "community", "Kader JKN-KIS", "Kader JKN-KIS Kota Madiun",
        "madiun-cadre-kota")
    table = frames["sources"].set_index("source")
    assert list(table.index) == [s.name for s in sources]
    marketing = table.loc["banyuasin-bpjs-marketing"]
    assert (marketing.site, marketing.method, marketing.date, marketing.language,
            marketing.informants) == ("Banyuasin", "interview", "2016-09-20", "id", "KUP; RO")
    assert marketing.title == next(s.title for s in sources if s.name == marketing.name)
    counted = frames["codings"].source.value_counts()
    assert {n: int(table.loc[n].codings) for n in table.index} == {
        n: int(counted.get(n, 0)) for n in table.index}
    assert table.codings.sum() == len(frames["codings"])
    for name in ("codebook", "informants", "sources"):
        assert sheets[name].astype(str).equals(frames[name].astype(str)), name


def test_tables_in_indonesian(sample) -> None:
    frames = tables(build_report(sample, codebooks=["heideneim"], lang="id"))
    book = next(b for b in sample.store.codebooks() if b.id == "heideneim")
    contract = book.code("heideneim/formal-contract")
    codebook = frames["codebook"].set_index("code")
    assert codebook.loc[contract.id].definition == contract.definition["id"]
    assert (codebook.loc[contract.id].label_en, codebook.loc[contract.id].label_id) == (
        "Formal contract", "Kontrak formal")
    assert set(frames["codings"].label) <= {c.label["id"] for c in book.codes}
    assert len(frames["codebook"]) == len(book.codes)
    # the codings of a source: only those of the chosen codebook
    counted = frames["codings"].source.value_counts()
    assert {r.source: r.codings for r in frames["sources"].itertuples()} == {
        s: int(counted.get(s, 0)) for s in frames["sources"].source}


def test_informant_attributes(sample, tmp_path: Path) -> None:
    """Every attribute is a column; anonymised, those that identify (a name, an alias, a
    phone number, a position) are left out with roles and organisations, and labels in the
    values kept are masked."""
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "site,label,gender,nama lengkap,alias,no_hp,jabatan,tenure,reports to\n"
        "Madiun,K1,female,Siti Rahayu,Bu Siti,+62 812 3456 7890,kader,3 years,P2\n",
        encoding="utf-8")
    import_informants(sample.store, sheet)
    report = build_report(sample, sites=["Madiun"])
    frame = tables(report)["informants"]
    attributes = ["gender", "nama lengkap", "alias", "no_hp", "jabatan", "tenure",
                  "reports to"]
    assert list(frame.columns) == [*INFORMANTS, *attributes, *INFORMANTS_LAST]
    k1 = frame.set_index("informant").loc["K1"]
    assert (k1["nama lengkap"], k1.alias, k1.no_hp, k1["reports to"]) == (
        "Siti Rahayu", "Bu Siti", "+62 812 3456 7890", "P2")
    assert frame.set_index("informant").loc["P1"].gender == ""
    write_csv_dir(report, tmp_path / "csv")
    line = (tmp_path / "csv" / "informants.csv").read_text(encoding="utf-8-sig")
    assert ",'+62 812 3456 7890," in line  # a phone number is not a formula

    anonymised = build_report(sample, sites=["Madiun"], anonymise=True)
    frame = tables(anonymised)["informants"]
    assert list(frame.columns) == [*INFORMANTS, "gender", "tenure", "reports to",
                                   *INFORMANTS_LAST]
    assert set(frame.role) == set(frame.organisation) == {""}
    assert all(re.fullmatch(r"(?:K|M|SP|T|I)\d+", x) for x in frame.informant)
    row = frame[frame.gender == "female"].iloc[0]
    assert row["reports to"] == "M6"  # P2, masked as in memos
    write_xlsx(anonymised, tmp_path / "a.xlsx")
    write_csv_dir(anonymised, tmp_path / "anon")
    everything = "\n".join(p.read_text(encoding="utf-8-sig")
                           for p in (tmp_path / "anon").iterdir())
    cells = "\n".join(str(c) for s in openpyxl.load_workbook(tmp_path / "a.xlsx")
                      for r in s.iter_rows(values_only=True) for c in r)
    for secret in ("Siti Rahayu", "Bu Siti", "3456 7890", "Kader JKN-KIS Kota Madiun",
                   "Kepala Bidang Penagihan"):
        assert secret not in everything and secret not in cells, secret
    sheet.write_text("site,label,=catatan\nMadiun,K2,baru\n", encoding="utf-8")
    import_informants(sample.store, sheet)  # a header that looks like a formula
    write_csv_dir(build_report(sample, sites=["Madiun"]), tmp_path / "csv")
    header = (tmp_path / "csv" / "informants.csv").read_text(encoding="utf-8-sig")
    assert header.startswith("site,informant,") and ",'=catatan," in header.splitlines()[0]


@pytest.mark.parametrize(("name", "left_out"), [
    ("name", True), ("Full Name", True), ("nama_lengkap", True), ("alias", True),
    ("no_hp", True), ("phone", True), ("NIP", True), ("jabatan", True), ("alamat", True),
    ("email", True), ("gender", False), ("tenure", False), ("education", False),
    ("umur", False), ("community", False)])
def test_which_attributes_identify(name: str, left_out: bool) -> None:
    assert identifying(name) is left_out


def test_anonymised_codings_informants_and_sources(sample) -> None:
    frames = tables(build_report(sample, anonymise=True))
    codings, people, sources = frames["codings"], frames["informants"], frames["sources"]
    spoken = {x for cell in codings.informant for x in cell.split("; ") if x}
    assert spoken and all(re.fullmatch(r"(?:K|M|SP|T|I)\d+", x) for x in spoken)
    assert spoken <= set(people.informant)
    assert set(codings.role) == {""}
    assert all(re.fullmatch(r"S\d+", s) for s in sources.source)
    assert set(sources.title) == {""}
    assert set(codings.source) <= set(sources.source)
    assert list(codings.line) == list(tables(build_report(sample))["codings"].line)


# ---------------------------------------------------------------------- formulas and encoding

FORMULAS = ['=HYPERLINK("http://example.org/?q=1","klik")', "@SUM(A1:A2)",
            "+62 812 3456 7890", "- tidak setuju", "=1+1", "-"]
NOT_FORMULAS = ["−5 persen (U+2212)", "'sudah dikutip", "#N/A"]


@pytest.fixture
def formulas(sample, tmp_path: Path):
    """The sample with a document whose lines look like formulas, each line coded, and
    memos that do."""
    lines = FORMULAS[:4] + NOT_FORMULAS[:2]
    path = tmp_path / "in" / "madiun-formulas.txt"
    path.parent.mkdir()
    path.write_text("---\nsite: Madiun\nmethod: document\n---\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    import_files(sample, [path])
    text = sample.store.source_text("madiun-formulas")
    for line in lines:
        at = text.index(line)
        sample.store.add_coding(NewCoding("madiun-formulas", at, at + len(line),
                                          "heideneim/formal-contract", coder="ana"))
    for memo, coding in zip(FORMULAS + NOT_FORMULAS, sample.store.codings(
            source="madiun-bpjs-billing-head"), strict=False):
        sample.store.update_coding(coding.id, coding.coder, coding.version, memo=memo)
    return sample


def test_csv_guards_formulas_and_has_a_bom(formulas, tmp_path: Path) -> None:
    written = write_csv_dir(build_report(formulas), tmp_path / "csv")
    for path in written:
        assert path.read_bytes().startswith(codecs.BOM_UTF8), path.name
        assert not path.read_bytes()[3:].startswith(codecs.BOM_UTF8)
    data = (tmp_path / "csv" / "codings.csv").read_bytes()
    assert "−".encode() in data and b"Kepala Bidang Penagihan dan Keuangan" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    quotes = [r["quote"] for r in rows if r["source"] == "madiun-formulas"]
    assert quotes == ["'" + q for q in FORMULAS[:4]] + NOT_FORMULAS[:2]
    memos = [r["memo"] for r in rows if r["source"] == "madiun-bpjs-billing-head"]
    assert memos[:len(FORMULAS + NOT_FORMULAS)] == ["'" + m for m in FORMULAS] + NOT_FORMULAS
    for row in rows:  # numbers stay numbers: no apostrophe, no quotes around them
        assert row["start"].isdigit() and row["end"].isdigit() and row["line"].isdigit()
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert '\n"\'=HYPERLINK(""http' not in data.decode("utf-8-sig")  # quoted where needed
    assert pd.read_csv(tmp_path / "csv" / "codings.csv").columns[0] == "site"  # BOM read


def test_workbook_stores_formulas_as_text(formulas, tmp_path: Path) -> None:
    write_xlsx(build_report(formulas), tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["codings"]
    header = [c.value for c in sheet[1]]
    quote, memo, start = (header.index(x) for x in ("quote", "memo", "start"))
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in (row[quote], row[memo])}
    for text in FORMULAS + NOT_FORMULAS:
        cell = cells[text]  # as it is: no apostrophe added in the workbook
        assert cell.data_type == "s", text
    for text in FORMULAS:
        assert cells[text].quotePrefix, text  # stays text when edited in Excel
    assert cells["#N/A"].quotePrefix and cells["#N/A"].data_type == "s"  # not an error value
    assert not cells["−5 persen (U+2212)"].quotePrefix
    assert all(isinstance(row[start].value, int) and row[start].data_type == "n"
               for row in sheet.iter_rows(min_row=2))
    xml = zipfile.ZipFile(tmp_path / "f.xlsx").read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml  # no formula anywhere


def test_error_codes_are_openpyxls() -> None:
    from openpyxl.cell.cell import ERROR_CODES as OPENPYXL

    assert ERROR_CODES == set(OPENPYXL)


def test_cli_export_guards_formulas(cli, formulas, tmp_path: Path) -> None:
    result = cli("export", formulas.path, "--csv", tmp_path / "tables", "--xlsx",
                 tmp_path / "t.xlsx", "--anonymise")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "tables" / "codings.csv").read_text(encoding="utf-8-sig"))))
    assert "'@SUM(A1:A2)" in [r["quote"] for r in rows]
    assert "'=1+1" in [r["memo"] for r in rows]


# ---------------------------------------------------------------------- whole files or none

def test_an_interrupted_workbook_leaves_the_old_file(
        sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook is made in memory and written beside the target, then renamed: stopped
    while writing, the old file is as it was and no part of the new one is left."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "tables.xlsx"
    target.write_bytes(b"the old workbook")

    def interrupt(fd: int) -> None:
        assert os.fstat(fd).st_size > 10_000  # the new workbook, half on disk
        raise KeyboardInterrupt

    monkeypatch.setattr(qualcode.textfile.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_xlsx(build_report(sample), target)
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in out.iterdir()] == ["tables.xlsx"]
