"""The researchers' guides (docs/guide.md in English, docs/panduan.md in Indonesian) work as
written: every command in them is run, in order, on a fresh temporary working directory.

The conventions this test parses, which the guides follow:

- A fenced block whose info string carries ``title="NAME"`` (for example
  ```` ```text title="fgd-kader.txt" ```` or ```` ```csv title="koding-rina.csv" ````) is a file
  the guide tells the reader to create. The test writes its content to NAME in the working
  directory when the document reaches it. A NAME ending in ``.docx`` is written as a Word
  document with one paragraph per line, as the guide tells the reader to type it in Word.
- A ```` ```console ```` block holds commands: each line starting with ``$ `` is one command.
  ``$ qualcode ...`` lines are split with ``shlex.split`` and run with the installed ``qualcode``
  console script, in the working directory, with ``QUALCODE_CODER`` set to a fixed name; each
  must exit with status 0 and print no traceback or "internal error".
- Two kinds of ``qualcode`` line are not run, because they open the full-screen workbench and
  wait for keys: ``qualcode tui ...`` (also after global options such as ``--coder NAME``) and
  ``qualcode`` alone.
- Any other ``$`` line must be one of INSTALL_COMMANDS (installing qualcode itself, which a test
  cannot do); anything else fails the test, so that no command in a guide goes unchecked.

Besides running them, the test checks that each guide has at least MIN_COMMANDS commands that
run (an empty or truncated guide fails), that both guides use the same qualcode subcommands
(the Indonesian guide does not drift from the English one), that their relative links point to
files that exist, and that the README links both near its top.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"en": ROOT / "docs" / "guide.md", "id": ROOT / "docs" / "panduan.md"}
MIN_COMMANDS = 25
INSTALL_COMMANDS = {"pipx install ."}
CODER = "guide-reader"
GLOBAL_OPTIONS_WITH_VALUE = {"--coder"}
GROUPS = {"codings", "refi"}  # subcommands that take an action: `codings import`, `refi export`

FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
TITLE = re.compile(r'title="(?P<name>[^"]+)"')
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


@dataclass
class Step:
    kind: str  # "file" or "command"
    text: str  # the file name or the command line (without "$ ")
    body: str = ""


def steps(doc: Path) -> list[Step]:
    """Files to create and commands to run, in the order the document gives them."""
    out: list[Step] = []
    for m in FENCE.finditer(doc.read_text(encoding="utf-8")):
        info, body = m["info"].strip(), m["body"]
        title = TITLE.search(info)
        if title:
            out.append(Step("file", title["name"], body))
        elif info.split()[:1] == ["console"]:
            for line in body.splitlines():
                if line.startswith("$ "):
                    out.append(Step("command", line[2:].strip()))
    return out


def subcommand(args: list[str]) -> str | None:
    """`import`, `codings import`, `refi export`, `--version`; None for bare `qualcode`."""
    rest = args[1:]
    while rest and rest[0].startswith("-"):
        if rest[0] == "--version":
            return "--version"
        rest = rest[2:] if rest[0] in GLOBAL_OPTIONS_WITH_VALUE else rest[1:]
    if not rest:
        return None
    if rest[0] in GROUPS and len(rest) > 1:
        return f"{rest[0]} {rest[1]}"
    return rest[0]


def opens_workbench(args: list[str]) -> bool:
    return subcommand(args) in (None, "tui")


def qualcode_commands(doc: Path) -> list[list[str]]:
    """Every `$ qualcode` line of the document, split like a shell would."""
    return [shlex.split(s.text) for s in steps(doc)
            if s.kind == "command" and shlex.split(s.text)[:1] == ["qualcode"]]


def write_file(path: Path, body: str) -> None:
    if path.suffix == ".docx":
        import docx

        document = docx.Document()
        for line in body.splitlines():
            document.add_paragraph(line)
        document.save(str(path))
    else:
        path.write_text(body, encoding="utf-8")


@pytest.fixture(scope="module")
def qualcode_script() -> str:
    script = shutil.which("qualcode", path=str(Path(sys.executable).parent))
    assert script, "the qualcode console script is not installed beside this Python"
    return script


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_guide_runs_as_written(lang: str, qualcode_script: str, tmp_path: Path) -> None:
    doc = GUIDES[lang]
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"  # keep the user's own qualcode state out of it
    env = {**os.environ, "QUALCODE_CODER": CODER, "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
    env.pop("QUALCODE_DEBUG", None)
    ran, skipped, started = 0, 0, time.monotonic()
    for step in steps(doc):
        if step.kind == "file":
            assert "/" not in step.text and "\\" not in step.text, step.text
            write_file(work / step.text, step.body)
            continue
        args = shlex.split(step.text)
        if args[:1] != ["qualcode"]:
            assert step.text in INSTALL_COMMANDS, (
                f"{doc.name}: `$ {step.text}` is neither a qualcode command nor a known "
                "install command; the test cannot run it")
            continue
        if opens_workbench(args):
            skipped += 1
            continue
        result = subprocess.run([qualcode_script, *args[1:]], cwd=work, env=env,
                                capture_output=True, text=True, encoding="utf-8",
                                timeout=120)
        where = f"{doc.name}: `$ {step.text}`"
        assert result.returncode == 0, f"{where} exited {result.returncode}:\n{result.stderr}"
        assert "Traceback" not in result.stderr, f"{where}:\n{result.stderr}"
        assert "internal error" not in result.stderr, f"{where}:\n{result.stderr}"
        ran += 1
    assert ran >= MIN_COMMANDS, f"{doc.name}: only {ran} commands run"
    assert skipped >= 1, f"{doc.name}: the guide never shows how to open the workbench"
    print(f"{doc.name}: {ran} commands run, {skipped} workbench lines skipped, "
          f"{time.monotonic() - started:.1f} s")


def test_guides_use_the_same_subcommands() -> None:
    used = {lang: {subcommand(a) for a in qualcode_commands(doc)}
            for lang, doc in GUIDES.items()}
    assert used["en"] == used["id"], (
        f"only in guide.md: {sorted(map(str, used['en'] - used['id']))}; "
        f"only in panduan.md: {sorted(map(str, used['id'] - used['en']))}")
    # the work the guides promise to cover, from transcripts to the lampiran
    for name in ("init", "demo", "import", "codings import", "verdict", "matrix", "compare",
                 "agreement", "export", "refi export", "refi import", "log", "undo", "backup",
                 "tui"):
        assert name in used["en"], f"the guides never run `qualcode {name}`"


def test_guides_create_the_same_kinds_of_file() -> None:
    kinds = {lang: sorted(Path(s.text).suffix for s in steps(doc) if s.kind == "file")
             for lang, doc in GUIDES.items()}
    assert kinds["en"] == kinds["id"]
    assert {".txt", ".docx", ".yaml", ".csv"} <= set(kinds["en"])


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_guide_links_point_to_files(lang: str) -> None:
    doc = GUIDES[lang]
    for m in LINK.finditer(doc.read_text(encoding="utf-8")):
        target = m["target"].split("#")[0]
        if not target or re.match(r"^[a-z]+:", target):
            continue
        assert (doc.parent / target).exists(), f"{doc.name}: dangling link {m['target']}"


def test_readme_links_both_guides_near_its_top() -> None:
    top = "\n".join(
        (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    assert "docs/guide.md" in top and "docs/panduan.md" in top
