"""Reading transcripts (.txt/.md with front matter, .docx, .vtt/.srt) into `ParsedSource`s.

The stored text is the body after the front matter, LF-normalised; turns and codings are
code-point offsets into it. Subtitle cues are written as `[hh:mm:ss] Speaker: text` lines so
that one turn parser serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import LANGUAGES, METHODS, Informant, ParsedSource, Turn
from qualcode.textfile import normalise_newlines, read_text
from qualcode.yamlfile import LineDict, parse_yaml
from qualcode.zipguard import Limits, SafeZip, ZipProblem

SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")
RESEARCHER_LABELS = frozenset(
    {"pewawancara", "peneliti", "interviewer", "moderator", "fasilitator", "q"})
GROUPS = ("key", "main", "supporting", "triangulation")

TURN_LINE = re.compile(
    r"(?:[\[(](?P<ts>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])][ \t]*)?"
    r"(?P<label>[^\W\d_][\w .'()/-]{0,39}?)[ \t]*:(?:[ \t]+|$)")
_CUE_TIME = re.compile(r"(\d{1,2}:)?(\d{2}):(\d{2})[.,]\d{3}\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
# A Word transcript, pictures included, unpacks to a few MB in some 20 entries; python-docx holds
# every part in memory, so a bomb is refused long before that hurts.
DOCX_LIMITS = Limits(entries=2_000, total_bytes=512 * 1024**2, read_bytes=512 * 1024**2)


@dataclass
class Options:
    """Import options given on the command line; they override the file's metadata."""

    site: str | None = None
    method: str | None = None
    language: str | None = None


def read_transcript(path: Path, options: Options | None = None) -> ParsedSource:
    """Read one transcript file; raise `QualcodeError` naming file and line on bad input."""
    options = options or Options()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise QualcodeError(
            f"{path}: unsupported file type '{suffix}' (use {', '.join(SUFFIXES)})")
    warnings: list[str] = []
    if suffix in (".txt", ".md"):
        text, warnings = read_text(path)
        meta, body = _split_front_matter(text, path)
    elif suffix == ".docx":
        body = _docx_text(path)
        meta = _sidecar(path)
    else:
        raw, warnings = read_text(path)
        body = _subtitle_text(raw, path)
        meta = _sidecar(path)
    if not body.strip():
        raise QualcodeError(f"{path}: no transcript text (only front matter)")
    source = _build(path, meta, body, options)
    source.warnings = warnings
    return source


# ------------------------------------------------------------------ metadata

