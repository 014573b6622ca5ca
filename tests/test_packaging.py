"""An installed qualcode works outside the clone: the wheel holds the package, its codebooks and
its sample transcripts, and a fresh virtual environment with nothing but the wheel (and the
dependencies) runs `qualcode demo`, `sources` and `verdict` from another working directory with
the same results as the clone's code.

The wheel is built from a copy of the clone (no stale build/ or egg-info, nothing written into
the clone). The fresh environment gets the wheel with --no-deps; the dependencies already
installed for the tests are made visible through a plain path line in a .pth file, which puts
that directory on sys.path without running the .pth files inside it, so the editable qualcode's
import hook stays out and `import qualcode` finds the wheel's copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

# Not part of a clean checkout, or not for the wheel's build.
_SKIP_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache",
                                        ".ruff_cache", "*.db", "*.db-wal", "*.db-shm")
_SKIP_TOP = {".git", ".venv", "venv", "build", "dist"}


def _ignore(directory: str, names: list[str]) -> set[str]:
    skipped = set(_SKIP_ANYWHERE(directory, names))
    if Path(directory) == ROOT:
        skipped |= _SKIP_TOP & set(names)
    return skipped


def _run(args: list[object], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _setuptools_builds_here() -> bool:
    """Whether this environment's setuptools meets the build requirement (setuptools>=77), so
    the wheel can be built without fetching an isolated build environment."""
    try:
        major = re.match(r"\d+", version("setuptools"))
    except PackageNotFoundError:
        return False
    return major is not None and int(major.group()) >= 77


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_ignore)
    out = tmp_path / "wheel"
    isolation = ["--no-build-isolation"] if _setuptools_builds_here() else []
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
          "--disable-pip-version-check", *isolation, "--wheel-dir", out, source])
    (wheel,) = out.glob("qualcode-*.whl")
    return wheel


def _check_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"qualcode/codebooks/{p.name}" for p in (ROOT / "codebooks").glob("*.yaml")}
    expected |= {f"qualcode/transcripts/{p.relative_to(ROOT / 'transcripts').as_posix()}"
                 for p in (ROOT / "transcripts").rglob("*")
                 if p.suffix in (".txt", ".csv", ".yaml")}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "qualcode").rglob("*")
                 if p.suffix in (".py", ".tcss") and "__pycache__" not in p.parts}
    assert len(expected) > 50 and "qualcode/tui/app.tcss" in expected
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    strays = sorted(n for n in names if not n.startswith(("qualcode/", "qualcode-")))
    assert not strays, f"not qualcode's, yet in the wheel: {strays}"
    assert any(n.endswith("/licenses/LICENSE") for n in names)


def _fresh_venv(tmp_path: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    """A new environment with the wheel installed and the tests' dependencies visible."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, symlinks=os.name != "nt")
    python = env_dir / BIN / f"python{EXE}"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
          "--no-index", "--disable-pip-version-check", wheel])
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   cwd=tmp_path).stdout.strip()
    outer = [*site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        outer.append(site.getusersitepackages())
    (Path(purelib) / "outer-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in outer if Path(p).is_dir()), encoding="utf-8")
    environ = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    return env_dir, environ


def test_wheel_runs_outside_the_clone(tmp_path: Path, sample_dir: Path, cli) -> None:
    wheel = _build_wheel(tmp_path)
    _check_contents(wheel)
    env_dir, environ = _fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def installed(*args: object) -> str:
        return _run([env_dir / BIN / f"qualcode{EXE}", *args], cwd=elsewhere,
                    env=environ).stdout

    where = _run([env_dir / BIN / f"python{EXE}", "-c",
                  "import qualcode, qualcode.ingest.sample as s\n"
                  "print(qualcode.__file__); print(s.CODEBOOKS_DIR); print(s.TRANSCRIPTS_DIR)"],
                 cwd=elsewhere, env=environ).stdout.splitlines()
    for path in where:
        assert Path(path).resolve().is_relative_to(env_dir.resolve()), where

    assert "Madiun" in installed("demo", "P")
    sources = json.loads(installed("sources", "P", "--json"))
    assert len(sources) == 17
    assert {s["site"] for s in sources} == {"Banyuasin", "Kotawaringin Timur", "Madiun"}
    verdicts = json.loads(installed("verdict", "P", "--json"))

    clone_copy = tmp_path / "clone-sample"
    shutil.copytree(sample_dir, clone_copy)
    clone = cli("verdict", clone_copy, "--json")
    assert clone.code == 0, clone.err
    assert verdicts == json.loads(clone.out)
    decided = {(v["site"], v["framework"]): v["verdict"] for v in verdicts
               if v["status"] == "decided"}
    assert decided[("Madiun", "heideneim")] == "partnership"

    installed("init", "P2")
    assert (elsewhere / "P2" / "project.db").is_file()
