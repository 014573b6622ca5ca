"""Reading transcripts (.txt/.md with front matter, .docx, .pdf, .vtt/.srt) into
`ParsedSource`s, and finding their speaker turns without inventing people.

The stored text is the body after the front matter, LF-normalised; turns and codings are
code-point offsets into it. Word speaker tables and subtitle cues are written as
`[hh:mm:ss] Speaker: text` lines (ingest.documents) so that one turn parser serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.documents import docx_text, pdf_text
from qualcode.model import (
    LANGUAGES,
    METHODS,
    NAMES,
    Informant,
    ParsedSource,
    Turn,
    join_names,
    split_names,
)
from qualcode.textfile import read_text
from qualcode.yamlfile import LineDict, parse_yaml

SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".vtt", ".srt")
RESEARCHER_LABELS = frozenset(
    {"pewawancara", "peneliti", "interviewer", "moderator", "fasilitator", "q"})
GROUPS = ("key", "main", "supporting", "triangulation")

TURN_LINE = re.compile(
    r"(?:[\[(](?P<ts>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])][ \t]*)?"
    r"(?P<label>[^\W\d_][\w .'()/-]{0,39}?)[ \t]*:(?:[ \t]+|$)")
_CUE_TIME = re.compile(r"(\d{1,2}:)?(\d{2}):(\d{2})[.,]\d{3}\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")


@dataclass
class Options:
    """Import options given on the command line; they override the file's metadata."""

    site: str | None = None
    method: str | None = None
    language: str | None = None
    # informants already in the project, by site: their labels count as declared
    known: dict[str, set[str]] = field(default_factory=dict)
    # what stands where the file says nothing (a new version of a stored source keeps its
    # site, method, language, title and researcher labels), by front-matter key
    defaults: dict[str, object] = field(default_factory=dict)


def read_transcript(path: Path, options: Options | None = None) -> ParsedSource:
    """Read one transcript file; raise `QualcodeError` naming file and line on bad input."""
    options = options or Options()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise QualcodeError(
            f"{path}: unsupported file type '{suffix}' (use {', '.join(SUFFIXES)})")
    warnings: list[str] = []
    extra: dict = {}  # what a Word or PDF reader keeps about the file (PDF page starts)
    body_line: int | None = None
    if suffix in (".txt", ".md"):
        text, warnings = read_text(path)
        meta, body = _split_front_matter(text, path)
        body_line = text.count("\n", 0, len(text) - len(body)) + 1
    elif suffix == ".docx":
        doc = docx_text(path)
        body, extra = doc.body, doc.metadata
        warnings.extend(doc.warnings)
        meta = _sidecar(path)
    elif suffix == ".pdf":
        doc = pdf_text(path)
        body, extra = doc.body, doc.metadata
        warnings.extend(doc.warnings)
        meta = _sidecar(path)
        if "method" not in meta:  # a PDF is a document unless its sidecar says otherwise
            meta["method"] = "document"
    else:
        raw, warnings = read_text(path)
        body = _subtitle_text(raw, path)
        meta = _sidecar(path)
    if not body.strip():
        raise QualcodeError(f"{path}: no transcript text (only front matter)")
    source = _build(path, meta, body, options, body_line)
    source.warnings[:0] = warnings
    source.metadata.update(extra)
    source.body_line = body_line or 1  # so an appendix's "line 29" is the file's line 29
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
    """Metadata of a .docx/.pdf/.vtt/.srt file from `<name>.meta.yaml` beside it, if any."""
    meta_path = path.with_name(path.stem + ".meta.yaml")
    if not meta_path.exists():
        return LineDict()
    text, _ = read_text(meta_path)
    meta = parse_yaml(text, meta_path)
    if not isinstance(meta, LineDict):
        raise QualcodeError(f"{meta_path}:1: metadata must be 'key: value' lines")
    meta.path = meta_path  # type: ignore[attr-defined]
    return meta


