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
from qualcode.tui.i18n import marked, tr

UNCHANGED = marked("memo not changed (m writes a memo here)")


def _refused(why: str) -> QualcodeError:
    """The line for the status bar: why the editor did not write the memo, which is kept."""
    return QualcodeError(f"{why}; {tr(UNCHANGED)}")


def editor_command() -> list[str]:
    """The editor to run, as argv; refused when it cannot be found."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    try:
        argv = shlex.split(chosen or "vi")
    except ValueError:
        argv = []
    if not argv:
        raise _refused(tr("cannot read the editor command '{command}' in $VISUAL/$EDITOR",
                          command=chosen))
    if shutil.which(argv[0]) is None:
        if chosen is None:
            raise _refused(tr("no editor: set $VISUAL or $EDITOR (vi is not here either)"))
        raise _refused(tr("editor '{editor}' (from $VISUAL/$EDITOR) not found", editor=argv[0]))
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
            raise _refused(tr("this terminal cannot hand over to an editor")) from None
        except OSError as exc:
            raise _refused(tr("editor '{editor}' could not start ({reason})", editor=argv[0],
                              reason=exc.strerror or exc)) from None
        if status != 0:
            raise _refused(tr("editor '{editor}' exited with status {status}", editor=argv[0],
                              status=status))
        try:
            return path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise _refused(tr("cannot read what the editor wrote ({reason})", reason=exc)
                           ) from None
    finally:
        path.unlink(missing_ok=True)
