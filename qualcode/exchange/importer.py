"""Reading a REFI-QDA project (.qdpx) or codebook (.qdc) into a project, all or nothing.

Lenient about the dialects of NVivo, ATLAS.ti, MAXQDA, QualCoder, qc and qualcode (namespace
variants, `sources/` or `Sources/`, GUIDs in braces, CRLF-counted offsets, .docx sources, codes
and selections without codings, notes linked through Links); strict about hostile files
(qualcode.exchange.safety). What cannot be mapped is reported as a warning. docs/refi.md has the
mapping.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from qualcode.errors import QualcodeError
from qualcode.exchange.model import (
    CONTRADICTS,
    IMPORT_PREFIX,
    SOURCE_VARIABLES,
    VERDICT_PREFIX,
    canonical,
    project_guids,
    slug,
    stamp,
)
from qualcode.exchange.safety import MAX_XML_BYTES, SafeZip, escapes, parse_xml
from qualcode.ingest.transcripts import RESEARCHER_LABELS, Options, find_turns
from qualcode.model import (
    LANGUAGES,
    METHODS,
    Code,
    Codebook,
    Informant,
    Memo,
    NewCoding,
    ParsedSource,
)
from qualcode.store.project import Project
from qualcode.textfile import normalise_newlines

Progress = Callable[[int, int], None]

_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
               "DateTimeValue")
_INFORMANT_FIELDS = ("site", "informant", "role", "organisation", "sector", "group")
_RGB = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


@dataclass
class ImportResult:
    sources: int = 0
    sources_present: int = 0
    codings: int = 0
    codings_present: int = 0
    codes: int = 0
    codebook: str | None = None
    memos: int = 0
    warnings: list[str] = field(default_factory=list)


def import_refi(project: Project, path: Path, site: str | None = None,
                method: str | None = None, language: str | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Import a .qdpx project or a .qdc codebook into `project`.

    `site`, `method` and `language` fill in what the file does not say about a source.
    """
    path = Path(path)
    if method is not None and method not in METHODS:
        raise QualcodeError(f"--method: unknown method '{method}' (use one of: "
                            f"{', '.join(METHODS)})")
    if language is not None and language not in LANGUAGES:
        raise QualcodeError(f"--language: unknown language '{language}' (use one of: "
                            f"{', '.join(LANGUAGES)})")
    if not path.is_file():
        raise QualcodeError(f"{path}: no such file")
    reader = _Reader(project, path, Options(site, method, language), progress)
    if path.suffix.lower() == ".qdc":
        if path.stat().st_size > MAX_XML_BYTES:
            raise QualcodeError(f"{path}: refused: larger than {MAX_XML_BYTES:,} bytes")
        root = parse_xml(path.read_bytes(), str(path))
        if root.tag != "CodeBook":
            raise QualcodeError(f"{path}: not a REFI-QDA codebook (the root element is "
                                f"<{root.tag}>, not <CodeBook>)")
        return reader.read_codebook(root)
    if not zipfile.is_zipfile(path):
        raise QualcodeError(f"{path}: not a REFI-QDA project: a .qdpx file is a zip archive "
                            "(a codebook is a .qdc file)")
    archive = SafeZip(path, str(path))
    try:
        name = archive.find("project.qde") or _single_qde(archive)
        if name is None:
            raise QualcodeError(f"{path}: not a REFI-QDA project: no project.qde inside")
        root = parse_xml(archive.read(name), f"{path}:{name}")
        if root.tag != "Project":
            raise QualcodeError(f"{path}:{name}: not a REFI-QDA project (the root element is "
                                f"<{root.tag}>, not <Project>)")
        return reader.read_project(root, archive, name)
    finally:
        archive.close()


def _single_qde(archive: SafeZip) -> str | None:
    names = [i.filename for i in archive.names.values()
             if i.filename.lower().endswith(".qde") and "/" not in i.filename.strip("/")]
    return names[0] if len(names) == 1 else None


def _children(element: etree._Element, *tags: str) -> list[etree._Element]:
    """Child elements with one of these tags ('*': any element)."""
    return list(element.iterchildren(*tags))


def _grandchildren(root: etree._Element, parent: str, *tags: str) -> list[etree._Element]:
    element = root.find(parent)
    return [] if element is None else _children(element, *tags)


