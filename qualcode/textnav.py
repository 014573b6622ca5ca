"""Positions in a source text: line/column ↔ code-point offset, and the units a coder moves
and selects by (words, sentences within turns, turns)."""

from __future__ import annotations

import re
from bisect import bisect_right

from qualcode.model import Turn
from qualcode.transcripts import TURN_LINE

_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s|$)")
_WORD = re.compile(r"\w[\w'-]*")


class LineIndex:
    """Maps code-point offsets to (row, column) and back, for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def location(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self.starts, offset) - 1
        return row, offset - self.starts[row]

    def offset(self, row: int, column: int) -> int:
        row = max(0, min(row, len(self.starts) - 1))
        return min(self.starts[row] + column, len(self.text))

    def line_span(self, row: int) -> tuple[int, int]:
        start = self.starts[row]
        end = self.starts[row + 1] - 1 if row + 1 < len(self.starts) else len(self.text)
        return start, end


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    starts = [t.start for t in turns]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and turns[i].start <= offset <= turns[i].end:
        return turns[i]
    return None


def content_start(text: str, turn: Turn) -> int:
    """Where the words of a turn begin, after its timestamp and speaker label."""
    match = TURN_LINE.match(text, turn.start, turn.end)
    return match.end() if match else turn.start


def sentences(text: str, turns: list[Turn]) -> list[tuple[int, int]]:
    """Sentence spans: within each turn's words, and within the text outside turns (by line).

    A sentence ends at . ! ? … (with closing quotes or brackets) before whitespace; spans are
    trimmed of surrounding whitespace and never cross a turn boundary.
    """
    blocks: list[tuple[int, int]] = []
    pos = 0
    for turn in turns:
        if pos < turn.start:
            blocks.extend(_lines(text, pos, turn.start))
        blocks.append((content_start(text, turn), turn.end))
        pos = turn.end
    blocks.extend(_lines(text, pos, len(text)))
    spans = []
    for start, end in blocks:
        cursor = start
        for match in _SENTENCE_END.finditer(text, start, end):
            spans.append(_trim(text, cursor, match.end()))
            cursor = match.end()
        spans.append(_trim(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The span containing `offset`, or the next one after it."""
    starts = [s for s, _ in spans]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return spans[i + 1] if i + 1 < len(spans) else None


def next_start(spans: list[tuple[int, int]], offset: int, forward: bool) -> int | None:
    """Start of the next (or previous) span from `offset`."""
    starts = [s for s, _ in spans]
    if forward:
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else None
    i = bisect_right(starts, offset - 1) - 1
    return starts[i] if i >= 0 else None


def word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]
