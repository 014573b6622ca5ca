"""Positions in a source text: line/column ↔ code-point offset, and the units a coder moves
and selects by (words, sentences within turns, turns)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from qualcode.ingest.transcripts import TURN_LINE
from qualcode.model import Turn

_WORD = re.compile(r"\w[\w'-]*")

Span = tuple[int, int, str | None]  # start, end, speaker (None outside turns)


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


def units(text: str, turns: Sequence[Turn], kind: str = "sentence") -> list[Span]:
    """(start, end, speaker) of a source's units in text order: the sentences (or the whole
    words) of each turn, after its timestamp and label; outside turns, the sentences (or the
    lines) of each line, speaker None. Spans are trimmed of whitespace."""
    spans = [(t.start, t.end, t.speaker) for t in turns]
    return [span for region in regions(text, spans)
            for span in split_region(text, region, kind)]


def sentences(text: str, turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """Sentence spans within turns and within the text outside them."""
    return [(start, end) for start, end, _ in units(text, turns, "sentence")]


# A sentence ends at . ? ! … (with closing quotes or brackets) followed by whitespace, but not
# after these abbreviations (places, titles before and after a name, Indonesian degrees such as
# S.Kep. or M.Kes., company forms) or a single-letter initial ("H. Ahmad"); after a list's end
# (dll., dsb., dst., etc.) only when the next word starts with a capital. _END finds the
# candidates (a pattern the regex engine scans fast); _split_region checks what follows them.
_END = re.compile(r"[.?!…][.?!…\"'”’)\]]*")
_ABBREVIATIONS = frozenset((
    "kab kec kel ds prov tgl no jl jln rp hlm thn bln kep perbup perwali "
    "dr drg dra drs ir prof hj bpk bp sdr sdri yth ybs a.n u.p vs mr mrs ms e.g i.e "
    "s.kep s.k.m s.km s.kes s.st s.tr.kes s.sos s.e s.h s.pd s.si s.ip s.ked s.farm s.gz "
    "m.kes m.k.m m.si m.m m.ap m.pd m.sc m.ph mph a.md amd ners apt ns "
    "pt cv ud tbk").split())
_LIST_ENDS = frozenset("dll dsb dst etc".split())
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS | _LIST_ENDS))


def regions(text: str, turns: Sequence[Span]) -> list[Span]:
    """The turns (with their labels, see split_region) and the stretches of text between."""
    regions: list[Span] = []
    pos = 0
    for start, end, speaker in turns:
        if pos < start and not text[pos:start].isspace():
            regions.append((pos, start, None))
        regions.append((start, end, speaker))
        pos = max(pos, end)
    if pos < len(text):
        regions.append((pos, len(text), None))
    return regions


def split_region(text: str, region: Span, kind: str) -> list[Span]:
    """A region's units: a turn's words (after its timestamp and label) are one unit or its
    sentences; text outside turns gives its lines, or their sentences."""
    start, end, speaker = region
    if speaker is not None:
        label = TURN_LINE.match(text, start, end)
        blocks = [(label.end() if label else start, end)]
    else:
        blocks = _lines(text, start, end)
    spans: list[Span] = []
    for start, end in blocks:
        piece = start
        if kind == "sentence":
            for match in _END.finditer(text, start, end):
                cut = match.end()
                if cut < end and text[cut].isspace() and \
                        not _abbreviation(text, match.start(), cut, end):
                    _add_trimmed(spans, text, piece, cut, speaker)
                    piece = cut
        _add_trimmed(spans, text, piece, end, speaker)
    return spans


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = []
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        lines.append((start, stop))
        start = stop + 1
    return lines


def _abbreviation(text: str, dot: int, cut: int, end: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation or an initial, not a sentence
    (`cut`: where the candidate ends, `end`: the end of its block)."""
    if text[dot] != ".":
        return False
    low = max(0, dot - _LONGEST_ABBREVIATION - 1)
    words = text[low:dot].split()
    if not words or (low > 0 and len(words[0]) == dot - low and not text[low - 1].isspace()):
        return False  # nothing before the stop, or a word longer than any abbreviation
    word = words[-1].lstrip("([\"'“‘")
    if word.lower() in _LIST_ENDS:
        after = text[cut:end].lstrip()
        return not after[:1].isupper()
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _add_trimmed(spans: list, text: str, start: int, end: int, speaker: str | None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end, speaker))


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


def researcher_only(turns: Sequence[Turn], starts: Sequence[int], start: int, end: int
                    ) -> tuple[str, ...]:
    """The researcher labels of a span that meets only researcher turns (the evidence engine
    sets such a coding aside: analysis.evidence.speakers_of), else (). `starts` are the turns'
    starts, in text order."""
    met = []
    i = bisect_right(starts, end - 1) - 1
    while i >= 0 and turns[i].end > start:
        met.append(turns[i])
        i -= 1
    if met and all(t.is_researcher for t in met):
        return tuple(sorted({t.speaker for t in met}))
    return ()
