"""Opening exchange files that may be hostile: zip bombs, entries that escape the folder
(zip-slip), XML entities (external entities, "billion laughs"). A refused file gets one line
naming it and what is wrong; nothing is read from outside the file, nothing is written."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from qualcode.errors import QualcodeError

MAX_ENTRIES = 20_000  # a project of 5,000 sources with rich text and media has ~15,000
MAX_TOTAL_BYTES = 4 * 1024**3  # all entries together, uncompressed
MAX_READ_BYTES = 512 * 1024**2  # one entry qualcode reads (project.qde, a text, a .docx)
MAX_RATIO = 200  # uncompressed / compressed: text and XML compress ~3-20 times, bombs ~1000
RATIO_FLOOR = 1024**2  # entries smaller than this are never bombs worth stopping
MAX_XML_BYTES = 256 * 1024**2  # a .qdc codebook file

_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeZip:
    """A zip archive checked against bombs and unsafe names before anything is read from it."""

    def __init__(self, data: bytes | Path, label: str) -> None:
        self.label = label
        try:
            self.zip = zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise QualcodeError(f"{label}: not a zip archive ({exc})") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise QualcodeError(f"{label}: refused: {len(infos):,} entries in the archive "
                                f"(the limit is {MAX_ENTRIES:,}); it may be a zip bomb")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise QualcodeError(f"{label}: refused: the archive unpacks to {_size(total)} "
                                f"(the limit is {_size(MAX_TOTAL_BYTES)}); it may be a zip bomb")
        self.names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if escapes(info.filename):
                raise QualcodeError(f"{label}: refused: the entry '{info.filename}' points "
                                    "outside the archive's folder (zip-slip)")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1):
                raise QualcodeError(
                    f"{label}: refused: the entry '{info.filename}' unpacks to "
                    f"{_size(info.file_size)} from {_size(info.compress_size)}; it may be a "
                    "zip bomb")
            key = info.filename.replace("\\", "/").lower()
            if key in self.names:
                raise QualcodeError(f"{label}: refused: the entry '{info.filename}' is in the "
                                    "archive twice")
            self.names[key] = info

    def find(self, *candidates: str) -> str | None:
        """The archive's name for the first candidate path present (case-insensitive)."""
        for name in candidates:
            info = self.names.get(name.replace("\\", "/").lower())
            if info is not None and not info.is_dir():
                return info.filename
        return None

    def read(self, name: str) -> bytes:
        info = self.zip.getinfo(name)
        if info.file_size > MAX_READ_BYTES:
            raise QualcodeError(f"{self.label}: refused: '{name}' unpacks to "
                                f"{_size(info.file_size)} (the limit is "
                                f"{_size(MAX_READ_BYTES)})")
        try:
            with self.zip.open(info) as handle:
                data = handle.read(MAX_READ_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise QualcodeError(f"{self.label}: '{name}' is damaged ({exc})") from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted or unknown compression
            raise QualcodeError(f"{self.label}: cannot read '{name}' ({exc})") from None
        if len(data) > MAX_READ_BYTES:
            raise QualcodeError(f"{self.label}: refused: '{name}' unpacks to more than "
                                f"{_size(MAX_READ_BYTES)}")
        return data

    def close(self) -> None:
        self.zip.close()


def escapes(path: str) -> bool:
    """Whether a path inside an archive points outside it (absolute, a drive, or '..')."""
    name = path.replace("\\", "/")
    return (name.startswith("/") or bool(_DRIVE.match(name)) or "\x00" in name
            or ".." in name.split("/"))


def parse_xml(data: bytes, label: str) -> etree._Element:
    """Parse XML that declares no DTD: entities are never expanded nor fetched, and a file that
    declares any is refused (REFI-QDA files never need one)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _dtd_refused(label)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise QualcodeError(f"{label}: not well-formed XML ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _dtd_refused(label)
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname  # namespace variants: one vocabulary
    return root


def _dtd_refused(label: str) -> QualcodeError:
    return QualcodeError(f"{label}: refused: the XML declares a DTD or entities, which "
                         "REFI-QDA files never need (an XML entity attack?)")


def _size(n: float) -> str:
    units = ("bytes", "KiB", "MiB", "GiB")
    i = 0
    while n >= 1024 and i < len(units) - 1:
        n /= 1024
        i += 1
    return f"{n:,.0f} bytes" if i == 0 else f"{n:,.1f} {units[i]}"
