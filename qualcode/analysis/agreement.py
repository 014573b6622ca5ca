"""Inter-coder agreement on units of text, the disagreements behind it, and their adjudication.

The rules (docs/agreement.md):
- Units are sentences within turns (default) or whole turns; text outside turns is split the
  same way (sentences, or one unit per line). Turn labels (`[00:04:12] K2:`) are not in units.
- A coder has coded a unit with a code when one of their codings of that code covers at least
  half of the unit's non-space characters, or when at least half of the coding's own non-space
  characters lie in the unit. The coder's value for (unit, code) is the stance of those codings:
  `supports`, `contradicts`, `both`, or "" (not coded).
- A source enters for the compared coders who coded it (any code); it enters the comparison
  when at least two of them did. A coder who coded nothing in a source has no value there
  (missing data): qualcode cannot tell "read it and found nothing" from "did not read it".
- Only units that at least one compared coder coded (with any code) enter, so that a mostly
  uncoded text does not inflate agreement, and a code's figures do not depend on which other
  codes are compared.
- Per code: percent agreement (units on which every coder with a value gave the same value),
  Cohen's kappa (two coders) and Krippendorff's nominal alpha (any number, missing allowed).
  Overall: the same on every (unit, code) decision pooled over the codes that were applied.
- Confidence intervals for kappa and alpha: a percentile bootstrap over units (a code's units;
  overall, units carrying all their codes' decisions), seeded, so the output is reproducible.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from qualcode.analysis.reliability import (
    BOOTSTRAP_REPLICATES,
    BOOTSTRAP_SEED,
    CONFIDENCE,
    NO_INTERVALS,
    Interval,
    Intervals,
    Tally,
    bootstrap_intervals,
    unit_tally,
)
from qualcode.errors import QualcodeError
from qualcode.ingest.textnav import Span, regions, split_region, units
from qualcode.model import STANCES, Codebook, Coding, NewCoding, Ruling, Turn
from qualcode.store import Store

UNIT_KINDS = ("sentence", "turn")
NOT_CODED = ""
BOTH = "both"

# ---------------------------------------------------------------------- units

class Unit(NamedTuple):
    """A sentence or turn: [start, end) in code points of the source text, trimmed. (Named
    tuples here: a large project's queue holds tens of thousands.)"""

    source: str
    start: int
    end: int
    speaker: str | None = None  # the turn's speaker; None outside turns


def split_units(source: str, text: str, turns: Sequence[Turn], kind: str = "sentence"
                ) -> list[Unit]:
    """The units of a source, in text order (textnav.units): sentences or whole turns."""
    _check_kind(kind)
    return [Unit(source, *span) for span in units(text, turns, kind)]


def _check_kind(kind: str) -> None:
    if kind not in UNIT_KINDS:
        raise QualcodeError(f"unit must be {' or '.join(UNIT_KINDS)}, not '{kind}'")


def _solid(text: str, start: int, end: int) -> int:
    """Non-space characters in text[start:end]: all but spaces, tabs and line breaks."""
    if end <= start:
        return 0
    return (end - start - text.count(" ", start, end) - text.count("\n", start, end)
            - text.count("\t", start, end))


# ---------------------------------------------------------------------- the comparison

class Decision(NamedTuple):
    """What one coder did on a unit for a code: `stance` is supports, contradicts, both, or ""
    (not coded); `coding_ids` are the codings that code the unit."""

    coder: str
    stance: str
    coding_ids: tuple[int, ...] = ()


class Disagreement(NamedTuple):
    """A unit and code on which the coders who coded the source did not all do the same.

    `decisions` has one entry per compared coder who coded the source, in the order compared.
    """

    unit: Unit
    code: str
    decisions: tuple[Decision, ...]

    def decision(self, coder: str) -> Decision | None:
        return next((d for d in self.decisions if d.coder == coder), None)


@dataclass(frozen=True)
class Figures:
    """Agreement on one code (or overall): units compared, the three statistics, and the 95%
    bootstrap intervals of kappa and alpha (None: not computed, or undefined)."""

    units: int
    agreed: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    coded: dict[str, int]  # units each coder coded (with this code, or with any compared code)
    kappa_ci: Interval | None = None
    alpha_ci: Interval | None = None

    @classmethod
    def of(cls, tally: Tally, coded: dict[str, int], two_coders: bool,
           intervals: Intervals = NO_INTERVALS) -> Figures:
        kappa = tally.kappa if two_coders else None
        alpha = tally.alpha
        return cls(tally.units, tally.agreed, tally.percent, kappa, alpha, coded,
                   intervals.kappa if kappa is not None else None,
                   intervals.alpha if alpha is not None else None)

    def to_json(self) -> dict:
        return {"units": self.units, "agreed": self.agreed, "percent_agreement": self.percent,
                "kappa": self.kappa, "kappa_ci": _listed(self.kappa_ci), "alpha": self.alpha,
                "alpha_ci": _listed(self.alpha_ci), "coded": self.coded}


def _listed(interval: Interval | None) -> list[float] | None:
    return None if interval is None else list(interval)


@dataclass
class AgreementReport:
    coders: list[str]
    unit: str
    sources: list[str]  # the sources compared (coded by at least two of the coders)
    units: int  # units some compared coder coded (any code): those compared for every code
    codes: dict[str, Figures]  # per code applied in the compared units, in codebook order
    overall: Figures  # pooled: its `units` counts unit × code decisions
    replicates: int = 0  # bootstrap replicates behind the intervals (0: none computed)
    seed: int = BOOTSTRAP_SEED

    def to_json(self) -> dict:
        return {"coders": self.coders, "unit": self.unit, "sources": self.sources,
                "units": self.units,
                "codes": [{"code": code, **f.to_json()} for code, f in self.codes.items()],
                "overall": self.overall.to_json(),
                "bootstrap": {"replicates": self.replicates, "seed": self.seed,
                              "confidence": CONFIDENCE}}


class _SourceData:
    """One source's units, split lazily (only the regions that codings touch), and the marks
    the codings leave on them: (unit start, code) -> [(coder, stance, coding id)]."""

    def __init__(self, name: str, text: str, turns: Sequence[Span], coders: list[str],
                 kind: str) -> None:
        self.name = name
        self.text = text
        self.coders = coders  # compared coders who coded this source
        self.kind = kind
        self.regions = regions(text, turns)
        self.region_starts = [r[0] for r in self.regions]
        self.split: dict[int, tuple[list[int], list[Span]]] = {}  # region -> unit starts, spans
        self.units: dict[int, Span] = {}  # unit start -> span, for every unit coded
        self.sizes: dict[int, int] = {}  # unit start -> non-space characters
        self.marks: dict[tuple[int, str], list[tuple[str, str, int]]] = {}

    def unit(self, start: int) -> Unit:
        return Unit(self.name, *self.units[start])

    def mark(self, coding: tuple[int, str, int, int, str, str, str]) -> None:
        """Record a coding (id, source, start, end, code, stance, coder) on every unit it codes
        (the unit rule)."""
        coding_id, _, c_start, c_end, code, stance, coder = coding
        text, regions, split, sizes = self.text, self.regions, self.split, self.sizes
        if text[c_start:c_end].isspace():
            return
        size = 0  # the coding's non-space characters, counted when first needed
        first = bisect_right(self.region_starts, c_start) - 1
        for r in range(first if first > 0 else 0, len(regions)):
            if regions[r][0] >= c_end:
                break
            got = split.get(r)
            if got is None:
                spans = split_region(text, regions[r], self.kind)
                got = split[r] = ([s[0] for s in spans], spans)
            starts, spans = got
            i = bisect_right(starts, c_start) - 1
            for span in spans[i if i > 0 else 0:]:
                start, end, _ = span
                if start >= c_end:
                    break
                if end <= c_start:
                    continue
                if (start < c_start < end) != (start < c_end < end):
                    # the unit straddles one end of the coding: weigh the overlap
                    overlap = _solid(text, c_start if c_start > start else start,
                                     c_end if c_end < end else end)
                    unit_size = sizes.get(start)
                    if unit_size is None:
                        unit_size = sizes[start] = _solid(text, start, end)
                    if 2 * overlap < unit_size:
                        size = size or _solid(text, c_start, c_end)
                        if not overlap or 2 * overlap < size:
                            continue
                self.units[start] = span
                entry = self.marks.get((start, code))
                if entry is None:
                    self.marks[start, code] = [(coder, stance, coding_id)]
                else:
                    entry.append((coder, stance, coding_id))


class CoderComparison:
    """Who coded which unit with which code, for a set of coders: built once, then asked for
    the agreement figures and the disagreement units (the adjudication queue)."""

    def __init__(self, store: Store, coders: Sequence[str], sources: Sequence[str] | None = None,
                 codes: Sequence[str] | None = None, unit: str = "sentence") -> None:
        _check_kind(unit)
        self.coders = _check_coders(store, coders)
        self.unit = unit
        books = store.codebooks()
        self.code_order = [c.id for b in books for c in b.codes]
        self.codes = _check_codes(books, codes)
        order = [s.name for s in store.sources()]
        wanted = _check_sources(order, sources)
        codings = store.coding_spans(self.coders)
        coded_by: dict[str, set[str]] = defaultdict(set)
        for coding in codings:
            coded_by[coding[1]].add(coding[6])
        self.sources = [name for name in order
                        if len(coded_by[name]) >= 2 and (wanted is None or name in wanted)]
        texts = store.source_texts()
        names = store.source_ids()
        turns = {names[i]: list(zip(c.starts, c.ends, c.speakers, strict=True))
                 for i, c in store.turn_columns().items()}
        self._data = {name: _SourceData(name, texts[name], turns.get(name, []),
                                        [c for c in self.coders if c in coded_by[name]], unit)
                      for name in self.sources}
        for coding in codings:  # every code: which units enter does not depend on the choice
            data = self._data.get(coding[1])
            if data is not None:
                data.mark(coding)
        # a unit enters when some compared coder coded it
        self._population = {name: len(data.units) for name, data in self._data.items()}

    def _values(self, data: _SourceData, key: tuple[int, str]) -> tuple[str | None, ...]:
        """Each compared coder's value for a unit and code; None where it is missing."""
        stances: dict[str, str] = {}
        for coder, stance, _ in data.marks.get(key, ()):
            stances[coder] = stance if stances.get(coder, stance) == stance else BOTH
        return tuple(stances.get(c, NOT_CODED) if c in data.coders else None
                     for c in self.coders)

    def _absent(self, data: _SourceData) -> tuple[str | None, ...]:
        """The values of a unit nobody coded with the code: not coded, or missing."""
        return tuple(NOT_CODED if c in data.coders else None for c in self.coders)

    def _gather(self, per_unit: bool) -> _Gathered:
        """One pass over the marks: each code's distinct values with their counts (the units
        nobody coded with it included), who coded what, and, if `per_unit`, each unit's
        values over the codes (the overall bootstrap's resampling units)."""
        coded: dict[str, Counter] = defaultdict(Counter)
        explicit: Counter = Counter()  # (source, code) -> units someone coded with the code
        units_coded: Counter = Counter()  # coder -> units coded with any compared code
        seen: dict[str, Counter] = defaultdict(Counter)  # code -> values -> identical units
        numbers: dict[tuple[str | None, ...], int] = {}  # values -> a number, to key units
        by_numbers: Counter = Counter()  # (absent, the unit's numbered values) -> units
        for name, data in self._data.items():
            coded_units: dict[str, set[int]] = defaultdict(set)
            by_unit: dict[int, list[int]] = defaultdict(list)  # unit start -> its values
            for key, marks in data.marks.items():
                if key[1] not in self.codes:
                    continue
                values = self._values(data, key)
                seen[key[1]][values] += 1
                if per_unit:
                    by_unit[key[0]].append(numbers.setdefault(values, len(numbers)))
                explicit[name, key[1]] += 1
                for coder in {m[0] for m in marks}:
                    coded[key[1]][coder] += 1
                    coded_units[coder].add(key[0])
            for coder, coded_by_coder in coded_units.items():
                units_coded[coder] += len(coded_by_coder)
            if per_unit:
                absent = self._absent(data)
                for numbered in by_unit.values():
                    numbered.sort()
                    by_numbers[absent, tuple(numbered)] += 1
                by_numbers[absent, ()] += self._population[name] - len(by_unit)
        codes = [c for c in self.code_order if c in seen]
        for code in codes:
            for name, data in self._data.items():  # the units nobody coded with this code
                seen[code][self._absent(data)] += self._population[name] - explicit[name, code]
        listed = list(numbers)
        units = Counter({(absent, tuple(sorted((listed[i] for i in numbered), key=repr))): times
                         for (absent, numbered), times in by_numbers.items()})
        return _Gathered(codes, seen, coded, units_coded, units)

    def clusters(self) -> tuple[dict[str, list[tuple[Tally, int]]], list[tuple[Tally, int]]]:
        """The bootstrap's resampling units, per code and overall (see `bootstrap_intervals`)."""
        return _clusters_of(self._gather(per_unit=True))

    def report(self, bootstrap: int = BOOTSTRAP_REPLICATES, seed: int = BOOTSTRAP_SEED
               ) -> AgreementReport:
        """The figures per code and overall, with `bootstrap` replicates behind the intervals
        of kappa and alpha (0: no intervals)."""
        if bootstrap < 0:
            raise QualcodeError(f"the number of bootstrap replicates cannot be negative "
                                f"({bootstrap})")
        gathered = self._gather(per_unit=bootstrap > 0)
        per_code_clusters, overall_clusters = (_clusters_of(gathered) if bootstrap
                                               else ({}, []))
        two = len(self.coders) == 2
        per_code: dict[str, Figures] = {}
        overall = Tally()
        for code in gathered.codes:
            tally = Tally()
            for values, times in gathered.seen[code].items():
                tally.add(values, times)
            overall.merge(tally)
            intervals = (bootstrap_intervals(per_code_clusters[code], bootstrap, seed)
                         if bootstrap else NO_INTERVALS)
            per_code[code] = Figures.of(tally, {c: gathered.coded[code][c] for c in self.coders},
                                        two, intervals)
        intervals = (bootstrap_intervals(overall_clusters, bootstrap, seed) if bootstrap
                     else NO_INTERVALS)
        return AgreementReport(self.coders, self.unit, self.sources,
                               sum(self._population.values()), per_code,
                               Figures.of(overall,
                                          {c: gathered.units_coded[c] for c in self.coders},
                                          two, intervals),
                               bootstrap, seed)

    def disagreements(self) -> list[Disagreement]:
        """Every (unit, code) on which the coders of the source differ, in text order."""
        out = []
        rank = {code: i for i, code in enumerate(self.code_order)}
        for name in self.sources:
            data = self._data[name]
            for key in sorted((k for k in data.marks if k[1] in self.codes),
                              key=lambda k: (k[0], rank[k[1]])):
                values = self._values(data, key)
                if len({v for v in values if v is not None}) < 2:
                    continue
                decisions = tuple(
                    Decision(c, v, tuple(sorted(i for coder, _, i in data.marks[key]
                                                if coder == c)))
                    for c, v in zip(self.coders, values, strict=True) if v is not None)
                out.append(Disagreement(data.unit(key[0]), key[1], decisions))
        return out


class _Gathered(NamedTuple):
    codes: list[str]  # the codes applied in the compared units, in codebook order
    seen: dict[str, Counter]  # code -> values -> units
    coded: dict[str, Counter]  # code -> coder -> units coded
    units_coded: Counter  # coder -> units coded with any compared code
    units: Counter  # (values where not coded, each coded code's values) -> units


def _clusters_of(gathered: _Gathered
                 ) -> tuple[dict[str, list[tuple[Tally, int]]], list[tuple[Tally, int]]]:
    """Per code, a unit is its values; overall, a unit carries every reported code's values
    (those of the codes nobody applied to it included), so resampling it keeps together the
    decisions one reading of one sentence produced. Sorted: the draw depends on the data
    only."""
    per_code = {code: [(unit_tally(values), times) for values, times in
                       sorted(gathered.seen[code].items(), key=lambda item: repr(item[0]))]
                for code in gathered.codes}
    overall = []
    for (absent, patterns), times in sorted(gathered.units.items(),
                                            key=lambda item: repr(item[0])):
        tally = Tally()
        for values in patterns:
            tally.add(values)
        tally.add(absent, len(gathered.codes) - len(patterns))
        overall.append((tally, times))
    return per_code, overall


def agreement(store: Store, coders: Sequence[str], sources: Sequence[str] | None = None,
              codes: Sequence[str] | None = None, unit: str = "sentence", *,
              bootstrap: int = BOOTSTRAP_REPLICATES) -> AgreementReport:
    """Agreement per code and overall among `coders` (see the module's rules), with 95%
    bootstrap intervals of kappa and alpha from `bootstrap` replicates (0: none)."""
    return CoderComparison(store, coders, sources, codes, unit).report(bootstrap)


def disagreements(store: Store, coders: Sequence[str], sources: Sequence[str] | None = None,
                  codes: Sequence[str] | None = None, unit: str = "sentence"
                  ) -> list[Disagreement]:
    """The adjudication queue: every unit and code the coders did not code alike."""
    return CoderComparison(store, coders, sources, codes, unit).disagreements()


def _check_coders(store: Store, coders: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(wanted) < 2:
        raise QualcodeError("agreement needs at least two different coders")
    known = store.coders()
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise QualcodeError(f"no codings by coder(s) {', '.join(unknown)} in the project "
                            f"(coders: {', '.join(known) or 'none'})")
    return wanted


def _check_sources(order: list[str], sources: Sequence[str] | None) -> set[str] | None:
    if not sources:
        return None
    unknown = [s for s in sources if s not in order]
    if unknown:
        raise QualcodeError(f"no source named {', '.join(repr(s) for s in unknown)} in the "
                            "project")
    return set(sources)


def _check_codes(books: list[Codebook], codes: Sequence[str] | None) -> set[str]:
    """Code ids, or codebook ids standing for all their codes."""
    every = {c.id for b in books for c in b.codes}
    if not codes:
        return every
    by_book = {b.id: {c.id for c in b.codes} for b in books}
    chosen: set[str] = set()
    for code in codes:
        if code in by_book:
            chosen |= by_book[code]
        elif code in every:
            chosen.add(code)
        else:
            raise QualcodeError(f"no code or codebook '{code}' in the project")
    return chosen


# ---------------------------------------------------------------------- adjudication

@dataclass(frozen=True)
class Adjudication:
    """What settling a disagreement changed: enough to show it and to undo it."""

    removed: list[Coding]
    added: list[Coding]


def adjudicate(store: Store, disagreement: Disagreement, accept: Sequence[str],
               consensus_coder: str = "consensus",
               edit: Sequence[tuple[int, int, str]] = (),
               decided_by: str | None = None) -> Adjudication:
    """Settle a disagreement as `consensus_coder`, in one transaction journaled under
    `decided_by` (the person adjudicating), and remember the ruling.

    The consensus coder's codings of the code that lie within the unit are replaced by the
    codings of the coders in `accept`, clipped to the unit: one coder (accept A), several
    (both), or none (neither); `edit` adds spans (start, end, stance) chosen by hand within the
    unit. Overlapping spans of the same stance are merged.
    """
    unit, code = disagreement.unit, disagreement.code
    consensus_coder = consensus_coder.strip()
    if not consensus_coder:
        raise QualcodeError("the consensus coder needs a name")
    coders = [d.coder for d in disagreement.decisions]
    if consensus_coder in coders:
        raise QualcodeError(f"'{consensus_coder}' is one of the compared coders; choose another "
                            "name for the consensus coder")
    spans: dict[str, list[list]] = defaultdict(list)  # stance -> [start, end, memo]
    for coder in dict.fromkeys(accept):
        decision = disagreement.decision(coder)
        if decision is None:
            raise QualcodeError(f"coder '{coder}' has no decision on this unit (coders: "
                                f"{', '.join(coders)})")
        for coding_id in decision.coding_ids:
            coding = store.coding(coding_id)
            start, end = max(coding.start, unit.start), min(coding.end, unit.end)
            spans[coding.stance].append([start, end, coding.memo])
    text = store.source_text(unit.source)
    for start, end, stance in edit:
        if stance not in STANCES:
            raise QualcodeError(f"stance must be supports or contradicts, not '{stance}'")
        if not unit.start <= start < end <= unit.end:
            raise QualcodeError(f"the span {start}–{end} is not within the unit "
                                f"{unit.start}–{unit.end} of {unit.source}")
        spans[stance].append([start, end, ""])
    new = []
    for stance, items in spans.items():
        for start, end, memo in _merge(text, items):
            new.append(NewCoding(unit.source, start, end, code, stance, consensus_coder, memo))
    taken = Counter((c.start, c.end) for c in new)
    if any(k > 1 for k in taken.values()):
        raise QualcodeError(f"the consensus cannot both support and contradict {code} on the "
                            "same span; accept one coder or edit the span")
    removed = [c for c in store.codings(unit.source, consensus_coder, code)
               if unit.start <= c.start and c.end <= unit.end]
    ruling = Ruling(unit.source, unit.start, unit.end, code, consensus_coder,
                    tuple(dict.fromkeys(accept)) + (("edited",) if edit else ()))
    ids = store.replace_codings([c.id for c in removed], new, decided_by or consensus_coder,
                                ruling)
    return Adjudication(removed, [store.coding(i) for i in ids])


def _merge(text: str, items: list[list]) -> list[tuple[int, int, str]]:
    """Trim spans of whitespace and merge overlapping ones (their memos joined)."""
    trimmed = []
    for start, end, memo in items:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append([start, end, memo])
    out: list[list] = []
    for start, end, memo in sorted(trimmed):
        if out and start < out[-1][1]:
            last = out[-1]
            last[1] = max(last[1], end)
            if memo and memo not in last[2]:
                last[2] = f"{last[2]}; {memo}" if last[2] else memo
        else:
            out.append([start, end, memo])
    return [(start, end, memo) for start, end, memo in out]
