#!/usr/bin/env python3
"""Set up and run qualcode from a fresh clone with nothing but Python 3.11+.

    python3 dev.py start    create .venv if needed, install, open qualcode on the sample project
    python3 dev.py test     create .venv if needed, install, run the whole test suite

The install is repeated only when pyproject.toml changes. `start` runs qualcode in the folder
you are in, so a relative path you give (`python3 dev.py start demo mine`) lands there; `test`
runs pytest in the clone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".qualcode-installed"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is
        sys.exit("qualcode needs Python 3.11 or newer")
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing qualcode and its dependencies into .venv ...", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"],
                   check=True)
    STAMP.write_text(wanted)


def plan(argv: list[str]) -> tuple[list[str], Path | None]:
    """The command line to run for dev.py's arguments, and the folder to run it in (None: the
    folder the user is in). qualcode runs with -P, so a folder named `qualcode` where the user
    is cannot stand in for the package."""
    command = argv[0] if argv else "start"
    rest = argv[1:]
    if command == "start":
        return [str(PYTHON), "-P", "-m", "qualcode", *rest], None
    if command == "test":
        return [str(PYTHON), "-m", "pytest", *rest], ROOT  # pytest finds its settings there
    sys.exit(f"usage: python3 dev.py start|test  (not '{command}')")


def main() -> None:
    args, folder = plan(sys.argv[1:])
    ensure_venv()
    if folder is not None:
        os.chdir(folder)
    os.execv(args[0], args)


if __name__ == "__main__":
    main()
