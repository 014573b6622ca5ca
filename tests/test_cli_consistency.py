"""A command line that never surprises: every command reads `qualcode COMMAND PROJECT ...`; a
bad command line or a command on odd input (an empty project, a file for a project, unknown
names) is one line `qualcode: ...` and exit 1, or a note and exit 0 where nothing is wrong,
never an internal error; `init` works in the folder of the researcher's transcripts; `matrix`
has one name per option and CSV for every --by; codings in the researcher's words are
flagged; progress shows on a terminal and nowhere else; `dev.py start` runs where the user is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write

from qualcode.analysis.evidence import EvidenceBase
from qualcode.cli import main
from qualcode.cli.main import _parser
from qualcode.store.project import Project
from qualcode.tui.progress import progress

TRANSCRIPT = """\
---
title: Wawancara Kader JKN-KIS
site: Madiun
method: interview
language: id
researchers: [Tim]
---
Pewawancara: Apakah kader ikut menentukan besaran fee?
K1: Tidak. Fee kami ditentukan dari BPJS, kami tidak ikut menentukan.
Tim: Jadi perjanjiannya tertulis, Bu?
K1: Iya, ada perjanjian kerja tertulis.
"""


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qualcode: ") and "Traceback" not in err, err
    return lines[0]


def bad_command_line(capsys: pytest.CaptureFixture, *args: object) -> str:
    """A command line argparse refuses: exit status 1 and the one line it printed."""
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return one_line(captured.err)


@pytest.fixture
def empty(tmp_path: Path, cli) -> Path:
    assert cli("init", tmp_path / "empty").code == 0
    return tmp_path / "empty"


@pytest.fixture
def interview(tmp_path: Path, cli) -> Path:
    """A project with one interview in which the researcher speaks as Pewawancara and Tim."""
    path = tmp_path / "kader"
    assert cli("init", path).code == 0
    assert cli("import", path, write(tmp_path / "kader-1.txt", TRANSCRIPT)).code == 0
    return path


# ------------------------------------------------------------------ one shape for every command

def test_every_command_takes_the_project_first() -> None:
    parser = _parser()

    def commands(p, prefix=""):
        for action in p._subparsers._group_actions if p._subparsers else ():
            for name, sub in action.choices.items():
                if sub._subparsers is not None:
                    yield from commands(sub, f"{prefix}{name} ")
                else:
                    yield f"{prefix}{name}", sub

    found = dict(commands(parser))
    assert {"init", "import", "codings import", "refi import", "matrix", "backup"} <= set(found)
    for name, sub in found.items():
        first = next(a for a in sub._actions if not a.option_strings)
        assert first.dest == "project" and first.metavar == "PROJECT", name
        assert "PROJECT" in sub.format_usage(), name


def test_a_bad_command_line_is_one_line_with_exit_1(capsys, sample_dir: Path) -> None:
    line = bad_command_line(capsys, "matrix", sample_dir)
    assert line.startswith("qualcode: matrix: ") and "--site" in line
    assert "'qualcode matrix --help'" in line
    assert bad_command_line(capsys, "verdicts", sample_dir) == (
        "qualcode: no command 'verdicts'; did you mean 'verdict'? (see 'qualcode --help')")
    assert bad_command_line(capsys, "codings", "imprt", sample_dir).startswith(
        "qualcode: codings: no action 'imprt'; did you mean 'import'?")
    assert "no command 'penelitian' (" in bad_command_line(capsys, "penelitian")
    assert "unrecognized arguments: --bogus" in bad_command_line(
        capsys, "sources", sample_dir, "--bogus")
    line = bad_command_line(capsys, "codings", "import", sample_dir)
    assert line.startswith("qualcode: codings import: ") and "FILE.csv" in line
    assert "invalid choice" in bad_command_line(capsys, "verdict", sample_dir, "--lang", "fr")


# ------------------------------------------------------------------ init into an existing folder

def test_init_in_the_folder_of_the_transcripts(cli, tmp_path: Path) -> None:
    folder = tmp_path / "penelitian"
    write(folder / "wawancara-kader.txt", TRANSCRIPT)
    write(folder / "catatan" / "observasi.md", "Kunjungan rumah, Jiwan.\n")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = cli("init", folder)
    assert result.code == 0, result.err
    assert f"created project {folder}" in result.err
    assert {p: p.read_bytes() for p in before} == before  # the researcher's files untouched
    assert sorted(p.name for p in folder.iterdir()) == [
        "catatan", "project.db", "qualcode.yaml", "wawancara-kader.txt"]  # no staging left
    with Project.open(folder) as project:
        assert project.settings.name == "penelitian"
        assert {b.id for b in project.store.codebooks()} >= {"heideneim", "vcoss"}
    assert cli("import", folder, folder / "wawancara-kader.txt").code == 0


def test_init_and_demo_in_the_current_folder(cli, tmp_path: Path, monkeypatch) -> None:
    """`init .` in an empty folder was an internal error (OSError on '.')."""
    for command in ("init", "demo"):
        here = tmp_path / command
        here.mkdir()
        monkeypatch.chdir(here)
        result = cli(command, ".")
        assert result.code == 0, result.err
        with Project.open(here) as project:
            assert project.settings.name == (command if command == "init"
                                             else "qualcode sample project")


@pytest.mark.parametrize("marker", ["qualcode.yaml", "project.db", "project.db-wal"])
def test_init_leaves_a_folder_with_a_project_alone(cli, tmp_path: Path, marker: str) -> None:
    folder = tmp_path / "lama"
    write(folder / marker, "name: lama\n")
    write(folder / "wawancara.txt", TRANSCRIPT)
    before = sorted(folder.iterdir())
    for command in ("init", "demo"):
        line = one_line(cli(command, folder).err)
        assert "already exists" in line and marker in line
    assert sorted(folder.iterdir()) == before


def test_init_refuses_a_file(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "catatan.txt", "x\n")
    assert "is a file" in one_line(cli("init", path).err)
    assert path.read_text() == "x\n"


def test_an_interrupted_init_leaves_the_folder_as_it_was(cli, tmp_path: Path,
                                                         monkeypatch) -> None:
    folder = tmp_path / "penelitian"
    write(folder / "wawancara.txt", TRANSCRIPT)
    real = os.replace

    def failing(src, dst):
        if Path(dst) == folder / "qualcode.yaml":
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = cli("init", folder)
    assert result.code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["wawancara.txt"]


# ------------------------------------------------------------------ matrix

def test_theory_matrix_as_csv(cli, sample_dir: Path) -> None:
    result = cli("matrix", sample_dir, "--site", "Madiun", "--by", "theory", "--csv")
    assert result.code == 0 and result.err == ""
    rows = list(csv.reader(io.StringIO(result.out)))
    theory = json.loads(cli("matrix", sample_dir, "--site", "Madiun", "--by", "theory",
                            "--json").out)
    frameworks = [v["framework"] for v in theory["verdicts"]]
    assert rows[0] == ["concept", *frameworks, "convergence"]
    assert {len(r) for r in rows} == {len(frameworks) + 2}
    assert rows[1] == ["(verdict)", *(v["verdict"] or v["status"] for v in theory["verdicts"]),
                       ""]
    coders = sorted({v["coder"] for v in theory["investigators"]})
    assert [r[0] for r in rows[2:2 + len(coders)]] == [f"(verdict: {c})" for c in coders]
    concepts = {r[0]: r for r in rows[2 + len(coders):]}
    assert set(concepts) == {c["concept"] for c in theory["crosswalk"]}
    shared = concepts["formal-agreement"]
    assert "heideneim/formal-contract (" in shared[frameworks.index("heideneim") + 1]
    assert shared[-1] in ("agreement", "dissonance", "single", "none")


def test_by_source_is_the_old_name_of_by_informant(cli, sample_dir: Path) -> None:
    args = ("matrix", sample_dir, "--site", "Madiun", "--framework", "heideneim", "--csv")
    informant = cli(*args, "--by", "informant")
    source = cli(*args, "--by", "source")
    assert informant.code == source.code == 0
    assert source.out == informant.out == cli(*args).out
    assert informant.err == ""
    assert "'--by source' is now '--by informant'" in one_line(source.err)
    usage = _parser()._subparsers._group_actions[0].choices["matrix"].format_help()
    assert "--by informant|method|coder|theory" in usage and "|source" not in usage


# ------------------------------------------------------------------ odd input: a clear line

def test_suggest_on_a_project_without_sources(cli, empty: Path) -> None:
    """Was an internal error (scikit-learn: 'Found array with 0 sample(s)')."""
    result = cli("suggest", empty)
    assert result.code == 0 and result.out == ""
    assert "has no sources yet" in one_line(result.err)
    result = cli("suggest", empty, "--json")
    assert result.code == 0 and json.loads(result.out) == []


def test_suggest_when_only_the_researcher_speaks(cli, tmp_path: Path) -> None:
    """Was the same internal error: the suggestions' corpus had no unit to weigh."""
    path = tmp_path / "pertanyaan"
    assert cli("init", path).code == 0
    questions = write(tmp_path / "pedoman.txt", "---\nsite: Madiun\nmethod: interview\n---\n"
                      "Pewawancara: Sejak kapan Ibu menjadi kader?\n"
                      "Pewawancara: Siapa yang menentukan besaran fee?\n")
    assert cli("import", path, questions).code == 0
    result = cli("suggest", path, "--source", "pedoman", "--json")
    assert result.code == 0 and json.loads(result.out) == []
    assert "hold no informant's words to suggest codes for" in one_line(result.err)
    assert "no source named 'lain'" in one_line(cli("suggest", path, "--source", "lain").err)
    rows = write(tmp_path / "q.csv", "source,code,quote\n"
                 "pedoman,heideneim/formal-contract,Sejak kapan Ibu menjadi kader?\n")
    assert cli("codings", "import", path, rows).code == 0
    line = one_line(cli("suggest-eval", path).err)
    assert line.startswith("qualcode: nothing to measure: ") and "no informant's words" in line


