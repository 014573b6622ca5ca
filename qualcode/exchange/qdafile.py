"""A REFI-QDA file as the other tools write it: the XML of a .qdc codebook or of the project.qde
in a .qdpx archive, the texts that its sources and notes keep in the archive (plain text in any
encoding, or .docx), its notes with what its Links tie them to, and how its tool counted
positions in texts with CRLF line ends.

It exists so that the importer (qualcode.exchange.importer) only decides what the file's content
becomes in a project: what is here knows the file and the dialects of the tools that write it
(`sources/` or `Sources/`, `internal://` paths, notes inline or in the archive, CRLF-counted
offsets) and nothing about the project. Hostile files are refused by qualcode.exchange.safety.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from qualcode.errors import QualcodeError
from qualcode.exchange.model import canonical
from qualcode.exchange.safety import MAX_XML_BYTES, SafeZip, escapes, parse_xml
from qualcode.textfile import normalise_newlines

Warn = Callable[[str], None]


def children(element: etree._Element, *tags: str) -> list[etree._Element]:
    """Child elements with one of these tags ('*': any element)."""
    return list(element.iterchildren(*tags))


def grandchildren(root: etree._Element, parent: str, *tags: str) -> list[etree._Element]:
    element = root.find(parent)
    return [] if element is None else children(element, *tags)


def inner_text(element: etree._Element | None) -> str:
    return "" if element is None or element.text is None else element.text


class QdaFile:
    """An open .qdc codebook (its root is <CodeBook>, no archive) or .qdpx project (its root is
    <Project>, read from the archive). Close it, or use it in a `with` statement.

    `warn` takes what could not be read, as it happens, so that the warnings of an import stay
    in the order of the file."""

    def __init__(self, path: Path, root: etree._Element, archive: SafeZip | None,
                 qde: str | None, warn: Warn) -> None:
        self.path = path
        self.root = root
        self.archive = archive
        self.warn = warn
        self.referenced: set[str] = {qde} if qde else set()  # the archive's entries read
        self._index_notes()

    @classmethod
    def open(cls, path: Path, warn: Warn) -> QdaFile:
        """Open a .qdc codebook, or else a .qdpx project; what is neither is refused."""
        if path.suffix.lower() == ".qdc":
            if path.stat().st_size > MAX_XML_BYTES:
                raise QualcodeError(f"{path}: refused: larger than {MAX_XML_BYTES:,} bytes")
            root = parse_xml(path.read_bytes(), str(path))
            if root.tag != "CodeBook":
                raise QualcodeError(f"{path}: not a REFI-QDA codebook (the root element is "
                                    f"<{root.tag}>, not <CodeBook>)")
            return cls(path, root, None, None, warn)
        if not zipfile.is_zipfile(path):
            raise QualcodeError(f"{path}: not a REFI-QDA project: a .qdpx file is a zip "
                                "archive (a codebook is a .qdc file)")
        archive = SafeZip(path, str(path))
        try:
            name = archive.find("project.qde") or _single_qde(archive)
            if name is None:
                raise QualcodeError(f"{path}: not a REFI-QDA project: no project.qde inside")
            root = parse_xml(archive.read(name), f"{path}:{name}")
            if root.tag != "Project":
                raise QualcodeError(f"{path}:{name}: not a REFI-QDA project (the root element "
                                    f"is <{root.tag}>, not <Project>)")
            return cls(path, root, archive, name, warn)
        except BaseException:
            archive.close()
            raise

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> QdaFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ texts in the archive

    def archive_text(self, element: etree._Element, what: str) -> tuple[str, str] | None:
        """The text a source or note refers to inside the archive: its plain text, else its
        .docx. Returns (text, how it was read if not plainly) or None, with a warning."""
        assert self.archive is not None
        names: list[str] = []
        for attribute in ("plainTextPath", "richTextPath"):
            reference = (element.get(attribute) or "").strip()
            if not reference:
                continue
            inner = reference[len("internal://"):] if reference.lower().startswith(
                "internal://") else reference
            if "://" in inner or inner.startswith(("/", "\\")) or inner[1:2] == ":":
                self.warn(f"{what} refers to a file outside the project file ({reference}); "
                          "not read")
                return None
            if escapes(inner):
                raise QualcodeError(f"{self.path}: refused: {what} refers to '{reference}', "
                                    "outside the archive's folder")
            name = self.archive.find(f"sources/{inner}", f"Sources/{inner}", inner)
            if name is not None:
                self.referenced.add(name)
                names.append(name)
        if not names:
            self.warn(f"{what}: its text is not in the project file; not imported")
            return None
        data = self.archive.read(names[0])
        if names[0].lower().endswith(".docx"):
            return _docx_text(data, f"{self.path}:{names[0]}"), "text read from its .docx"
        return _decode(data)

    def unread(self) -> list[str]:
        """The archive's files that nothing read so far refers to (hidden files aside)."""
        assert self.archive is not None
        return [i.filename for i in self.archive.names.values() if not i.is_dir()
                and i.filename not in self.referenced
                and not Path(i.filename).name.startswith(".")]

    # ------------------------------------------------------------------ notes

    def _index_notes(self) -> None:
        """Notes by GUID (in the file's order), and what Links tie each to."""
        self.notes: dict[str, etree._Element] = {}
        for note in grandchildren(self.root, "Notes", "Note"):
            guid = canonical(note.get("guid"))
            if guid:
                self.notes[guid] = note
        self.links: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for link in grandchildren(self.root, "Links", "Link"):
            ends = [canonical(link.get("originGUID")), canonical(link.get("targetGUID"))]
            for note, other in (ends, ends[::-1]):
                if note in self.notes and other:
                    self.links[other].append((note, canonical(link.get("guid"))))
        self.note_texts: dict[str, str] = {}
        self.used_notes: set[str] = set()  # the notes attached_notes has handed out

    def note_text(self, guid: str) -> str:
        """A note's text: inline, else from its file in the archive, else its description."""
        if guid not in self.note_texts:
            note = self.notes[guid]
            content = note.find("PlainTextContent")
            found = None
            if content is not None:
                found = (inner_text(content), "")
            elif note.get("plainTextPath") or note.get("richTextPath"):
                found = self.archive_text(note, f"note '{note.get('name', guid)}'")
            self.note_texts[guid] = normalise_newlines(found[0]) if found else \
                inner_text(note.find("Description"))
        return self.note_texts[guid]

    def attached_notes(self, element: etree._Element) -> list[str]:
        """The notes an element refers to (NoteRef) or that Links tie to it, not yet taken."""
        guids = [canonical(r.get("targetGUID")) or "" for r in element.iterchildren("NoteRef")]
        if self.links:
            guids += [note for note, _ in self.links.get(canonical(element.get("guid")) or "",
                                                         [])]
        if not guids:
            return []
        taken = [g for g in dict.fromkeys(guids) if g in self.notes and g not in self.used_notes]
        self.used_notes.update(taken)
        return taken


