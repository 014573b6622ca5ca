"""The suggestions panel: the model's proposals for the current source, most informative
first; a accepts, r rejects, k skips. Suggestions are never evidence until accepted.

The panel only asks (a `Chosen` message); the screen stores the decision and, once it is
saved, calls `drop` so a refused one (busy project, ...) stays in the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from qualcode.suggest.engine import Suggestion


class SuggestionsPanel(Vertical):
    class Chosen(Message):
        """The researcher accepted, rejected or moved to a suggestion."""

        def __init__(self, action: str, suggestion: Suggestion) -> None:
            super().__init__()
            self.action = action  # "accept" | "reject" | "show"
            self.suggestion = suggestion

    BINDINGS = [
        Binding("a", "decide('accept')", "Accept suggestion", id="suggest.accept"),
        Binding("r", "decide('reject')", "Reject suggestion", id="suggest.reject"),
        Binding("k", "skip", "Skip suggestion", id="suggest.skip"),
    ]

    def __init__(self) -> None:
        super().__init__(id="suggestions", classes="hidden")
        self.items: list[Suggestion] = []
        self.keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Suggestions", id="suggestions-title")
        yield DataTable(cursor_type="row", id="suggestions-table")

    def waiting(self, source: str) -> None:
        self.items, self.keys = [], []
        self.query_one(DataTable).clear(columns=True)
        self.query_one("#suggestions-title", Static).update(
            f"Suggestions for {source}: reading the text and the model…")

    def show(self, source: str, items: list[Suggestion]) -> None:
        self.items = list(items)
        self.keys = [str(i) for i in range(len(self.items))]
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("code", "stance", "score", "text")
        for s, key in zip(self.items, self.keys, strict=True):
            table.add_row(s.code.split("/", 1)[1], s.stance[:6], f"{s.score:.2f}",
                          " ".join(s.text.split())[:60], key=key)
        version = items[0].model_version if items else "—"
        self.query_one("#suggestions-title", Static).update(
            f"Suggestions for {source} ({len(items)}, model {version}) — a accept · r reject "
            "· k skip; not evidence until accepted")
        if self.items:
            table.focus()
            self._show_current()

    def current(self) -> Suggestion | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def _show_current(self) -> None:
        s = self.current()
        if s is not None:
            self.post_message(self.Chosen("show", s))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_current()

    def drop(self, suggestion: Suggestion) -> None:
        """Take a decided suggestion out of the list."""
        if suggestion not in self.items:
            return
        index = self.items.index(suggestion)
        del self.items[index]
        self.query_one(DataTable).remove_row(self.keys.pop(index))
        self._show_current()

    def action_decide(self, action: str) -> None:
        s = self.current()
        if s is not None:
            self.post_message(self.Chosen(action, s))

    def action_skip(self) -> None:
        table = self.query_one(DataTable)
        if self.items:
            table.move_cursor(row=(table.cursor_row + 1) % len(self.items))
