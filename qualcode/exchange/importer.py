"""Reading a REFI-QDA project (.qdpx) or codebook (.qdc) into a project, all or nothing.

Lenient about the dialects of NVivo, ATLAS.ti, MAXQDA, QualCoder, qc and qualcode (namespace
variants, `sources/` or `Sources/`, GUIDs in braces, CRLF-counted offsets, .docx sources, codes
and selections without codings, notes linked through Links); strict about hostile files
(qualcode.exchange.safety). What cannot be mapped is reported as a warning. docs/refi.md has the
mapping.

This module decides what the file's codes, cases, sources, selections and notes become in the
project (which code, site, informant, coding or memo; what is already there; what is left out),
and stores it in one transaction. Reading the file itself (the XML, the texts in the archive,
the notes and their links, the tools' ways of counting offsets) is qualcode.exchange.qdafile.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from qualcode.errors import QualcodeError
from qualcode.exchange.model import (
    CONTRADICTS,
    IMPORT_PREFIX,
    READ_AS,
    READING_PREFIX,
    SOURCE_VARIABLES,
    VERDICT_PREFIX,
    canonical,
    project_guids,
    slug,
    stamp,
)
from qualcode.exchange.qdafile import QdaFile, children, grandchildren, inner_text, positions
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
    Reading,
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
    with QdaFile.open(path, reader.warn) as file:
        if file.archive is None:
            return reader.read_codebook(file.root)
        return reader.read_project(file)


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
        self.readings: list[Reading] = []  # the researcher's readings the file brings
        self.origin = ""
        self.file: QdaFile  # the project file, for read_project

    def warn(self, message: str) -> None:
        self.result.warnings.append(f"{self.path}: {message}")

    def _finish(self, sources: list[ParsedSource], codings: list, memos: list) -> ImportResult:
        sites = set(self.store.sites()) | {s.site for s in sources}
        for r in [r for r in self.readings if r.site not in sites]:
            self.readings.remove(r)
            self.skipped["{n} readings of sites without sources not imported"] += 1
        for reason, count in self.skipped.items():
            self.warn(reason.format(n=count))
        self.store.add_exchange(sources, [self.book] if self.new_codes and self.book else [],
                                codings, memos, self.rows, self.readings)
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
        stack = [(child, None) for child in reversed(children(codes, "Code"))]
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
                                             for r in children(element, "NoteRef")]
            stack.extend((child, code_id) for child in reversed(children(element, "Code")))

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
        description = inner_text(element.find("Description")).strip()
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
        for element in grandchildren(root, "Sets", "Set"):
            if canonical(element.get("guid")) not in known:
                members = len(children(element, "MemberCode", "MemberSource", "MemberNote"))
                self.warn(f"set '{element.get('name', '')}' ({members} members) not imported: "
                          "qualcode has no sets")

    # ------------------------------------------------------------------ project

    def read_project(self, file: QdaFile) -> ImportResult:
        self.file, root = file, file.root
        self.origin = root.get("origin") or ""
        known_people = set(self.store.coders()) | {m.author for m in self.store.memos()}
        self.users: dict[str, str] = {}
        for user in grandchildren(root, "Users", "User"):
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
        for variable in grandchildren(root, "Variables", "Variable"):
            guid, name = canonical(variable.get("guid")), (variable.get("name") or "").strip()
            if guid and name:
                self.variables[guid] = name
                self.rows.append(("variable", name, guid))
        self.note_targets: dict[str, tuple[str, str, str | None]] = {}  # -> kind, target, link
        self._cases(root)
        sources, codings = self._sources(root)
        memos = self._memos(root)
        self._sets(root)
        unread = file.unread()
        if unread:
            self.warn(f"{len(unread)} files in the archive that no source or note refers to "
                      f"were not read (e.g. {unread[0]})")
        total = len(grandchildren(root, "Sources", "*")) + 1
        result = self._finish(sources, codings, memos)
        if self.progress:
            self.progress(total, total)
        return result

    def _values(self, element: etree._Element) -> dict[str, str]:
        """The variable values of a case or source, by variable name."""
        values = {}
        for value in children(element, "VariableValue"):
            ref = value.find("VariableRef")
            name = self.variables.get(canonical(None if ref is None else ref.get("targetGUID"))
                                      or "")
            found = children(value, *_VALUE_TAGS)
            if name and found and found[0].text is not None:
                values[name] = found[0].text.strip()
        return values

    # ------------------------------------------------------------------ cases

    def _cases(self, root: etree._Element) -> None:
        """Sites from cases (a source's site is the case it belongs to); informants from the
        cases that carry an 'informant' variable, as qualcode writes them."""
        known_sites = {self.guids("site", s): s for s in self.store.sites()}
        self.case_sites: dict[str, str] = {}  # case GUID -> site
        self.source_cases: dict[str, list[str]] = defaultdict(list)  # source GUID -> sites
        self.source_people: dict[str, list[tuple[str | None, Informant, str]]] = \
            defaultdict(list)
        for case in grandchildren(root, "Cases", "Case"):
            guid = canonical(case.get("guid")) or str(uuid.uuid4())
            values = self._values(case)
            refs = [canonical(r.get("targetGUID")) or "" for r in children(case, "SourceRef")]
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
            references = len(children(case, "SelectionRef", "CodeRef"))
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
        elements = grandchildren(root, "Sources", "*")
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
            self.file.archive_text(element, f"source '{name}'")
        selections = children(element, "PlainTextSelection")
        if found is None:
            lost = sum(len(children(s, "Coding")) for s in selections)
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
        for note in self.file.attached_notes(element):
            self.note_targets[note] = ("source", target, None)
        position = positions(raw, self.origin, selections)
        for selection in selections:
            self._selection(selection, target, text, position)
        for coding in children(element, "Coding"):  # a coding of the whole source
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
        turns = find_turns(text, researchers, set(declared),
                           infer=method in ("interview", "fgd")).turns
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
        description = inner_text(selection.find("Description")).strip()
        stance = "supports"
        if description.lower().startswith(CONTRADICTS):
            stance = "contradicts"
            description = description[len(CONTRADICTS):].strip()
        notes = [self.file.note_text(g).strip() for g in self.file.attached_notes(selection)]
        memo = "\n\n".join(t for t in [description, *notes] if t)
        codings = children(selection, "Coding")
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
        notes = [self.file.note_text(g).strip() for g in self.file.attached_notes(coding)]
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

    def _reading(self, guid: str, note: etree._Element, code: str, site: str,
                 link: str | None) -> bool:
        """A researcher's reading written by qualcode (a note 'reading: CODE' on a site's
        case): kept unless the project already has its own reading there (True: handled).
        False: the project has no such framework indicator; the note becomes a site memo."""
        text = self.file.note_text(guid)
        first, _, rationale = text.partition("\n\n")
        established = READ_AS.get(first.strip())
        if established is None or not rationale.strip():
            self.warn(f"note '{READING_PREFIX}{code}' is not a reading qualcode can read "
                      "(its text starts 'established' or 'not established', then a blank line "
                      "and the rationale); kept as a memo on the site")
            return False
        indicators = {c.id for b in self.store.codebooks() if b.is_framework for c in b.codes}
        if code not in indicators:
            self.skipped["{n} readings of indicators this project's frameworks lack kept as "
                         "memos on their sites"] += 1
            return False
        mine = {(r.site, r.code): r for r in self.store.readings()}.get((site, code))
        if mine is not None:
            if (mine.established, mine.rationale) != (established, " ".join(rationale.split())):
                self.warn(f"the reading of {code} at {site} differs from the project's; the "
                          "project's is kept")
            return True
        self.readings.append(Reading(
            site, code, established, rationale,
            self.users.get(canonical(note.get("creatingUser")) or "", ""),
            stamp(note.get("creationDateTime")) or ""))
        key = f"{site}\x1f{code}"
        self.rows.append(("reading-note", key, guid))
        if link:
            self.rows.append(("reading-link", key, link))
        return True

    def _memos(self, root: etree._Element) -> list[tuple[Memo, dict[str, str]]]:
        """Notes of the project, sources, codes and sites (through Links) become memos, in the
        file's order; a note nothing refers to becomes a project memo headed by its name."""
        targets = self.note_targets
        for note in children(root, "NoteRef"):
            targets.setdefault(canonical(note.get("targetGUID")) or "", ("project", "", None))
        for code, notes in self.code_notes.items():
            for note in notes:
                targets.setdefault(note, ("code", code, None))
        for guid, code in self.code_map.items():
            for note, link in self.file.links.get(guid, []):
                targets.setdefault(note, ("code", code, link))
        for guid, site in self.case_sites.items():
            for note, link in self.file.links.get(guid, []):
                targets.setdefault(note, ("site", site, link))
        existing = {self.guids("memo", str(m.id)): m for m in self.store.memos()}
        memos: list[tuple[Memo, dict[str, str]]] = []
        for guid, note in self.file.notes.items():
            if guid in self.file.used_notes and guid not in targets:
                continue  # the memo of a coding
            kind, target, link = targets.get(guid, ("project", "", None))
            name = (note.get("name") or "").strip()
            reading = name.startswith(READING_PREFIX) and kind == "site"
            if reading and self._reading(guid, note, name.removeprefix(READING_PREFIX), target,
                                         link):
                continue
            if name.startswith(VERDICT_PREFIX):
                if kind == "site":
                    key = f"{target}\x1f{name.removeprefix(VERDICT_PREFIX)}"
                    self.rows.append(("verdict-note", key, guid))
                    if link:
                        self.rows.append(("verdict-link", key, link))
                continue
            text = self.file.note_text(guid)
            if guid in existing:
                if existing[guid].text != text:
                    self.warn(f"memo '{name}' differs from the project's; the project's is kept")
                continue
            if reading or guid not in targets and name and not name.startswith("Memo: "):
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
