"""A list of coded excerpts (retrieval of a code, or the evidence behind an indicator or a
matrix cell). Enter jumps to the excerpt's place in its transcript."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


@dataclass(frozen=True)
class Row:
    source: str
    site: str
    method: str
    informants: str
    start: int
    end: int
    stance: str
    coders: str
    text: str


class ExcerptsScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="excerpts.back"),
                Binding("enter", "jump", "Go to place", id="excerpts.jump")]

    def __init__(self, title: str, rows: list[Row]) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.heading} — {len(self.rows)} excerpt(s); Enter: go to the place",
                     id="excerpts-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="excerpts")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("site", "source", "method", "informant", "at", "stance", "coder",
                          "excerpt")
        for i, r in enumerate(self.rows):
            excerpt = " ".join(r.text.split())
            table.add_row(r.site, r.source, r.method, r.informants or "—",
                          f"{r.start}–{r.end}", r.stance, r.coders,
                          excerpt if len(excerpt) <= 90 else excerpt[:87] + "...", key=str(i))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._jump(int(event.row_key.value))

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if self.rows:
            self._jump(table.cursor_row)

    def _jump(self, index: int) -> None:
        row = self.rows[index]
        self.app.jump_to(row.source, row.start, row.end)
