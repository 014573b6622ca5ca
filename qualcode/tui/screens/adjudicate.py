"""The adjudication queue: every unit two (or more) coders coded differently, settled with one
key each and written as a consensus coder; agreement before and after is shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qualcode.analysis.agreement import AgreementReport, CoderComparison, Disagreement, adjudicate
from qualcode.errors import QualcodeError

CONSENSUS = "consensus"


def _figures(report: AgreementReport) -> str:
    o = report.overall

    def f(x: float | None) -> str:
        return "—" if x is None else f"{x:.3f}"

    return f"κ {f(o.kappa)} · α {f(o.alpha)} · {report.units} units"


class AdjudicationScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="adjudicate.back"),
        Binding("a", "accept(0)", "Accept first coder", id="adjudicate.first"),
        Binding("b", "accept(1)", "Accept second coder", id="adjudicate.second"),
        Binding("o", "both", "Both", id="adjudicate.both"),
        Binding("n", "neither", "Neither", id="adjudicate.neither"),
        Binding("s", "edit('supports')", "Whole unit supports", id="adjudicate.supports"),
        Binding("x", "edit('contradicts')", "Whole unit contradicts",
                id="adjudicate.contradicts"),
        Binding("g", "go_to", "Go to the place", id="adjudicate.goto"),
    ]

    def __init__(self, coders: list[str]) -> None:
        super().__init__()
        self.coders = coders
        self.queue: list[Disagreement] = []
        self.settled: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="adjudicate-figures")
        yield DataTable(cursor_type="row", id="queue")
        yield Static(id="adjudicate-unit")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.project.store
        comparison = CoderComparison(store, self.coders)
        self.before = _figures(comparison.report())
        self.queue = comparison.disagreements()
        table = self.query_one(DataTable)
        table.add_columns("#", "source", "unit", "code", *self.coders, "settled")
        for i, d in enumerate(self.queue):
            table.add_row(i + 1, d.unit.source, f"{d.unit.start}–{d.unit.end}", d.code,
                          *[self._value(d, c) for c in self.coders], "", key=str(i))
        table.focus()
        self._show()

    @staticmethod
    def _value(d: Disagreement, coder: str) -> str:
        decision = d.decision(coder)
        if decision is None:
            return "(not coding this source)"
        return decision.stance or "—"

    def _show(self) -> None:
        store = self.app.project.store
        after = ""
        if self.settled and CONSENSUS in store.coders():
            pairs = [f"{c} vs {CONSENSUS}: "
                     + _figures(CoderComparison(store, [c, CONSENSUS]).report())
                     for c in self.coders]
            after = "   after: " + "; ".join(pairs)
        self.query_one("#adjudicate-figures", Static).update(
            f"Adjudication {' vs '.join(self.coders)} — {len(self.queue)} disagreements, "
            f"{len(self.settled)} settled. Before: {self.before}.{after}")
        d = self.current()
        if d is not None:
            words = " ".join(store.source_text(d.unit.source)[d.unit.start:d.unit.end].split())
        text = "No disagreements." if d is None else (
            f"{d.code}\n“{words}”\n"
            + " · ".join(f"{c}: {self._value(d, c)}" for c in self.coders)
            + "\na / b accept a coder · o both · n neither · s / x whole unit supports / "
              "contradicts · g go to the place")
        self.query_one("#adjudicate-unit", Static).update(text)

    def current(self) -> Disagreement | None:
        if not self.queue:
            return None
        return self.queue[self.query_one(DataTable).cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def _settle(self, label: str, accept: list[str], edit=()) -> None:
        d = self.current()
        if d is None:
            return
        try:
            adjudicate(self.app.project.store, d, accept, CONSENSUS, edit)
        except QualcodeError as exc:
            self.app.notify(str(exc), severity="error")
            return
        table = self.query_one(DataTable)
        index = table.cursor_row
        self.settled[index] = label
        table.update_cell(str(index), table.ordered_columns[-1].key, label)
        if index + 1 < len(self.queue):
            table.move_cursor(row=index + 1)
        self._show()

    def action_accept(self, which: int) -> None:
        d = self.current()
        if d is not None and which < len(d.decisions):
            coder = d.decisions[which].coder
            self._settle(f"accept {coder}", [coder])

    def action_both(self) -> None:
        d = self.current()
        if d is not None:
            self._settle("both", [x.coder for x in d.decisions])

    def action_neither(self) -> None:
        self._settle("neither", [])

    def action_edit(self, stance: str) -> None:
        d = self.current()
        if d is not None:
            self._settle(f"unit {stance}", [], [(d.unit.start, d.unit.end, stance)])

    def action_go_to(self) -> None:
        d = self.current()
        if d is not None:
            self.app.jump_to(d.unit.source, d.unit.start, d.unit.end)
