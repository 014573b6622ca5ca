"""Hostile YAML and .docx input: every YAML loader refuses alias bombs ("billion laughs") with
`FILE: too many YAML aliases`, a .docx gets the zip-bomb guard of REFI files; each refusal is one
line, exit 1, and the project exactly as it was."""

from __future__ import annotations

import json
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import snapshot_db, write

from qualcode.errors import QualcodeError
from qualcode.store.project import Project
from qualcode.yamlfile import parse_yaml
from qualcode.zipguard import size

TRANSCRIPT = "P1: Kontraknya satu tahun.\n"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """YAML keys `lol0`…: each level is `width` aliases to the one before (9**9 when built)."""
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def proj(cli, tmp_path: Path) -> Path:
    """A project made as a researcher makes one: `qualcode init`."""
    path = tmp_path / "proj"
    assert cli("init", path).code == 0
    return path


def snapshot(path: Path) -> list:
    with Project.open(path) as project:
        return snapshot_db(project)


def assert_refused(cli, proj: Path, args: list[object], expected: str) -> None:
    """`qualcode ARGS` exits 1 with the one line `qualcode: EXPECTED`; the project is unchanged."""
    before = snapshot(proj)
    result = cli(*args)
    assert result.code == 1
    assert result.err == f"qualcode: {expected}\n", result.err
    assert result.out == ""
    assert snapshot(proj) == before


# ---------------------------------------------------------------------- the parser itself

def test_billion_laughs_is_refused_fast_and_small() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(QualcodeError) as info:
            parse_yaml(billion_laughs(), "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(info.value) == "bomb.yaml: too many YAML aliases"
    assert time.perf_counter() - started < 0.5
    assert peak < 5 * 1024**2


def test_expansions_count_not_just_alias_events() -> None:
    """Three levels of nine aliases are 27 alias events but 9 + 9*10 + 9*91 when written out."""
    with pytest.raises(QualcodeError, match="too many YAML aliases"):
        parse_yaml(billion_laughs(levels=3), "bomb.yaml")
    assert len(parse_yaml(billion_laughs(levels=2), "ok.yaml")["lol2"]) == 9  # 99 when written


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(QualcodeError, match="^loop.yaml: too many YAML aliases$"):
        parse_yaml("a: &a [1, *a]\n", "loop.yaml")


def test_lines_of_shared_mappings_are_shifted_once() -> None:
    data = parse_yaml("base: &b\n  k: 1\nx: *b\ny: *b\n", "f.md", first_line=2)
    assert data.key_lines == {"base": 2, "x": 4, "y": 5}
    assert data["x"].line == 2 and data["x"].key_lines == {"k": 3}


# ---------------------------------------------------------------------- each loader, by the CLI

def test_transcript_front_matter(cli, proj: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "madiun-p1.txt",
                 "---\nsite: Madiun\n" + billion_laughs() + "---\n" + TRANSCRIPT)
    assert_refused(cli, proj, ["import", proj, path], f"{path}: too many YAML aliases")


def test_docx_sidecar_metadata(cli, proj: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TRANSCRIPT)
    path = tmp_path / "madiun-p1.docx"
    document.save(str(path))
    meta = write(tmp_path / "madiun-p1.meta.yaml", "site: Madiun\n" + billion_laughs())
    assert_refused(cli, proj, ["import", proj, path], f"{meta}: too many YAML aliases")


def test_codebook(cli, proj: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "contoh.yaml", CODEBOOK + billion_laughs())
    assert_refused(cli, proj, ["codebook", proj, "--load", path],
                   f"{path}: too many YAML aliases")


def test_project_settings(cli, proj: Path, tmp_path: Path) -> None:
    settings = proj / "qualcode.yaml"
    good = settings.read_text(encoding="utf-8")
    before = snapshot(proj)
    settings.write_text(good + billion_laughs(), encoding="utf-8")
    transcript = write(tmp_path / "madiun-p1.txt", "---\nsite: Madiun\n---\n" + TRANSCRIPT)
    result = cli("import", proj, transcript)
    assert (result.code, result.err) == (1, f"qualcode: {settings}: too many YAML aliases\n")
    settings.write_text(good, encoding="utf-8")
    assert snapshot(proj) == before


CODEBOOK = """id: contoh
kind: ordinal
name: {en: Example, id: Contoh}
categories:
  - id: low
    defining: &low [a]
  - id: high
    defining: [a, b]
indicators:
  - id: a
    label: &same {en: A, id: A}
    keywords: &words {id: [kontrak], en: [contract]}
  - id: b
    label: *same
    keywords: *words
"""


def test_a_codebook_with_a_few_aliases_still_loads(cli, proj: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "contoh.yaml", CODEBOOK + "  - id: c\n    label: *same\n")
    loaded = cli("codebook", proj, "--load", path)
    assert loaded.code == 0 and "(3 codes)" in loaded.err, loaded.err
    codes = json.loads(cli("codebook", proj, "contoh", "--json").out)["codes"]
    assert [(c["id"], c["label"]["en"]) for c in codes] == [
        ("contoh/a", "A"), ("contoh/b", "A"), ("contoh/c", "A")]
    assert codes[1]["keywords"] == codes[0]["keywords"] == {"id": ["kontrak"], "en": ["contract"]}


# ---------------------------------------------------------------------- .docx archives

def zip_bomb_docx(path: Path, size: int = 200 * 1024**2) -> Path:
    """A .docx whose document.xml unpacks to `size` bytes of spaces, written 1 MiB at a time."""
    chunk = b" " * 1024**2
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(size // len(chunk)):
                entry.write(chunk)
    return path


def test_zip_bomb_docx(cli, proj: Path, tmp_path: Path) -> None:
    path = zip_bomb_docx(tmp_path / "madiun-p1.docx")
    write(tmp_path / "madiun-p1.meta.yaml", "site: Madiun\n")
    with zipfile.ZipFile(path) as archive:
        packed = size(archive.getinfo("word/document.xml").compress_size)
    assert_refused(cli, proj, ["import", proj, path],
                   f"{path}: not a Word file we can read safely (the entry "
                   f"'word/document.xml' unpacks to 200.0 MiB from {packed}; it may be a zip "
                   "bomb)")


def test_a_docx_that_is_not_a_zip(cli, proj: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "madiun-p1.docx", "{\\rtf1 Pewawancara: Apa kabar?}")
    write(tmp_path / "madiun-p1.meta.yaml", "site: Madiun\n")
    assert_refused(cli, proj, ["import", proj, path],
                   f"{path}: not a readable .docx file (every .docx is a zip archive and this "
                   "one is not: a .doc, an .rtf, password-protected, damaged?)")
