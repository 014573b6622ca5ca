"""Writing a project as a REFI-QDA project (.qdpx) or codebook (.qdc), QDA-XML 1.0.

What maps to what is in docs/refi.md. The same project always gives the same file: GUIDs are
recorded or derived (qualcode.exchange.model.Guids), the order is the store's, and the archive's
entries carry a fixed date.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qualcode import __version__
from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.verdicts import judge_all
from qualcode.errors import QualcodeError
from qualcode.exchange.model import (
    CODEBOOK_NS,
    CONTRADICTS,
    IMPORT_PREFIX,
    INFORMANT_VARIABLES,
    PROJECT_NS,
    READING_PREFIX,
    SOURCE_VARIABLES,
    VERDICT_PREFIX,
    XSI_NS,
    Guids,
    label,
    project_guids,
    stamp,
)
from qualcode.ingest.transcripts import RESEARCHER_LABELS
from qualcode.model import Code, Codebook, Coding, Memo, SourceInfo
from qualcode.store.project import Project
from qualcode.textfile import write_output

Progress = Callable[[int, int], None]

# One colour per codebook for codes that have none (REFI tools show codes in colour).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939")
_RGB = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                            "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_FREE = frozenset({"name", "origin"})  # attributes that hold free text
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_SCHEMA = f"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"


@dataclass(frozen=True)
class ExportSummary:
    sources: int
    codings: int
    codes: int
    notes: int
    users: int


class _Xml:
    """Indented XML text, written in document order: an export has a few elements per coding,
    and text is built several times faster than a tree. Empty attributes are left out; names
    are escaped, other attribute values (GUIDs, numbers, dates, fixed words) are written as
    they are."""

    def __init__(self, depth: int = 0) -> None:
        self.parts: list[str] = []
        self.depth = depth

    def inner(self) -> _Xml:
        """A writer for the content of an element opened here later (see `element`)."""
        return _Xml(self.depth + 1)

    def open(self, tag: str, **attrs: str | None) -> None:
        self.parts.append(f"{'  ' * self.depth}<{tag}{_attributes(attrs)}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{'  ' * self.depth}</{tag}>\n")

    def leaf(self, tag: str, text: str | None = None, **attrs: str | None) -> None:
        pad = "  " * self.depth
        if text is None:
            self.parts.append(f"{pad}<{tag}{_attributes(attrs)}/>\n")
        else:
            self.parts.append(f"{pad}<{tag}{_attributes(attrs)}>"
                              f"{_NOT_XML.sub('', text).translate(_TEXT)}</{tag}>\n")

    def element(self, tag: str, content: _Xml, **attrs: str | None) -> None:
        """An element holding what `content` (from `inner()`) has, or an empty one."""
        if content.parts:
            self.open(tag, **attrs)
            self.parts += content.parts
            self.close(tag)
        else:
            self.leaf(tag, **attrs)

    def text(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def _attributes(attrs: dict[str, str | None]) -> str:
    return "".join(f' {k}="{_NOT_XML.sub("", v).translate(_ATTRIBUTE) if k in _FREE else v}"'
                   for k, v in attrs.items() if v)


def export_project(project: Project, out: Path | str, lang: str = "en",
                   progress: Progress | None = None) -> ExportSummary:
    """Write the whole project to `out` (.qdpx; see write_output: "-" is stdout)."""
    store = project.store
    guids, new = project_guids(store)
    books = store.codebooks()
    sources = store.sources()
    texts = store.source_texts()
    codings = store.codings()
    memos = store.memos()
    users = list(dict.fromkeys([c.coder for c in codings] + [m.author for m in memos
                                                             if m.author]
                               + [r.coder for r in store.readings() if r.coder]))
    memo_refs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for memo in memos:
        target = "" if memo.target_kind == "project" else memo.target
        memo_refs[memo.target_kind, target].append(guids("memo", str(memo.id)))
    doc = _Xml()
    doc.parts.append('<?xml version="1.0" encoding="utf-8"?>\n')
    doc.open("Project", **{"xmlns": PROJECT_NS, "xmlns:xsi": XSI_NS,
                           "xsi:schemaLocation": _SCHEMA,
                           "name": project.settings.name or project.path.name,
                           "origin": f"qualcode {__version__}"})
    if users:
        doc.open("Users")
        for name in users:
            doc.leaf("User", guid=guids("user", name), name=name)
        doc.close("Users")
    code_count = _codebook(doc, books, guids, lang, memo_refs)

    variables: dict[str, str] = {}
    cases, notes, links, body = (doc.inner() for _ in range(4))
    site_cases, verdict_notes = _site_cases(cases, notes, links, project, sources, guids, lang,
                                            variables)
    _informant_cases(cases, store.informants(), sources, guids, variables)
    by_source: dict[str, list[Coding]] = defaultdict(list)
    for coding in codings:
        by_source[coding.source].append(coding)
    researchers = {name: [s for s in speakers if s.lower() not in RESEARCHER_LABELS]
                   for name, speakers in store.researcher_labels().items()}
    total = len(sources) + 1
    for i, info in enumerate(sources):
        _source(body, info, texts[info.name], by_source[info.name],
                researchers.get(info.name, []), guids, memo_refs, variables)
        if progress:
            progress(i + 1, total)
    for memo in memos:
        _memo_note(notes, links, memo, guids, site_cases)

    if variables:
        doc.open("Variables")
        for name, description in variables.items():
            doc.open("Variable", guid=guids("variable", name), name=name,
                     typeOfVariable="Text")
            doc.leaf("Description", description)
            doc.close("Variable")
        doc.close("Variables")
    for tag, section in (("Cases", cases), ("Sources", body), ("Notes", notes),
                         ("Links", links)):
        if section.parts:
            doc.element(tag, section)
    _category_sets(doc, books, guids, lang, "targetGUID")
    for guid in memo_refs.get(("project", ""), []):
        doc.leaf("NoteRef", targetGUID=guid)
    doc.close("Project")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "project.qde", doc.text())
        for info in sources:
            _add(archive, f"sources/{guids('source', info.name)}.txt",
                 texts[info.name].encode("utf-8"))
    write_output(out, buffer.getvalue())
    if new:
        store.add_refi_guids(new)  # the namespace, once a file names things with it
    if progress:
        progress(total, total)
    return ExportSummary(len(sources), len(codings), code_count, verdict_notes + len(memos),
                         len(users))


def export_codebook(project: Project, out: Path | str, lang: str = "en") -> int:
    """Write the project's codebooks to `out` (.qdc; see write_output); return the number of
    codes."""
    store = project.store
    guids, new = project_guids(store)
    books = store.codebooks()
    doc = _Xml()
    doc.parts.append('<?xml version="1.0" encoding="utf-8"?>\n')
    doc.open("CodeBook", xmlns=CODEBOOK_NS, origin=f"qualcode {__version__}")
    count = _codebook(doc, books, guids, lang, None)
    if not count:
        raise QualcodeError(f"{project.path}: no codes to export")
    _category_sets(doc, books, guids, lang, "guid")
    doc.close("CodeBook")
    write_output(out, doc.text())
    if new:
        store.add_refi_guids(new)
    return count


# ---------------------------------------------------------------------- codes

def _codebook(doc: _Xml, books: list[Codebook], guids: Guids, lang: str,
              memo_refs: dict[tuple[str, str], list[str]] | None) -> int:
    """The code tree (in a project: `memo_refs` given, inside <CodeBook>). Each codebook is a
    code that cannot be applied, holding its codes; a codebook made by an import holds its
    codes at the top, as they came."""
    if not any(book.codes for book in books):
        return 0
    if memo_refs is not None:
        doc.open("CodeBook")
    doc.open("Codes")
    count = 0
    for i, book in enumerate(books):
        if not book.codes:
            continue
        colour = PALETTE[i % len(PALETTE)]
        children: dict[str | None, list[Code]] = defaultdict(list)
        ids = {c.id for c in book.codes}
        for code in book.codes:
            children[code.parent if code.parent in ids else None].append(code)
        container = not book.id.startswith(IMPORT_PREFIX)
        if container:
            doc.open("Code", guid=guids("codebook", book.id),
                     name=label(book.name, lang) or book.id, isCodable="false", color=colour)
            if book.description:
                doc.leaf("Description", label(book.description, lang))
        for code in children[None]:
            count += _code(doc, code, children, colour, guids, lang, memo_refs)
        if container:
            doc.close("Code")
    doc.close("Codes")
    if memo_refs is not None:
        doc.close("CodeBook")
    return count


def _code(doc: _Xml, code: Code, children: dict[str | None, list[Code]], colour: str,
          guids: Guids, lang: str, memo_refs: dict[tuple[str, str], list[str]] | None) -> int:
    """A code and its subtree; returns the number of codes written."""
    content = doc.inner()
    description = _description(code.definition, code.include, code.exclude, lang)
    if description:
        content.leaf("Description", description)
    for guid in (memo_refs or {}).get(("code", code.id), []):
        content.leaf("NoteRef", targetGUID=guid)
    count = 1 + sum(_code(content, child, children, colour, guids, lang, memo_refs)
                    for child in children[code.id])
    doc.element("Code", content, guid=guids("code", code.id),
                name=label(code.label, lang) or code.local_id, isCodable="true",
                color=code.color if _RGB.match(code.color) else colour)
    return count


def _description(definition: dict[str, str], include: dict[str, str],
                 exclude: dict[str, str], lang: str) -> str:
    parts = [label(definition, lang)]
    if include:
        parts.append(f"Include: {label(include, lang)}")
    if exclude:
        parts.append(f"Exclude: {label(exclude, lang)}")
    return "\n\n".join(p for p in parts if p)


def _category_sets(doc: _Xml, books: list[Codebook], guids: Guids, lang: str,
                   member_attr: str) -> None:
    """Each framework category as a set of its indicators (roles in the description)."""
    categories = [(book, cat) for book in books if book.is_framework for cat in book.categories]
    if not categories:
        return
    doc.open("Sets")
    for book, cat in categories:
        doc.open("Set", guid=guids("category", f"{book.id}/{cat.id}"),
                 name=f"{label(book.name, lang) or book.id}: {label(cat.name, lang)}")
        roles = [f"{role}: {', '.join(c.split('/', 1)[1] for c in getattr(cat, role))}"
                 for role in ("defining", "excluding", "typical") if getattr(cat, role)]
        doc.leaf("Description",
                 "\n".join(p for p in [label(cat.description, lang), "; ".join(roles)] if p))
        for code in dict.fromkeys(cat.defining + cat.excluding + cat.typical):
            doc.leaf("MemberCode", **{member_attr: guids("code", code)})
        doc.close("Set")
    doc.close("Sets")


# ---------------------------------------------------------------------- cases

def _value(doc: _Xml, guids: Guids, variables: dict[str, str], name: str, value: object,
           description: str) -> None:
    text = "" if value is None else str(value)
    if not text:
        return
    variables.setdefault(name, description)
    doc.open("VariableValue")
    doc.leaf("VariableRef", targetGUID=guids("variable", name))
    doc.leaf("TextValue", text)
    doc.close("VariableValue")


def _site_cases(cases: _Xml, notes: _Xml, links: _Xml, project: Project,
                sources: list[SourceInfo], guids: Guids, lang: str,
                variables: dict[str, str]) -> tuple[dict[str, str], int]:
    """A case per site, with its sources, and each framework's verdict as a variable whose
    explanation is a note linked to the case; each reading a note linked to the case too.
    Returns the cases' GUIDs by site and the number of those notes."""
    store = project.store
    base = EvidenceBase(store, None, project.settings.min_independent,
                        project.settings.thresholds)
    verdicts = judge_all(base, store.codebooks())
    readings = defaultdict(list)
    for r in store.readings():
        readings[r.site].append(r)
    by_site = defaultdict(list)
    for verdict in verdicts:
        by_site[verdict.site].append(verdict)
    site_cases = {site: guids("site", site) for site in store.sites()}
    for site, case_guid in site_cases.items():
        content = cases.inner()
        for v in by_site[site]:
            fw = v.framework
            name = label(fw.name, lang) or fw.id
            _value(content, guids, variables, f"{VERDICT_PREFIX}{fw.id}", v.verdict or v.status,
                   f"{name}: the category qualcode reaches from the coded evidence (or "
                   "insufficient-evidence, tied); computed, not imported")
            key = f"{site}\x1f{fw.id}"
            note_guid = guids("verdict-note", key)
            notes.open("Note", guid=note_guid, name=f"{VERDICT_PREFIX}{fw.id}")
            notes.leaf("PlainTextContent",
                       f"{site} · {name}: {v.verdict or '—'} (status {v.status}, confidence "
                       f"{v.confidence:.2f})\n\n{v.explanation[lang]}")
            notes.close("Note")
            links.leaf("Link", guid=guids("verdict-link", key), name="verdict",
                       direction="OneWay", originGUID=note_guid, targetGUID=case_guid)
        for r in readings[site]:  # the researcher's readings, as notes another qualcode reads
            key = f"{site}\x1f{r.code}"
            note_guid = guids("reading-note", key)
            notes.open("Note", guid=note_guid, name=f"{READING_PREFIX}{r.code}",
                       creatingUser=guids("user", r.coder) if r.coder else None,
                       creationDateTime=stamp(r.created_at))
            read_as = "established" if r.established else "not established"
            notes.leaf("PlainTextContent", f"{read_as}\n\n{r.rationale}")
            notes.close("Note")
            links.leaf("Link", guid=guids("reading-link", key), name="reading",
                       direction="OneWay", originGUID=note_guid, targetGUID=case_guid)
        for info in sources:
            if info.site == site:
                content.leaf("SourceRef", targetGUID=guids("source", info.name))
        cases.element("Case", content, guid=case_guid, name=site)
    return site_cases, len(verdicts) + sum(len(found) for found in readings.values())


