"""Spreadsheet exports (`qualcode export --xlsx FILE`, `--csv DIR`): the sheets and columns,
the core's figures, formulas kept as text, anonymisation, same content, bad input."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import snapshot_db

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.matrices import matrix
from qualcode.analysis.sensitivity import Sensitivities
from qualcode.analysis.verdicts import judge
from qualcode.cli import main
from qualcode.reports.build import build_report
from qualcode.reports.tables import (
    CODINGS,
    INDICATORS,
    MATRICES,
    VERDICT_ROW,
    VERDICTS,
    write_csv_dir,
    write_xlsx,
)
from qualcode.store.project import Project

SHEETS = ["codings", "verdicts", "indicators", "matrices", "comparison"]
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
                "matrices": MATRICES, "comparison": COMPARISON}
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
    for label in ("KUP", "RO", "KABID", "DUKCAPIL", "K1", "K2"):  # RO, KUP: in coders' memos
        assert not re.search(rf"\b{label}\b", text) and not re.search(rf"\b{label}\b", cells)
    for inf in sample.store.informants()["Madiun"]:
        assert inf.organisation not in text
    matrices = pd.read_csv(tmp_path / "csv" / "matrices.csv", keep_default_na=False)
    madiun = matrices[(matrices.site == "Madiun") & (matrices.by == "informant")]
    columns = set(madiun.column) - {"(documents and notes)"}
    assert len(columns) == 4 and all(re.fullmatch(r"I\d+", c) for c in columns)
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
