"""Reading researchers' text files (UTF-8 with or without BOM, CRLF, Windows-1252) and
writing output files: checked before any work is done, written atomically, holding only text
that XML (and so .docx and .xlsx) can carry."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from qualcode.errors import QualcodeError


def read_text(path: Path, *, allow_cp1252: bool = True) -> tuple[str, list[str]]:
    """Return the file's text with LF line ends, and warnings for the user.

    Refuses binary and empty files with a message naming the file.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise QualcodeError(f"{path}: a binary file, not text")
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not allow_cp1252:
            line = data[: exc.start].count(b"\n") + 1
            raise QualcodeError(f"{path}:{line}: not UTF-8 text") from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise QualcodeError(f"{path}: neither UTF-8 nor Windows-1252 text") from None
        warnings.append(f"{path}: not UTF-8; read as Windows-1252")
    text = normalise_newlines(text)
    if not text.strip():
        raise QualcodeError(f"{path}: empty file")
    return text, warnings


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent or Path("."))
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write ({exc.strerror})") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file is for sharing
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output(path: Path, directory: bool = False) -> None:
    """Refuse an output path that cannot be written before any work is done."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise QualcodeError(f"{path}: cannot write (no directory {parent})")
    if directory and path.exists() and not path.is_dir():
        raise QualcodeError(f"{path}: exists and is not a directory")
    if not directory and path.is_dir():
        raise QualcodeError(f"{path}: is a directory")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the control characters that XML (and so .docx and .xlsx) cannot hold."""
    return _NOT_XML.sub("", text)
