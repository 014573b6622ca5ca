"""Indicator evidence per (site, code): who says what, by which method, for and against, and
the researcher's reading where one is recorded. The rules are stated in qualcode.analysis.rules.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from qualcode.analysis.rules import indicator_status, outweighs, score
from qualcode.model import Reading, TurnColumns
from qualcode.store import Store

STATUSES = ("confirmed", "supported", "contested", "refuted", "absent")


class Evidence(NamedTuple):
    """One piece of evidence: overlapping codings of one span, code and stance, merged. (A
    named tuple: a large project has tens of thousands.)"""

    source: str
    site: str
    method: str
    start: int
    end: int
    code: str
    stance: str
    informants: tuple[str, ...]  # non-researcher speakers of the span; () outside turns
    coders: tuple[str, ...]
    coding_ids: tuple[int, ...]

    @property
    def witnesses(self) -> tuple[str, ...]:
        return witnesses(self.informants, self.source)


@dataclass
class IndicatorEvidence:
    site: str
    code: str
    min_independent: int = 2
    supports: list[Evidence] = field(default_factory=list)
    contradicts: list[Evidence] = field(default_factory=list)
    ignored: int = 0
    reading: Reading | None = None  # the researcher's, when one is recorded

    # Figures are cached: an IndicatorEvidence is only read once the EvidenceBase is built.

    def _witnesses(self, items: list[Evidence]) -> set[str]:
        return {w for e in items for w in e.witnesses}

    @cached_property
    def support_witnesses(self) -> set[str]:
        return self._witnesses(self.supports)

    @cached_property
    def contradict_witnesses(self) -> set[str]:
        return self._witnesses(self.contradicts)

    @property
    def methods(self) -> list[str]:
        return sorted({e.method for e in self.supports + self.contradicts})

    @property
    def sources(self) -> list[str]:
        return sorted({e.source for e in self.supports + self.contradicts})

    @property
    def coders(self) -> list[str]:
        return sorted({c for e in self.supports + self.contradicts for c in e.coders})

    @cached_property
    def s(self) -> int:
        return max(len(self.support_witnesses), len({e.method for e in self.supports}))

    @cached_property
    def c(self) -> int:
        return max(len(self.contradict_witnesses), len({e.method for e in self.contradicts}))

    @cached_property
    def t(self) -> int:
        """Independent support: distinct sources or methods for it (two speakers of one
        focus group are one source)."""
        return max(len({e.source for e in self.supports}), len({e.method for e in self.supports}))

    @property
    def triangulated(self) -> bool:
        """Support from at least `min_independent` sources or methods."""
        return self.t >= self.min_independent

    @property
    def status(self) -> str:
        return indicator_status(self.s, self.c, self.triangulated)

    @property
    def established(self) -> bool:
        """By the researcher's reading when there is one, else by the evidence (rules)."""
        if self.reading is not None:
            return self.reading.established
        return outweighs(self.s, self.c)

    @property
    def score(self) -> float:
        return score(self.s, self.c, self.min_independent)

    def summary(self) -> str:
        """e.g. 'confirmed: 3 for (2 informants, 1 document source; interview, document)'."""
        parts = [self.status]
        if self.supports or self.contradicts:
            parts.append(f"{len(self.supports)} for, {len(self.contradicts)} against; "
                         f"{len(self.support_witnesses)} witness(es) for, "
                         f"{len(self.contradict_witnesses)} against; "
                         f"methods: {', '.join(self.methods)}")
        return ": ".join(parts)


class EvidenceBase:
    """All coded evidence of a project, indexed by (site, code), built once per question."""

    def __init__(self, store: Store, coders: set[str] | None = None,
                 min_independent: int = 2, thresholds: Mapping[str, object] | None = None
                 ) -> None:
        """`min_independent` and `thresholds`: the project's settings (rules)."""
        self.min_independent = min_independent
        self.thresholds = dict(thresholds or {})
        self.readings = {(r.site, r.code): r for r in store.readings()}
        self.sources = {s.name: s for s in store.sources()}
        self.sites = store.sites()
        self.informants = {site: {i.label: i for i in infs}
                           for site, infs in store.informants().items()}
        self.coders_used = coders
        self._index: dict[tuple[str, str], IndicatorEvidence] = {}
        self._build(store.evidence_rows(), store.source_ids(), store.turn_columns(), coders)

    def _build(self, rows: Iterable[tuple], names: dict[int, str],
               turns: dict[int, TurnColumns], coders: set[str] | None) -> None:
        """`rows` are (source id, code, stance, start, end, coder, id), sorted in that order."""
        if coders is not None:
            rows = (r for r in rows if r[5] in coders)
        for (source_id, code, stance), group in groupby(rows, key=itemgetter(0, 1, 2)):
            source = names[source_id]
            info = self.sources[source]
            ev = self._index.get((info.site, code))
            if ev is None:
                ev = self._index[info.site, code] = IndicatorEvidence(
                    info.site, code, self.min_independent,
                    reading=self.readings.get((info.site, code)))
            _add_group(ev, source, info.method, stance, group,
                       turns.get(source_id, NO_TURNS))

    def clear(self) -> None:
        """Let go of the index one indicator at a time: on a large project it holds millions
        of objects, and freeing them at once holds the interpreter for a tenth of a second
        (a window's keys wait). What was taken from it (verdicts, matrices) stays whole."""
        while self._index:
            self._index.popitem()

    def indicator(self, site: str, code: str, min_independent: int | None = None
                  ) -> IndicatorEvidence:
        ev = self._index.get((site, code))
        k = min_independent or self.min_independent
        if ev is None:
            return IndicatorEvidence(site, code, k, reading=self.readings.get((site, code)))
        if ev.min_independent != k:
            ev = IndicatorEvidence(site, code, k, ev.supports, ev.contradicts, ev.ignored,
                                   ev.reading)
        return ev


NO_TURNS = TurnColumns((), (), (), ())


def witnesses(informants: Iterable[str], source: str) -> tuple[str, ...]:
    """Who speaks for a span: its informants, or (outside any turn) its source."""
    said = tuple(f"informant:{label}" for label in informants)
    return said or (f"source:{source}",)


def _add_group(ev: IndicatorEvidence, source: str, method: str, stance: str,
               group: Iterable[tuple], columns: TurnColumns) -> None:
    """Add one source's codings of one code and stance (rows sorted by start) to `ev`:
    overlapping ones merged into one piece; those only in researcher turns ignored."""
    merged: list[list] = []  # [start, end, speakers, coders, coding ids]
    for _, _, _, start, end, coder, coding_id in group:
        speakers, researcher_only = speakers_of(columns, start, end)
        if researcher_only:
            ev.ignored += 1
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2] |= speakers
            last[3].add(coder)
            last[4].append(coding_id)
        else:
            merged.append([start, end, speakers, {coder}, [coding_id]])
    items = ev.supports if stance == "supports" else ev.contradicts
    items.extend(Evidence(source, ev.site, method, m[0], m[1], ev.code, stance,
                          tuple(sorted(m[2])), tuple(sorted(m[3])), tuple(m[4]))
                 for m in merged)


def speakers_of(turns: TurnColumns, start: int, end: int) -> tuple[set[str], bool]:
    """Non-researcher speakers whose turns overlap [start, end), and whether the span lies
    only in researcher turns."""
    speakers: set[str] = set()
    researcher = False
    i = bisect_left(turns.starts, end) - 1
    while i >= 0 and turns.ends[i] > start:
        if turns.researcher[i]:
            researcher = True
        else:
            speakers.add(turns.speakers[i])
        i -= 1
    return speakers, researcher and not speakers
