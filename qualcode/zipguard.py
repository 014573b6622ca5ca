"""Opening zip archives that may be hostile (REFI-QDA projects, Word .docx files): zip bombs,
entries that escape the folder (zip-slip), entries listed twice. The archive's directory is
checked before any entry is unpacked; Python's zipfile never unpacks more than an entry's listed
size, so checking the listed sizes bounds what reading can cost.

Each caller keeps its own limits; a refusal is a `ZipProblem` naming the archive, whose `reason`
lets a caller phrase it for its own kind of file."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from qualcode.errors import QualcodeError

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    """How much an archive may hold before it is refused."""

    entries: int  # entries in the archive
    total_bytes: int  # all entries together, uncompressed
    read_bytes: int  # one entry read through `SafeZip.read`
    ratio: int = 200  # uncompressed / compressed: text and XML compress ~3-20 times, bombs ~1000
    ratio_floor: int = 1024**2  # entries smaller than this are never bombs worth stopping


class ZipProblem(QualcodeError):
    """`LABEL: [refused: ]REASON`; `reason` is the part after the label and "refused:"."""

    def __init__(self, label: str, reason: str, refused: bool = True) -> None:
        self.reason = reason
        super().__init__(f"{label}: {'refused: ' if refused else ''}{reason}")


class SafeZip:
    """A zip archive checked against bombs and unsafe names before anything is read from it."""

    def __init__(self, data: bytes | Path | BinaryIO, label: str, limits: Limits) -> None:
        self.label = label
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ZipProblem(label, f"not a zip archive ({exc})", refused=False) from None
        try:
            self.names = _check(self.zip.infolist(), label, limits)
        except BaseException:
            self.zip.close()
            raise

    def find(self, *candidates: str) -> str | None:
        """The archive's name for the first candidate path present (case-insensitive)."""
        for name in candidates:
            info = self.names.get(name.replace("\\", "/").lower())
            if info is not None and not info.is_dir():
                return info.filename
        return None

    def read(self, name: str) -> bytes:
        limit = self.limits.read_bytes
        info = self.zip.getinfo(name)
        if info.file_size > limit:
            raise ZipProblem(self.label, f"'{name}' unpacks to {size(info.file_size)} (the "
                                         f"limit is {size(limit)})")
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ZipProblem(self.label, f"'{name}' is damaged ({exc})", refused=False) from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted or unknown compression
            raise ZipProblem(self.label, f"cannot read '{name}' ({exc})", refused=False) from None
        if len(data) > limit:
            raise ZipProblem(self.label, f"'{name}' unpacks to more than {size(limit)}")
        return data

    def close(self) -> None:
        self.zip.close()


def _check(infos: list[zipfile.ZipInfo], label: str,
           limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """The entries by lower-case name, once the directory is found safe."""
    if len(infos) > limits.entries:
        raise ZipProblem(label, f"{len(infos):,} entries in the archive (the limit is "
                                f"{limits.entries:,}); it may be a zip bomb")
    total = sum(i.file_size for i in infos)
    if total > limits.total_bytes:
        raise ZipProblem(label, f"the archive unpacks to {size(total)} (the limit is "
                                f"{size(limits.total_bytes)}); it may be a zip bomb")
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if escapes(info.filename):
            raise ZipProblem(label, f"the entry '{info.filename}' points outside the "
                                    "archive's folder (zip-slip)")
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(
                info.compress_size, 1):
            raise ZipProblem(label, f"the entry '{info.filename}' unpacks to "
                                    f"{size(info.file_size)} from {size(info.compress_size)}; "
                                    "it may be a zip bomb")
        key = info.filename.replace("\\", "/").lower()
        if key in names:
            raise ZipProblem(label, f"the entry '{info.filename}' is in the archive twice")
        names[key] = info
    return names


def escapes(path: str) -> bool:
    """Whether a path inside an archive points outside it (absolute, a drive, or '..')."""
    name = path.replace("\\", "/")
    return (name.startswith("/") or bool(_DRIVE.match(name)) or "\x00" in name
            or ".." in name.split("/"))


def size(n: float) -> str:
    """A byte count as people read it: `8.0 MiB`."""
    units = ("bytes", "KiB", "MiB", "GiB")
    i = 0
    while n >= 1024 and i < len(units) - 1:
        n /= 1024
        i += 1
    return f"{n:,.0f} bytes" if i == 0 else f"{n:,.1f} {units[i]}"


@contextmanager
def checked_office_file(path: Path, limits: Limits, readable: str, others: str,
                        kind: str) -> Iterator[BinaryIO]:
    """An Office file (.docx, .xlsx: a zip archive) opened once and checked by SafeZip before a
    library reads it from the same handle; one line naming the file when it cannot be read,
    is no zip ("not READABLE (every .SUFFIX is a zip archive and this one is not: OTHERS,
    password-protected, damaged?)") or is unsafe ("not KIND we can read safely")."""
    try:
        handle = path.open("rb")  # one handle: the file checked is the file read
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        if not zipfile.is_zipfile(handle):
            raise QualcodeError(f"{path}: not {readable} (every {path.suffix.lower()} is a zip "
                                f"archive and this one is not: {others}, password-protected, "
                                "damaged?)")
        try:
            SafeZip(handle, str(path), limits).close()
        except ZipProblem as exc:
            raise QualcodeError(f"{path}: not {kind} we can read safely ({exc.reason})"
                                ) from None
        yield handle
