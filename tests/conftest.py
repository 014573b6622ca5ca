"""Shared fixtures: fresh projects, the sample project (built once), and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from qualcode.cli import main
from qualcode.ingest.sample import build_sample, init_project
from qualcode.store.project import Project

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def export_docx(project_dir: Path, out: Path, *args: str):
    """`qualcode export PROJECT --docx OUT ARGS...`, in-process; the document it wrote."""
    import docx

    assert main(["export", str(project_dir), "--docx", str(out), *args]) == 0
    return docx.Document(str(out))


def file_line(source: str, stored_text: str, offset: int) -> int:
    """The line of `offset` (into a sample source's stored text) in its transcript file, front
    matter counted: what an appendix's "line N" must match."""
    (path,) = (ROOT / "transcripts").glob(f"*/{source}.*")
    raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    body = raw.index(stored_text[:300])
    return raw.count("\n", 0, body + offset) + 1


def pytest_configure(config: pytest.Config) -> None:
    """Suggestions' analysis cache (qualcode.store.analysis_cache) in a folder of this test session,
    shared with the commands it runs, never the user's."""
    os.environ["QUALCODE_CACHE"] = str(Path(tempfile.mkdtemp(prefix="qualcode-test-"))
                                       / "analysis.sqlite")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(Path(os.environ["QUALCODE_CACHE"]).parent, ignore_errors=True)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project with the bundled codebooks."""
    p = init_project(tmp_path / "proj")
    yield p
    p.close()


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("sample") / "sample"
    build_sample(path).close()
    return path


@pytest.fixture
def sample(sample_dir: Path, tmp_path: Path) -> Project:
    """A private copy of the sample project."""
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy)
    p = Project.open(copy)
    yield p
    p.close()


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture):
    """Run `qualcode ARGS...` in-process; returns exit code, stdout and stderr."""

    def run(*args: object) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def qualcode_subprocess(*args: object, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qualcode", *map(str, args)],
                          capture_output=True, text=True, **kwargs)


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def snapshot_db(project: Project) -> list:
    """Every row of every table: compare before and after to prove nothing changed."""
    conn = project.store.conn
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return [(t, sorted(map(repr, conn.execute(f"SELECT * FROM {t}")))) for t in tables]


def run_workbench(sample: Project, scenario, source: str = "kotim-fgd-lintas-sektor",
                  size: tuple[int, int] = (120, 36)) -> None:
    """Open the workbench on `source` as coder `tester`, headless, and run `scenario(app,
    pilot)` in it."""
    import asyncio

    from qualcode.tui.app import QualcodeApp

    sample.coder = "tester"

    async def go() -> None:
        app = QualcodeApp(sample, source)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(go())
