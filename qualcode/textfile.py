"""Reading researchers' text files (UTF-8 with or without BOM, CRLF, Windows-1252) and
writing output files: checked before any work is done (never inside the project folder),
written whole (atomically, or in place to stdout, a device or a FIFO; a folder swapped in at
once), holding only text that XML (and so .docx and .xlsx) can carry."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise QualcodeError(f"{path}: starts as UTF-16 text but is not") from None
    if b"\x00" in data[:8192]:
        raise QualcodeError(f"{path}: a binary file, not text")
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if not allow_cp1252 or _UTF8_MULTIBYTE.search(data):
            # mostly UTF-8 (or UTF-8 required): never read it garbled as Windows-1252
            column = exc.start - data.rfind(b"\n", 0, exc.start)
            raise QualcodeError(
                f"{path}:{line}: byte 0x{data[exc.start]:02X} (column {column}) is not UTF-8"
                + ("; the rest of the file is UTF-8: fix that character or save the file as "
                   "UTF-8 again" if _UTF8_MULTIBYTE.search(data) else "")) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise QualcodeError(f"{path}: neither UTF-8 nor Windows-1252 text") from None
        warnings.append(f"{path}: not UTF-8; read as Windows-1252")
    text = normalise_newlines(text)
    if not text.strip():
        raise QualcodeError(f"{path}: empty file")
    return text, warnings


# A valid UTF-8 sequence beyond ASCII: a file holding one is UTF-8, so a stray byte in it is
# an error to show, not a sign that the whole file is Windows-1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


STDOUT = "-"  # as an output path (the string, not Path("-")): standard output
# What an export folder may already hold: its own CSV tables, and what file managers leave.
_FOLDER_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def is_stdout(path: Path | str) -> bool:
    """The string "-" means standard output; Path("-") (or ./-) is a file named "-"."""
    return isinstance(path, str) and path == STDOUT


def _encode(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


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
            handle.write(_encode(content))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise QualcodeError(f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class FolderKind:
    """What a folder export writes, so that an existing folder is replaced only when it holds
    nothing else: `ours(name)` says whether a file name is one it writes."""

    ours: Callable[[str], bool]
    what: str  # a file it writes, for the refusal: "a CSV table"


CSV_TABLES = FolderKind(lambda name: name.lower().endswith(".csv"), "a CSV table")


def check_output(path: Path | str, directory: bool = False,
                 project: Path | None = None, kind: FolderKind = CSV_TABLES) -> None:
    """Refuse an output path that cannot or must not be written, before any work is done.

    Never inside the `project` folder (an export there could overwrite the database, and
    would travel and sync with the project); a symlink is judged by what it points to. A
    `directory` output is replaced whole, so an existing one may hold only files of `kind`.
    """
    if is_stdout(path):
        if directory:
            raise QualcodeError(f"{STDOUT}: a folder of files cannot go to stdout; "
                                "give a folder")
        return
    path = Path(path)
    if project is not None and path.resolve().is_relative_to(Path(project).resolve()):
        raise QualcodeError(f"{path}: inside the project folder {project}; "
                            "write exports elsewhere")
    if not directory and _in_place(path):
        return
    if path.is_symlink():
        path = path.resolve()
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise QualcodeError(f"{path}: cannot write (no directory {parent})")
    if directory:
        if path.exists() and not path.is_dir():
            raise QualcodeError(f"{path}: exists and is not a directory")
        if path.is_dir():
            _check_replaceable(path, kind)
    elif path.is_dir():
        raise QualcodeError(f"{path}: is a directory")
    elif path.exists() and not path.is_file():
        raise QualcodeError(f"{path}: not a regular file, character device or FIFO")


def _check_replaceable(folder: Path, kind: FolderKind) -> None:
    """An output folder is replaced whole: refuse one that holds what an export never wrote,
    rather than delete a researcher's other files."""
    for entry in sorted(folder.iterdir()):
        if not ((kind.ours(entry.name) and entry.is_file()) or entry.name in _FOLDER_LITTER):
            raise QualcodeError(f"{folder}: holds {entry.name}, not {kind.what}; the export "
                                "replaces the whole folder, so choose a new or empty one")


def _in_place(path: Path) -> bool:
    """A character device (/dev/null, a terminal), a FIFO or pipe, or the file this process's
    stdout or stderr is redirected to (/dev/stdout): written in place, since renaming a file
    over it would replace the device with a regular file, or the file under the shell."""
    try:
        status = os.stat(path)  # through symlinks such as /dev/stdout
    except OSError:
        return False
    if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        return True
    return any(_same_file(status, fd) for fd in (1, 2))


def _same_file(status: os.stat_result, fd: int) -> bool:
    try:
        return os.path.samestat(status, os.fstat(fd))
    except OSError:
        return False


def write_output(path: Path | str, content: str | bytes) -> None:
    """Write a user-chosen output file: "-" to stdout (the same bytes a file would get), a
    character device or FIFO directly, a regular file atomically. A symlink is followed: its
    target is written atomically in the target's folder, and the link stays a link."""
    data = _encode(content)
    if is_stdout(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    if not _in_place(path):
        write_atomic(path.resolve() if path.is_symlink() else path, data)
        return
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except BrokenPipeError:
        raise  # the reader stopped early (`| head`): as with "-", not an error
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write ({exc.strerror})") from None


def write_output_dir(directory: Path, files: Mapping[str, str | bytes],
                     kind: FolderKind = CSV_TABLES) -> list[Path]:
    """Write `files` (name: content) as the whole of `directory`, returning their paths.

    The files are written to a fresh folder beside it, which is then swapped in: an interrupted
    export leaves the old folder as it was, and no old file lingers among the new ones. An
    existing folder is replaced whole (check_output refuses one holding anything but files
    of `kind`); a symlink to a folder is followed and the link stays.
    """
    check_output(directory, directory=True, kind=kind)
    given = Path(directory)
    target = given.resolve() if given.is_symlink() else given
    parent = target.parent if str(target.parent) else Path(".")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    except OSError as exc:
        raise QualcodeError(f"{given}: cannot write ({exc.strerror})") from None
    fresh, old = staging / "new", staging / "old"
    try:
        fresh.mkdir()
        for name, content in files.items():
            _write_file(fresh / name, content)
        _swap_in(fresh, target, old)
    except OSError as exc:
        kept = f"; the old folder is now {old}" if old.exists() and not target.exists() else ""
        raise QualcodeError(f"{given}: cannot write ({exc.strerror}){kept}") from None
    finally:
        if target.exists() or not old.exists():  # never delete the only copy of the old folder
            shutil.rmtree(staging, ignore_errors=True)
    return [given / name for name in files]


def _write_file(path: Path, content: str | bytes) -> None:
    """One file of a fresh folder, on disk before the folder is swapped in."""
    with open(path, "wb") as handle:
        handle.write(_encode(content))
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(fresh: Path, target: Path, old: Path) -> None:
    """Put `fresh` where `target` is, moving the old folder to `old` (deleted with the staging
    folder); if the second rename fails or is interrupted, the old folder goes back."""
    if target.is_dir():
        os.rename(target, old)
    try:
        os.rename(fresh, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.rename(old, target)
        raise


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the control characters that XML (and so .docx and .xlsx) cannot hold."""
    return _NOT_XML.sub("", text)
