"""Hostile exchange files are refused with one clear line, and nothing is written: XML external
entities, entity expansion, zip-slip, zip bombs, non-zip input, a missing project.qde."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import snapshot_db
from test_refi_import import CODES, TEXT, make_qdpx, project_xml

from qualcode.exchange import safety as refi_safety
from qualcode.store.project import Project

VALID = project_xml(CODES + '<Sources><TextSource guid="00000005-aaaa-4bbb-8ccc-000000000001" '
                    'name="wawancara" plainTextPath="internal://s1.txt"/></Sources>')
FILES = {"sources/s1.txt": TEXT}


@pytest.fixture
def refuses(cli, project: Project, tmp_path: Path):
    """Import FILE through the command line: exit 1, one line naming the file and containing
    `expected`, no traceback, and the project exactly as it was."""
    before = snapshot_db(project)
    project.close()

    def check(path: Path, expected: str) -> None:
        run = cli("refi", "import", tmp_path / "proj", path)
        assert run.code == 1
        assert run.err.count("\n") == 1 and "Traceback" not in run.err
        assert run.err.startswith(f"qualcode: {path}") and expected in run.err, run.err
        with Project.open(tmp_path / "proj") as again:
            assert snapshot_db(again) == before

    return check


def test_a_valid_file_is_accepted(cli, project: Project, tmp_path: Path) -> None:
    project.close()
    path = make_qdpx(tmp_path / "ok.qdpx", VALID, FILES)
    run = cli("refi", "import", tmp_path / "proj", path)
    assert run.code == 0 and "1 sources" in run.err


def test_xml_external_entity(refuses, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia negara")
    xml = VALID.replace('<?xml version="1.0" encoding="utf-8"?>\n', (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>\n')).replace(
        'name="wawancara"', 'name="&xxe;"')
    refuses(make_qdpx(tmp_path / "xxe.qdpx", xml, FILES), "declares a DTD or entities")


def test_entity_expansion_billion_laughs(refuses, tmp_path: Path) -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    xml = VALID.replace('<?xml version="1.0" encoding="utf-8"?>\n',
                        f'<?xml version="1.0"?>\n<!DOCTYPE Project [{entities}]>\n').replace(
        'name="test"', 'name="&lol9;"')
    refuses(make_qdpx(tmp_path / "lol.qdpx", xml, FILES), "declares a DTD or entities")


def test_entities_in_utf16_are_refused_too(refuses, tmp_path: Path) -> None:
    """The byte scan cannot see a UTF-16 DOCTYPE; the parsed document's DTD is checked too."""
    xml = ('<?xml version="1.0" encoding="utf-16"?>\n<!DOCTYPE Project [<!ENTITY x "y">]>\n'
           + VALID.split("\n", 1)[1])
    refuses(make_qdpx(tmp_path / "u16.qdpx", xml.encode("utf-16"), FILES),
            "declares a DTD or entities")


def test_entities_in_a_codebook(refuses, tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY x SYSTEM '
                    '"file:///etc/passwd">]>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                    '<Codes><Code guid="00000001-aaaa-4bbb-8ccc-000000000001" name="&x;" '
                    'isCodable="true"/></Codes></CodeBook>')
    refuses(path, "declares a DTD or entities")


@pytest.mark.parametrize("entry", ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt",
                                   "C:/Windows/evil.txt", "..\\evil.txt"])
def test_zip_slip_entries(refuses, tmp_path: Path, entry: str) -> None:
    path = make_qdpx(tmp_path / "slip.qdpx", VALID, {**FILES, entry: "x"})
    refuses(path, "points outside the archive's folder (zip-slip)")


def test_a_source_path_that_escapes_the_archive(refuses, tmp_path: Path) -> None:
    xml = VALID.replace("internal://s1.txt", "internal://../../s1.txt")
    refuses(make_qdpx(tmp_path / "path.qdpx", xml, FILES), "outside the archive's folder")


def test_zip_bomb_by_compression_ratio(refuses, tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "bomb.qdpx", VALID, {**FILES, "sources/zeros.txt":
                                                     b"\0" * (8 * 1024**2)})
    refuses(path, "unpacks to 8.0 MiB from")


def test_nested_docx_bomb(refuses, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("word/document.xml", b" " * (8 * 1024**2))
    xml = VALID.replace('plainTextPath="internal://s1.txt"', 'richTextPath="internal://s1.docx"')
    refuses(make_qdpx(tmp_path / "docx.qdpx", xml, {"sources/s1.docx": inner.getvalue()}),
            "may be a zip bomb")


def test_too_many_entries(refuses, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refi_safety, "MAX_ENTRIES", 50)
    files = {**FILES, **{f"sources/n{i}.txt": "x" for i in range(50)}}
    refuses(make_qdpx(tmp_path / "many.qdpx", VALID, files), "52 entries in the archive")


def test_too_large_when_unpacked(refuses, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refi_safety, "MAX_TOTAL_BYTES", 1000)
    files = {**FILES, "sources/big.txt": "kata " * 300}
    refuses(make_qdpx(tmp_path / "big.qdpx", VALID, files), "the archive unpacks to")


def test_an_entry_too_large_to_read(refuses, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refi_safety, "MAX_READ_BYTES", 100)
    refuses(make_qdpx(tmp_path / "qde.qdpx", VALID, FILES), "'project.qde' unpacks to")


def test_a_damaged_entry(refuses, tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "crc.qdpx", VALID, {"sources/s1.txt": TEXT * 20})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("sources/s1.txt")
    at = info.header_offset + 30 + len(info.filename) + 10
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    refuses(path, "'sources/s1.txt' is damaged")


def test_not_a_zip(refuses, tmp_path: Path) -> None:
    path = tmp_path / "project.qdpx"
    path.write_text(VALID)
    refuses(path, "not a REFI-QDA project: a .qdpx file is a zip archive")


def test_no_project_qde(refuses, tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "empty.qdpx", "x", FILES, qde="notes/readme.txt")
    refuses(path, "not a REFI-QDA project: no project.qde inside")


def test_not_well_formed(refuses, tmp_path: Path) -> None:
    refuses(make_qdpx(tmp_path / "bad.qdpx", VALID[:-12], FILES), "not well-formed XML")


def test_not_a_project(refuses, tmp_path: Path) -> None:
    refuses(make_qdpx(tmp_path / "html.qdpx", "<html><body/></html>", FILES),
            "the root element is <html>, not <Project>")


def test_no_such_file(refuses, tmp_path: Path) -> None:
    refuses(tmp_path / "missing.qdpx", "no such file")
