"""Bad transcripts: one clear line naming the file (and line), exit 1, project unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import snapshot_db, write

GOOD = "---\nsite: Madiun\nmethod: interview\n---\nP1: Kontraknya satu tahun.\n"


@pytest.fixture
def imported(project, tmp_path: Path):
    from qualcode.ingest.sources import import_files

    import_files(project, [write(tmp_path / "in" / "madiun-p1.txt", GOOD)])
    return project


def check_refused(cli, project, files: list[Path], expected: str) -> str:
    before = snapshot_db(project)
    result = cli("import", project.path, *files)
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert expected in lines[0], lines[0]
    assert snapshot_db(project) == before
    return lines[0]


def test_binary_file(cli, imported, tmp_path: Path) -> None:
    path = tmp_path / "rekaman.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    check_refused(cli, imported, [path], f"{path}: a binary file, not text")


def test_empty_file(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "kosong.txt", "  \n\n")
    check_refused(cli, imported, [path], f"{path}: empty file")


def test_front_matter_only(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "meta-saja.txt", "---\nsite: Madiun\n---\n")
    check_refused(cli, imported, [path], f"{path}: no transcript text")


def test_broken_yaml_front_matter(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "rusak.txt",
                 "---\nsite: Madiun\nmethod: [interview\ndate: 2020-11-03\n---\nP1: Halo.\n")
    line = check_refused(cli, imported, [path], f"{path}:")
    assert "invalid YAML" in line
    assert line.split(":")[2].isdigit() and 3 <= int(line.split(":")[2]) <= 5


def test_unknown_method(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "survei.txt", "---\nsite: Madiun\nmethod: survey\n---\nP1: Ya.\n")
    check_refused(cli, imported, [path],
                  f"{path}:3: unknown method 'survey' (use one of: interview, fgd, "
                  "observation, document)")


def test_duplicate_source_name(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "other" / "madiun-p1.txt", GOOD)
    check_refused(cli, imported, [path],
                  f"{path}: a source named 'madiun-p1' is already in the project")


def test_one_bad_file_means_none_imported(cli, imported, tmp_path: Path) -> None:
    good = write(tmp_path / "baik.txt", GOOD)
    bad = write(tmp_path / "buruk.txt", "---\nsite: Madiun\nmethod: survey\n---\nP1: Ya.\n")
    check_refused(cli, imported, [good, bad], "unknown method")
    assert "baik" not in imported.store.source_names()


def test_missing_site(cli, imported, tmp_path: Path) -> None:
    path = write(tmp_path / "tanpa-situs.txt", "P1: Halo.\n")
    check_refused(cli, imported, [path], f"{path}: no site")


def test_broken_docx(cli, imported, tmp_path: Path) -> None:
    path = tmp_path / "rusak.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    check_refused(cli, imported, [path], f"{path}: not a readable .docx file")


def test_not_a_project(cli, tmp_path: Path) -> None:
    result = cli("sources", tmp_path / "nowhere")
    assert result.code == 1
    assert "not a qualcode project" in result.err and "Traceback" not in result.err


def test_one_label_for_two_people_is_refused(cli, imported, tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "dinkes.txt",
                  "---\nsite: Banyuasin\ninformants:\n  - {id: KASI, role: Kepala Seksi, "
                  "organisation: Dinkes}\n---\nKASI: Ya.\n")
    assert cli("import", imported.path, first).code == 0
    second = write(tmp_path / "b" / "dukcapil.txt",
                   "---\nsite: Banyuasin\ninformants:\n  - {id: KASI, role: Kepala Seksi, "
                   "organisation: Disdukcapil}\n---\nKASI: Betul.\n")
    line = check_refused(cli, imported, [second], "informant 'KASI' at Banyuasin is already")
    assert "Dinkes" in line and "Disdukcapil" in line and "KASI-2" in line
    # the same person interviewed twice is fine
    again = write(tmp_path / "c" / "dinkes-2.txt",
                  "---\nsite: Banyuasin\ninformants:\n  - {id: KASI, role: Kepala Seksi, "
                  "organisation: Dinkes}\n---\nKASI: Lagi.\n")
    assert cli("import", imported.path, again).code == 0
