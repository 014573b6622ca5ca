"""How fragile a verdict is: every single change of one coding (removing it, or flipping its
stance) that would change the verdict, and to what (issue: sensitivity instead of an opaque
confidence).

Exact, not estimated. The rules read an indicator only through its figures s, c and t, which
are counts of distinct witnesses, methods and sources for and against; merging overlapping
codings into one piece never changes those sets (a merged span's speakers are its codings'
speakers). So a coding's change is its contribution (stance, source, method, witnesses) taken
out of one side, and for a flip put into the other, and the framework is judged again with
the indicator's new figures. Pruned to the indicators that can matter: one coding moves s and
c by at most the witnesses it speaks for and t by one, so an indicator none of whose
reachable figures changes the verdict is never enumerated; codings with the same
contribution, and figures already judged, are judged once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from qualcode.analysis.evidence import (
    NO_TURNS,
    EvidenceBase,
    IndicatorEvidence,
    speakers_of,
    witnesses,
)
from qualcode.analysis.verdicts import Verdict, judge
from qualcode.model import TurnColumns
from qualcode.store import Store

FLIP = {"supports": "contradicts", "contradicts": "supports"}


@dataclass(frozen=True)
class Pivot:
    """One coding whose removal or stance flip changes the verdict."""

    coding: int
    code: str
    change: str  # "remove" | "flip"
    becomes: str  # the category it would be, or the status (insufficient-evidence, tied)

    def to_json(self) -> dict:
        return {"coding": self.coding, "indicator": self.code, "change": self.change,
                "verdict_becomes": self.becomes}


@dataclass(frozen=True)
class Sensitivity:
    pivots: tuple[Pivot, ...]

    @property
    def robust(self) -> bool:
        return not self.pivots

    def summary(self, lang: str = "en") -> str:
        """'robust to any single change of a coding', or what it rests on."""
        if self.robust:
            return ("tahan terhadap perubahan satu koding mana pun" if lang == "id" else
                    "robust to any single change of a coding")
        codings = len({p.coding for p in self.pivots})
        first = self.pivots[0]
        change = {"remove": ("menghapus", "removing"), "flip": ("membalik", "flipping")}
        verb = change[first.change][lang != "id"]
        if lang == "id":
            return (f"bersandar pada {codings} koding: {verb} koding {first.coding} "
                    f"({first.code.split('/', 1)[1]}) mengubahnya menjadi {first.becomes}")
        return (f"rests on {codings} coding(s): {verb} coding {first.coding} "
                f"({first.code.split('/', 1)[1]}) makes it {first.becomes}")

    def to_json(self) -> dict:
        return {"robust": self.robust, "pivotal": [p.to_json() for p in self.pivots]}


class Sensitivities:
    """The coding rows of a project read once, to weigh any of its verdicts."""

    def __init__(self, store: Store, base: EvidenceBase) -> None:
        self.base = base
        coders = base.coders_used
        names = store.source_ids()
        turns: dict[int, TurnColumns] = store.turn_columns()
        self.contributions: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
        for source_id, code, stance, start, end, coder, coding_id in store.evidence_rows():
            if coders is not None and coder not in coders:
                continue
            info = base.sources[names[source_id]]
            speakers, researcher_only = speakers_of(turns.get(source_id, NO_TURNS), start, end)
            if researcher_only:
                continue  # not evidence, whichever its stance
            self.contributions[info.site, code].append(Contribution(
                coding_id, stance, info.name, info.method,
                witnesses(sorted(speakers), info.name)))

    def of(self, verdict: Verdict) -> Sensitivity:
        outcome = _outcome(verdict)
        judged: dict[tuple, str] = {}

        def becomes(e: IndicatorEvidence, s: int, c: int, t: int) -> str:
            key = (e.code, s, c, t)
            if key not in judged:
                judged[key] = _outcome(judge(self.base, verdict.site, verdict.framework,
                                             {e.code: _figures(e, s, c, t)}, explain=False))
            return judged[key]

        pivots = []
        for e in verdict.indicators:
            if not any(becomes(e, *f) != outcome for f in _reachable(e)):
                continue  # no single coding of it can change the verdict
            found = self.contributions.get((verdict.site, e.code), [])
            sides = {stance: _Side([x for x in found if x.stance == stance])
                     for stance in FLIP}
            for _, group in groupby(sorted(found, key=Contribution.kind),
                                    key=Contribution.kind):
                codings = list(group)
                x = codings[0]  # the others of its kind change the figures alike
                ours, theirs = sides[x.stance], sides[FLIP[x.stance]]
                removed = ours.without(x)
                for change, figures in (("remove", _counts(removed, theirs, x.stance)),
                                        ("flip", _counts(removed, theirs.plus(x), x.stance))):
                    to = becomes(e, *figures)
                    if to != outcome:
                        pivots += [Pivot(y.coding, e.code, change, to) for y in codings]
        return Sensitivity(tuple(sorted(pivots, key=lambda p: (p.coding, p.change))))


def _outcome(v: Verdict) -> str:
    return v.verdict or v.status


@dataclass(frozen=True)
class Contribution:
    """What one coding adds to its indicator's figures."""

    coding: int
    stance: str
    source: str
    method: str
    witnesses: tuple[str, ...]

    def kind(self) -> tuple:
        """Codings of one kind change the figures alike."""
        return (self.stance, self.source, self.method, self.witnesses)


