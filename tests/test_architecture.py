"""The layers hold (import-linter contracts, and no Textual or Rich at run time in the core);
the public contract check passes; the code is ruff clean."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

import qualcode

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_without_textual() -> None:
    core = [m.name for m in pkgutil.walk_packages(qualcode.__path__, "qualcode.")
            if not m.name.startswith("qualcode.tui") and m.name != "qualcode.__main__"]
    assert "qualcode.store" in core and "qualcode.analysis.verdicts" in core
    code = ("import importlib, sys\n"
            f"for name in {core!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_shared_contract_check(tmp_path: Path) -> None:
    check = SHARED / "contract" / "check"
    if not check.exists():
        pytest.fail(f"{check} is missing: CI needs ../shared beside the clone")
    qualcode_bin = shutil.which("qualcode", path=str(Path(sys.executable).parent))
    assert qualcode_bin, "the qualcode console script is not installed"
    env = {**os.environ, "QUALCODE_CODER": "contract"}
    result = subprocess.run(["bash", str(check), qualcode_bin], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "contract: ok" in result.stdout


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "qualcode", "tests",
                             "benchmarks", "dev.py"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert tool, "import-linter is not installed (pip install -e .[test])"
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([tool, "--no-cache"], capture_output=True, text=True, cwd=cwd,
                          env=env)


def test_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_import_contracts_catch_textual_in_the_core(tmp_path: Path) -> None:
    """The contracts are not vacuous: a copy of the package whose analysis imports Textual
    fails them."""
    shutil.copytree(ROOT / "qualcode", tmp_path / "qualcode",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    verdicts = tmp_path / "qualcode" / "analysis" / "verdicts.py"
    verdicts.write_text(verdicts.read_text(encoding="utf-8") + "\nimport textual  # noqa\n",
                        encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The core never imports Textual or Rich" in result.stdout
    assert "qualcode.analysis.verdicts -> textual" in result.stdout
    assert "1 broken" in result.stdout
