"""Help that teaches, and works as written: every command in the README's Commands table shows
an example in `qualcode CMD --help`, and each example line is run, as the installed `qualcode`,
on a copy of the sample project that `qualcode demo` made once for the session. So are the
examples of `qualcode --help`, which lists every command under a task.

How an example line is run:

- It is split like a shell would (``shlex``, a ``# ...`` comment dropped) and must read
  ``qualcode [--coder NAME] COMMAND PROJECT ...``.
- PROJECT ``sample`` is a fresh copy of the sample project for each command (for ``demo``, a
  new folder). Any other PROJECT is used as written: ``init study`` makes ``study`` for the
  next line, ``init .`` makes the working folder a project though it holds files already.
- It runs in a fresh working folder holding the input files examples name (INPUTS, and the
  REFI-QDA file made from the sample), so outputs land there, outside the project.
- ``qualcode tui ...`` opens the full-screen workbench: its example is shown, not run.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Commands with actions: `codings import`, `refi export`; `informants PROJECT` (no action) is
# `informants list PROJECT`.
GROUPS = ("codings", "refi", "informants", "code", "source", "site")
NOT_RUN = ("tui",)
EXAMPLE = re.compile(r"^\s*Examples?:\s*(?P<rest>.*)$")

INPUTS = {
    "wawancara-kader-madiun.txt": """\
---
title: Wawancara Kader JKN-KIS Kecamatan Jiwan
date: 2021-03-02
language: id
---
Pewawancara: Bagaimana Ibu menagih tunggakan iuran peserta?
K7: Kami datang ke rumah peserta satu-satu, mengingatkan, lalu membantu bayar lewat aplikasi.
K7: Fee kami tergantung berapa tunggakan yang berhasil ditagih.
""",
    "coding-dewi.csv": """\
source,code,stance,quote,coder
madiun-cadre-kota,heideneim/formal-contract,supports,"Habis itu tanda tangan perjanjian",dewi
madiun-cadre-kota,heideneim/written-agreement,supports,"Ada hitam di atas putih",dewi
""",
    "lapangan/daftar-hadir.odt": "not a transcript: listed as skipped",
    "lapangan/wawancara-dinsos.txt": """\
---
site: Madiun
---
Hari/Tanggal: Senin, 3 Mei 2021
Lokasi: Kantor Dinas Sosial Kabupaten Madiun

Pewawancara: Bagaimana Dinas Sosial bekerja dengan BPJS?
DINSOS: Kami verifikasi data PBI tiap bulan.
""",
    "informan-madiun.csv": """\
site;label;role;group;gender;tenure
Madiun;K1;;;perempuan;4 tahun
Madiun;K3;Kader JKN-KIS;triangulation;perempuan;1 tahun
""",
    "tema-kader.yaml": """\