class _Side:
    """One side of an indicator (for or against): how many codings give each witness,
    method and source, so that taking one out or putting one in is a count."""

    def __init__(self, items: Iterable[Contribution] = ()) -> None:
        self.witnesses: Counter[str] = Counter()
        self.methods: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        for x in items:
            self._add(x, 1)

    def _add(self, x: Contribution, n: int) -> None:
        for counter, keys in ((self.witnesses, x.witnesses), (self.methods, (x.method,)),
                              (self.sources, (x.source,))):
            for key in keys:
                counter[key] += n
                if counter[key] == 0:
                    del counter[key]

    def _copy(self) -> _Side:
        side = _Side()
        side.witnesses, side.methods, side.sources = (Counter(self.witnesses),
                                                      Counter(self.methods),
                                                      Counter(self.sources))
        return side

    def without(self, x: Contribution) -> _Side:
        side = self._copy()
        side._add(x, -1)
        return side

    def plus(self, x: Contribution) -> _Side:
        side = self._copy()
        side._add(x, 1)
        return side


def _counts(ours: _Side, theirs: _Side, stance: str) -> tuple[int, int, int]:
    """The figures (s, c, t) with `ours` on the side of `stance`."""
    support, against = (ours, theirs) if stance == "supports" else (theirs, ours)
    return (max(len(support.witnesses), len(support.methods)),
            max(len(against.witnesses), len(against.methods)),
            max(len(support.sources), len(support.methods)))


def _reachable(e: IndicatorEvidence) -> Iterable[tuple[int, int, int]]:
    """The figures (s, c, t) one coding's removal or flip could leave the indicator with: a
    coding is in one source with one method, and speaks for at most `w` witnesses (the most
    any piece of this indicator has), so s and c move by at most w, t by at most 1."""
    s, c, t = e.s, e.c, e.t
    w = max((len(p.witnesses) for p in e.supports + e.contradicts), default=1)
    down, up = range(-w, 1), range(0, w + 1)
    found = set()
    if e.supports:  # a support removed (s, t may drop) or flipped (c may rise too)
        found |= {(s + ds, c + dc, t + dt) for ds in down for dc in up for dt in (-1, 0)}
    if e.contradicts:  # a contradiction removed, or flipped to support
        found |= {(s + ds, c - dc, t + dt) for ds in up for dc in range(0, w + 1)
                  for dt in (0, 1)}
    found.discard((s, c, t))
    return found


def _figures(e: IndicatorEvidence, s: int, c: int, t: int) -> IndicatorEvidence:
    """`e` as if its figures were (s, c, t): what the rules read of an indicator."""
    changed = IndicatorEvidence(e.site, e.code, e.min_independent, e.supports,
                                e.contradicts, e.ignored, e.reading)
    changed.__dict__.update(s=max(s, 0), c=max(c, 0), t=max(t, 0))  # its cached figures
    return changed
