"""What an export covers: the chosen sites and codebooks, their evidence, and the names it may
print — real ones, or with `--anonymise` pseudonyms and masked text, the same way everywhere.

Anonymised (docs/anonymisation.md has the rules for researchers):
- Informants are shown by their stored pseudonym (qualcode.store.pseudonyms): by group IK,
  IU, IP, IT or I and a number across the project (K, M, SP, T, I in English exports), or the
  researcher's own code; assigned the first time they are needed and never renumbered when
  data are added. Sources are S1, S2, … (stored the same way, in import order). Roles,
  organisations, source titles and the informants' `names` are left out; sector and group are
  kept. Informants are listed in the order of their codes.
- Every text the export prints from the project (quotes, memos, coding memos, reading
  rationales) is masked by `qualcode.reports.masking`: speaker labels that open turns,
  informant labels standing alone, declared names and aliases, names after an honorific
  ("Bu [nama]" when nobody declared it), source names, and the project's extra terms
  (`anonymise: terms:` in qualcode.yaml). A quote is masked within its whole source, so a
  quote that starts or ends inside a name shows the pseudonym, never part of the name.
- Not masked: a name without an honorific that nobody declared (add it to `names:` or to the
  terms), site names (they head the sections), codebook text. `qualcode anonymise PROJECT
  --review` lists every replacement before an export.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property

from qualcode.analysis.evidence import Evidence, EvidenceBase
from qualcode.errors import QualcodeError
from qualcode.model import (
    Codebook,
    Coding,
    Informant,
    SourceInfo,
    Turn,
    identifying,
)
from qualcode.reports.masking import Mask, Masker, Person, clip, ordinary_words
from qualcode.reports.model import Excerpt
from qualcode.store.project import Project
from qualcode.store.pseudonyms import GROUP_PREFIX, NO_GROUP, Pseudonym
from qualcode.textfile import clean

FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)
_PREFIX_ORDER = {p: i for i, p in enumerate((*GROUP_PREFIX.values(), NO_GROUP))}


class Names:
    """Informant and source names as an export shows them (see the module docstring), in the
    export's language `lang` (en | id: K1 or IK1, [name] or [nama])."""

    def __init__(self, anonymise: bool, sites: list[str], sources: list[SourceInfo],
                 informants: dict[str, list[Informant]], turns: dict[str, list[Turn]],
                 pseudonyms: Iterable[Pseudonym] = (), terms: Mapping[str, str] | None = None,
                 lang: str = "en", texts: Mapping[str, str] | None = None) -> None:
        self.anonymise = anonymise
        self._texts = texts or {}
        self._turns = turns
        self._people: dict[str, dict[str, Informant]] = {}
        for site in sites:
            people = {i.label: i for i in informants.get(site, [])}
            for src in sources:
                if src.site == site:
                    for turn in turns.get(src.name, []):
                        if not turn.is_researcher and turn.speaker not in people:
                            people[turn.speaker] = Informant(turn.speaker)
            self._people[site] = people
        self._source_site = {s.name: s.site for s in sources}
        self._codes = {(p.site, p.label): p for p in pseudonyms if p.kind == "informant"}
        self._sources = {p.label: p for p in pseudonyms if p.kind == "source"}
        self._terms = dict(terms or {})
        self._lang = lang
        self._masked: dict[object, tuple[str, list[Mask], list[int]]] = {}

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self._masked.clear()
            self.__dict__.pop("masker", None)

    @cached_property
    def masker(self) -> Masker:
        """What the texts are masked with (qualcode.reports.masking)."""
        people = [Person(site, label, self.informant(site, label),
                         tuple(self._people.get(site, {}).get(label, Informant(label)).names))
                  for site, label in self._codes]
        words = ordinary_words(
            {label for _, label in self._codes},
            ((text, {t.speaker for t in self._turns.get(name, ())})
             for name, text in self._texts.items()))
        return Masker(people, {name: self.source(name) for name in self._sources},
                      self._terms, self._lang, words)

    def informant(self, site: str, label: str) -> str:
        if not self.anonymise:
            return label
        found = self._codes.get((site, label))  # every speaker has one; a matrix's column
        return found.shown(self._lang) if found else label  # of documents is no speaker

    def source(self, name: str) -> str:
        if not self.anonymise:
            return name
        found = self._sources.get(name)
        return found.shown(self._lang) if found else "S?"

    def memo(self, text: str, site: str | None = None) -> str:
        """A memo's (or a rationale's) text, masked for a text of `site` (None: the
        project's)."""
        return self.masker.mask(text, site) if self.anonymise else text

    def masks(self, text: str, site: str | None = None) -> list[Mask]:
        """What `memo` replaces in `text` (for `qualcode anonymise --review`)."""
        return self.masker.masks(text, site) if self.anonymise else []

    def memo_site(self, target_kind: str, target: str) -> str | None:
        """The site a memo is about, if any."""
        if target_kind == "site":
            return target
        return self._source_site.get(target) if target_kind == "source" else None

    def people(self, site: str) -> list[tuple[str, Informant]]:
        """(shown name, informant) of every informant of a site, declared or not: anonymised,
        in the order of their codes (IK1, IK2, IU1, …) and without their `names`."""
        people = [(self.informant(site, label), inf)
                  for label, inf in self._people[site].items()]
        if not self.anonymise:
            return people
        hidden = [(shown, replace(inf, attributes={k: v for k, v in inf.attributes.items()
                                                   if not identifying(k)}))
                  for shown, inf in people]
        return sorted(hidden, key=lambda p: self._order(site, p[1].label, p[0]))

    def _order(self, site: str, label: str, shown: str) -> tuple:
        found = self._codes.get((site, label))
        rank = _PREFIX_ORDER.get(found.prefix, len(_PREFIX_ORDER)) if found else 99
        return rank, [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", shown)]

    def source_masks(self, site: str, text: str, turns: list[Turn],
                     key: object = None) -> list[Mask]:
        """Every replacement in a source's whole text (its turns' speaker labels included),
        computed once per source (`key`: its name)."""
        return self._source(site, text, turns, key)[1]

    def _source(self, site: str, text: str, turns: list[Turn], key: object
                ) -> tuple[str, list[Mask], list[int]]:
        key = id(text) if key is None else key
        cached = self._masked.get(key)
        if cached is None or cached[0] is not text:
            speakers = []
            for turn in turns:
                if turn.is_researcher:
                    continue
                at = text.find(turn.speaker, turn.start, turn.start + 60)
                if at >= 0:
                    speakers.append((at, at + len(turn.speaker)))
            masks = self.masker.masks(text, site, speakers)
            cached = (text, masks, [m.end for m in masks])
            self._masked[key] = cached
        return cached

    def quote(self, site: str, text: str, start: int, end: int, turns: list[Turn],
              turn_starts: list[int], source: str | None = None) -> str:
        """text[start:end] as the export shows it: anonymised, masked within the whole text
        (`turn_starts` is kept for callers; the masks come from every turn)."""
        if not self.anonymise:
            return text[start:end]
        _, masks, ends = self._source(site, text, turns, source)
        return clip(text, masks, start, end, ends)


@dataclass
class Scope:
    project: Project
    base: EvidenceBase
    books: list[Codebook]
    sites: list[str]
    names: Names
    texts: dict[str, str]
    turns: dict[str, list[Turn]]
    _newlines: dict[str, list[int]] = field(default_factory=dict)
    _turn_starts: dict[str, list[int]] = field(default_factory=dict)
    _coder_bases: dict[str, EvidenceBase] | None = None
    coders: frozenset[str] | None = None  # only these coders' codings are shown (None: all)

    @property
    def frameworks(self) -> list[Codebook]:
        return [b for b in self.books if b.is_framework]

    @property
    def thematic(self) -> list[Codebook]:
        return [b for b in self.books if not b.is_framework]

    @cached_property
    def source_order(self) -> dict[str, int]:
        """Each source's place in import order, for listing excerpts as they were collected."""
        return {name: i for i, name in enumerate(self.base.sources)}

    def sources(self, site: str) -> list[SourceInfo]:
        return [s for s in self.base.sources.values() if s.site == site]

    def codings(self) -> list[Coding]:
        """The project's codings that the export shows (of `coders`, when chosen)."""
        codings = self.project.store.codings()
        return codings if self.coders is None else [c for c in codings if c.coder in self.coders]

    def coder_bases(self) -> dict[str, EvidenceBase]:
        """The evidence of each coder's codings alone, for investigator triangulation: the
        judgement of `matrices.investigator_verdicts`, with each coder's evidence built once
        per export rather than once per site (60 builds, 70 s, on 20 sites and 3 coders)."""
        if self._coder_bases is None:
            store = self.project.store
            self._coder_bases = {c: EvidenceBase(store, {c}, self.base.min_independent,
                                                 self.base.thresholds)
                                 for c in store.coders()
                                 if self.coders is None or c in self.coders}
        return self._coder_bases

    def _source_index(self, source: str) -> tuple[list[Turn], list[int], list[int]]:
        """Turns, turn starts and newline offsets of a source, computed once."""
        if source not in self._newlines:
            self._newlines[source] = [m.start() for m in re.finditer("\n", self.texts[source])]
            self._turn_starts[source] = [t.start for t in self.turns.get(source, [])]
        return self.turns.get(source, []), self._turn_starts[source], self._newlines[source]

    def line(self, source: str, offset: int) -> int:
        """The line of `offset` as the source's file numbers it: its front matter counted,
        so that "line 29" in an appendix is line 29 of the transcript file."""
        _, _, newlines = self._source_index(source)
        return bisect_left(newlines, offset) + self.first_line(source)

    def first_line(self, source: str) -> int:
        """The file line the stored text of `source` starts on."""
        return self.base.sources[source].body_line

    def quote(self, source: str, start: int, end: int) -> str:
        """The text of a span as the export shows it (speaker labels masked if anonymised)."""
        turns, starts, _ = self._source_index(source)
        site = self.base.sources[source].site
        return clean(self.names.quote(site, self.texts[source], start, end, turns, starts,
                                      source))

    def excerpt(self, e: Evidence) -> Excerpt:
        turns, starts, newlines = self._source_index(e.source)
        i = bisect_right(starts, e.start) - 1
        stamp = turns[i].timestamp if i >= 0 and turns[i].end > e.start else None
        return Excerpt(
            self.quote(e.source, e.start, e.end),
            tuple(self.names.informant(e.site, label) for label in e.informants),
            e.method, self.names.source(e.source), self.line(e.source, e.start), stamp,
            e.stance)

    def dates(self) -> tuple[datetime, datetime]:
        """The project's own first and last change, for the files' metadata: the same project
        gives the same dates."""
        first, last = self.project.store.activity_span()
        return _parse(first), _parse(last)


def _parse(stamp: str | None) -> datetime:
    if not stamp:
        return FALLBACK_DATE
    try:
        value = datetime.fromisoformat(stamp)
    except ValueError:
        return FALLBACK_DATE
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def build_scope(project: Project, sites: list[str] | None = None,
                codebooks: list[str] | None = None, anonymise: bool = False,
                coders: Iterable[str] | None = None, lang: str = "en") -> Scope:
    """Everything an export of `project` needs, for the chosen sites and codebooks (framework
    or thematic ids; all when None), checked against the project. With `coders` (a coder in
    blind mode), the evidence and the codings are only those coders'. Anonymised, the
    pseudonyms are assigned first where missing (a write, see qualcode.store.pseudonyms) and
    shown in `lang`."""
    store = project.store
    chosen_coders = None if coders is None else frozenset(coders)
    base = EvidenceBase(store, None if chosen_coders is None else set(chosen_coders),
                        project.settings.min_independent, project.settings.thresholds)
    books = store.codebooks()
    if codebooks:
        known = {b.id: b for b in books}
        for name in codebooks:
            if name not in known:
                raise QualcodeError(f"no codebook '{name}' in {project.path} (have: "
                                    f"{', '.join(known)})")
        books = [b for b in books if b.id in set(codebooks)]
    if sites:
        for site in sites:
            if site not in base.sites:
                raise QualcodeError(f"no site '{site}' in {project.path} (have: "
                                    f"{', '.join(base.sites) or 'none'})")
        chosen = [s for s in base.sites if s in set(sites)]
    else:
        chosen = list(base.sites)
    turns = store.all_turns()
    texts = store.source_texts()
    names = Names(anonymise, store.sites(), store.sources(), store.informants(), turns,
                  store.assign_pseudonyms() if anonymise else (),
                  project.settings.anonymise_terms, lang, texts)
    return Scope(project, base, books, chosen, names, texts, turns,
                 coders=chosen_coders)

