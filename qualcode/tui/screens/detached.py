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
from qualcode.tui.i18n import tr
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.tables import term

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
        table.add_columns(tr("id"), tr("quote"), tr("code"), tr("coder"), tr("stance"),
                          tr("source"), tr("was"))
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
                          d.coder, term(d.stance), d.source, f"{d.start}–{d.end}",
                          key=str(d.id))
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1))
        main = self.app.main
        where = (tr("the selection in {source} ({start}–{end})", source=main.source,
                    start=main.transcript.selected_span[0],
                    end=main.transcript.selected_span[1]) if main.source and
                 main.transcript.selected_span else tr("the selection (none yet)"))
        self.query_one("#detached-title", Static).update(
            tr("Detached codings — {n}: their text changed and they could not be placed. "
               "p: place at {where} · f: place by a quote · d: drop · Enter: go to its source "
               "to select the place · Escape: back", n=len(self.rows), where=where)
            if self.rows else tr("No detached codings: every coding is placed. Escape: back"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted coding in full: its words, code, coder and memo."""
        d = self.rows[event.cursor_row] if 0 <= event.cursor_row < len(self.rows) else None
        self.query_one("#detached-quote", Static).update(
            "" if d is None else tr("{id} · {code} ({stance}) · {coder} · {source}, was "
                                    "{start}–{end}", id=d.id, code=d.code, stance=term(d.stance),
                                    coder=d.coder, source=d.source, start=d.start, end=d.end)
            + f"\n“{' '.join(d.quote.split())}”"
            + ("\n" + tr("memo: {memo}", memo=d.memo) if d.memo else ""))

    def say(self, message: str) -> None:
        self.query_one("#detached-status", Static).update(message)

    def _current(self) -> DetachedCoding | None:
        if not self.rows:
            self.say(tr("Nothing to review."))
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
            self.say(tr("Select where it goes in {source} first: Enter takes you there; "
                        "select the words, then X and p.", source=d.source))
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
            tr("Place {id} ({code}) on these words:", id=d.id, code=d.code), d.quote,
            tr("edit to the new wording — Enter places (the match nearest where it was), "
               "Escape cancels")), found)

    def action_drop(self) -> None:
        d = self._current()
        if d is None:
            return

        def drop(answer: str | None) -> None:
            if answer is None or answer.strip().lower() not in YES:
                self.say(tr("Not dropped: {id} stays detached.", id=d.id))
                return
            try:
                self.store.drop_detached(d.id, self.app.project.coder, d.version)
            except QualcodeError as exc:
                self.say("; ".join(exc.problems))
                return
            self.show()
            self.say(tr("✓ saved {time} — dropped {id} (u in the workbench undoes it)",
                        time=f"{datetime.now():%H:%M:%S}", id=d.id))

        self.app.push_screen(PromptScreen(
            tr("Drop detached coding {id} ({code}, {stance}, {coder})? Type yes.", id=d.id,
               code=d.code, stance=term(d.stance), coder=d.coder), "",
            tr("yes drops it — Enter, Escape cancels")), drop)

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
        main.say(tr("Select where detached coding {id} ({code}, {coder}) goes, then X and p. "
                    "It coded: “{quote}”", id=d.id, code=d.code, coder=d.coder,
                    quote=" ".join(d.quote.split())[:70]))

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
        self.say(tr("✓ saved {time} — placed {id} at {start}–{end} (u in the workbench undoes "
                    "it)", time=f"{datetime.now():%H:%M:%S}", id=d.id, start=coding.start,
                    end=coding.end))
