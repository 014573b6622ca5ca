"""`qualcode --version` prints the package version and exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import qualcode

ROOT = Path(__file__).resolve().parent.parent


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "qualcode", "--version"], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"qualcode {qualcode.__version__}\n"
    assert result.stderr == ""
