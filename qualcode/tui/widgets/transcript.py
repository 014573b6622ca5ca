"""The transcript pane: a read-only TextArea that marks coded spans, and a margin of codes."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea

from qualcode.ingest.textnav import LineIndex
from qualcode.model import Code, Coding, Turn

PALETTE = ("#e5c07b", "#61afef", "#98c379", "#c678dd", "#56b6c2", "#e06c75", "#d19a66",
           "#a9dc76", "#78dce8", "#ff6188", "#fc9867", "#ab9df2")


_CHOSEN: dict[str, str] = {}  # the colours researchers gave codes (`qualcode code color`)


def set_colours(codes: Iterable[Code]) -> None:
    """Take the codes' own colours (the app calls this whenever it reads the codebooks)."""
    chosen = {c.id: c.color for c in codes if c.color}
    if chosen != _CHOSEN:
        _CHOSEN.clear()
        _CHOSEN.update(chosen)
        _style.cache_clear()


def code_color(code: str) -> str:
    """A code's own colour, else one of the palette's, the same for the code every time."""
    if code in _CHOSEN:
        return _CHOSEN[code]
    digest = hashlib.blake2s(code.encode(), digest_size=2).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def short(code: str) -> str:
    return code.split("/", 1)[-1]


class TranscriptArea(TextArea):
    """Read-only source text. Coded spans are underlined in their code's colour (underline
    survives NO_COLOR); overlaps are bold; contradicting codings are italic."""

    def __init__(self) -> None:
        super().__init__("", read_only=True, soft_wrap=True, show_cursor=True,
                         highlight_cursor_line=False, id="transcript")
        self.cursor_blink = False
        self.index = LineIndex("")
        self.researcher_rows: set[int] = set()
        self.hits: list[tuple[int, int]] = []  # search hits (sorted), marked in reverse video
        self.dimmed_rows: set[int] = set()  # the other speakers' lines, when filtered to one
        self.show_codings([])

    def show_source(self, text: str, codings: list[Coding], turns: list[Turn] = ()) -> None:
        """Show a source; the researcher's turns are dimmed (they are never evidence)."""
        self.load_text(text)
        self.index = LineIndex(text)
        self.hits, self.dimmed_rows = [], set()
        self.researcher_rows = {row for t in turns if t.is_researcher
                                for row in range(self.index.location(t.start)[0],
                                                 self.index.location(t.end)[0] + 1)}
        self.show_codings(codings)

    def show_codings(self, codings: list[Coding], changed: tuple[int, int] | None = None
                     ) -> tuple[int, int] | None:
        """Take a new set of codings and repaint: everything, or only the lines of the
        `changed` span. Marks are computed per line when a line is drawn, so the cost follows
        the screen, not the number of codings. Returns the repainted (virtual) rows."""
        self._codings = sorted(codings, key=lambda c: (c.start, c.end))
        self._starts = [c.start for c in self._codings]
        self._longest = max((c.end - c.start for c in self._codings), default=0)
        self._marks: dict[int, tuple[list[tuple[int, int, Style]], list[tuple[str, str]]]] = {}
        self.notify_style_update()
        if changed is None:
            self.refresh()
            return None
        first, _ = self.index.location(changed[0])
        last, _ = self.index.location(max(changed[0], changed[1] - 1))
        wrapped = self.wrapped_document
        top = wrapped.location_to_offset((first, 0)).y
        bottom = wrapped.location_to_offset((last, len(self.document.get_line(last)))).y
        self.refresh_lines(top, bottom - top + 1)
        return top, bottom - top + 1

    def show_hits(self, spans: list[tuple[int, int]]) -> None:
        """Mark search hits (sorted (start, end) spans; [] clears them) and repaint."""
        self.hits = sorted(spans)
        self._hit_starts = [a for a, _ in self.hits]
        self._hit_longest = max((b - a for a, b in self.hits), default=0)
        self.notify_style_update()  # (the lines drawn before are cached)
        self.refresh()

    def dim_except(self, spans: list[tuple[int, int]] | None) -> None:
        """Dim every line outside `spans` (one speaker's turns); None shows all alike."""
        rows: set[int] = set()
        if spans is not None:
            keep = {row for a, b in spans for row in range(self.index.location(a)[0],
                                                            self.index.location(b)[0] + 1)}
            rows = set(range(self.document.line_count)) - keep
        self.dimmed_rows = rows
        self.notify_style_update()
        self.refresh()

    def _line_hits(self, row: int) -> list[tuple[int, int]]:
        if not self.hits:
            return []
        line_start, line_end = self.index.line_span(row)
        low = bisect_left(self._hit_starts, line_start - self._hit_longest)
        high = bisect_left(self._hit_starts, line_end + 1)
        return [(max(a, line_start) - line_start, min(b, line_end) - line_start)
                for a, b in self.hits[low:high] if b > line_start and a <= line_end]

    def shown_codes(self) -> set[str]:
        return {c.code for c in self._codings}

    def codes_on_line(self, row: int) -> list[tuple[str, str]]:
        """(label, code id) of the codings touching a line, for the margin."""
        return self._line_marks(row)[1]

    def _line_marks(self, row: int) -> tuple[list[tuple[int, int, Style]], list[tuple[str, str]]]:
        cached = self._marks.get(row)
        if cached is not None:
            return cached
        line_start, line_end = self.index.line_span(row)
        low = bisect_left(self._starts, line_start - self._longest)
        high = bisect_left(self._starts, line_end + 1)
        spans: list[tuple[int, int, Style]] = []
        codes: list[tuple[str, str]] = []
        for c in self._codings[low:high]:
            if c.end <= line_start or c.start > line_end:
                continue
            a, b = max(c.start, line_start) - line_start, min(c.end, line_end) - line_start
            if b > a:
                spans.append((a, b, _style(c.code, c.stance)))
            mark = (short(c.code) + ("¬" if c.stance == "contradicts" else ""), c.code)
            if mark not in codes:
                codes.append(mark)
        spans.extend(_overlaps(spans))
        self._marks[row] = (spans, codes)
        return spans, codes

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if line_index in self.researcher_rows or line_index in self.dimmed_rows:
            line.stylize(_RESEARCHER)
        for start, end, style in self._line_marks(line_index)[0]:
            line.stylize(style, start, end)
        for start, end in self._line_hits(line_index):
            line.stylize(_HIT, start, end)
        return line

    # ------------------------------------------------------------ offsets

    @property
    def cursor_offset(self) -> int:
        return self.index.offset(*self.cursor_location)

    @property
    def selected_span(self) -> tuple[int, int] | None:
        start, end = sorted(self.selection)
        a, b = self.index.offset(*start), self.index.offset(*end)
        return (a, b) if b > a else None

    def select_span(self, start: int, end: int) -> None:
        self.selection = type(self.selection)(self.index.location(start),
                                              self.index.location(end))
        self.scroll_cursor_visible(center=True)

    def move_to(self, offset: int, select: bool = False) -> None:
        self.move_cursor(self.index.location(offset), select=select)
        self.scroll_cursor_visible()

    def shows(self, offset: int) -> bool:
        """Whether the place `offset` is on screen now."""
        y = self.wrapped_document.location_to_offset(self.index.location(offset)).y
        return self.scroll_y <= y < self.scroll_y + self.scrollable_content_region.height

    def row_at(self, y: int) -> tuple[int, bool] | None:
        """The document line shown at visual row `y` (from the top of the view), and whether
        that row is the line's first (wrapped) row."""
        wrapped = self.wrapped_document
        target = y + int(self.scroll_y)
        if target >= self.virtual_size.height:  # (WrappedDocument.height sums every line)
            return None
        row, column = wrapped.offset_to_location(Offset(0, target))
        first_row = wrapped.location_to_offset((row, 0)).y
        return row, first_row == target


