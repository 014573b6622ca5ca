"""The adjudication queue: every unit two (or more) coders coded differently, settled with one
key each and written as a consensus coder; agreement before and after is shown.

Decisions are stored with the consensus (`store.rulings()`, "neither" too), so a queue opened
again shows what was decided, whose version was accepted, and starts at the first unit still
undecided.

Its keys mean nothing else in the workbench that could surprise: "neither" is `0` (no coder;
`n` is "next coding" elsewhere, so here it does nothing), and every decision is undone with `u`
(redone with ctrl+r or U), as in the workbench: the journal holds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from qualcode.analysis.agreement import AgreementReport, CoderComparison, Disagreement, adjudicate
from qualcode.errors import QualcodeError
from qualcode.model import JournalEntry, Ruling
from qualcode.tui.coders import CONSENSUS
from qualcode.tui.i18n import tr
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.tables import term

EDITED = "edited"  # what a ruling's `accepted` holds when the span was set by hand


def _when(stamp: str) -> str:
    """An ISO 8601 stamp as the local date and time people read."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def decided(accepted: tuple[str, ...]) -> str:
    """A ruling as the queue shows it: "accepted: ana", "neither", "edited"."""
    coders = [c for c in accepted if c != EDITED]
    parts = [tr("accepted: {coders}", coders=", ".join(coders))] if coders else []
    if EDITED in accepted:
        parts.append(tr("edited"))
    return "; ".join(parts) or tr("neither")


def _figures(report: AgreementReport) -> str:
    o = report.overall

    def f(x: float | None) -> str:
        return "—" if x is None else f"{x:.3f}"

    return tr("κ {kappa} · α {alpha} · {units} units", kappa=f(o.kappa), alpha=f(o.alpha),
              units=report.units)


class AdjudicationScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="adjudicate.back"),
        Binding("a", "accept(0)", "Accept first coder", id="adjudicate.first"),
        Binding("b", "accept(1)", "Accept second coder", id="adjudicate.second"),
        Binding("o", "both", "Both", id="adjudicate.both"),
        Binding("0", "neither", "Neither (no coder)", id="adjudicate.neither"),
        Binding("s", "edit('supports')", "Whole unit supports", id="adjudicate.supports"),
        Binding("x", "edit('contradicts')", "Whole unit contradicts",
                id="adjudicate.contradicts"),
        Binding("g", "go_to", "Go to the place", id="adjudicate.goto"),
        Binding("u", "undo", "Undo", id="adjudicate.undo"),
        Binding("ctrl+r,U", "redo", "Redo", id="adjudicate.redo", show=False),
    ]

    def __init__(self, coders: list[str]) -> None:
        super().__init__()
        self.coders = coders
        self.queue: list[Disagreement] = []
        self.settled: dict[int, str] = {}
        self.rulings: dict[tuple[str, int, int, str], Ruling] = {}
        self.decided_here = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="adjudicate-figures")
        yield DataTable(cursor_type="row", id="queue")
        yield Static(id="adjudicate-unit")
        yield Static(id="adjudicate-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.project.store
        comparison = CoderComparison(store, self.coders)
        self.before = _figures(comparison.report(bootstrap=0))
        self.queue = comparison.disagreements()
        self.rulings = {(r.source, r.start, r.end, r.code): r for r in store.rulings()
                        if r.consensus == CONSENSUS}
        table = self.query_one(DataTable)
        table.add_column("#")
        table.add_column(tr("decided"), width=len(decided(tuple(self.coders))),
                         key="decided")  # beside the number, so 80 columns show it
        table.add_columns(tr("source"), tr("unit"), tr("code"), *self.coders)
        for i, d in enumerate(self.queue):
            ruling = self.rulings.get(self._key(d))
            if ruling is not None:
                self.settled[i] = decided(ruling.accepted)
            table.add_row(i + 1, self.settled.get(i, ""), d.unit.source,
                          f"{d.unit.start}–{d.unit.end}", d.code,
                          *[self._value(d, c) for c in self.coders], key=str(i))
        table.focus()
        first = next((i for i in range(len(self.queue)) if i not in self.settled), None)
        if first:
            table.move_cursor(row=first)
        self._show()
        done = len(self.settled)
        self.say(tr("{done} of {total} already decided; resuming at the first undecided.",
                    done=done, total=len(self.queue)) if done else
                 tr("a / b accept a coder · o both · 0 neither · u undoes"))

    @staticmethod
    def _key(d: Disagreement) -> tuple[str, int, int, str]:
        return (d.unit.source, d.unit.start, d.unit.end, d.code)

    def say(self, message: str) -> None:
        self.query_one("#adjudicate-status", Static).update(message)

    @staticmethod
    def _value(d: Disagreement, coder: str) -> str:
        decision = d.decision(coder)
        if decision is None:
            return tr("(not coding this source)")
        return term(decision.stance) if decision.stance else "—"

    def _show(self) -> None:
        store = self.app.project.store
        after = ""
        if self.settled and CONSENSUS in store.coders():
            pairs = [tr("{coder} vs {consensus}: {figures}", coder=c, consensus=CONSENSUS,
                        figures=_figures(CoderComparison(store, [c, CONSENSUS])
                                         .report(bootstrap=0)))
                     for c in self.coders]
            after = "   " + tr("after: {pairs}", pairs="; ".join(pairs))
        self.query_one("#adjudicate-figures", Static).update(
            tr("Adjudication {coders} — {n} disagreements, {settled} settled. Before: "
               "{before}.", coders=" vs ".join(self.coders), n=len(self.queue),
               settled=len(self.settled), before=self.before) + after)
        d = self.current()
        if d is not None:
            words = " ".join(store.source_text(d.unit.source)[d.unit.start:d.unit.end].split())
            ruling = self.rulings.get(self._key(d))
            state = "" if ruling is None else "\n" + (
                tr("decided: {decision} (by {coder}, {when}); a new key decides again",
                   decision=decided(ruling.accepted), coder=ruling.decided_by,
                   when=_when(ruling.decided_at)) if ruling.decided_by else
                tr("decided: {decision}; a new key decides again",
                   decision=decided(ruling.accepted)))
        text = tr("No disagreements.") if d is None else (
            f"{d.code}\n“{words}”\n"
            + " · ".join(f"{c}: {self._value(d, c)}" for c in self.coders) + state
            + "\n" + tr("a / b accept a coder · o both · 0 neither · s / x whole unit supports "
                        "/ contradicts · u undo · g go to the place"))
        self.query_one("#adjudicate-unit", Static).update(text)

    def current(self) -> Disagreement | None:
        if not self.queue:
            return None
        return self.queue[self.query_one(DataTable).cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def _settle(self, accept: list[str], edit=()) -> None:
        d = self.current()
        if d is None:
            return
        store = self.app.project.store
        try:
            adjudicate(store, d, accept, CONSENSUS, edit, decided_by=self.app.project.coder)
            ruling = next(r for r in reversed(store.rulings())
                          if (r.source, r.start, r.end, r.code) == self._key(d)
                          and r.consensus == CONSENSUS)
        except QualcodeError as exc:
            self.say(tr("{problems} — not decided", problems="; ".join(exc.problems)))
            return
        self.rulings[self._key(d)] = ruling
        self.decided_here = True
        table = self.query_one(DataTable)
        index = table.cursor_row
        self.settled[index] = decided(ruling.accepted)
        table.update_cell(str(index), "decided", self.settled[index])
        if index + 1 < len(self.queue):
            table.move_cursor(row=index + 1)
        self.say(tr("✓ saved — {code} on {source} {start}–{end}: {decision}", code=d.code,
                    source=d.unit.source, start=d.unit.start, end=d.unit.end,
                    decision=self.settled[index]))
        self._show()

    def action_accept(self, which: int) -> None:
        d = self.current()
        if d is not None and which < len(d.decisions):
            self._settle([d.decisions[which].coder])

    def action_both(self) -> None:
        d = self.current()
        if d is not None:
            self._settle([x.coder for x in d.decisions])

    def action_neither(self) -> None:
        self._settle([])

    def action_edit(self, stance: str) -> None:
        d = self.current()
        if d is not None:
            self._settle([], [(d.unit.start, d.unit.end, stance)])

    # ------------------------------------------------------------------ undo, redo

    def action_undo(self) -> None:
        self._journal(self.app.project.store.undo, undo=True)

    def action_redo(self) -> None:
        self._journal(self.app.project.store.redo, undo=False)

    def _journal(self, act: Callable[[str], JournalEntry | None], undo: bool) -> None:
        """Undo or redo the coder's last action (a decision here, or what they did before
        in the workbench: the status line says which); the queue shows the rulings anew."""
        try:
            entry = act(self.app.project.coder)
        except QualcodeError as exc:
            self.say("; ".join(exc.problems) or str(exc))
            return
        if entry is None:
            self.say(tr("Nothing of yours to be undone.") if undo else
                     tr("Nothing of yours to be redone."))
            return
        self.decided_here = True  # the workbench reads the codings again on the way back
        store = self.app.project.store
        self.rulings = {(r.source, r.start, r.end, r.code): r for r in store.rulings()
                        if r.consensus == CONSENSUS}
        table = self.query_one(DataTable)
        for i, d in enumerate(self.queue):
            ruling = self.rulings.get(self._key(d))
            now = "" if ruling is None else decided(ruling.accepted)
            if self.settled.get(i, "") != now:
                table.update_cell(str(i), "decided", now)
                if entry.action == "adjudicate":
                    table.move_cursor(row=i)  # the unit whose decision changed
            if now:
                self.settled[i] = now
            else:
                self.settled.pop(i, None)
        self._show()
        at = f"{datetime.now():%H:%M:%S}"
        self.say(tr("✓ saved {time} — undone: {summary}", time=at, summary=entry.summary)
                 if undo else
                 tr("✓ saved {time} — redone: {summary}", time=at, summary=entry.summary))

    def _leave(self) -> None:
        if self.decided_here:  # the workbench shows the consensus codings as they are now
            self.app.main.reread()

    def action_back(self) -> None:
        self._leave()
        self.app.pop_screen()

    def action_go_to(self) -> None:
        d = self.current()
        if d is not None:
            self._leave()
            self.app.jump_to(d.unit.source, d.unit.start, d.unit.end)
