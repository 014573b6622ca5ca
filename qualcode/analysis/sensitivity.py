"""How fragile a verdict is: every single change that would change it, and to what (issue:
sensitivity instead of an opaque confidence). The changes weighed are removing one coding,
flipping one coding's stance, and removing one source (all its codings at once).

Exact, not estimated. The rules read an indicator only through its figures s, c and t, which
are counts of distinct witnesses, methods and sources for and against; merging overlapping
codings into one piece never changes those sets (a merged span's speakers are its codings'
speakers). So a coding's change is its contribution (stance, source, method, witnesses) taken
out of one side, and for a flip put into the other, and the framework is judged again with
the indicator's new figures. The search is pruned: codings of one kind (the same
contribution) change the figures alike, and each distinct set of figures a change can leave
is judged once, so an indicator costs as many judgements as the distinct figures its single
changes can reach (7,000 for the 80 verdicts of the 50,000-coding benchmark, against 87,000
changes tried one by one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.analysis.evidence import (
    NO_TURNS,
    EvidenceBase,
    IndicatorEvidence,
    speakers_of,
    witnesses,
)
from qualcode.analysis.verdicts import (
    Verdict,
    category_name,
    indicator_name,
    judge,
    rests_on,
)
from qualcode.model import Codebook, TurnColumns
from qualcode.store import Store

FLIP = {"supports": "contradicts", "contradicts": "supports"}
OUTCOME_ID = {"insufficient-evidence": "bukti belum cukup", "tied": "seimbang"}


@dataclass(frozen=True)
class Pivot:
    """One change that changes the verdict: a coding removed or flipped, or a source removed."""

    change: str  # "remove" | "flip"
    becomes: str  # the category it would be, or the status (insufficient-evidence, tied)
    coding: int | None = None
    code: str | None = None  # the coding's indicator
    source: str | None = None  # set when the change removes a whole source

    def to_json(self) -> dict:
        if self.source is not None:
            return {"coding": None, "source": self.source, "change": self.change,
                    "verdict_becomes": self.becomes}
        return {"coding": self.coding, "indicator": self.code, "change": self.change,
                "verdict_becomes": self.becomes}


@dataclass(frozen=True)
class Sensitivity:
    framework: Codebook
    pivots: tuple[Pivot, ...]  # codings first (by id), then sources (by name)
    weighed: int  # the codings weighed (of the framework, at the site)
    readings: tuple[str, ...]  # the indicators whose recorded reading the verdict rests on

    @property
    def robust(self) -> bool:
        return not self.pivots

    @property
    def codings(self) -> int:
        return len({p.coding for p in self.pivots if p.source is None})

    @property
    def sources(self) -> int:
        return sum(p.source is not None for p in self.pivots)

    def summary(self, lang: str = "en") -> str:
        """'robust to any single change', or what it rests on and the first change that
        overturns it, named as the codebook names things in `lang`."""
        id_ = lang == "id"
        if not self.weighed:
            return ("belum ada koding untuk ditimbang" if id_ else
                    "no coding to weigh yet")
        said = self._pivotal(lang)
        if self.readings:
            read = ", ".join(indicator_name(self.framework, code, lang) for code in self.readings)
            said += (f"; juga bersandar pada pembacaan peneliti atas {read}" if id_ else
                     f"; it also rests on the researcher's reading of {read}")
        return said

    def _pivotal(self, lang: str) -> str:
        id_ = lang == "id"
        if self.robust:
            return ("tahan terhadap perubahan tunggal mana pun (menghapus atau membalik satu "
                    "koding, menghapus satu sumber)" if id_ else
                    "robust to any single change (removing or flipping one coding, removing "
                    "one source)")
        counted = []
        if self.codings:
            counted.append(f"{self.codings} koding" if id_ else f"{self.codings} coding(s)")
        if self.sources:
            counted.append(f"{self.sources} sumber" if id_ else f"{self.sources} source(s)")
        first = self.pivots[0]
        if first.source is not None:
            what = (f"menghapus sumber {first.source}" if id_ else
                    f"removing source {first.source}")
        else:
            verb = {"remove": ("menghapus", "removing"),
                    "flip": ("membalik", "flipping")}[first.change][not id_]
            what = (f"{verb} {'koding' if id_ else 'coding'} {first.coding} "
                    f"({indicator_name(self.framework, first.code or '', lang)})")
        if first.becomes in OUTCOME_ID:
            to = OUTCOME_ID[first.becomes] if id_ else first.becomes
        else:
            to = category_name(self.framework, first.becomes, lang)
        if id_:
            return f"bersandar pada {' dan '.join(counted)}: {what} mengubahnya menjadi {to}"
        return f"rests on {' and '.join(counted)}: {what} makes it {to}"

    def to_json(self) -> dict:
        return {"robust": self.robust, "pivotal": [p.to_json() for p in self.pivots],
                "summary": self.summary(), "summary_id": self.summary("id")}


class Sensitivities:
    """The coding rows of a project read once, to weigh any of its verdicts."""

    def __init__(self, store: Store, base: EvidenceBase, site: str | None = None) -> None:
        """`site`: only that site's verdicts will be weighed (a drill-down's one)."""
        self.base = base
        coders = base.coders_used
        names = store.source_ids()
        turns: dict[int, TurnColumns] = store.turn_columns()
        self.contributions: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
        for source_id, code, stance, start, end, coder, coding_id in store.evidence_rows():
            if coders is not None and coder not in coders:
                continue
            info = base.sources[names[source_id]]
            if site is not None and info.site != site:
                continue
            speakers, researcher_only = speakers_of(turns.get(source_id, NO_TURNS), start, end)
            if researcher_only:
                continue  # not evidence, whichever its stance
            self.contributions[info.site, code].append(Contribution(
                coding_id, stance, info.name, info.method,
                witnesses(sorted(speakers), info.name)))

    def of(self, verdict: Verdict) -> Sensitivity:
        outcome = _outcome(verdict)
        judged: dict[tuple, str] = {}

        def becomes(changed: dict[str, tuple[int, int, int]]) -> str:
            key = tuple(sorted(changed.items()))
            if key not in judged:
                by_code = {e.code: e for e in verdict.indicators}
                judged[key] = _outcome(judge(
                    self.base, verdict.site, verdict.framework,
                    {code: _figures(by_code[code], *f) for code, f in changed.items()},
                    explain=False))
            return judged[key]

        pivots: list[Pivot] = []
        sides: dict[str, dict[str, _Side]] = {}
        by_source: dict[str, dict[str, list[Contribution]]] = defaultdict(dict)
        for e in verdict.indicators:
            found = self.contributions.get((verdict.site, e.code), [])
            sides[e.code] = {stance: _Side(x for x in found if x.stance == stance)
                             for stance in FLIP}
            for x in found:
                by_source[x.source].setdefault(e.code, []).append(x)
            kinds: dict[tuple, list[int]] = defaultdict(list)
            for x in found:
                kinds[x.kind()].append(x.coding)
            for (stance, source, method, said), codings in kinds.items():
                x = Contribution(0, stance, source, method, said)
                ours, theirs = sides[e.code][stance], sides[e.code][FLIP[stance]]
                for change, figures in (("remove", _counts(ours.without(x), theirs.sizes(),
                                                           stance)),
                                        ("flip", _counts(ours.without(x), theirs.plus(x),
                                                         stance))):
                    if figures == (e.s, e.c, e.t):
                        continue
                    to = becomes({e.code: figures})
                    if to != outcome:
                        pivots += [Pivot(change, to, coding=c, code=e.code) for c in codings]
        pivots.sort(key=lambda p: (p.coding, p.change))
        for source, codes in sorted(by_source.items()):
            changed = {}
            for code, of_source in codes.items():
                supports, against = (sides[code][stance].minus(
                    _Side(x for x in of_source if x.stance == stance)) for stance in FLIP)
                changed[code] = _counts(supports, against, "supports")
            to = becomes(changed)
            if to != outcome:
                pivots.append(Pivot("remove", to, source=source))
        weighed = sum(len(self.contributions.get((verdict.site, e.code), []))
                      for e in verdict.indicators)
        return Sensitivity(verdict.framework, tuple(pivots), weighed,
                           tuple(e.code for e in rests_on(verdict)))


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


Sizes = tuple[int, int, int]  # distinct witnesses, methods, sources of one side


class _Side:
    """One side of an indicator (for or against): how many codings give each witness,
    method and source, so that the figures without or with one more coding are counts."""

    def __init__(self, items: Iterable[Contribution] = ()) -> None:
        self.witnesses: Counter[str] = Counter()
        self.methods: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        for x in items:
            self.witnesses.update(x.witnesses)
            self.methods[x.method] += 1
            self.sources[x.source] += 1

    def sizes(self) -> Sizes:
        return len(self.witnesses), len(self.methods), len(self.sources)

    def without(self, x: Contribution) -> Sizes:
        """The sizes with one coding like `x` (which this side holds) taken out."""
        return (len(self.witnesses) - sum(self.witnesses[w] == 1 for w in x.witnesses),
                len(self.methods) - (self.methods[x.method] == 1),
                len(self.sources) - (self.sources[x.source] == 1))

    def plus(self, x: Contribution) -> Sizes:
        """The sizes with one more coding like `x`."""
        return (len(self.witnesses) + sum(w not in self.witnesses for w in x.witnesses),
                len(self.methods) + (x.method not in self.methods),
                len(self.sources) + (x.source not in self.sources))

    def minus(self, other: _Side) -> Sizes:
        """The sizes with `other`'s codings (a part of this side) taken out."""
        return tuple(sum(n > other_counts[key] for key, n in counts.items())
                     for counts, other_counts in ((self.witnesses, other.witnesses),
                                                  (self.methods, other.methods),
                                                  (self.sources, other.sources)))


def _counts(ours: Sizes, theirs: Sizes, stance: str) -> tuple[int, int, int]:
    """The figures (s, c, t) with `ours` on the side of `stance`."""
    support, against = (ours, theirs) if stance == "supports" else (theirs, ours)
    return (max(support[0], support[1]), max(against[0], against[1]),
            max(support[2], support[1]))


def _figures(e: IndicatorEvidence, s: int, c: int, t: int) -> IndicatorEvidence:
    """`e` as if its figures were (s, c, t): what the rules read of an indicator."""
    changed = IndicatorEvidence(e.site, e.code, e.min_independent, e.supports,
                                e.contradicts, e.ignored, e.reading)
    changed.__dict__.update(s=s, c=c, t=t)  # its cached figures
    return changed
