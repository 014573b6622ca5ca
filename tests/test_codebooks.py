"""Codebooks: the bundled frameworks keep the contract ids; bad codebooks say FILE:LINE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED, snapshot_db, write

from qualcode.errors import QualcodeError
from qualcode.ingest.codebooks import load_codebook, load_directory
from qualcode.ingest.sample import CODEBOOKS_DIR


def contract_tables() -> dict[str, dict[str, tuple[list[str], list[str]]]]:
    """framework -> category -> (defining, excluding), parsed from frameworks.md."""
    text = (SHARED / "domain" / "frameworks.md").read_text(encoding="utf-8")
    out: dict = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        match = re.match(r"([a-z-]+) — ", section)
        if not match or match.group(1) not in ("sulistiyani-org", "sulistiyani-bio",
                                               "heideneim", "vcoss"):
            continue
        table = next(t for t in section.split("\n\n")
                     if t.startswith(("| category", "| level")))
        cats = {}
        for row in table.splitlines()[2:]:
            cells = row.split("|")[1:-1]
            category = re.findall(r"`([a-z-]+)`", cells[0])[0]
            defining = re.findall(r"`([a-z-]+)`", cells[1].split("(typical")[0])
            excluding = re.findall(r"`([a-z-]+)`", cells[2]) if len(cells) > 2 else []
            cats[category] = (defining, excluding)
        out[match.group(1)] = cats
    return out


def test_bundled_frameworks_keep_contract_ids() -> None:
    books = {b.id: b for b in load_directory(CODEBOOKS_DIR)}
    tables = contract_tables()
    assert set(tables) == {"sulistiyani-org", "sulistiyani-bio", "heideneim", "vcoss"}
    for framework, cats in tables.items():
        book = books[framework]
        assert [c.id for c in book.categories] == list(cats), framework
        for cat in book.categories:
            defining, excluding = cats[cat.id]
            assert cat.defining == [f"{framework}/{i}" for i in defining], cat.id
            assert cat.excluding == [f"{framework}/{i}" for i in excluding], cat.id
    assert books["heideneim"].kind == books["vcoss"].kind == "ordinal"
    assert books["sulistiyani-org"].kind == books["sulistiyani-bio"].kind == "nominal"


def test_bundled_codebooks_are_bilingual_with_keywords() -> None:
    for book in load_directory(CODEBOOKS_DIR):
        assert book.name.get("en") and book.name.get("id"), book.id
        for code in book.codes:
            assert code.label.get("en") and code.label.get("id"), code.id
            assert code.keywords.get("id") and code.keywords.get("en"), code.id


def test_thematic_codebooks_are_trees() -> None:
    books = {b.id: b for b in load_directory(CODEBOOKS_DIR)}
    factors = books["factors"]
    assert factors.kind == "thematic"
    assert {c.id: c.parent for c in factors.codes}["factors/door-to-door"] == "factors/supporting"


FRAMEWORK = """id: contoh
kind: ordinal
name: {en: Example, id: Contoh}
categories:
  - id: low
    defining: [a]
  - id: high
    defining: [a, b]
indicators:
  - id: a
    label: {en: A, id: A}
  - id: b
    label: {en: B, id: B}
"""


def refused(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "contoh.yaml", text)
    with pytest.raises(QualcodeError) as info:
        load_codebook(path)
    return str(info.value)


def test_valid_example_loads(tmp_path: Path) -> None:
    book = load_codebook(write(tmp_path / "contoh.yaml", FRAMEWORK))
    assert [c.defining for c in book.categories] == [["contoh/a"], ["contoh/a", "contoh/b"]]


def test_unknown_indicator(tmp_path: Path) -> None:
    message = refused(tmp_path, FRAMEWORK.replace("defining: [a, b]", "defining: [a, c]"))
    assert message == f"{tmp_path}/contoh.yaml:8: category 'high' names unknown indicator 'c'"


def test_duplicate_id(tmp_path: Path) -> None:
    message = refused(tmp_path, FRAMEWORK.replace("  - id: b\n", "  - id: a\n"))
    assert message.startswith(f"{tmp_path}/contoh.yaml:12: duplicate id 'a'")


def test_wrong_kind(tmp_path: Path) -> None:
    message = refused(tmp_path, FRAMEWORK.replace("kind: ordinal", "kind: ordinall"))
    assert message == (f"{tmp_path}/contoh.yaml:2: wrong kind 'ordinall' "
                       "(use one of: nominal, ordinal, thematic)")


def test_empty_category(tmp_path: Path) -> None:
    message = refused(tmp_path, FRAMEWORK.replace("defining: [a]", "defining: []"))
    assert message == f"{tmp_path}/contoh.yaml:6: empty category 'low': no defining indicators"


def test_cycle_in_thematic_tree(tmp_path: Path) -> None:
    text = ("id: tema\nkind: thematic\ncodes:\n  - id: x\n    parent: y\n"
            "  - id: y\n    parent: x\n")
    message = refused(tmp_path, text)
    assert f"{tmp_path}/contoh.yaml:3: cycle in the code tree" in message


def test_broken_yaml(tmp_path: Path) -> None:
    message = refused(tmp_path, FRAMEWORK.replace("name: {en: Example, id: Contoh}",
                                                  "name: {en: Example"))
    assert message.startswith(f"{tmp_path}/contoh.yaml:4: invalid YAML")


def test_cli_load_refuses_bad_codebook_and_changes_nothing(cli, project, tmp_path: Path
                                                           ) -> None:
    path = write(tmp_path / "contoh.yaml", FRAMEWORK.replace("[a, b]", "[a, c]"))
    before = snapshot_db(project)
    result = cli("codebook", project.path, "--load", path)
    assert result.code == 1 and "unknown indicator 'c'" in result.err
    assert "Traceback" not in result.err
    assert snapshot_db(project) == before


def test_cli_load_and_show(cli, project, tmp_path: Path) -> None:
    path = write(tmp_path / "contoh.yaml", FRAMEWORK)
    assert cli("codebook", project.path, "--load", path).code == 0
    shown = cli("codebook", project.path, "contoh")
    assert "contoh/b" in shown.out and "high" in shown.out