def _informant_cases(cases: _Xml, informants: dict, sources: list[SourceInfo], guids: Guids,
                     variables: dict[str, str]) -> None:
    """A case per informant of a site, with the informant's attributes as variables."""
    for site, people in informants.items():
        for person in people:
            content = cases.inner()
            values = {"site": site, "informant": person.label, "role": person.role,
                      "organisation": person.organisation, "sector": person.sector,
                      "group": person.group, **person.attributes}
            for name, value in values.items():
                _value(content, guids, variables, name, value,
                       INFORMANT_VARIABLES.get(name, f"informant attribute '{name}'"))
            for info in sources:
                if info.site == site and person.label in info.informants:
                    content.leaf("SourceRef", targetGUID=guids("source", info.name))
            cases.element("Case", content, guid=guids("informant", f"{site}\x1f{person.label}"),
                          name=f"{person.label} ({site})")


# ---------------------------------------------------------------------- sources and notes

def _source(body: _Xml, info: SourceInfo, text: str, codings: list[Coding],
            researchers: list[str], guids: Guids,
            memo_refs: dict[tuple[str, str], list[str]], variables: dict[str, str]) -> None:
    """A text source with one selection per coding (the memo, and the stance when it
    contradicts, in the selection's description)."""
    guid = guids("source", info.name)
    body.open("TextSource", guid=guid, name=info.name, plainTextPath=f"internal://{guid}.txt")
    for coding in codings:
        key = str(coding.id)
        user = guids("user", coding.coder)
        created = stamp(coding.created_at)
        body.open("PlainTextSelection", guid=guids("selection", key),
                  name=_excerpt(text[coding.start:coding.end]),
                  startPosition=str(coding.start), endPosition=str(coding.end),
                  creatingUser=user, creationDateTime=created)
        description = coding.memo
        if coding.stance == "contradicts":
            description = f"{CONTRADICTS} {description}".rstrip()
        if description:
            body.leaf("Description", description)
        body.open("Coding", guid=guids("coding", key), creatingUser=user,
                  creationDateTime=created)
        body.leaf("CodeRef", targetGUID=guids("code", coding.code))
        body.close("Coding")
        body.close("PlainTextSelection")
    for note in memo_refs.get(("source", info.name), []):
        body.leaf("NoteRef", targetGUID=note)
    values = {"site": info.site, "method": info.method, "language": info.language,
              "date": info.date, "title": info.title, "researchers": ", ".join(researchers)}
    for name, value in values.items():
        _value(body, guids, variables, name, value, SOURCE_VARIABLES[name])
    body.close("TextSource")


def _memo_note(notes: _Xml, links: _Xml, memo: Memo, guids: Guids,
               site_cases: dict[str, str]) -> None:
    """A memo as a note; a site's memo is linked to the site's case (cases take no NoteRef)."""
    guid = guids("memo", str(memo.id))
    first = memo.text.strip().split("\n", 1)[0]
    notes.open("Note", guid=guid, name=f"Memo: {_excerpt(first)}",
               creatingUser=guids("user", memo.author) if memo.author else None,
               creationDateTime=stamp(memo.created_at), modifiedDateTime=stamp(memo.updated_at))
    notes.leaf("PlainTextContent", memo.text)
    notes.close("Note")
    if memo.target_kind == "site" and memo.target in site_cases:
        links.leaf("Link", guid=guids("memo-link", str(memo.id)), name="memo",
                   direction="OneWay", originGUID=guid, targetGUID=site_cases[memo.target])


def _excerpt(text: str, limit: int = 60) -> str:
    """The start of a text on one line: names selections and notes."""
    flat = " ".join(text[:limit * 4].split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "..."


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=1)  # fast; texts still shrink ~2.5 times
