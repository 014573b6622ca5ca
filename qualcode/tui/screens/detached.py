"""The codings that a new version of a source's text detached (X): each with its code, coder
and the words it coded, to place again or drop. Nothing here is lost without the researcher
choosing it, and each choice is one journaled action (u in the workbench undoes it).

p places the highlighted one at the selection in the workbench (select the place first:
Enter goes to its source, near where it was); f places it by a quote, its old words offered
for editing to the new wording; d drops it after a typed yes.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from qualcode.errors import QualcodeError
from qualcode.model import DetachedCoding
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.footer import Footer

YES = ("y", "yes", "ya")


class DetachedScreen(Screen[None]):
    DEFAULT_CSS = """
    #detached { height: 1fr; }
    #detached-title, #detached-quote { height: auto; padding: 0 1; }
    #detached-quote { border-top: solid $panel; max-height: 8; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detached.back"),
        Binding("p", "place", "Place at the selection", id="detached.place"),
        Binding("f", "find", "Place by a quote", id="detached.find"),
        Binding("d", "drop", "Drop", id="detached.drop"),
        Binding("enter", "go", "Go to its source", id="detached.go"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DetachedCoding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="detached-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="detached")
        yield Static(id="detached-quote")
        yield Static(id="detached-status", classes="status")
        yield Footer()

    @property
    def store(self):
        return self.app.project.store

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "quote", "code", "coder", "stance", "source", "was")
        self.show()
        opened = self.app.main.source
        first = next((i for i, d in enumerate(self.rows) if d.source == opened), 0)
        if self.rows:
            table.move_cursor(row=first)
        table.focus()

    def show(self) -> None:
        """The detached codings as the store has them now, the cursor kept on its row."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.rows = self.store.detached_codings()
        table.clear()
        for d in self.rows:
            quote = " ".join(d.quote.split())
            table.add_row(str(d.id), quote if len(quote) <= 40 else quote[:39] + "…", d.code,
                          d.coder, d.stance, d.source, f"{d.start}–{d.end}", key=str(d.id))
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))
        main = self.app.main
        where = (f"the selection in {main.source} ({main.transcript.selected_span[0]}–"
                 f"{main.transcript.selected_span[1]})" if main.source and
                 main.transcript.selected_span else "the selection (none yet)")
        self.query_one("#detached-title", Static).update(
            f"Detached codings — {len(self.rows)}: their text changed and they could not be "
            f"placed. p: place at {where} · f: place by a quote · d: drop · Enter: go to its "
            "source to select the place · Escape: back" if self.rows else
            "No detached codings: every coding is placed. Escape: back")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted coding in full: its words, code, coder and memo."""
        d = self.rows[event.cursor_row] if 0 <= event.cursor_row < len(self.rows) else None
        self.query_one("#detached-quote", Static).update(
            "" if d is None else f"{d.id} · {d.code} ({d.stance}) · {d.coder} · "
            f"{d.source}, was {d.start}–{d.end}\n“{' '.join(d.quote.split())}”"
            + (f"\nmemo: {d.memo}" if d.memo else ""))

    def say(self, message: str) -> None:
        self.query_one("#detached-status", Static).update(message)

    def _current(self) -> DetachedCoding | None:
        if not self.rows:
            self.say("Nothing to review.")
            return None
        return self.rows[self.query_one(DataTable).cursor_row]

    # ------------------------------------------------------------------ actions

    def action_place(self) -> None:
        d = self._current()
        if d is None:
            return
        main = self.app.main
        span = main.transcript.selected_span
        if main.source != d.source or span is None:
            self.say(f"Select where it goes in {d.source} first: Enter takes you there; "
                     "select the words, then X and p.")
            return
        self._place(d, span)

    def action_find(self) -> None:
        d = self._current()
        if d is None:
            return

        def found(quote: str | None) -> None:
            if quote is None:
                return
            from qualcode.ingest.corrections import quote_span

            try:
                span = quote_span(self.app.project, d, quote)
            except QualcodeError as exc:
                self.say("; ".join(exc.problems))
                return
            self._place(d, span)

        self.app.push_screen(PromptScreen(
            f"Place {d.id} ({d.code}) on these words:", d.quote,
            "edit to the new wording — Enter places (the match nearest where it was), "
            "Escape cancels"), found)

    def action_drop(self) -> None:
        d = self._current()
        if d is None:
            return

        def drop(answer: str | None) -> None:
            if answer is None or answer.strip().lower() not in YES:
                self.say(f"Not dropped: {d.id} stays detached.")
                return
            try:
                self.store.drop_detached(d.id, self.app.project.coder, d.version)
            except QualcodeError as exc:
                self.say("; ".join(exc.problems))
                return
            self.show()
            self.say(f"✓ saved {datetime.now():%H:%M:%S} — dropped {d.id} (u in the "
                     "workbench undoes it)")

        self.app.push_screen(PromptScreen(
            f"Drop detached coding {d.id} ({d.code}, {d.stance}, {d.coder})? Type yes.", "",
            "yes drops it — Enter, Escape cancels"), drop)

    def action_go(self) -> None:
        d = self._current()
        if d is not None:
            self._go(d)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        d = self._current()
        if d is not None:
            self._go(d)

    def _go(self, d: DetachedCoding) -> None:
        """To its source, near where it was (its old offsets are of the earlier text)."""
        main = self.app.main
        try:
            if main.source != d.source:
                main.open_source(d.source)
        except QualcodeError as exc:
            self.say("; ".join(exc.problems))
            return
        at = min(d.start, len(main.text))
        self.app.jump_to(d.source, at, at)
        main.say(f"Select where detached coding {d.id} ({d.code}, {d.coder}) goes, then X "
                 f"and p. It coded: “{' '.join(d.quote.split())[:70]}”")

    def _place(self, d: DetachedCoding, span: tuple[int, int]) -> None:
        try:
            coding = self.store.place_detached(d.id, *span, self.app.project.coder,
                                               d.version)
        except QualcodeError as exc:
            self.say("; ".join(exc.problems))
            return
        main = self.app.main
        if main.source == coding.source:
            main.codings_changed(coding)
        self.show()
        self.say(f"✓ saved {datetime.now():%H:%M:%S} — placed {d.id} at {coding.start}–"
                 f"{coding.end} (u in the workbench undoes it)")
