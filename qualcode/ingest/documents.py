"""Word (.docx) and PDF files as they arrive from fieldwork, read into plain transcript text.

Word: the document body is walked in order, paragraphs and tables interleaved, straight from its
XML (python-docx opens the package; its cell API is quadratic on big tables). Speaker tables
(`speaker | text`, `time | speaker | text`) become `[hh:mm:ss] Speaker: text` lines, other tables
one line per row with cells joined by " | ". Tracked changes are read as accepted, comments and
foot/endnotes left out, headers and footers never read; each of these is reported as a warning.
A leading bold or underlined short label ("Pewawancara" then plain text) becomes "Label: ".

PDF: pypdf's text layer, page by page; the code-point offset where each page starts is kept as
metadata (`{"pages": [[1, 0], [2, 1834], ...]}`) for citing. A PDF with no text layer, a
password, or more than a reader should have to unpack is refused with one line.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings as pywarnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.textfile import normalise_newlines
from qualcode.zipguard import Limits, checked_office_file

# A Word transcript, pictures included, unpacks to a few MB in some 20 entries; python-docx holds
# every part in memory, so a bomb is refused long before that hurts.
DOCX_LIMITS = Limits(entries=2_000, total_bytes=512 * 1024**2, read_bytes=512 * 1024**2)
# A PDF: a regulation or minutes run to a few hundred pages; a bomb declares millions.
PDF_MAX_BYTES = 500 * 1024**2
PDF_MAX_PAGES = 5_000
PDF_MAX_CHARS = 50_000_000
# pypdf's own limits (pypdf >= 7 `Configuration`); a page's text needs far less than these.
PDF_CONFIGURATION = {"maximum_declared_stream_length": 75_000_000,
                     "zlib_maximum_output_length": 75_000_000,
                     "page_tree_maximum_entries": 100_000}


@dataclass
class DocumentText:
    """A Word or PDF file's text as a transcript body, with what reading it left out."""

    body: str  # LF line ends, ends with "\n"
    warnings: list[str] = field(default_factory=list)  # full lines, each naming the file
    metadata: dict = field(default_factory=dict)  # e.g. {"pages": [[1, 0], [2, 1834]]}


