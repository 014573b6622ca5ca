"""Whose codings the workbench shows, and which of them the current coder may change.

Ownership: a coder changes only their own codings (the store refuses the rest), so the keys
that change "the coding under the cursor" pick the coder's own one, innermost first, and say in
one line whose the others are instead of trying. Blind mode: while it is on, every count,
coverage, list and view of the workbench is computed from the current coder's codings alone
(`coders` is then their name in a set; None means every coder).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from qualcode.model import Coding, SourceInfo
from qualcode.store import Store
from qualcode.tui.i18n import tr

CONSENSUS = "consensus"


def own_coding(under: Sequence[Coding], coder: str) -> tuple[Coding | None, str]:
    """The coding under the cursor that `coder`'s keys act on (their own; `under` comes
    innermost first), or None and the line that says why there is none."""
    if not under:
        return None, tr("No coding under the cursor.")
    mine = next((c for c in under if c.coder == coder), None)
    if mine is not None:
        return mine, ""
    return None, not_yours(under)


def not_yours(codings: Sequence[Coding]) -> str:
    """Why the current coder may not change these codings: whose they are."""
    owners = list(dict.fromkeys(c.coder for c in codings))
    if owners == [CONSENSUS]:
        return tr("this coding is the consensus; only adjudication (A) can change it")
    named = [o for o in owners if o != CONSENSUS]
    if len(owners) == 1:
        return tr("this coding is {coder}'s; only {coder} can change it", coder=named[0])
    people = tr(" and ").join(tr("{coder}'s", coder=o) for o in named)
    extra = tr(" (and the consensus's)") if CONSENSUS in owners else ""
    return tr("these codings are {people}{extra}; only they can change them", people=people,
              extra=extra)


def of_coders(codings: list[Coding], coders: Collection[str] | None) -> list[Coding]:
    """The codings of `coders` (all when None)."""
    return codings if coders is None else [c for c in codings if c.coder in coders]


def _codings_of(store: Store, coders: Collection[str], source: str | None = None
                ) -> list[Coding]:
    return [c for coder in sorted(coders) for c in store.codings(source=source, coder=coder)]


@dataclass(frozen=True)
class Figures:
    """What the navigator and the codebook count."""

    sources: list[SourceInfo]  # every source, with its number of codings
    coverage: dict[str, float]  # share of each source's text in a coding
    counts: list[tuple[str, str, int]]  # (code, source, number of codings), as `code_counts`


def figures(store: Store, coders: Collection[str] | None) -> Figures:
    """The figures of the codings of `coders` (every coder's when None)."""
    sources = store.sources()
    if coders is None:
        return Figures(sources, store.coverage(), store.code_counts())
    codings = _codings_of(store, coders)
    per_source = Counter(c.source for c in codings)
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in codings:
        spans.setdefault(c.source, []).append((c.start, c.end))
    coverage = {s.name: covered(spans.get(s.name, [])) / s.chars if s.chars else 0.0
                for s in sources}
    counts = Counter((c.code, c.source) for c in codings)
    return Figures([replace(s, codings=per_source.get(s.name, 0)) for s in sources], coverage,
                   [(code, name, n) for (code, name), n in counts.items()])


def covered(spans: Iterable[tuple[int, int]]) -> int:
    """Characters inside the union of the spans."""
    total, last = 0, 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            total += end - start
            last = end
    return total