_OVERLAP = Style(bold=True)
_RESEARCHER = Style(dim=True)
_HIT = Style(reverse=True)  # a search hit (reverse video survives NO_COLOR)


@lru_cache(maxsize=1024)
def _style(code: str, stance: str) -> Style:
    return Style(underline=True, color=code_color(code), italic=stance == "contradicts")


def _overlaps(marks: list[tuple[int, int, Style]]) -> list[tuple[int, int, Style]]:
    """Bold where two or more marks of a line overlap (one sweep over sorted ends)."""
    events = sorted([(a, 1) for a, _, _ in marks] + [(b, -1) for _, b, _ in marks])
    out, depth, since = [], 0, 0
    for position, step in events:
        if depth >= 2 and position > since:
            out.append((since, position, _OVERLAP))
        depth += step
        since = position
    return out


class Margin(Widget):
    """The codes on each transcript line, beside the transcript, scrolled with it."""

    DEFAULT_CSS = "Margin { width: 16; }"

    def __init__(self, transcript: TranscriptArea) -> None:
        super().__init__(id="margin")
        self.transcript = transcript

    def on_mount(self) -> None:
        # The rows the margin labels move when the transcript scrolls and when its lines wrap
        # anew: a source opened (wrapped once it has a size), a resize, a pane shown or hidden.
        self.watch(self.transcript, "scroll_y", lambda _: self.refresh())
        self.watch(self.transcript, "virtual_size", lambda _: self.refresh())

    def refresh_rows(self, rows: tuple[int, int] | None) -> None:
        """Repaint the margin beside the given virtual rows of the transcript (or all)."""
        if rows is None:
            self.refresh()
        else:
            top = rows[0] - int(self.transcript.scroll_y)
            self.refresh(Region(0, top, self.size.width, rows[1]))

    def render_line(self, y: int) -> Strip:
        located = self.transcript.row_at(y)
        width = self.size.width
        # every segment gets a style (the widget's own as the base): Textual's NO_COLOR filter
        # reads each segment's style and fails on a bare one
        base = self.rich_style
        if located is None or not located[1]:
            return Strip.blank(width, base)
        text = Text(no_wrap=True, overflow="ellipsis", style=base)
        for label, code in self.transcript.codes_on_line(located[0]):
            text.append(label + " ", Style(color=code_color(code)))
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(text.render(self.app.console)), width).apply_style(base)
