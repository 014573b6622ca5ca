"""Opening exchange files that may be hostile: zip bombs, entries that escape the folder
(zip-slip), XML entities (external entities, "billion laughs"). A refused file gets one line
naming it and what is wrong; nothing is read from outside the file, nothing is written.

The zip checks are `qualcode.zipguard`'s (shared with .docx transcripts); the limits for REFI-QDA
archives are here."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from qualcode import zipguard
from qualcode.errors import QualcodeError
from qualcode.zipguard import escapes as escapes  # re-exported: the importer checks paths

# Read each time an archive is opened (not frozen at import), so a test may lower them.
MAX_ENTRIES = 20_000  # a project of 5,000 sources with rich text and media has ~15,000
MAX_TOTAL_BYTES = 4 * 1024**3  # all entries together, uncompressed
MAX_READ_BYTES = 512 * 1024**2  # one entry qualcode reads (project.qde, a text, a .docx)
MAX_XML_BYTES = 256 * 1024**2  # a .qdc codebook file


class SafeZip(zipguard.SafeZip):
    """A REFI-QDA archive (or a .docx inside one), checked against the limits above and
    zipguard's compression ratio."""

    def __init__(self, data: bytes | Path, label: str) -> None:
        super().__init__(data, label,
                         zipguard.Limits(MAX_ENTRIES, MAX_TOTAL_BYTES, MAX_READ_BYTES))


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

