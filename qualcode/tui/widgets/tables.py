"""Filling a DataTable in one go with columns sized to what they hold.

Textual's auto-width columns keep the width of the header when a table is cleared and filled
again, so evidence such as `+0 / −1` was cut to `+0`. Here every column is as wide as its
widest cell; a long label (an indicator, a quote) wraps onto more lines of its row instead of
being cut, and the rest of the row is never cut.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from qualcode.tui.i18n import marked, tr

# The engine's fixed words that tables show (indicator statuses, verdict kinds, stances,
# methods, convergence, what a matrix's columns are): held in English by the data, shown in
# the interface language (`term`).
TERMS = frozenset((
    marked("confirmed"), marked("supported"), marked("contested"), marked("refuted"),
    marked("absent"), marked("insufficient-evidence"), marked("tied"),
    marked("supports"), marked("contradicts"),
    marked("interview"), marked("fgd"), marked("observation"), marked("document"),
    marked("agreement"), marked("partial agreement"), marked("silence"), marked("dissonance"),
    marked("none"),
    marked("informant"), marked("method"), marked("coder"), marked("sector"), marked("group"),
    marked("role"), marked("organisation"), marked("(documents and notes)"), marked("(unknown)"),
    marked("time"), marked("(undated)"),
))


def term(value: str) -> str:
    """One of the engine's words (TERMS) in the interface language; anything else (an id, a
    name from the project) as it is."""
    return tr(value) if value in TERMS else value


def fill(table: DataTable, headers: Sequence[str], rows: Sequence[Sequence[object]],
         keys: Sequence[str] | None = None, wrap: dict[int, int] | None = None) -> None:
    """Replace the table's columns and rows, keeping the cursor where it was. `wrap` maps a
    column's index to the width its text wraps at."""
    wrap = wrap or {}
    cells = [[_text(value) for value in row] for row in rows]
    wrapped = [[_wrapped(value, wrap.get(i)) for i, value in enumerate(row)] for row in cells]
    widths = [max([_width(h), *(_width(row[i]) for row in wrapped if i < len(row))])
              for i, h in enumerate(headers)]
    cursor = table.cursor_coordinate
    table.clear(columns=True)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width)
    for n, row in enumerate(wrapped):
        height = max((value.count("\n") + 1 for value in row), default=1)
        table.add_row(*[Text(value) for value in row], height=height,
                      key=keys[n] if keys is not None else None)
    if table.row_count:
        table.cursor_coordinate = table.validate_cursor_coordinate(cursor)


def _text(value: object) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def _wrapped(value: str, width: int | None) -> str:
    if width is None or len(value) <= width:
        return value
    return "\n".join(textwrap.wrap(value, width, break_on_hyphens=False) or [""])


def _width(value: str) -> int:
    return max(len(line) for line in value.split("\n"))