def _text(element: etree._Element | None) -> str:
    return "" if element is None or element.text is None else element.text


class _Reader:
    """One import: reads the whole file first, then stores it in one transaction."""

    def __init__(self, project: Project, path: Path, options: Options,
                 progress: Progress | None) -> None:
        self.project = project
        self.store = project.store
        self.path = path
        self.options = options
        self.progress = progress
        self.result = ImportResult()
        self.guids, self.rows = project_guids(self.store)
        self.books = self.store.codebooks()
        self.book: Codebook | None = None  # the thematic codebook that takes new codes
        self.new_codes = 0
        self.code_map: dict[str, str] = {}  # the file's GUID -> code id
        self.code_notes: dict[str, list[str]] = defaultdict(list)  # code id -> note GUIDs
        self.skipped: Counter[str] = Counter()  # what was left out, by reason ({n}: how many)
        self.origin = ""
        self.archive: SafeZip | None = None

    def warn(self, message: str) -> None:
        self.result.warnings.append(f"{self.path}: {message}")

    def _finish(self, sources: list[ParsedSource], codings: list, memos: list) -> ImportResult:
        for reason, count in self.skipped.items():
            self.warn(reason.format(n=count))
        self.store.add_exchange(sources, [self.book] if self.new_codes and self.book else [],
                                codings, memos, self.rows)
        self.result.codes = self.new_codes
        self.result.codebook = self.book.id if self.new_codes and self.book else None
        return self.result

    # ------------------------------------------------------------------ codes

    def read_codebook(self, root: etree._Element) -> ImportResult:
        self.origin = root.get("origin") or ""
        codes = root.find("Codes")
        if codes is None:
            raise QualcodeError(f"{self.path}: not a REFI-QDA codebook: no <Codes>")
        self._codes(codes)
        self._sets(root)
        return self._finish([], [], [])

    def _codes(self, codes: etree._Element) -> None:
        """Map the file's code tree onto the project's codes by GUID; codes the project lacks
        go into the thematic codebook `refi-<file name>` (made or extended), as a tree."""
        known_books = {self.guids("codebook", b.id) for b in self.books}
        known = {self.guids("code", c.id): c.id for b in self.books for c in b.codes}
        book_id = f"{IMPORT_PREFIX}{slug(self.path.stem)}"
        self.book = next((b for b in self.books if b.id == book_id), None) or Codebook(
            book_id, "thematic", {"en": f"Imported from {self.path.name}"},
            {"en": f"Codes that {self.path.name} brought ({self.origin or 'REFI-QDA'})"},
            source=self.origin)
        if self.book.is_framework:
            raise QualcodeError(f"{self.path}: the import's codebook would be '{book_id}', the "
                                "id of a framework in the project; rename the file")
        locals_ = {c.local_id for c in self.book.codes}
        stack = [(child, None) for child in reversed(_children(codes, "Code"))]
        while stack:
            element, parent = stack.pop()
            name = (element.get("name") or "").strip() or "code"
            guid = canonical(element.get("guid"))
            if guid is None:
                self.warn(f"code '{name}' has no valid GUID; imported with a new one")
                guid = str(uuid.uuid4())
            if guid in self.code_map:
                self.warn(f"code '{name}': GUID {guid} is used twice; the second left out")
                continue
            code_id = known.get(guid)
            if code_id is None and guid not in known_books:
                code_id = self._new_code(element, name, guid, parent, locals_)
            if code_id is not None:
                self.code_map[guid] = code_id
                self.code_notes[code_id] += [canonical(r.get("targetGUID")) or ""
                                             for r in _children(element, "NoteRef")]
            stack.extend((child, code_id) for child in reversed(_children(element, "Code")))

    def _new_code(self, element: etree._Element, name: str, guid: str, parent: str | None,
                  locals_: set[str]) -> str:
        assert self.book is not None
        local = base = slug(name)
        n = 1
        while local in locals_:
            n += 1
            local = f"{base}-{n}"
        locals_.add(local)
        if parent is not None and not parent.startswith(f"{self.book.id}/"):
            self.warn(f"code '{name}' sits under {parent} in the file; it is kept at the top of "
                      f"{self.book.id} (a code belongs to one codebook)")
            parent = None
        colour = (element.get("color") or "").strip()
        description = _text(element.find("Description")).strip()
        code = Code(f"{self.book.id}/{local}", self.book.id, {"en": name}, parent,
                    {"en": description} if description else {},
                    color=colour if _RGB.match(colour) else "")
        self.book.codes.append(code)
        self.rows.append(("code", code.id, guid))
        self.new_codes += 1
        return code.id

    def _sets(self, root: etree._Element) -> None:
        known = {self.guids("category", f"{b.id}/{c.id}") for b in self.books
                 for c in b.categories}
        for element in _grandchildren(root, "Sets", "Set"):
            if canonical(element.get("guid")) not in known:
                members = len(_children(element, "MemberCode", "MemberSource", "MemberNote"))
                self.warn(f"set '{element.get('name', '')}' ({members} members) not imported: "
                          "qualcode has no sets")

    # ------------------------------------------------------------------ project

    def read_project(self, root: etree._Element, archive: SafeZip, qde: str) -> ImportResult:
        self.archive = archive
        self.referenced = {qde}
        self.origin = root.get("origin") or ""
        known_people = set(self.store.coders()) | {m.author for m in self.store.memos()}
        self.users: dict[str, str] = {}
        for user in _grandchildren(root, "Users", "User"):
            guid = canonical(user.get("guid"))
            name = (user.get("name") or user.get("id") or "").strip()
            if guid and name:
                self.users[guid] = name
                if name not in known_people:
                    self.rows.append(("user", name, guid))
        codes = root.find("CodeBook/Codes")
        if codes is not None:
            self._codes(codes)
        self.variables: dict[str, str] = {}
        for variable in _grandchildren(root, "Variables", "Variable"):
            guid, name = canonical(variable.get("guid")), (variable.get("name") or "").strip()
            if guid and name:
                self.variables[guid] = name
                self.rows.append(("variable", name, guid))
        self._notes(root)
        self._cases(root)
        sources, codings = self._sources(root)
        memos = self._memos(root)
        self._sets(root)
        unread = [i.filename for i in archive.names.values() if not i.is_dir()
                  and i.filename not in self.referenced
                  and not Path(i.filename).name.startswith(".")]
        if unread:
            self.warn(f"{len(unread)} files in the archive that no source or note refers to "
                      f"were not read (e.g. {unread[0]})")
        total = len(_grandchildren(root, "Sources", "*")) + 1
        result = self._finish(sources, codings, memos)
        if self.progress:
            self.progress(total, total)
        return result

    def _values(self, element: etree._Element) -> dict[str, str]:
        """The variable values of a case or source, by variable name."""
        values = {}
        for value in _children(element, "VariableValue"):
            ref = value.find("VariableRef")
            name = self.variables.get(canonical(None if ref is None else ref.get("targetGUID"))
                                      or "")
            found = _children(value, *_VALUE_TAGS)
            if name and found and found[0].text is not None:
                values[name] = found[0].text.strip()
        return values

    # ------------------------------------------------------------------ notes

    def _notes(self, root: etree._Element) -> None:
        """Notes by GUID (in the file's order), and what Links tie each to."""
        self.notes: dict[str, etree._Element] = {}
        for note in _grandchildren(root, "Notes", "Note"):
            guid = canonical(note.get("guid"))
            if guid:
                self.notes[guid] = note
        self.links: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for link in _grandchildren(root, "Links", "Link"):
            ends = [canonical(link.get("originGUID")), canonical(link.get("targetGUID"))]
            for note, other in (ends, ends[::-1]):
                if note in self.notes and other:
                    self.links[other].append((note, canonical(link.get("guid"))))
        self.note_targets: dict[str, tuple[str, str, str | None]] = {}  # -> kind, target, link
        self.note_texts: dict[str, str] = {}
        self.used_notes: set[str] = set()

    def _note_text(self, guid: str) -> str:
        """A note's text: inline, else from its file in the archive, else its description."""
        if guid not in self.note_texts:
            note = self.notes[guid]
            content = note.find("PlainTextContent")
            found = None
            if content is not None:
                found = (_text(content), "")
            elif note.get("plainTextPath") or note.get("richTextPath"):
                found = self._file_text(note, f"note '{note.get('name', guid)}'")
            self.note_texts[guid] = normalise_newlines(found[0]) if found else \
                _text(note.find("Description"))
        return self.note_texts[guid]

    def _attached(self, element: etree._Element) -> list[str]:
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

    # ------------------------------------------------------------------ cases

    def _cases(self, root: etree._Element) -> None:
        """Sites from cases (a source's site is the case it belongs to); informants from the
        cases that carry an 'informant' variable, as qualcode writes them."""
        known_sites = {self.guids("site", s): s for s in self.store.sites()}
        self.case_sites: dict[str, str] = {}  # case GUID -> site
        self.source_cases: dict[str, list[str]] = defaultdict(list)  # source GUID -> sites
        self.source_people: dict[str, list[tuple[str | None, Informant, str]]] = \
            defaultdict(list)
        for case in _grandchildren(root, "Cases", "Case"):
            guid = canonical(case.get("guid")) or str(uuid.uuid4())
            values = self._values(case)
            refs = [canonical(r.get("targetGUID")) or "" for r in _children(case, "SourceRef")]
            if "informant" in values:
                person = Informant(values["informant"], values.get("role", ""),
                                   values.get("organisation", ""), values.get("sector", ""),
                                   values.get("group", ""),
                                   {k: v for k, v in values.items()
                                    if k not in _INFORMANT_FIELDS})
                for ref in refs:
                    self.source_people[ref].append((values.get("site"), person, guid))
                continue
            site = known_sites.get(guid) or (case.get("name") or "").strip() or f"case {guid[:8]}"
            self.case_sites[guid] = site
            for ref in refs:
                self.source_cases[ref].append(site)
            for name in values:
                if name.startswith(VERDICT_PREFIX):
                    self.skipped["{n} verdicts in the file not imported: qualcode computes its "
                                 "own"] += 1
                else:
                    self.skipped[f"case variable '{name}' not imported ({{n}} values): qualcode "
                                 "keeps no attributes of sites"] += 1
            references = len(_children(case, "SelectionRef", "CodeRef"))
            if references:
                self.skipped["{n} selection or code references of cases not imported"] += \
                    references

    # ------------------------------------------------------------------ sources

    def _sources(self, root: etree._Element) -> tuple[list[ParsedSource], list]:
        store = self.store
        self.texts = store.source_texts()
        self.known_sources = {self.guids("source", name): name for name in self.texts}
        self.existing_sites = set(store.sites())
        self.existing_people = {(site, i.label) for site, people in store.informants().items()
                                for i in people}
        self.coding_keys = store.coding_keys()
        self.parsed: list[ParsedSource] = []
        self.codings: list[tuple[NewCoding, str | None, dict[str, str]]] = []
        self.annotations: list[tuple[str, str]] = []  # (source, memo) from uncoded selections
        elements = _grandchildren(root, "Sources", "*")
        total = len(elements) + 1
        for i, element in enumerate(elements):
            if element.tag == "TextSource":
                self._source(element, element.get("name"))
            elif element.tag == "PDFSource" and element.find("Representation") is not None:
                self._source(element.find("Representation"), element.get("name"))
                areas = len(element.findall("PDFSelection/Coding"))
                if areas:
                    self.skipped["{n} codings of PDF areas not imported (qualcode codes the "
                                 "text of PDFs)"] += areas
            else:
                kind = element.tag.removesuffix("Source").lower()
                self.skipped[f"{{n}} {kind} source(s) not imported: qualcode holds text"] += 1
            if self.progress:
                self.progress(i + 1, total)
        return self.parsed, self.codings

    def _source(self, element: etree._Element, name: str | None) -> None:
        guid = canonical(element.get("guid")) or str(uuid.uuid4())
        path = element.get("plainTextPath") or element.get("richTextPath") or ""
        name = (name or "").strip() or Path(path.replace("\\", "/")).stem or f"source {guid[:8]}"
        content = element.find("PlainTextContent")
        found = (content.text or "", "") if content is not None else \
            self._file_text(element, f"source '{name}'")
        selections = _children(element, "PlainTextSelection")
        if found is None:
            lost = sum(len(_children(s, "Coding")) for s in selections)
            if lost:
                self.skipped["{n} codings of sources that could not be read not imported"] += \
                    lost
            return
        raw, how = found
        text = normalise_newlines(raw)
        if how:
            self.warn(f"source '{name}': {how}")
        values = self._values(element)
        for key in values:
            if key not in SOURCE_VARIABLES:
                self.skipped[f"source variable '{key}' not imported ({{n}} values)"] += 1
        target = self.known_sources.get(guid)
        if target is None and name in self.texts:
            target = name
        if target is not None and self.texts[target] == text:
            self.result.sources_present += 1
        else:
            target = self._new_source(guid, name, text, values, target)
        for note in self._attached(element):
            self.note_targets[note] = ("source", target, None)
        position = _positions(raw, self.origin, selections)
        for selection in selections:
            self._selection(selection, target, text, position)
        for coding in _children(element, "Coding"):  # a coding of the whole source
            if text:
                self._coding(coding, element, target, 0, len(text), "", "supports", None)

    def _new_source(self, guid: str, name: str, text: str, values: dict[str, str],
                    clash: str | None) -> str:
        final, n = name, 1
        while final in self.texts:
            n += 1
            final = f"{name} ({n})"
        if final != name:
            self.warn(f"source '{name}': the project has a different text under that name; "
                      f"imported as '{final}'")
        if clash is None or clash != self.known_sources.get(guid):
            self.rows.append(("source", final, guid))
        sites = self.source_cases.get(guid, [])
        if len(sites) > 1:
            self.warn(f"source '{name}' belongs to several cases ({', '.join(sites)}); its site "
                      f"is '{sites[0]}'")
        site = values.get("site") or (sites[0] if sites else None) or self.options.site \
            or self.path.stem
        if site not in self.existing_sites:
            self.existing_sites.add(site)
            case = next((g for g, s in self.case_sites.items() if s == site), None)
            if case is not None:
                self.rows.append(("site", site, case))
        method = self._choice(values, "method", METHODS, self.options.method, "interview", name)
        language = self._choice(values, "language", LANGUAGES, self.options.language, "id",
                                name)
        informants: list[Informant] = []
        for person_site, person, case_guid in self.source_people.get(guid, []):
            if person_site in (None, site) and all(i.label != person.label
                                                   for i in informants):
                informants.append(person)
                if (site, person.label) not in self.existing_people:
                    self.existing_people.add((site, person.label))
                    self.rows.append(("informant", f"{site}\x1f{person.label}", case_guid))
        researchers = RESEARCHER_LABELS | {label.strip().lower() for label in
                                           values.get("researchers", "").split(",")
                                           if label.strip()}
        declared = {i.label for i in informants}
        turns = find_turns(text, researchers,
                           None if method in ("interview", "fgd") else set(declared))
        for turn in turns:
            if not turn.is_researcher and turn.speaker not in declared:
                declared.add(turn.speaker)
                informants.append(Informant(turn.speaker))
        self.parsed.append(ParsedSource(
            name=final, site=site, method=method, text=text, title=values.get("title") or name,
            date=values.get("date", ""), language=language, informants=informants,
            turns=turns, origin_path=str(self.path)))
        self.texts[final] = text
        self.result.sources += 1
        return final

    def _choice(self, values: dict[str, str], key: str, allowed: tuple[str, ...],
                option: str | None, default: str, name: str) -> str:
        value = values.get(key, "").strip().lower()
        if value and value not in allowed:
            self.warn(f"source '{name}': unknown {key} '{values[key]}'; taken as "
                      f"{option or default}")
            value = ""
        return value or option or default

    def _file_text(self, element: etree._Element, what: str) -> tuple[str, str] | None:
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

    # ------------------------------------------------------------------ codings

    def _selection(self, selection: etree._Element, source: str, text: str,
                   position: Callable[[int], int]) -> None:
        try:
            start = position(int(selection.get("startPosition", "")))
            end = position(int(selection.get("endPosition", "")))
        except ValueError:
            self.skipped["{n} selections without valid positions not imported"] += 1
            return
        if not 0 <= start < end <= len(text):
            self.skipped["{n} selections outside their source's text not imported"] += 1
            return
        description = _text(selection.find("Description")).strip()
        stance = "supports"
        if description.lower().startswith(CONTRADICTS):
            stance = "contradicts"
            description = description[len(CONTRADICTS):].strip()
        notes = [self._note_text(g).strip() for g in self._attached(selection)]
        memo = "\n\n".join(t for t in [description, *notes] if t)
        codings = _children(selection, "Coding")
        if not codings:
            if memo:
                quote = " ".join(text[start:end].split())
                self.annotations.append((source, f"[{start}–{end}] \"{quote[:80]}\": {memo}"))
            else:
                self.skipped["{n} selections without codings or notes not imported"] += 1
            return
        guid = canonical(selection.get("guid"))
        for coding in codings:
            self._coding(coding, selection, source, start, end, memo, stance, guid)
            guid = None  # the selection's GUID goes with its first coding

    def _coding(self, coding: etree._Element, selection: etree._Element, source: str,
                start: int, end: int, memo: str, stance: str, selection_guid: str | None
                ) -> None:
        ref = coding.find("CodeRef")
        target = canonical(None if ref is None else ref.get("targetGUID")) or ""
        code = self.code_map.get(target)
        if code is None:
            if target in self.case_sites:
                self.skipped["{n} codings that assign text to cases not imported"] += 1
            else:
                self.skipped["{n} codings of codes the file does not define not imported"] += 1
            return
        user = coding.get("creatingUser") or selection.get("creatingUser")
        coder = self.users.get(canonical(user) or "") or self.project.coder
        notes = [self._note_text(g).strip() for g in self._attached(coding)]
        memo = "\n\n".join(t for t in [memo, *notes] if t)
        key = (source, start, end, code, coder)
        if key in self.coding_keys:
            self.result.codings_present += 1
            return
        self.coding_keys.add(key)
        guids = {"coding": canonical(coding.get("guid")) or str(uuid.uuid4())}
        if selection_guid:
            guids["selection"] = selection_guid
        created = stamp(coding.get("creationDateTime") or selection.get("creationDateTime"))
        self.codings.append(
            (NewCoding(source, start, end, code, stance, coder, memo, "import"), created, guids))
        self.result.codings += 1

    # ------------------------------------------------------------------ memos

    def _memos(self, root: etree._Element) -> list[tuple[Memo, dict[str, str]]]:
        """Notes of the project, sources, codes and sites (through Links) become memos, in the
        file's order; a note nothing refers to becomes a project memo headed by its name."""
        targets = self.note_targets
        for note in _children(root, "NoteRef"):
            targets.setdefault(canonical(note.get("targetGUID")) or "", ("project", "", None))
        for code, notes in self.code_notes.items():
            for note in notes:
                targets.setdefault(note, ("code", code, None))
        for guid, code in self.code_map.items():
            for note, link in self.links.get(guid, []):
                targets.setdefault(note, ("code", code, link))
        for guid, site in self.case_sites.items():
            for note, link in self.links.get(guid, []):
                targets.setdefault(note, ("site", site, link))
        existing = {self.guids("memo", str(m.id)): m for m in self.store.memos()}
        memos: list[tuple[Memo, dict[str, str]]] = []
        for guid, note in self.notes.items():
            if guid in self.used_notes and guid not in targets:
                continue  # the memo of a coding
            kind, target, link = targets.get(guid, ("project", "", None))
            name = (note.get("name") or "").strip()
            if name.startswith(VERDICT_PREFIX):
                if kind == "site":
                    key = f"{target}\x1f{name.removeprefix(VERDICT_PREFIX)}"
                    self.rows.append(("verdict-note", key, guid))
                    if link:
                        self.rows.append(("verdict-link", key, link))
                continue
            text = self._note_text(guid)
            if guid in existing:
                if existing[guid].text != text:
                    self.warn(f"memo '{name}' differs from the project's; the project's is kept")
                continue
            if guid not in targets and name and not name.startswith("Memo: "):
                text = f"{name}\n\n{text}".strip()
            guids = {"memo": guid}
            if kind == "site" and link:
                guids["memo-link"] = link
            memos.append((Memo(0, kind, target, text,
                               self.users.get(canonical(note.get("creatingUser")) or "", ""),
                               stamp(note.get("creationDateTime")) or "",
                               stamp(note.get("modifiedDateTime")
                                     or note.get("creationDateTime")) or ""), guids))
        memos += [(Memo(0, "source", source, text), {}) for source, text in self.annotations]
        self.result.memos = len(memos)
        return memos


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


def _positions(raw: str, origin: str, selections: list[etree._Element]
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