def test_an_unknown_source_does_not_open_the_workbench(sample_dir: Path) -> None:
    """Was a traceback from inside the workbench, with exit status 0."""
    done = subprocess.run([sys.executable, "-m", "qualcode", "tui", str(sample_dir),
                           "--source", "madiun-kader-tidak-ada"], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert "no source named 'madiun-kader-tidak-ada'" in one_line(done.stderr)
    assert done.stdout == ""


def test_an_empty_project_says_so(cli, empty: Path) -> None:
    for args in (("verdict",), ("compare",), ("sources",), ("verdict", "--json")):
        result = cli(args[0], empty, *args[1:])
        assert result.code == 0, args
        assert "has no sources yet; import transcripts with 'qualcode import" in one_line(
            result.err)
    assert json.loads(cli("verdict", empty, "--json").out) == []
    line = one_line(cli("matrix", empty, "--site", "Madiun", "--by", "theory").err)
    assert line.startswith("qualcode: no site 'Madiun': ") and "no sources yet" in line


def test_suggest_eval_with_codings_in_one_source_only(cli, interview: Path,
                                                      tmp_path: Path) -> None:
    rows = write(tmp_path / "satu.csv", "source,code,quote\n"
                 "kader-1,sulistiyani-org/top-down-control,Fee kami ditentukan dari BPJS\n")
    assert cli("codings", "import", interview, rows).code == 0
    result = cli("suggest-eval", interview, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["folds"] == {"source": 1, "site": 1}
    notes = result.err.strip().splitlines()
    assert len(notes) == 2 and all(n.startswith("qualcode: note: the codings lie in only one ")
                                   for n in notes)
    assert "'learned' is the cold start" in notes[0]


ODD_COMMANDS = [
    ("sources",), ("codebook",), ("codebook", "nosuch"), ("verdict",),
    ("verdict", "--site", "Surabaya"), ("verdict", "--framework", "hogue"),
    ("verdict", "--coders", "nobody"), ("matrix", "--site", "Madiun", "--framework", "heideneim"),
    ("matrix", "--site", "Madiun", "--by", "theory", "--csv"), ("compare",),
    ("compare", "--framework", "factors"), ("agreement", "--coders", "a,b"),
    ("agreement", "--coders", "a"), ("suggest",), ("suggest", "--source", "nosuch"),
    ("suggest-eval",), ("suggest-eval", "--coders", "nobody"), ("memo", "--list"),
    ("memo", "x", "--source", "nosuch"), ("memo", "x", "--site", "Surabaya"), ("memo", " "),
    ("log",), ("log", "--coder", "nobody"), ("undo",), ("redo",), ("codings", "export"),
    ("export",), ("export", "--csv", "{out}/tables"), ("export", "--docx", "{out}"),
    ("refi", "codebook", "{out}/c.qdc"), ("backup", "{out}/b.db"),
    ("import", "{out}/nothing.txt"), ("import", "{out}"), ("codings", "import", "{out}/none.csv"),
    ("refi", "import", "{out}/nothing.qdpx"), ("codebook", "--load", "{out}/nothing.yaml"),
    ("informants", "list"), ("informants", "list", "--site", "Madiun", "--csv"),
    ("informants", "import", "{out}/none.csv"),
    ("retrieve", "heideneim/formal-contract", "--where", "sector=health"),
    ("matrix", "--site", "Madiun", "--framework", "heideneim", "--by", "sector"),
    ("init",), ("demo",),
]


@pytest.mark.parametrize("project_kind", ["empty project", "a file", "missing folder"])
def test_odd_input_never_gives_an_internal_error(cli, tmp_path: Path, project_kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if project_kind == "empty project":
        project = tmp_path / "empty"
        assert cli("init", project).code == 0
    elif project_kind == "a file":
        project = write(tmp_path / "catatan.txt", "bukan proyek\n")
    else:
        project = tmp_path / "tidak-ada" / "proyek"
    if project_kind != "empty project":
        assert ("is a file, not a project folder" if project_kind == "a file"
                else "not a qualcode project") in one_line(cli("sources", project).err)
    for command in ODD_COMMANDS:
        words = 2 if command[0] in ("codings", "refi", "informants") else 1
        args = [*command[:words], project,
                *(a.format(out=out) for a in command[words:])]
        result = cli(*args)
        shown = " ".join(map(str, command))
        assert "internal error" not in result.err and "Traceback" not in result.err, shown
        assert result.code in (0, 1), shown
        if result.code == 1:
            one_line(result.err)
        if project_kind != "empty project" and command[0] not in ("init", "demo"):
            assert result.code == 1, shown


# ------------------------------------------------------------------ the researcher's words

def test_codings_in_the_researchers_words_are_flagged(cli, interview: Path,
                                                       tmp_path: Path) -> None:
    with Project.open(interview) as project:
        text = project.store.source_text("kader-1")
    across = text.index("besaran fee?")  # from the researcher's question into the answer
    rows = write(tmp_path / "koding.csv", "source,code,stance,quote,start,end\n"
                 "kader-1,heideneim/consensus-decision,supports,"
                 "Apakah kader ikut menentukan besaran fee?,,\n"
                 "kader-1,sulistiyani-org/top-down-control,supports,"
                 "Fee kami ditentukan dari BPJS,,\n"
                 "kader-1,heideneim/written-agreement,supports,"
                 "\"Jadi perjanjiannya tertulis, Bu?\",,\n"
                 f"kader-1,heideneim/consensus-decision,contradicts,,{across},{across + 20}\n")
    result = cli("codings", "import", interview, rows)
    assert result.code == 0 and result.out == ""
    assert result.err.splitlines() == [
        f"qualcode: warning: {rows}:2: the coding lies only in the researcher's words "
        "(Pewawancara); it is not evidence",
        f"qualcode: warning: {rows}:4: the coding lies only in the researcher's words (Tim); "
        "it is not evidence",
        f"imported 4 codings from {rows} (2 not evidence: only the researcher's words)"]
    with Project.open(interview) as project:
        assert len(project.store.codings()) == 4  # still imported
        base = EvidenceBase(project.store)
    # the same rule as the evidence engine's: exactly these two are set aside
    assert sum(base.indicator("Madiun", code).ignored for code in (
        "heideneim/consensus-decision", "heideneim/written-agreement",
        "sulistiyani-org/top-down-control")) == 2
    again = cli("codings", "import", interview, rows)  # nothing new: nothing to warn about
    assert again.err == f"imported 0 codings from {rows} (4 already present)\n"


def test_many_codings_in_the_researchers_words_are_counted(cli, interview: Path,
                                                            tmp_path: Path) -> None:
    lines = ["source,code,start,end"] + [f"kader-1,heideneim/shared-vision,{i},{i + 8}"
                                         for i in range(13)]
    rows = write(tmp_path / "banyak.csv", "\n".join(lines) + "\n")
    result = cli("codings", "import", interview, rows)
    assert result.code == 0
    err = result.err.splitlines()
    assert len(err) == 12
    assert [e.split(": the coding")[0] for e in err[:10]] == [
        f"qualcode: warning: {rows}:{line}" for line in range(2, 12)]
    assert err[10] == (f"qualcode: warning: {rows}: 3 more codings lie only in the "
                       "researcher's words; they are not evidence")
    assert err[11] == (f"imported 13 codings from {rows} (13 not evidence: only the "
                       "researcher's words)")


# ------------------------------------------------------------------ progress

def test_progress_is_silent_when_stderr_is_not_a_terminal(cli, sample_dir: Path,
                                                          tmp_path: Path) -> None:
    with progress("anything") as tick:
        assert tick is None
    result = cli("refi", "export", sample_dir, tmp_path / "x.qdpx")
    assert result.code == 0
    assert result.err.startswith(f"wrote {tmp_path / 'x.qdpx'}: ") and result.err.count("\n") == 1


def test_progress_draws_on_a_terminal(monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress("building the report") as tick:
        assert tick is not None
        tick(3, 4)
    assert "building the report" in screen.getvalue()
    assert "3/4" in screen.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_command_shows_progress_on_a_terminal_then_its_message(sample_dir: Path,
                                                                  tmp_path: Path) -> None:
    import pty
    import select

    master, slave = pty.openpty()
    target = tmp_path / "proyek.qdpx"
    process = subprocess.Popen(
        [sys.executable, "-m", "qualcode", "refi", "export", str(sample_dir), str(target)],
        stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"})
    os.close(slave)
    chunks = []
    while select.select([master], [], [], 120)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = process.stdout.read()
    assert process.wait(timeout=60) == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert out == b""
    assert f"writing {target}" in shown and re.search(r" \d+/\d+ ", shown)  # a bar, counted
    last = shown.rstrip().splitlines()[-1]
    assert last.endswith(f"wrote {target}: 17 sources, 403 codings, 84 codes, 15 notes, 2 users")
    assert "writing" not in last  # the bar is gone before the message


# ------------------------------------------------------------------ dev.py

_DEV = """\
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("dev", sys.argv[1])
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)
dev.ensure_venv = lambda: None  # no install: only what dev.py would run, and where
def execv(path, args):
    print(json.dumps({"args": args, "cwd": os.getcwd()}))
    sys.exit(0)
dev.os.execv = execv
sys.argv = ["dev.py", *sys.argv[2:]]
dev.main()
"""


def _dev(where: Path, *argv: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _DEV, str(ROOT / "dev.py"), *argv],
                          cwd=where, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_dev_start_runs_qualcode_where_the_user_is(tmp_path: Path) -> None:
    (tmp_path / "qualcode").mkdir()  # a folder named like the package must not stand in for it
    (tmp_path / "qualcode" / "__init__.py").write_text("raise SystemExit('the wrong one')\n")
    planned = _dev(tmp_path, "start", "init", "mine")
    assert Path(planned["cwd"]) == tmp_path
    assert planned["args"][1:] == ["-P", "-m", "qualcode", "init", "mine"]
    assert Path(planned["args"][0]).parent.parent == ROOT / ".venv"
    python = planned["args"][0] if Path(planned["args"][0]).exists() else sys.executable
    done = subprocess.run([python, *planned["args"][1:]], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mine" / "qualcode.yaml").is_file()  # ./mine, where the user is


def test_dev_test_runs_pytest_in_the_clone(tmp_path: Path) -> None:
    planned = _dev(tmp_path, "test", "-q", "tests/test_sample.py")
    assert Path(planned["cwd"]) == ROOT
    assert planned["args"][1:] == ["-m", "pytest", "-q", "tests/test_sample.py"]
    assert _dev(tmp_path)["args"][1:4] == ["-P", "-m", "qualcode"]  # start is the default


def test_dev_refuses_an_unknown_action(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _DEV, str(ROOT / "dev.py"), "strat"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "usage: python3 dev.py start|test" in done.stderr
    assert done.stdout == ""  # nothing was run
