"""Codings CSV (interfaces.md §2): all-or-nothing import, FILE:LINE errors, exact export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import snapshot_db, write

from qualcode.ingest.codings import find_quote
from qualcode.ingest.sources import import_files

BODY = ("Pewawancara: Siapa yang menentukan fee?\n"
        "K1: Fee kami ditentukan dari BPJS, kami tidak ikut menentukan.\n"
        "Kontraknya satu tahun,\ndiperpanjang berdasarkan evaluasi.\n"
        "K1: Kontraknya satu tahun lagi kalau target tercapai.\n")


@pytest.fixture
def coded(project, tmp_path: Path):
    import_files(project, [write(tmp_path / "src" / "madiun-k1.txt",
                                 "---\nsite: Madiun\nmethod: interview\n---\n" + BODY)])
    return project


def import_csv_cli(cli, project, tmp_path: Path, text: str):
    path = write(tmp_path / "codings.csv", text)
    return path, cli("codings", "import", project.path, path)


def exported(cli, project, tmp_path: Path) -> list[dict]:
    out = tmp_path / "out.csv"
    assert cli("codings", "export", project.path, "-o", out).code == 0
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_quote_with_any_whitespace_and_occurrence(cli, coded, tmp_path: Path) -> None:
    _, result = import_csv_cli(cli, coded, tmp_path, (
        "source,code,stance,quote,occurrence,coder,memo\n"
        "madiun-k1,sulistiyani-org/top-down-control,,Fee kami ditentukan dari BPJS,,ana,\n"
        'madiun-k1,heideneim/formal-contract,supports,"Kontraknya satu tahun, '
        'diperpanjang",,ana,PKS\n'
        "madiun-k1,heideneim/formal-contract,supports,Kontraknya satu tahun,2,budi,\n"
        "madiun-k1,sulistiyani-org/joint-decision,contradicts,kami tidak ikut menentukan,,ana,\n"))
    assert result.code == 0, result.err
    rows = exported(cli, coded, tmp_path)
    text = coded.store.source_text("madiun-k1")
    for row in rows:
        assert text[int(row["start"]):int(row["end"])] == row["quote"]
    by_coder = {(r["coder"], r["code"]): r for r in rows}
    across_lines = by_coder["ana", "heideneim/formal-contract"]
    assert across_lines["quote"] == "Kontraknya satu tahun,\ndiperpanjang"
    assert across_lines["memo"] == "PKS"
    second = by_coder["budi", "heideneim/formal-contract"]
    assert int(second["start"]) == text.index("Kontraknya satu tahun lagi")
    assert by_coder["ana", "sulistiyani-org/top-down-control"]["stance"] == "supports"
    assert by_coder["ana", "sulistiyani-org/joint-decision"]["stance"] == "contradicts"


def test_offsets_only_and_round_trip(cli, coded, tmp_path: Path) -> None:
    text = coded.store.source_text("madiun-k1")
    start = text.index("tidak ikut")
    _, result = import_csv_cli(cli, coded, tmp_path,
                               f"source,code,start,end\nmadiun-k1,heideneim/all-members-involved,"
                               f"{start},{start + 10}\n")
    assert result.code == 0, result.err
    (row,) = exported(cli, coded, tmp_path)
    assert row["quote"] == "tidak ikut" and row["coder"] == coded.coder
    # the export imports again into a fresh project unchanged
    again = cli("codings", "import", coded.path, tmp_path / "out.csv")
    assert again.code == 0 and "1 already present" in again.err
    assert len(coded.store.codings()) == 1


def refused(cli, project, tmp_path: Path, text: str) -> list[str]:
    before = snapshot_db(project)
    path, result = import_csv_cli(cli, project, tmp_path, text)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert snapshot_db(project) == before
    return result.err.strip().splitlines()


def test_quote_not_in_source(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path,
                    "source,code,quote\n"
                    "madiun-k1,heideneim/formal-contract,Kontraknya satu tahun\n"
                    "madiun-k1,heideneim/joint-budget,ada anggaran bersama\n")
    assert lines == [f"qualcode: {tmp_path}/codings.csv:3: the quote is not in source "
                     "'madiun-k1': \"ada anggaran bersama\""]


def test_unknown_code_id(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path,
                    "source,code,quote\nmadiun-k1,heideneim/formal-contrak,Kontraknya\n")
    assert lines == [f"qualcode: {tmp_path}/codings.csv:2: unknown code id "
                     "'heideneim/formal-contrak'"]


def test_start_after_end(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path,
                    "source,code,start,end\nmadiun-k1,heideneim/formal-contract,40,12\n")
    assert lines == [f"qualcode: {tmp_path}/codings.csv:2: start (40) must be at least 0 and "
                     "below end (12)"]


def test_every_bad_row_is_reported(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path,
                    "source,code,stance,quote\n"
                    "madiun-k1,heideneim/formal-contract,supports,Kontraknya\n"
                    "madiun-x,heideneim/formal-contract,supports,Kontraknya\n"
                    "madiun-k1,heideneim/formal-contract,maybe,Kontraknya\n"
                    '"madiun-k1",heideneim/new-resources,,"multi\nline quote"\n'
                    "madiun-k1,heideneim/new-resources,,\n")
    assert [line.split(": ", 2)[1] for line in lines] == [
        f"{tmp_path}/codings.csv:3", f"{tmp_path}/codings.csv:4",
        f"{tmp_path}/codings.csv:5", f"{tmp_path}/codings.csv:7"]
    assert "unknown source 'madiun-x'" in lines[0]
    assert "stance must be supports or contradicts" in lines[1]


def test_quote_must_match_offsets_when_both_given(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path,
                    "source,code,quote,start,end\n"
                    "madiun-k1,heideneim/formal-contract,Fee kami,0,8\n")
    assert "the quote is not the text at 0–8" in lines[0]


def test_missing_columns(cli, coded, tmp_path: Path) -> None:
    lines = refused(cli, coded, tmp_path, "source,kode,quote\nmadiun-k1,x,y\n")
    assert lines == [f"qualcode: {tmp_path}/codings.csv:1: missing column(s) code in the "
                     "codings header (columns separated by commas, semicolons or tabs)"]


def test_find_quote_whitespace_runs() -> None:
    text = "a  b\nc d b c"
    assert find_quote(text, "b c") == (3, 6)
    assert find_quote(text, "b   c", occurrence=2) == (9, 12)
    assert find_quote(text, "b c", occurrence=3) is None
    assert find_quote(text, "d") == (7, 8)


@pytest.mark.parametrize(("name", "encoding", "separator"), [
    ("excel-indonesia.csv", "utf-8-sig", ";"),  # Excel, Windows set to Indonesian
    ("unicode-text.txt", "utf-16", "\t"),  # Excel's "Unicode Text": UTF-16 with BOM, tabs
    ("tabs.tsv", "utf-8", "\t"),
])
def test_spreadsheet_csvs(cli, coded, tmp_path: Path, name: str, encoding: str,
                          separator: str) -> None:
    rows = [["source", "code", "stance", "quote"],
            ["madiun-k1", "heideneim/formal-contract", "supports", "Kontraknya satu tahun,"],
            ["madiun-k1", "sulistiyani-org/joint-decision", "contradicts",
             "Fee kami ditentukan dari BPJS, kami"]]  # a comma inside a field
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows(rows)
    result = cli("codings", "import", coded.path, path)
    assert result.code == 0, result.err
    got = {(r["code"], r["stance"], r["quote"]) for r in exported(cli, coded, tmp_path)}
    assert got == {("sulistiyani-org/joint-decision", "contradicts",
                    "Fee kami ditentukan dari BPJS, kami"),
                   ("heideneim/formal-contract", "supports", "Kontraknya satu tahun,")}


def test_utf8_with_a_stray_byte_is_refused_with_line_and_byte(cli, coded,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_bytes(b"source,code,memo\n"
                     + "madiun-k1,heideneim/formal-contract,dicek ulang—ok\n".encode()
                     + b"madiun-k1,heideneim/formal-contract,caf\xe9\n")
    before = snapshot_db(coded)
    result = cli("codings", "import", coded.path, path)
    assert result.code == 1
    assert result.err.strip() == (
        f"qualcode: {path}:3: byte 0xE9 (column 40) is not UTF-8; the rest of the file is "
        "UTF-8: fix that character or save the file as UTF-8 again")
    assert snapshot_db(coded) == before


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_codings_import(cli, coded, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "coding.xlsx", [
        [], ["Source", "Code", "Stance", "Quote", "Coder"],
        ["madiun-k1", "heideneim/formal-contract", "supports", "Kontraknya satu tahun", "ana"],
        [None, None, None, None, None],
        ["madiun-k1", "sulistiyani-org/joint-decision", "contradicts",
         "kami tidak ikut menentukan", "ana"]])
    result = cli("codings", "import", coded.path, path)
    assert result.code == 0, result.err
    assert "imported 2 codings" in result.err
    assert {(r["code"], r["stance"]) for r in exported(cli, coded, tmp_path)} == {
        ("heideneim/formal-contract", "supports"),
        ("sulistiyani-org/joint-decision", "contradicts")}


def test_xlsx_bad_rows_named_by_excel_row(cli, coded, tmp_path: Path) -> None:
    before = snapshot_db(coded)
    path = xlsx(tmp_path / "coding.xlsx", [
        ["source", "code", "start", "end"],
        ["madiun-k1", "heideneim/formal-contract", 0, 8],
        ["madiun-k1", "heideneim/nope", 0, 8],
        ["madiun-k1", "heideneim/formal-contract", 9, 3]])
    result = cli("codings", "import", coded.path, path)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        f"qualcode: {path}:3: unknown code id 'heideneim/nope'",
        f"qualcode: {path}:4: start (9) must be at least 0 and below end (3)"]
    assert snapshot_db(coded) == before


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "not a readable .xlsx workbook (every .xlsx is a zip archive"),
    (b"PK\x03\x04broken", "not a readable .xlsx workbook"),
])
def test_broken_xlsx_is_one_line(cli, coded, tmp_path: Path, content: bytes,
                                 message: str) -> None:
    before = snapshot_db(coded)
    path = tmp_path / "coding.xlsx"
    path.write_bytes(content)
    result = cli("codings", "import", coded.path, path)
    assert result.code == 1 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert message in result.err and str(path) in result.err
    assert snapshot_db(coded) == before


def test_xlsx_zip_that_is_not_a_workbook(cli, coded, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "coding.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = cli("codings", "import", coded.path, path)
    assert result.code == 1 and "Traceback" not in result.err
    (line,) = result.err.strip().splitlines()
    assert line.startswith(f"qualcode: {path}: not a readable .xlsx workbook (")


def test_empty_workbook(cli, coded, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "coding.xlsx", [])
    result = cli("codings", "import", coded.path, path)
    assert result.code == 1
    assert result.err.strip() == f"qualcode: {path}: empty workbook (its first sheet has no rows)"
