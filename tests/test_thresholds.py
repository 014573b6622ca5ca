"""The verdicts' thresholds: checked where they are read (qualcode.yaml, a codebook's
`thresholds:`), a bad value being one line naming the file and line; a project's thresholds
change the verdicts, for every framework or for one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write

from qualcode.errors import QualcodeError
from qualcode.ingest.codebooks import load_codebook
from qualcode.store.project import SETTINGS, Project

CONFIRMED_MESSAGE = "threshold 'min_share_confirmed' must be a number from 0 to 1"


def refused_settings(cli, project: Project, text: str) -> str:
    """Write `text` as the project's qualcode.yaml; `qualcode verdict` refuses it with one
    line (exit 1): that line."""
    settings = write(project.path / SETTINGS, text)
    run = cli("verdict", project.path)
    assert run.code == 1 and run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.err, run.err
    assert lines[0].startswith(f"qualcode: {settings}:"), lines[0]
    return lines[0].removeprefix(f"qualcode: {settings}:")


@pytest.mark.parametrize("value", ["0", "-1", "two", "2.5", "true"])
def test_bad_min_independent_is_one_line(cli, project: Project, value: str) -> None:
    text = f"name: x\nmin_independent: {value}\n"
    assert refused_settings(cli, project, text) == \
        "2: min_independent must be a whole number, 1 or more"


def test_bad_share_for_every_framework(cli, project: Project) -> None:
    text = "name: x\nmin_independent: 2\nthresholds:\n  min_share_confirmed: 1.5\n"
    assert refused_settings(cli, project, text) == f"4: {CONFIRMED_MESSAGE}"


def test_bad_share_for_one_framework(cli, project: Project) -> None:
    text = ("name: x\nthresholds:\n  decide_margin: 0.2\n  vcoss:\n"
            "    min_share_established: 0.5\n    min_share_confirmed: 1.5\n")
    assert refused_settings(cli, project, text) == f"6: vcoss: {CONFIRMED_MESSAGE}"


def test_unknown_threshold_and_bad_mapping(cli, project: Project) -> None:
    text = "name: x\nthresholds:\n  min_share_confirm: 0.5\n"
    assert refused_settings(cli, project, text).startswith(
        "3: unknown threshold 'min_share_confirm' (use: min_independent,")
    text = "name: x\nthresholds:\n  vcoss: {min_independent: 0}\n"
    assert refused_settings(cli, project, text) == \
        "3: vcoss: min_independent must be a whole number, 1 or more"
    text = "name: x\nthresholds: 0.5\n"
    assert refused_settings(cli, project, text).startswith("2: 'thresholds' must be a mapping")


def test_every_bad_value_is_a_line(cli, project: Project) -> None:
    write(project.path / SETTINGS, "name: x\nmin_independent: 0\nthresholds:\n"
          "  min_score: 2\n  vcoss: {decide_margin: -1}\n")
    run = cli("verdict", project.path)
    assert run.code == 1
    assert [line.split(":")[2] for line in run.err.strip().splitlines()] == ["2", "4", "5"]


def test_thresholds_are_read_and_written_back(project: Project) -> None:
    write(project.path / SETTINGS, "name: x\nmin_independent: 3\nthresholds:\n"
          "  min_share_confirmed: 0.75\n  vcoss: {min_independent: 4}\nfuture: 1\n")
    with Project.open(project.path) as again:
        settings = again.settings
    assert settings.min_independent == 3 and settings.extra == {"future": 1}
    assert settings.thresholds == {"min_share_confirmed": 0.75, "vcoss": {"min_independent": 4}}
    assert "thresholds:\n  min_share_confirmed: 0.75\n  vcoss:\n    min_independent: 4\n" in \
        settings.to_yaml()
    settings.thresholds = {}
    assert "thresholds" not in settings.to_yaml()


FRAMEWORK = """id: contoh
kind: ordinal
name: {en: Example, id: Contoh}
thresholds:
  THRESHOLD
categories:
  - id: low
    defining: [a]
indicators:
  - id: a
    label: {en: A, id: A}
"""


@pytest.mark.parametrize(("threshold", "message"), [
    ("min_share_confirmed: -0.1", CONFIRMED_MESSAGE),
    ("min_independent: 0", "min_independent must be a whole number, 1 or more"),
    ("min_independent: 1.5", "min_independent must be a whole number, 1 or more"),
    ("decide_margin: many", "threshold 'decide_margin' must be a number from 0 to 1"),
    ("min_sore: 0.2", "unknown threshold 'min_sore' (use: min_independent, "
                      "min_share_established, min_share_confirmed, decide_margin, min_score)"),
])
def test_bad_codebook_threshold(tmp_path: Path, threshold: str, message: str) -> None:
    path = write(tmp_path / "contoh.yaml", FRAMEWORK.replace("THRESHOLD", threshold))
    with pytest.raises(QualcodeError) as info:
        load_codebook(path)
    assert info.value.problems == [f"{path}:5: {message}"]


def test_codebook_thresholds_keep_min_independent_whole(tmp_path: Path) -> None:
    text = FRAMEWORK.replace("THRESHOLD", "min_independent: 3\n  min_share_confirmed: 1")
    book = load_codebook(write(tmp_path / "contoh.yaml", text))
    assert book.thresholds == {"min_independent": 3, "min_share_confirmed": 1.0}
    assert isinstance(book.thresholds["min_independent"], int)
    assert isinstance(book.thresholds["min_share_confirmed"], float)


def verdicts(cli, path: Path) -> dict[tuple[str, str], str]:
    run = cli("verdict", path, "--json")
    assert run.code == 0, run.err
    return {(v["site"], v["framework"]): v["status"] for v in json.loads(run.out)}


def test_project_thresholds_change_verdicts(cli, sample: Project) -> None:
    settings = sample.path / SETTINGS
    default_text = settings.read_text(encoding="utf-8")
    default = verdicts(cli, sample.path)

    write(settings, default_text + "thresholds:\n  min_share_confirmed: 1.0\n")
    everywhere = verdicts(cli, sample.path)
    changed = {key for key in default if everywhere[key] != default[key]}
    assert changed and all(everywhere[key] == "insufficient-evidence" for key in changed)
    assert len({framework for _, framework in changed}) > 1

    write(settings, default_text + "thresholds:\n  vcoss:\n    min_share_confirmed: 1.0\n")
    one = verdicts(cli, sample.path)
    assert {key for key in default if one[key] != default[key]} == \
        {key for key in changed if key[1] == "vcoss"} != set()
    assert all(one[key] == "insufficient-evidence" for key in changed if key[1] == "vcoss")