id: tema-kader
kind: thematic
name: {en: Cadres' own themes, id: Tema dari kader}
codes:
  - id: biaya-kunjungan
    label: {en: Cost of house visits, id: Biaya kunjungan rumah}
    definition: {en: Who pays for the visits, id: Siapa menanggung biaya kunjungan}
""",
}


def _corrected_kota() -> str:
    """The sample's madiun-cadre-kota as its researcher corrects it (`source replace`): a
    sentence added, a misheard word fixed inside a coding, one answer reworded (its coding
    313 is detached) and one question with its answer taken out (coding 401 detached)."""
    from importlib.resources import files

    text = files("qualcode.transcripts").joinpath("madiun/madiun-cadre-kota.txt").read_text(
        encoding="utf-8")
    for old, new in (("saya salah satunya. (tertawa)",
                      "saya salah satunya. (tertawa) Saya juga masih aktif di posyandu."),
                     ("dibekali dua hari", "dibekali tiga hari"),
                     ("Tapi yang capek keliling kan kita.",
                      "Capeknya yang keliling kan kita, Mbak.")):
        assert old in text, old
        text = text.replace(old, new)
    start = text.index("Pewawancara: Pandemi dan kenaikan iuran")
    return text[:start] + text[text.index("Pewawancara: Pembekalan dari BPJS"):]


INPUTS["madiun-cadre-kota-v2.txt"] = _corrected_kota()


def readme_commands() -> list[str]:
    """The commands of the README's Commands table, as typed: `init`, `codings import`, ..."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    found: list[str] = []
    for row in section.splitlines():
        if not row.startswith("| `qualcode"):
            continue
        first_cell = row.split(" | ")[0]
        for snippet in re.findall(r"`(qualcode[^`]*)`", first_cell):
            words = snippet.split()[1:]
            if not words:  # `qualcode` alone: the workbench
                continue
            name = " ".join(words[:command_words(words, 0)])
            if name not in found:
                found.append(name)
    return found


def examples(help_text: str) -> list[str]:
    """The example command lines of a help text."""
    lines: list[str] = []
    inside = False
    for line in help_text.splitlines():
        m = EXAMPLE.match(line)
        if m:
            inside = True
            if m["rest"].startswith("qualcode "):
                lines.append(m["rest"])
            continue
        if inside and line.strip().startswith("qualcode "):
            lines.append(line.strip())
        else:
            inside = False
    return lines


def command_of(args: list[str]) -> tuple[str, int]:
    """The command (`matrix`, `refi export`) and the index of its PROJECT in `args`."""
    i = 1
    while args[i].startswith("-"):
        i += 2 if args[i] == "--coder" else 1
    words = command_words(args, i)
    return " ".join(args[i:i + words]), i + words


def command_words(args: list[str], i: int) -> int:
    """2 where args[i] is a command and args[i + 1] one of its actions (`refi export`),
    else 1 (`informants sample` lists the informants)."""
    if args[i] not in GROUPS or i + 1 >= len(args):
        return 1
    return 2 if args[i + 1] in actions()[args[i]] else 1


@functools.cache
def actions() -> dict[str, frozenset[str]]:
    """The actions of each command of GROUPS, as the parser knows them."""
    from qualcode.cli.main import _parser

    top = _parser()._subparsers._group_actions[0].choices
    return {g: frozenset(top[g]._subparsers._group_actions[0].choices) for g in GROUPS}


def qualcode(script: str, *args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([script, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def script() -> str:
    found = shutil.which("qualcode", path=str(Path(sys.executable).parent))
    assert found, "the qualcode console script is not installed beside this Python"
    return found


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("home")  # keep the user's own qualcode state out of it
    env = {**os.environ, "QUALCODE_CODER": "help-reader", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    env.pop("QUALCODE_DEBUG", None)
    return env


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, script: str, env: dict) -> Path:
    """`qualcode demo`, once, and a REFI-QDA project written from it (from-nvivo.qdpx)."""
    where = tmp_path_factory.mktemp("made")
    for args in (("demo", "sample"), ("refi", "export", "sample", "from-nvivo.qdpx")):
        done = qualcode(script, *args, cwd=where, env=env)
        assert done.returncode == 0, done.stderr
    return where


def run_examples(lines: list[str], made: Path, work: Path, script: str, env: dict) -> int:
    """Run example lines in order in a fresh working folder; return how many ran."""
    work.mkdir()
    for name, body in INPUTS.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(body, encoding="utf-8")
    _workbook(work / "koding-tim.xlsx", INPUTS["coding-dewi.csv"])
    shutil.copy(made / "from-nvivo.qdpx", work)
    sample = work.parent / "sample-copy"
    shutil.copytree(made / "sample", sample)
    fresh = work.parent / "new-sample"
    ran = 0
    for line in lines:
        args = shlex.split(line, comments=True)
        assert args[0] == "qualcode", line
        name, at = command_of(args)
        if name in NOT_RUN:
            continue
        if args[at] == "sample":
            args[at] = str(fresh if name == "demo" else sample)
        done = qualcode(script, *args[1:], cwd=work, env=env)
        where = f"`{line}`"
        assert done.returncode == 0, f"{where} exited {done.returncode}:\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"{where}:\n{done.stderr}"
        assert "internal error" not in done.stderr, f"{where}:\n{done.stderr}"
        ran += 1
    return ran


def test_the_readme_table_is_read() -> None:
    found = readme_commands()
    assert {"init", "demo", "import", "codings import", "codings export", "matrix",
            "refi import", "refi export", "refi codebook", "undo", "redo", "backup",
            "tui"} <= set(found), found


@pytest.mark.parametrize("name", readme_commands())
def test_command_help_shows_an_example_that_runs(name: str, script: str, env: dict,
                                                  made: Path, tmp_path: Path) -> None:
    shown = qualcode(script, *name.split(), "--help", cwd=tmp_path, env=env)
    assert shown.returncode == 0, shown.stderr
    assert "Example" in shown.stdout, f"`qualcode {name} --help` shows no example"
    lines = examples(shown.stdout)
    assert any(command_of(shlex.split(line, comments=True))[0] == name for line in lines), (
        f"`qualcode {name} --help`: no example of `qualcode {name}` itself")
    ran = run_examples(lines, made, tmp_path / "work", script, env)
    assert ran or name in NOT_RUN


def test_overview_lists_every_command_by_task_with_examples_that_run(
        script: str, env: dict, made: Path, tmp_path: Path) -> None:
    shown = qualcode(script, "--help", cwd=tmp_path, env=env)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    for task in ("Start:", "Bring material in:", "Code and check:", "Weigh the evidence:",
                 "Share and export:", "Team:", "Correct the material:"):
        assert f"\n{task}\n" in text, task
    assert "\nMore:\n" not in text, "a command is in no task of `qualcode --help`"
    listed = {line[2:18].strip() for line in text.splitlines()
              if line.startswith("  ") and not line.startswith("   ")}
    missing = [n for n in readme_commands() if n not in listed]
    assert not missing, f"`qualcode --help` does not list {missing}"
    lines = examples(text)
    assert len(lines) == 7, lines
    assert run_examples(lines, made, tmp_path / "work", script, env) == 7


def _workbook(path: Path, csv_text: str) -> None:
    """The codings CSV as an .xlsx workbook, for the `codings import` example."""
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in csv.reader(io.StringIO(csv_text)):
        book.active.append(row)
    book.save(path)
