"""Carrying codings over to a new version of a source's text (`qualcode source replace`).

A coding is placed by the text diff first: the words of the two versions are matched, and a
coding whose first and last words are still there (in order, most of its words too) lands on
the same words in the new text, a corrected word inside it included. Failing that, its quote is
looked for in the new text (the occurrence nearest where the diff puts it). A coding placed
neither way is detached: the caller keeps it for the researcher to place or drop, never drops
it silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\S+")
# how much of a coded span must survive the diff for the diff to place it
_KEPT = 0.6


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    how: str  # "diff" or "quote"


def reanchor(old: str, new: str, spans: dict[int, tuple[int, int]]
             ) -> tuple[dict[int, Placement], list[int]]:
    """Place each coding (id → (start, end) in `old`) in `new`; return the placements and the
    ids of the codings that could not be placed, in id order."""
    if old == new:
        return {i: Placement(s, e, "diff") for i, (s, e) in spans.items()}, []
    a = [(m.start(), m.end()) for m in _WORD.finditer(old)]
    b = [(m.start(), m.end()) for m in _WORD.finditer(new)]
    matcher = SequenceMatcher(None, [old[s:e] for s, e in a], [new[s:e] for s, e in b],
                              autojunk=False)
    to_new: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            to_new[block.a + k] = block.b + k
    a_starts = [s for s, _ in a]
    a_ends = [e for _, e in a]
    placed: dict[int, Placement] = {}
    detached: list[int] = []
    for coding_id, (start, end) in sorted(spans.items()):
        first = bisect_right(a_ends, start)        # the first word ending after start
        last = bisect_left(a_starts, end) - 1      # the last word starting before end
        place = None
        if first <= last:
            place = _by_diff(a, b, to_new, first, last, start, end)
            if place is None:
                hint = _nearest(to_new, b, first)
                place = _by_quote(old[start:end], new, hint)
        if place is None:
            detached.append(coding_id)
        else:
            placed[coding_id] = place
    return placed, detached


def _by_diff(a: list[tuple[int, int]], b: list[tuple[int, int]], to_new: dict[int, int],
             first: int, last: int, start: int, end: int) -> Placement | None:
    if first not in to_new or last not in to_new:
        return None
    j0, j1 = to_new[first], to_new[last]
    words = last - first + 1
    kept = sum(1 for i in range(first, last + 1) if i in to_new and j0 <= to_new[i] <= j1)
    if j1 < j0 or kept < _KEPT * words or (j1 - j0 + 1) > words / _KEPT + 2:
        return None
    # keep where inside its first and last words the coding starts and ends
    new_start = b[j0][0] + min(max(start - a[first][0], 0), b[j0][1] - b[j0][0])
    new_end = b[j1][1] - min(max(a[last][1] - end, 0), b[j1][1] - b[j1][0])
    return Placement(new_start, new_end, "diff") if new_end > new_start else None


def _nearest(to_new: dict[int, int], b: list[tuple[int, int]], first: int) -> int:
    """Where in the new text the diff puts the old word `first` (the nearest matched word
    before it), to choose among several occurrences of a quote."""
    for i in range(first, -1, -1):
        if i in to_new:
            return b[to_new[i]][0]
    return 0


def _by_quote(quote: str, new: str, hint: int) -> Placement | None:
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    found = [m.span() for m in pattern.finditer(new)]
    if not found:
        return None
    start, end = min(found, key=lambda span: abs(span[0] - hint))
    return Placement(start, end, "quote")