def _build(path: Path, meta: LineDict, body: str, options: Options,
           body_line: int | None = None) -> ParsedSource:
    """The source of a file: its metadata checked, its turns found. `body_line` is the file line
    the body starts on, for warnings (None where lines are not the file's: Word, subtitles)."""
    where = getattr(meta, "path", path)

    def setting(key: str, override: str | None, allowed: tuple[str, ...] | None = None,
              default: str = "") -> str:
        value = override if override is not None else meta.get(
            key, options.defaults.get(key, default))
        value = "" if value is None else str(value).strip()
        if allowed and value not in allowed:
            line = f":{meta.line_of(key)}" if override is None and key in meta else ""
            origin = f"{where}{line}" if override is None else f"{path}: --{key}"
            raise QualcodeError(
                f"{origin}: unknown {key} '{value}' (use one of: {', '.join(allowed)})")
        return value

    site = setting("site", options.site)
    if not site:
        raise QualcodeError(f"{path}: no site (add 'site:' to the front matter or use --site)")
    method = setting("method", options.method, METHODS, default="interview")
    language = setting("language", options.language, LANGUAGES, default="id")
    informants = _informants(meta, where)
    researchers = RESEARCHER_LABELS | {str(x).lower() for x in meta.get(
        "researchers", options.defaults.get("researchers")) or []}
    reading = find_turns(body, researchers, {i.label for i in informants},
                         infer=method in ("interview", "fgd"), known=options.known.get(site, set()))
    listed = {i.label for i in informants}
    for turn in reading.turns:
        if not turn.is_researcher and turn.speaker not in listed:
            listed.add(turn.speaker)
            informants.append(Informant(turn.speaker))
    date = setting("date", None) or header_date(reading.header)
    source = ParsedSource(
        name=path.stem, site=site, method=method, text=body,
        title=setting("title", None) or path.stem, date=date,
        language=language, informants=informants, turns=reading.turns, origin_path=str(path),
        metadata=dict(reading.header))
    source.warnings = _reading_warnings(path, reading, body_line, method)
    return source


def _reading_warnings(path: Path, reading: TurnReading, body_line: int | None,
                      method: str) -> list[str]:
    """One line for the header block and one per label read as text, in interviews and focus
    groups (in notes and documents, `Catatan:` is just text)."""
    warnings = []
    if reading.header:
        keys = ", ".join(f"'{k}'" for k in reading.header)
        warnings.append(f"{path}: {keys} read as metadata (the header block), not "
                        f"{'a speaker' if len(reading.header) == 1 else 'speakers'}")
    if method not in ("interview", "fgd"):
        return warnings
    for label, line in reading.answers.items():
        where = f"{path}:{line + body_line - 1}" if body_line else str(path)
        warnings.append(f"{where}: '{label}:' opens only one line; read as a speaker since it "
                        "answers the researcher (declare it under 'informants' to be sure)")
    for label, lines in reading.as_text.items():
        where = f"{path}:{lines[0] + body_line - 1}" if body_line else str(path)
        times = f" ({len(lines)} lines)" if len(lines) > 1 else ""
        why = ("a label with spaces or '/' is a speaker only when declared under 'informants'"
               if " " in label or "/" in label else
               "it opens only one line; declare it under 'informants' if it is a speaker")
        warnings.append(f"{where}: '{label}:'{times} read as text, not a speaker: {why}")
    return warnings


_MONTHS = {name: n for n, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"),
    ("maret", "march", "mar"), ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"),
    ("juli", "july", "jul"), ("agustus", "august", "agu", "agt", "aug"),
    ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov", "nop", "nopember"), ("desember", "december", "des", "dec")), start=1)
    for name in names}
_DATE = re.compile(r"(\d{1,2})[ .-]+([A-Za-z]+)\.?[ .-]+(\d{4})|(\d{4})-(\d{2})-(\d{2})"
                   r"|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def header_date(header: dict[str, str]) -> str:
    """The interview's date (YYYY-MM-DD) from a header block's `Tanggal`, `Hari/Tanggal` or
    `Date` line, read the Indonesian way ("Senin, 3 Mei 2021", "03/05/2021" is day/month), or
    '' when there is none."""
    for key, value in header.items():
        if not any(w in key.lower() for w in ("tanggal", "date", "tgl")):
            continue
        match = _DATE.search(value)
        if match is None:
            continue
        if match.group(1):
            month = _MONTHS.get(match.group(2).lower())
            day, year = int(match.group(1)), int(match.group(3))
        elif match.group(4):
            year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
        else:
            day, month, year = int(match.group(7)), int(match.group(8)), int(match.group(9))
        if month and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


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
        attributes = {k: v for k, v in item.items() if k not in known}
        if NAMES in attributes:
            at = item.line_of(NAMES) if isinstance(item, LineDict) else line
            attributes[NAMES] = _names(attributes[NAMES], label, f"{where}:{at}")
            if not attributes[NAMES]:
                del attributes[NAMES]
        out.append(Informant(
            label, str(item.get("role") or ""), str(item.get("organisation") or ""),
            str(item.get("sector") or ""), group, attributes))
    return out


def _names(value: object, label: str, where: str) -> str:
    """An informant's `names:` (a list, or one text with `;` between names) as the
    "; "-separated attribute the project keeps (qualcode.model.split_names)."""
    if value is None:
        return ""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(x, str | int | float) and not isinstance(x, bool) for x in items):
        raise QualcodeError(f"{where}: 'names' of informant '{label}' must be a list of "
                            "names, e.g. names: [Sri Wahyuni, Bu Sri]")
    return join_names(n for x in items for n in split_names(str(x)))