def _single_qde(archive: SafeZip) -> str | None:
    names = [i.filename for i in archive.names.values()
             if i.filename.lower().endswith(".qde") and "/" not in i.filename.strip("/")]
    return names[0] if len(names) == 1 else None


# ---------------------------------------------------------------------- text and offsets

def _decode(data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), ""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252"


def _docx_text(data: bytes, label: str) -> str:
    """A .docx source's text, one paragraph per line (the archive inside is checked too)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    SafeZip(data, label).close()
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise QualcodeError(f"{label}: not a readable .docx file ({exc})") from None
    return "\n".join(p.text for p in document.paragraphs)


def positions(raw: str, origin: str, selections: list[etree._Element]
              ) -> Callable[[int], int]:
    """How the other tool counted positions in a text with CRLF line ends: in the file's own
    characters (a CRLF is two: NVivo, MAXQDA, QualCoder on Windows) or in the text with LF line
    ends (a line end is one: ATLAS.ti). Selection names that quote the text settle it; else the
    origin decides. Returns a function from the tool's position to qualcode's."""
    removed = [m.start() for m in re.finditer("\r\n", raw)]
    if not removed:
        return int

    def file_counted(p: int) -> int:
        return p - bisect_left(removed, p)

    text = normalise_newlines(raw)
    votes: Counter[str] = Counter()
    for selection in selections[:200]:
        quoted = " ".join((selection.get("name") or "").split()).rstrip(".…").strip()
        if len(quoted) < 4:
            continue
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            continue
        for mode, position in (("file", file_counted), ("lf", int)):
            found = " ".join(text[position(start):position(end)].split())
            if found and (found.startswith(quoted) or quoted.startswith(found)):
                votes[mode] += 1
    if votes["file"] != votes["lf"]:
        return file_counted if votes["file"] > votes["lf"] else int
    return int if "atlas" in origin.lower() else file_counted
