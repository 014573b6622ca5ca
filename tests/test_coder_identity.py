"""Who is coding: `--coder`, else `$QUALCODE_CODER`, else the `coder` setting when the user set
one, else the user name; `init` writes no coder, so a second coder never codes under the first
one's name."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from conftest import qualcode_subprocess, write

from qualcode.yamlfile import parse_yaml

TRANSCRIPT = "---\nsite: Madiun\nmethod: interview\n---\nK1: Kontraknya satu tahun.\n"
CODINGS = "source,code,quote\nmadiun-k1,heideneim/formal-contract,Kontraknya satu tahun\n"


@pytest.fixture
def proj(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `qualcode init`, with one transcript, for the user `eko` with no
    $QUALCODE_CODER."""
    monkeypatch.delenv("QUALCODE_CODER", raising=False)
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # what getpass.getuser() reads
        monkeypatch.setenv(name, "eko")
    path = tmp_path / "proj"
    assert cli("init", path).code == 0
    assert cli("import", path, write(tmp_path / "madiun-k1.txt", TRANSCRIPT)).code == 0
    return path


def coders(cli, proj: Path, *coder: str) -> list[str]:
    """Import the codings CSV (it has no coder column) and return the exported coder column."""
    csv_path = write(proj.parent / "codings.csv", CODINGS)
    result = cli(*coder, "codings", "import", proj, csv_path)
    assert result.code == 0, result.err
    exported = cli("codings", "export", proj)
    return [row["coder"] for row in csv.DictReader(io.StringIO(exported.out))]


def set_coder(proj: Path, name: str) -> None:
    settings = proj / "qualcode.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"coder: {name}\n",
                        encoding="utf-8")


def test_init_writes_no_coder(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "ana")
    assert cli("init", tmp_path / "proj").code == 0
    path = tmp_path / "proj" / "qualcode.yaml"
    text = path.read_text(encoding="utf-8")
    settings = parse_yaml(text, path)
    assert "coder" not in settings and "author" not in settings  # named only when set
    assert "# coder: NAME" in text and "$QUALCODE_CODER" in text
    assert "# author: YOUR NAME" in text and "# institution:" in text


def test_the_sample_project_has_no_coder(sample_dir: Path) -> None:
    path = sample_dir / "qualcode.yaml"
    assert "coder" not in parse_yaml(path.read_text(encoding="utf-8"), path)


def test_the_user_name_when_nothing_is_set(cli, proj: Path) -> None:
    assert coders(cli, proj) == ["eko"]


def test_the_environment(cli, proj: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "bob")
    assert coders(cli, proj) == ["bob"]


def test_the_environment_of_a_real_process(proj: Path) -> None:
    csv_path = write(proj.parent / "codings.csv", CODINGS)
    env = {**os.environ, "QUALCODE_CODER": "bob"}
    imported = qualcode_subprocess("codings", "import", proj, csv_path, env=env)
    assert imported.returncode == 0, imported.stderr
    exported = qualcode_subprocess("codings", "export", proj, env=env)
    assert [r["coder"] for r in csv.DictReader(io.StringIO(exported.stdout))] == ["bob"]


def test_the_option_beats_the_environment(cli, proj: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "bob")
    set_coder(proj, "dina")
    assert coders(cli, proj, "--coder", "carol") == ["carol"]


def test_a_coder_setting_beats_the_user_name(cli, proj: Path) -> None:
    set_coder(proj, "dina")
    assert coders(cli, proj) == ["dina"]


def test_the_environment_beats_a_coder_setting(cli, proj: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Also what fixes projects made by the old `init`, which wrote its creator's name here."""
    set_coder(proj, "dina")
    monkeypatch.setenv("QUALCODE_CODER", "bob")
    assert coders(cli, proj) == ["bob"]


def test_two_coders_share_one_project(cli, proj: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "ana")
    assert coders(cli, proj) == ["ana"]
    monkeypatch.setenv("QUALCODE_CODER", "bob")
    assert sorted(coders(cli, proj)) == ["ana", "bob"]
