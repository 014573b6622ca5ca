"""Writing a long memo in the researcher's own editor ($VISUAL, else $EDITOR, else vi), with
the workbench suspended. An editor that is missing, cannot start or fails is one line for the
status bar (a `QualcodeError`), and the memo is left as it was."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from qualcode.errors import QualcodeError

UNCHANGED = "memo not changed (m writes a memo here)"


def editor_command() -> list[str]:
    """The editor to run, as argv; refused when it cannot be found."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    try:
        argv = shlex.split(chosen or "vi")
    except ValueError:
        argv = []
    if not argv:
        raise QualcodeError(f"cannot read the editor command '{chosen}' in $VISUAL/$EDITOR; "
                            f"{UNCHANGED}")
    if shutil.which(argv[0]) is None:
        if chosen is None:
            raise QualcodeError(f"no editor: set $VISUAL or $EDITOR (vi is not here either); "
                                f"{UNCHANGED}")
        raise QualcodeError(f"editor '{argv[0]}' (from $VISUAL/$EDITOR) not found; {UNCHANGED}")
    return argv


def edit_text(app: App, text: str) -> str:
    """`text` as the researcher left it in their editor (stripped)."""
    argv = editor_command()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as handle:
        handle.write(text)
    path = Path(handle.name)
    try:
        try:
            with app.suspend():
                status = subprocess.run([*argv, str(path)], check=False).returncode
        except SuspendNotSupported:
            raise QualcodeError(f"this terminal cannot hand over to an editor; {UNCHANGED}"
                                ) from None
        except OSError as exc:
            raise QualcodeError(f"editor '{argv[0]}' could not start ({exc.strerror or exc}); "
                                f"{UNCHANGED}") from None
        if status != 0:
            raise QualcodeError(f"editor '{argv[0]}' exited with status {status}; {UNCHANGED}")
        try:
            return path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise QualcodeError(f"cannot read what the editor wrote ({exc}); {UNCHANGED}"
                                ) from None
    finally:
        path.unlink(missing_ok=True)
