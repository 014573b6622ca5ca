"""The transcript pane: a read-only TextArea that marks coded spans, and a margin of codes."""

from __future__ import annotations

import hashlib

from rich.style import Style
from rich.text import Text
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea

from qualcode.model import Coding
from qualcode.textnav import LineIndex

PALETTE = ("#e5c07b", "#61afef", "#98c379", "#c678dd", "#56b6c2", "#e06c75", "#d19a66",
           "#a9dc76", "#78dce8", "#ff6188", "#fc9867", "#ab9df2")


def code_color(code: str) -> str:
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
        self.line_codes: dict[int, list[tuple[str, str]]] = {}  # row -> [(label, code id)]
        self._line_spans: dict[int, list[tuple[int, int, Style]]] = {}

    def show_source(self, text: str, codings: list[Coding]) -> None:
        self.load_text(text)
        self.index = LineIndex(text)
        self.show_codings(codings)

    def show_codings(self, codings: list[Coding]) -> None:
        """Recompute the per-line marks and repaint."""
        spans: dict[int, list[tuple[int, int, Style]]] = {}
        codes: dict[int, list[tuple[str, str]]] = {}
        depth: dict[int, list[tuple[int, int]]] = {}
        for c in codings:
            style = Style(underline=True, color=code_color(c.code),
                          italic=c.stance == "contradicts")
            first, _ = self.index.location(c.start)
            last, _ = self.index.location(max(c.start, c.end - 1))
            for row in range(first, last + 1):
                line_start, line_end = self.index.line_span(row)
                a, b = max(c.start, line_start) - line_start, min(c.end, line_end) - line_start
                if b > a:
                    spans.setdefault(row, []).append((a, b, style))
                    depth.setdefault(row, []).append((a, b))
                mark = (short(c.code) + ("¬" if c.stance == "contradicts" else ""), c.code)
                if mark not in codes.setdefault(row, []):
                    codes[row].append(mark)
        for row, ranges in depth.items():
            for i, (a, b) in enumerate(ranges):
                for a2, b2 in ranges[i + 1:]:
                    lo, hi = max(a, a2), min(b, b2)
                    if hi > lo:
                        spans[row].append((lo, hi, Style(bold=True)))
        self._line_spans = spans
        self.line_codes = codes
        self.notify_style_update()
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        for start, end, style in self._line_spans.get(line_index, ()):
            line.stylize(style, start, end)
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

    def row_at(self, y: int) -> tuple[int, bool] | None:
        """The document line shown at visual row `y` (from the top of the view), and whether
        that row is the line's first (wrapped) row."""
        wrapped = self.wrapped_document
        target = y + int(self.scroll_y)
        if target >= wrapped.height:
            return None
        row, column = wrapped.offset_to_location(Offset(0, target))
        first_row = wrapped.location_to_offset((row, 0)).y
        return row, first_row == target


class Margin(Widget):
    """The codes on each transcript line, beside the transcript, scrolled with it."""

    DEFAULT_CSS = "Margin { width: 22; }"

    def __init__(self, transcript: TranscriptArea) -> None:
        super().__init__(id="margin")
        self.transcript = transcript

    def render_line(self, y: int) -> Strip:
        located = self.transcript.row_at(y)
        width = self.size.width
        if located is None or not located[1]:
            return Strip.blank(width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for label, code in self.transcript.line_codes.get(located[0], []):
            text.append(label + " ", Style(color=code_color(code)))
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(text.render(self.app.console)), width)