# ------------------------------------------------------------------ Word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
_T, _TAB, _BR, _CR, _PTAB = W + "t", W + "tab", W + "br", W + "cr", W + "ptab"
_INS, _DEL, _MOVE_TO, _MOVE_FROM = W + "ins", W + "del", W + "moveTo", W + "moveFrom"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_PPR, _RPR, _TRPR = W + "pPr", W + "rPr", W + "trPr"
_B, _U, _VAL, _TYPE = W + "b", W + "u", W + "val", W + "type"
# Inline wrappers whose runs are part of the paragraph's text.
_INLINE = frozenset(W + t for t in (
    "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "ins", "moveTo"))
_CHARS = {W + "noBreakHyphen": "-", W + "softHyphen": ""}
_OFF = frozenset({"0", "false", "off", "none"})

_LABEL = re.compile(r"[^\W\d_][\w .'()/-]{0,39}")
_LEADING_STAMP = re.compile(r"[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])][ \t]*")
_TIMESTAMP = re.compile(
    r"[\[(]?[ \t]*(\d{1,3})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?[ \t]*[\])]?")
_ROW_NUMBER = re.compile(r"\d{1,5}[.)]?")
# Words of a table's header row ("Pembicara | Teks", "Waktu | Speaker | Text", "No | ...").
_SPEAKER_HEADERS = frozenset({
    "pembicara", "penutur", "nama", "inisial", "kode", "informan", "narasumber", "responden",
    "peserta", "speaker", "name", "participant", "respondent", "informant", "who"})
_HEADER_WORDS = _SPEAKER_HEADERS | frozenset({
    "teks", "text", "transkrip", "transkripsi", "transcript", "transcription", "isi", "ucapan",
    "percakapan", "pernyataan", "jawaban", "pertanyaan", "dialog", "dialogue", "utterance",
    "content", "keterangan", "catatan", "notes", "note", "remarks", "question", "answer",
    "response", "waktu", "jam", "menit", "durasi", "time", "timestamp", "stamp", "no", "nomor",
    "number", "#", "wawancara", "interview", "hasil", "fgd", "diskusi", "dan", "and", "tanya",
    "jawab"})
_HEADER_SPLIT = re.compile(r"[\s/&+,]+")


def docx_text(path: Path) -> DocumentText:
    """A Word file's body as transcript text; its archive is checked before python-docx opens
    it (the same zip-bomb guard as REFI-QDA files)."""
    document = _open_docx(path)
    reader = _WordReader()
    body_element = document.element.body
    items = reader.blocks(body_element) if body_element is not None else []
    lines = _render(items)
    body = "\n".join(line.rstrip() for line in normalise_newlines("\n".join(lines)).split("\n"))
    body = body.strip("\n")
    if not body.strip():
        raise QualcodeError(
            f"{path}: no transcript text in the document (its paragraphs and table cells are "
            "empty; headers, footers, comments and text boxes are not read)")
    warnings = []
    if reader.insertions or reader.deletions:
        warnings.append(
            f"{path}: tracked changes read as accepted ({_count(reader.insertions, 'insertion')} "
            f"kept, {_count(reader.deletions, 'deletion')} dropped); accept or reject them in "
            "Word to be sure")
    notes = _notes(document)
    if notes:
        warnings.append(_notes_warning(path, notes))
    return DocumentText(body + "\n", warnings)


def _open_docx(path: Path):
    import zipfile
    import zlib

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    with checked_office_file(path, DOCX_LIMITS, "a readable .docx file", "a .doc, an .rtf",
                             "a Word file") as handle:
        try:
            return Document(handle)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError,
                EOFError, zlib.error, etree.XMLSyntaxError,
                RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise QualcodeError(f"{path}: not a readable .docx file ({exc})") from None


class _WordReader:
    """Walks WordprocessingML in document order, counting the tracked changes it resolves.

    `blocks` returns items: a paragraph as its runs `[(text, bold_or_underlined), ...]`, or a
    table as finished text lines (str)."""

    def __init__(self) -> None:
        self.insertions = 0
        self.deletions = 0

    def blocks(self, container) -> list:
        items: list = []
        pending: list | None = None  # a paragraph whose mark was deleted joins the next one
        for element in _children(container):
            tag = element.tag
            if tag == _P:
                runs, mark_deleted = self.paragraph(element)
                if pending is not None:
                    runs = pending + runs
                    pending = None
                if mark_deleted:
                    pending = runs
                else:
                    items.append(runs)
            elif tag == _TBL:
                if pending is not None:
                    items.append(pending)
                    pending = None
                items.extend(self.table(element))
        if pending is not None:
            items.append(pending)
        return items

    def paragraph(self, p) -> tuple[list[tuple[str, bool]], bool]:
        runs: list[tuple[str, bool]] = []
        deletions = self.deletions
        mark_deleted = False
        for child in p:
            if child.tag == _PPR:
                rpr = child.find(_RPR)
                mark_deleted = rpr is not None and rpr.find(_DEL) is not None
            else:
                self._inline(child, runs)
        if mark_deleted and self.deletions == deletions:
            self.deletions += 1  # paragraphs joined: a deletion of its own
        return runs, mark_deleted

    def _inline(self, element, runs: list[tuple[str, bool]]) -> None:
        tag = element.tag
        if tag == _R:
            text = self._run(element)
            if text:
                runs.append((text, _emphasised(element.find(_RPR))))
        elif tag in _INLINE:
            before = len(runs)
            for child in element:
                self._inline(child, runs)
            if tag in (_INS, _MOVE_TO) and any(t.strip() for t, _ in runs[before:]):
                self.insertions += 1
        elif tag in (_DEL, _MOVE_FROM):
            if any((t.text or "").strip() for t in element.iter(W + "delText", _T)):
                self.deletions += 1
        elif tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None:
                for child in content:
                    self._inline(child, runs)
        # anything else (bookmarks, comment ranges, proofing marks, maths) holds no text

    @staticmethod
    def _run(r) -> str:
        parts = []
        for child in r:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            # w:delText, w:instrText (field codes), footnote and comment references, drawings
            # (text boxes): not the run's text
        return "".join(parts)

    def table(self, tbl) -> list[str]:
        rows: list[list[str]] = []
        for tr in _rows(tbl):
            trpr = tr.find(_TRPR)
            if trpr is not None and trpr.find(_DEL) is not None:
                self.deletions += 1
                continue
            if trpr is not None and trpr.find(_INS) is not None:
                self.insertions += 1
            rows.append([self.cell(tc) for tc in _cells(tr)])
        return _table_lines(rows)

    def cell(self, tc) -> str:
        lines = _render(self.blocks(tc), labels=False)
        return "\n".join(s for s in (line.strip() for line in "\n".join(lines).split("\n")) if s)


def _children(container) -> Iterator:
    """Block-level children, looking through content controls and custom XML."""
    for child in container:
        if child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _children(inner)
        else:
            yield child


def _rows(tbl) -> Iterator:
    for child in _children(tbl):
        if child.tag == _TR:
            yield child


def _cells(tr) -> Iterator:
    for child in _children(tr):
        if child.tag == _TC:
            yield child


def _emphasised(rpr) -> bool:
    if rpr is None:
        return False
    for tag in (_B, _U):
        found = rpr.find(tag)
        if found is not None and found.get(_VAL, "true").lower() not in _OFF:
            return True
    return False


# ------------------------------------------------------------------ Word: rendering

def _render(items: list, labels: bool = True) -> list[str]:
    """Lines of text; with `labels`, a paragraph opening with a bold or underlined short label
    and no colon ("Pewawancara" then " Sejak kapan…") reads "Pewawancara: Sejak kapan…" when
    that label opens two or more paragraphs (one bold opening word is emphasis, not a
    speaker)."""
    found: list[tuple[str, str] | None] = []
    if labels:
        found = [_bold_label(item) if isinstance(item, list) else None for item in items]
        counts = Counter(f[0].casefold() for f in found if f)
    lines = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            lines.append(item)
            continue
        hit = found[i] if labels else None
        if hit is not None and counts[hit[0].casefold()] >= 2:
            lines.append(f"{hit[1]}: {hit[2]}")
        else:
            lines.append("".join(text for text, _ in item))
    return lines


def _bold_label(runs: list[tuple[str, bool]]) -> tuple[str, str, str] | None:
    """(label, the line's opening up to the label's end, the rest) of a paragraph whose
    leading bold or underlined runs hold a short label without a colon."""
    head: list[str] = []
    i = 0
    while i < len(runs) and (runs[i][1] or not runs[i][0].strip()):
        head.append(runs[i][0])
        i += 1
    opening = "".join(head).strip()
    rest = "".join(text for text, _ in runs[i:]).strip()
    if not opening or not rest or rest.startswith(":") or ":" in opening:
        return None
    stamp = _LEADING_STAMP.match(opening)
    label = opening[stamp.end():] if stamp else opening
    if not _is_label(label) or label.endswith("."):
        return None
    return label, opening, rest


def _is_label(text: str) -> bool:
    """A short speaker label: at most 4 words and 40 characters, no sentence punctuation."""
    return bool(_LABEL.fullmatch(text)) and len(text.split()) <= 4


def _table_lines(rows: list[list[str]]) -> list[str]:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    width = Counter(len(r) for r in rows).most_common(1)[0][0]
    # a row with empty cells beyond the table's width (ragged, or drawn past the grid)
    rows = [r[:width] if not any(c.strip() for c in r[width:]) else r for r in rows]
    layout = _speaker_layout(rows, width)
    if layout is None:
        return [_row_text(row) for row in rows]
    time_col, speaker_col, text_col = layout
    lines = []
    for row in rows:
        if len(row) != width:
            lines.append(_row_text(row))
            continue
        if _is_header(row):
            continue
        label = " ".join(row[speaker_col].split()).rstrip(":").rstrip()
        text = row[text_col].strip()
        stamp = _timestamp(row[time_col]) if time_col is not None else None
        prefix = f"[{stamp}] " if stamp else ""
        if label and text and _is_label(label):
            lines.append(f"{prefix}{label}: {text}")
        elif text and not label:
            lines.append(prefix + text)
        else:
            lines.append(_row_text(row))
    return lines


def _row_text(row: list[str]) -> str:
    """A row that is not a speaker's turn: its cells on one line, joined by " | "; a row with
    one filled cell (a box drawn around the transcript, a full-width row) keeps its lines."""
    filled = [c for c in row if c.strip()]
    if len(filled) == 1:
        return filled[0]
    return " | ".join(" ".join(c.split()) for c in row)


def _speaker_layout(rows: list[list[str]], width: int) -> tuple[int | None, int, int] | None:
    """(time column, speaker column, text column) of a speaker table of `width` columns, or
    None.

    A speaker table has 2 columns (speaker | text) or 3 whose first is a time or row number;
    most of its speaker cells are short labels, and a label recurs (speakers take turns), or a
    header row names the speaker column, or the rows carry timestamps."""
    if width not in (2, 3):
        return None
    regular = [r for r in rows if len(r) == width]
    headers = [r for r in regular if _is_header(r)]
    data = [r for r in regular if not _is_header(r)]
    if not data:
        return None
    time_col = None
    if width == 3:
        firsts = [r[0].strip() for r in data if r[0].strip()]
        stamps = sum(bool(_timestamp(f)) for f in firsts)
        numbers = sum(bool(_ROW_NUMBER.fullmatch(f)) for f in firsts)
        if not firsts or stamps + numbers < 0.8 * len(firsts):
            return None
        time_col = 0 if stamps >= numbers else None
    speaker_col = width - 2
    labels = [" ".join(r[speaker_col].split()).rstrip(":").rstrip() for r in data]
    labels = [label for label in labels if label]
    if not labels or sum(map(_is_label, labels)) < 2 / 3 * len(labels):
        return None
    recurs = len({label.casefold() for label in labels}) < len(labels)
    named = any(_words(r[speaker_col]) & _SPEAKER_HEADERS for r in headers)
    if not (recurs or named or time_col is not None):
        return None
    return time_col, speaker_col, width - 1


def _words(cell: str) -> set[str]:
    return {w.strip(".:()[]") for w in _HEADER_SPLIT.split(cell.casefold())} - {""}


def _is_header(row: list[str]) -> bool:
    """Whether every filled cell of a row is a header word ("Pembicara", "Teks", "Waktu")."""
    cells = [c for c in row if c.strip()]
    return bool(cells) and all(_words(c) and _words(c) <= _HEADER_WORDS for c in cells)


def _timestamp(cell: str) -> str | None:
    """`hh:mm:ss` of a time cell ("00:04:12", "4:12" read as minutes, "[04.12]"), or None."""
    match = _TIMESTAMP.fullmatch(cell.strip())
    if match is None:
        return None
    a, b, c = match.groups()
    hours, minutes, seconds = (int(a), int(b), int(c)) if c else (0, int(a), int(b))
    if minutes > 59 and not c:
        hours, minutes = divmod(minutes, 60)
    if minutes > 59 or seconds > 59:
        return None
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


# ------------------------------------------------------------------ Word: notes

_NOTE_PARTS = {"comments": ("comment", W + "comment"),
               "footnotes": ("footnote", W + "footnote"),
               "endnotes": ("endnote", W + "endnote")}


def _notes(document) -> list[tuple[str, str]]:
    """(kind, text) of every comment, footnote and endnote of the document."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    found: list[tuple[str, str]] = []
    for rel in document.part.rels.values():
        kind = _NOTE_PARTS.get(rel.reltype.rsplit("/", 1)[-1])
        if rel.is_external or kind is None:
            continue
        part = rel.target_part
        try:
            root = part.element if hasattr(part, "element") else parse_xml(part.blob)
        except (etree.XMLSyntaxError, ValueError):  # damaged: left out like the rest
            continue
        reader = _WordReader()
        for note in root.iter(kind[1]):
            if note.get(_TYPE, "normal") != "normal":  # footnote separators
                continue
            text = " ".join(" ".join(_render(reader.blocks(note), labels=False)).split())
            found.append((kind[0], text))
    return found


def _notes_warning(path: Path, notes: list[tuple[str, str]]) -> str:
    kinds = Counter(kind for kind, _ in notes)
    counted = [_count(kinds[k], k) for k in ("comment", "footnote", "endnote") if kinds[k]]
    what = counted[0] if len(counted) == 1 else ", ".join(counted[:-1]) + " and " + counted[-1]
    excerpts = [f'"{_excerpt(text)}"' for _, text in notes if text]
    shown = "; ".join(excerpts[:3])
    more = f" (and {len(excerpts) - 3} more)" if len(excerpts) > 3 else ""
    return f"{path}: {what} left out (not transcript text)" + (
        f": {shown}{more}" if shown else "")


def _excerpt(text: str, words: int = 6, chars: int = 40) -> str:
    """The opening words of a note: at most `words` words and about `chars` characters."""
    taken: list[str] = []
    for word in text.split()[:words]:
        if taken and len(" ".join([*taken, word])) > chars:
            break
        taken.append(word[:chars])
    short = " ".join(taken)
    return short + ("…" if short != text else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# ------------------------------------------------------------------ PDF

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")  # justified lines and tab stops: one space


def pdf_text(path: Path) -> DocumentText:
    """A PDF's text layer, pages joined by a line end; page starts kept as metadata."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise QualcodeError(f"{path}: empty file")
    if size > PDF_MAX_BYTES:
        raise QualcodeError(f"{path}: {size / 1024**2:,.0f} MiB is more than a PDF document "
                            f"should be (the limit is {PDF_MAX_BYTES // 1024**2} MiB)")
    if b"%PDF-" not in head:
        raise QualcodeError(f"{path}: not a PDF file (it does not start with '%PDF-'); "
                            "export or print the document to PDF and import that")
    texts = _pdf_pages(path)
    pages, parts, offset, empty = [], [], 0, 0
    for number, raw in enumerate(texts, 1):
        clean = _CONTROL.sub("", normalise_newlines(raw.replace("\x0c", "\n")))
        lines = [_SPACES.sub(" ", line.rstrip()) for line in clean.split("\n")]
        text = "\n".join(lines).strip("\n")
        pages.append([number, offset])
        if not text.strip():
            empty += 1
            continue
        parts.append(text)
        offset += len(text) + 1
    if not parts:
        raise QualcodeError(f"{path}: no text layer (a scanned PDF?); run OCR on it first (e.g. "
                            "ocrmypdf) and import the result")
    warnings = []
    if empty:
        warnings.append(f"{path}: {_count(empty, 'page')} of {len(texts)} without text "
                        "(scanned or pictures only?); run OCR on them if they hold text")
    return DocumentText("\n".join(parts) + "\n", warnings, {"pages": pages})


def _pdf_pages(path: Path) -> list[str]:
    """Each page's text through pypdf, within the limits; one line on any failure."""
    import pypdf
    from pypdf import errors

    limit_error = getattr(errors, "LimitReachedError", None)
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise QualcodeError(f"{path}: password-protected PDF; save an unprotected copy "
                                    "and import that")
            count = len(reader.pages)
            if count > PDF_MAX_PAGES:
                raise QualcodeError(f"{path}: {count:,} pages (the limit is {PDF_MAX_PAGES:,}); "
                                    "it may be damaged or a PDF bomb")
            if count == 0:
                raise QualcodeError(f"{path}: the PDF has no pages")
            texts, total = [], 0
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text() or ""
                total += len(text)
                if total > PDF_MAX_CHARS:
                    raise QualcodeError(f"{path}: more than {PDF_MAX_CHARS:,} characters of "
                                        f"text by page {number}; it may be a PDF bomb")
                texts.append(text)
        except QualcodeError:
            raise
        except errors.FileNotDecryptedError:
            raise QualcodeError(f"{path}: password-protected PDF; save an unprotected copy "
                                "and import that") from None
        except errors.DependencyError as exc:  # AES encryption without `cryptography`
            raise QualcodeError(f"{path}: an encrypted PDF that cannot be opened here ({exc}); "
                                "save an unprotected copy and import that") from None
        except Exception as exc:  # noqa: BLE001 - a parser of hostile files fails many ways
            detail = str(exc).strip().split("\n")[0].rstrip(".") or type(exc).__name__
            if limit_error is not None and isinstance(exc, limit_error):
                raise QualcodeError(f"{path}: refused: it holds more than a document should, it "
                                    f"may be a PDF bomb ({detail})") from None
            if isinstance(exc, MemoryError | RecursionError):
                raise QualcodeError(f"{path}: refused: too large or too deeply nested to read, "
                                    "it may be a PDF bomb") from None
            raise QualcodeError(
                f"{path}: not a readable PDF, damaged or cut short? ({detail})") from None
    return texts


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports what it repairs through logging and warnings, which would reach the
    terminal as stray lines; and pypdf >= 7 takes its resource limits from a configuration."""
    import pypdf

    logger = logging.getLogger("pypdf")
    handler = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    apply = getattr(pypdf, "apply_configuration", None)
    config = apply(**PDF_CONFIGURATION) if apply else contextlib.nullcontext()
    try:
        with pywarnings.catch_warnings(), config:
            pywarnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