# ------------------------------------------------------------------ turns

@dataclass
class TurnReading:
    """What the turn parser made of a body: the turns, the header block above the first turn
    (key → value, in order), the labels it read as text, not speakers (label → the body lines,
    1-based, where they open a line) and the once-only labels it took for speakers (label →
    line)."""

    turns: list[Turn]
    header: dict[str, str]
    as_text: dict[str, list[int]]
    answers: dict[str, int]  # once-only labels read as speakers since they answer the researcher


def find_turns(body: str, researchers: frozenset[str] | set[str], declared: set[str],
               infer: bool = True, known: frozenset[str] | set[str] = frozenset()
               ) -> TurnReading:
    """Speaker turns of a body text, without inventing people.

    A turn starts at a line `[hh:mm:ss] Label: …` and runs over the following lines that do
    not open a turn. A label opens a turn when it is a researcher label or a declared informant;
    with `infer` (interviews and focus groups) also a label of one word without '/' that opens
    two or more lines of the source or the line right after a researcher's turn (the answer;
    reported in `answers`), and a label that opens a timestamped line (a transcriber's or
    subtitle's turn, "[00:04:12] Speaker 1:"). So `Hari/Tanggal:`, `Lokasi:` or a once-only
    `Catatan:` in an answer never become informants. The `Key: value` lines above the first
    turn are the header block. `known` labels (informants the project already has at the site)
    speak like declared ones but do not end a header block: `Informan:` there is a field.
    """
    lines = body.split("\n")
    matches = [TURN_LINE.match(line) for line in lines]
    counts: dict[str, int] = {}
    stamped: set[str] = set()  # a timestamped line is a transcriber's (or a subtitle's) turn
    for match in matches:
        if match:
            label = match.group("label").strip()
            counts[label] = counts.get(label, 0) + 1
            if match.group("ts") and len(label.split()) <= 4:
                stamped.add(label)

    def one_word(label: str) -> bool:
        return infer and " " not in label and "/" not in label

    def speaks(label: str) -> bool:
        return (label.lower() in researchers or label in declared or label in known
                or (infer and label in stamped) or (one_word(label) and counts[label] >= 2))

    header = _header_block(lines, matches, researchers, declared, speaks)
    reading = TurnReading([], header.fields, {}, {})
    pos = 0
    current: list = []  # [start, end, speaker, is_researcher, timestamp]
    for number, (line, match) in enumerate(zip(lines, matches, strict=True)):
        label = match.group("label").strip() if match and number >= header.end else None
        answers = (label is not None and bool(current) and current[3] and one_word(label)
                   and not speaks(label))
        if label is not None and (speaks(label) or answers):
            if answers:
                reading.answers[label] = number + 1
            if current:
                reading.turns.append(Turn(*current))
            current = [pos, pos + len(line), label, label.lower() in researchers,
                       match.group("ts")]
        else:
            if label is not None:
                reading.as_text.setdefault(label, []).append(number + 1)
            if current and line.strip():
                current[1] = pos + len(line)
        pos += len(line) + 1
    if current:
        reading.turns.append(Turn(*current))
    return reading


_TITLE_LINES = 3


@dataclass
class _Header:
    fields: dict[str, str]
    end: int  # the first line after the block (0: no block)


def _header_block(lines: list[str], matches: list, researchers: frozenset[str] | set[str],
                  declared: set[str], speaks) -> _Header:
    """The `Key: value` lines above the dialogue (`Hari/Tanggal:`, `Waktu:`, `Lokasi:`,
    `Informan:`), below at most three title lines: the run of such lines, up to the first
    timestamped line, researcher or declared label or a key seen twice, when it holds at least
    one label that is not a speaker."""
    fields: dict[str, str] = {}
    end = 0
    titles = 0  # lines above the block ("TRANSKRIP WAWANCARA", the study's name)
    for number, (line, match) in enumerate(zip(lines, matches, strict=True)):
        if not line.strip():
            continue
        if match is None and not fields and titles < _TITLE_LINES:
            titles += 1
            continue
        if match is None or match.group("ts"):
            break
        label = match.group("label").strip()
        if label.lower() in researchers or label in declared or label in fields:
            break
        fields[label] = line[match.end():].strip()
        end = number + 1
    if all(speaks(label) for label in fields):
        return _Header({}, 0)
    return _Header(fields, end)


# ------------------------------------------------------------------ other formats

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
