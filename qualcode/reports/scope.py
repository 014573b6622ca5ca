"""What an export covers: the chosen sites and codebooks, their evidence, and the names it may
print — real ones, or with `--anonymise` a pseudonym scheme applied the same way everywhere.

The scheme (docs in README, "Exports"): informants become I1, I2, ... numbered across the whole
project (sites in import order; in each site the declared informants in the order they were
imported, then undeclared speakers in order of first appearance), so an informant has the same
code in every export of the project. Sources become S1, S2, ... in import order. Roles,
organisations and source titles are left out; sector and informant group are kept. In quotes,
the speaker label that opens a turn is replaced by the code and the rest is reproduced as
transcribed (pseudonymise names inside transcripts before import). In memos, where researchers
refer to informants by label, every label of the memo's site is replaced as a whole word (a
label that is also a word, such as BPJS, is masked too); in a memo tied to no site, a label
used at several sites becomes I?.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from qualcode.analysis.evidence import Evidence, EvidenceBase
from qualcode.errors import QualcodeError
from qualcode.model import Codebook, Coding, Informant, SourceInfo, Turn
from qualcode.reports.model import Excerpt
from qualcode.store.project import Project
from qualcode.textfile import clean

FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)


class Names:
    """Informant and source names as an export shows them (see the module docstring)."""

    def __init__(self, anonymise: bool, sites: list[str], sources: list[SourceInfo],
                 informants: dict[str, list[Informant]], turns: dict[str, list[Turn]]) -> None:
        self.anonymise = anonymise
        self._people: dict[str, dict[str, Informant]] = {}
        for site in sites:
            people = {i.label: i for i in informants.get(site, [])}
            for src in sources:
                if src.site == site:
                    for turn in turns.get(src.name, []):
                        if not turn.is_researcher and turn.speaker not in people:
                            people[turn.speaker] = Informant(turn.speaker)
            self._people[site] = people
        self._codes = {(site, label): f"I{n}" for n, (site, label) in enumerate(
            ((s, label) for s in sites for label in self._people[s]), start=1)}
        self._sources = {s.name: f"S{n}" for n, s in enumerate(sources, start=1)}
        self._source_site = {s.name: s.site for s in sources}
        everywhere: dict[str, str] = {}
        for (_, label), code in self._codes.items():
            everywhere[label] = "I?" if label in everywhere else code
        self._memo_codes: dict[str | None, dict[str, str]] = {None: everywhere}
        for site in sites:
            self._memo_codes[site] = {label: self._codes[site, label]
                                      for label in self._people[site]}
        self._memo_patterns = {
            key: re.compile(r"(?<!\w)(?:" + "|".join(
                re.escape(x) for x in sorted(codes, key=len, reverse=True)) + r")(?!\w)")
            for key, codes in self._memo_codes.items() if codes}

    def informant(self, site: str, label: str) -> str:
        return self._codes.get((site, label), label) if self.anonymise else label

    def source(self, name: str) -> str:
        return self._sources[name] if self.anonymise else name

    def memo(self, text: str, site: str | None = None) -> str:
        """A memo's text with the informant labels of `site` (or of the project) masked."""
        pattern = self._memo_patterns.get(site)
        if not self.anonymise or pattern is None:
            return text
        codes = self._memo_codes[site]
        return pattern.sub(lambda m: codes[m.group(0)], text)

    def memo_site(self, target_kind: str, target: str) -> str | None:
        """The site a memo is about, if any."""
        if target_kind == "site":
            return target
        return self._source_site.get(target) if target_kind == "source" else None

    def people(self, site: str) -> list[tuple[str, Informant]]:
        """(shown name, informant) of every informant of a site, declared or not."""
        return [(self.informant(site, label), inf) for label, inf in self._people[site].items()]

    def quote(self, site: str, text: str, start: int, end: int, turns: list[Turn],
              turn_starts: list[int]) -> str:
        """text[start:end], with the speaker labels that open turns inside it replaced."""
        if not self.anonymise:
            return text[start:end]
        parts, pos = [], start
        for turn in turns[bisect_left(turn_starts, start):bisect_left(turn_starts, end)]:
            if turn.is_researcher:
                continue
            at = text.find(turn.speaker, turn.start, turn.start + 60)
            if at < 0 or at + len(turn.speaker) > end:
                continue
            parts += [text[pos:at], self.informant(site, turn.speaker)]
            pos = at + len(turn.speaker)
        parts.append(text[pos:end])
        return "".join(parts)


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

    def quote(self, source: str, start: int, end: int) -> str:
        """The text of a span as the export shows it (speaker labels masked if anonymised)."""
        turns, starts, _ = self._source_index(source)
        site = self.base.sources[source].site
        return clean(self.names.quote(site, self.texts[source], start, end, turns, starts))

    def excerpt(self, e: Evidence) -> Excerpt:
        turns, starts, newlines = self._source_index(e.source)
        i = bisect_right(starts, e.start) - 1
        stamp = turns[i].timestamp if i >= 0 and turns[i].end > e.start else None
        return Excerpt(
            self.quote(e.source, e.start, e.end),
            tuple(self.names.informant(e.site, label) for label in e.informants),
            e.method, self.names.source(e.source), bisect_left(newlines, e.start) + 1, stamp,
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
                coders: Iterable[str] | None = None) -> Scope:
    """Everything an export of `project` needs, for the chosen sites and codebooks (framework
    or thematic ids; all when None), checked against the project. With `coders` (a coder in
    blind mode), the evidence and the codings are only those coders'."""
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
    names = Names(anonymise, store.sites(), store.sources(), store.informants(), turns)
    return Scope(project, base, books, chosen, names, store.source_texts(), turns,
                 coders=chosen_coders)