def _split_front_matter(text: str, path: Path) -> tuple[LineDict, str]:
    """Split `---` YAML front matter from the body."""
    if not text.startswith("---\n"):
        return LineDict(), text
    end = re.search(r"^---[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise QualcodeError(f"{path}:1: front matter opened with '---' is never closed")
    yaml_text = text[4:4 + end.start()]
    meta = parse_yaml(yaml_text, path, first_line=2)
    if meta is None:
        meta = LineDict()
    if not isinstance(meta, LineDict):
        raise QualcodeError(f"{path}:2: front matter must be 'key: value' lines")
    body_start = 4 + end.end()
    if text[body_start:body_start + 1] == "\n":
        body_start += 1
    return meta, text[body_start:]


def _sidecar(path: Path) -> LineDict:
    """Metadata of a .docx/.vtt/.srt file from `<name>.meta.yaml` beside it, if any."""
    meta_path = path.with_name(path.stem + ".meta.yaml")
    if not meta_path.exists():
        return LineDict()
    text, _ = read_text(meta_path)
    meta = parse_yaml(text, meta_path)
    if not isinstance(meta, LineDict):
        raise QualcodeError(f"{meta_path}:1: metadata must be 'key: value' lines")
    meta.path = meta_path  # type: ignore[attr-defined]
    return meta


def _build(path: Path, meta: LineDict, body: str, options: Options) -> ParsedSource:
    where = getattr(meta, "path", path)

    def field(key: str, override: str | None, allowed: tuple[str, ...] | None = None,
              default: str = "") -> str:
        value = override if override is not None else meta.get(key, default)
        value = "" if value is None else str(value).strip()
        if allowed and value not in allowed:
            line = f":{meta.line_of(key)}" if override is None and key in meta else ""
            origin = f"{where}{line}" if override is None else f"{path}: --{key}"
            raise QualcodeError(
                f"{origin}: unknown {key} '{value}' (use one of: {', '.join(allowed)})")
        return value

    site = field("site", options.site)
    if not site:
        raise QualcodeError(f"{path}: no site (add 'site:' to the front matter or use --site)")
    method = field("method", options.method, METHODS, default="interview")
    language = field("language", options.language, LANGUAGES, default="id")
    informants = _informants(meta, where)
    researchers = RESEARCHER_LABELS | {str(x).lower() for x in meta.get("researchers") or []}
    declared = {i.label for i in informants}
    turns = find_turns(body, researchers, None if method in ("interview", "fgd") else declared)
    for turn in turns:
        if not turn.is_researcher and turn.speaker not in declared:
            declared.add(turn.speaker)
            informants.append(Informant(turn.speaker))
    return ParsedSource(
        name=path.stem, site=site, method=method, text=body,
        title=field("title", None) or path.stem, date=field("date", None),
        language=language, informants=informants, turns=turns, origin_path=str(path))


def _informants(meta: LineDict, where: Path) -> list[Informant]:
    raw = meta.get("informants") or []
    if not isinstance(raw, list):
        raise QualcodeError(f"{where}:{meta.line_of('informants')}: 'informants' must be a list")
    out: list[Informant] = []
    for item in raw:
        line = getattr(item, "line", meta.line_of("informants"))
        if not isinstance(item, dict) or not item.get("id"):
            raise QualcodeError(f"{where}:{line}: each informant needs an 'id'")
        label = str(item["id"]).strip()
        if any(i.label == label for i in out):
            raise QualcodeError(f"{where}:{line}: informant '{label}' is listed twice")
        group = str(item.get("group") or "")
        if group and group not in GROUPS:
            raise QualcodeError(
                f"{where}:{line}: unknown group '{group}' (use one of: {', '.join(GROUPS)})")
        known = {"id", "role", "organisation", "sector", "group"}
        out.append(Informant(
            label, str(item.get("role") or ""), str(item.get("organisation") or ""),
            str(item.get("sector") or ""), group,
            {k: v for k, v in item.items() if k not in known}))
    return out


# ------------------------------------------------------------------ turns

def find_turns(body: str, researchers: frozenset[str] | set[str],
               only: set[str] | None = None) -> list[Turn]:
    """Speaker turns of a body text.

    A turn starts at a line `[hh:mm:ss] Label: …` and runs over the following lines that have no
    label. With `only` (observation notes, documents), just those labels and researcher labels
    open turns, so that a note such as "Catatan: …" is not mistaken for a speaker.
    """
    turns: list[Turn] = []
    pos = 0
    current: list = []  # [start, end, speaker, is_researcher, timestamp]
    for line in body.split("\n"):
        match = TURN_LINE.match(line)
        label = match.group("label").strip() if match else None
        is_researcher = label is not None and label.lower() in researchers
        if label is not None and (only is None or is_researcher or label in only) \
                and len(label.split()) <= 4:
            if current:
                turns.append(Turn(*current))
            current = [pos, pos + len(line), label, is_researcher, match.group("ts")]
        elif current and line.strip():
            current[1] = pos + len(line)
        pos += len(line) + 1
    if current:
        turns.append(Turn(*current))
    return turns


# ------------------------------------------------------------------ other formats

def _docx_text(path: Path) -> str:
    """A Word file's paragraphs, one per line; its archive is checked before python-docx opens
    it (the same zip-bomb guard as REFI-QDA files)."""
    import zipfile
    import zlib

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        handle = path.open("rb")  # one handle: the file checked is the file read
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        if not zipfile.is_zipfile(handle):
            raise QualcodeError(f"{path}: not a readable .docx file (every .docx is a zip "
                                "archive and this one is not: a .doc, an .rtf, password-protected, "
                                "damaged?)")
        try:
            SafeZip(handle, str(path), DOCX_LIMITS).close()
        except ZipProblem as exc:
            raise QualcodeError(
                f"{path}: not a Word file we can read safely ({exc.reason})") from None
        try:
            document = Document(handle)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError,
                EOFError, zlib.error, etree.XMLSyntaxError,
                RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise QualcodeError(f"{path}: not a readable .docx file ({exc})") from None
    return normalise_newlines("\n".join(p.text for p in document.paragraphs)).strip("\n") + "\n"


def _subtitle_text(raw: str, path: Path) -> str:
    """WebVTT / SubRip cues as `[hh:mm:ss] Speaker: text` lines."""
    lines = []
    blocks = re.split(r"\n\s*\n", raw.strip())
    for block in blocks:
        rows = block.strip().split("\n")
        if rows[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, r in enumerate(rows) if "-->" in r), None)
        if timing is None:
            continue
        match = _CUE_TIME.match(rows[timing].strip())
        if match is None:
            line_no = raw[: raw.find(rows[timing])].count("\n") + 1
            raise QualcodeError(f"{path}:{line_no}: cannot read the cue timing")
        hours = int((match.group(1) or "0:")[:-1])
        stamp = f"{hours:02d}:{match.group(2)}:{match.group(3)}"
        text = " ".join(r.strip() for r in rows[timing + 1:] if r.strip())
        voice = _VOICE.search(text)
        text = _TAG.sub("", text).strip()
        if voice:
            text = f"{voice.group(1).strip()}: {text}"
        if text:
            lines.append(f"[{stamp}] {text}")
    if not lines:
        raise QualcodeError(f"{path}: no subtitle cues found")
    return "\n".join(lines) + "\n"
