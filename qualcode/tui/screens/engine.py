"""Views over the evidence engine: verdicts with drill-down, triangulation matrix, comparison.

They only display what the core computes (qualcode.analysis.verdicts, matrices, compare). Each
is computed again whenever it is shown, so it follows every coding change, in a worker thread:
the keys never wait for the engine (the evidence itself is cached by the app between views).
Tables are filled once, with columns as wide as what they hold (widgets.tables.fill).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from qualcode.analysis.compare import compare
from qualcode.analysis.evidence import Evidence, IndicatorEvidence
from qualcode.analysis.matrices import BY, matrix
from qualcode.analysis.sensitivity import Sensitivities, Sensitivity
from qualcode.analysis.verdicts import Verdict, judge, judge_all
from qualcode.errors import QualcodeError
from qualcode.model import Codebook, attribute_names, written_date
from qualcode.tui.details import in_language
from qualcode.tui.i18n import language, number, tr
from qualcode.tui.screens.excerpts import ExcerptsScreen, Row
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.tables import fill, term

LABEL_WIDTH = 34  # where long indicator labels wrap


def excerpt_rows(app, items: list[Evidence]) -> list[Row]:
    texts: dict[str, str] = {}
    rows = []
    for e in sorted(items, key=lambda e: (e.source, e.start)):
        if e.source not in texts:
            texts[e.source] = app.project.store.source_text(e.source)
        rows.append(Row(e.source, e.site, e.method, ", ".join(e.informants), e.start, e.end,
                        e.stance, ", ".join(e.coders), texts[e.source][e.start:e.end]))
    return rows


@contextmanager
def _collection_after() -> Iterator[None]:
    """The engine makes millions of objects on a large project, and a full garbage collection
    over them holds the interpreter for a few hundred ms: keys wait. Collections wait until
    the computation ends; what it made (the evidence, kept by the app) is then frozen out of
    later collections. Frozen objects are still freed when nothing refers to them."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


class EngineView(Screen[None]):
    """A screen whose content the engine computes: `compute` runs in a worker thread each time
    the screen is shown (or `recompute` is called), then `show` lays the result out. Until then
    the title says it is computing; a refusal (a busy project) is shown instead."""

    status_id = "engine-status"

    def on_screen_resume(self) -> None:
        self.recompute()

    def recompute(self) -> None:
        self.query_one(f"#{self.status_id}", Static).update(tr("computing…"))
        self.run_worker(self._work, thread=True, exclusive=True, group="engine")

    def _work(self) -> None:
        try:
            with _collection_after():
                result = self.compute()
        except QualcodeError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self._done, result)

    def _done(self, result: Any) -> None:
        self.query_one(f"#{self.status_id}", Static).update("")
        self.show(result)

    def _refused(self, exc: QualcodeError) -> None:
        self.query_one(f"#{self.status_id}", Static).update("; ".join(exc.problems) or str(exc))

    def compute(self) -> Any:
        raise NotImplementedError

    def show(self, result: Any) -> None:
        raise NotImplementedError


class VerdictScreen(EngineView):
    """Sites × frameworks; Enter on a cell shows the indicators behind that verdict."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="verdicts.back"),
                Binding("enter", "drill", "Indicators", id="verdicts.drill")]

    sites: list[str] = []
    frameworks: list = []
    verdicts: dict[tuple[str, str], Verdict] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("Verdicts — Enter: the indicators behind a verdict"),
                     id="verdicts-title")
        yield Static(id=self.status_id)
        yield DataTable(cursor_type="cell", id="verdicts")
        yield Static(id="verdict-explanation")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def compute(self) -> tuple:
        base = self.app.evidence_base()
        books = self.app.project.store.codebooks()
        return base.sites, [b for b in books if b.is_framework], judge_all(base, books)

    def show(self, result: tuple) -> None:
        self.sites, self.frameworks, verdicts = result
        self.verdicts = {(v.site, v.framework.id): v for v in verdicts}
        rows = []
        for site in self.sites:
            cells = []
            for book in self.frameworks:
                v = self.verdicts[site, book.id]
                cells.append(_decided(book, v) if v.verdict else term(v.status))
            rows.append([site, *cells])
        fill(self.query_one(DataTable), [tr("site"), *[b.id for b in self.frameworks]], rows)
        self._explain()

    def _selected(self) -> Verdict | None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        if column == 0 or row >= len(self.sites) or not self.verdicts:
            return None
        return self.verdicts[self.sites[row], self.frameworks[column - 1].id]

    def _explain(self) -> None:
        v = self._selected()
        self.query_one("#verdict-explanation", Static).update(
            v.explanation[language()] if v
            else tr("Move to a verdict cell to read its explanation."))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._explain()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        v = self._selected()
        if v is not None:
            self.app.push_screen(IndicatorScreen(v))


class IndicatorScreen(EngineView):
    """The indicators of one verdict, with its sensitivity; Enter shows an indicator's evidence
    quotes. Here the researcher records their reading of an indicator (established or not, with
    the rationale: `e`, `n`; `x` clears it; `u` undoes), and the verdict is judged again."""

    status_id = "indicators-status"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="indicators.back"),
                Binding("enter", "drill", "Evidence", id="indicators.drill"),
                Binding("e", "read(True)", "Read: established",
                        id="indicators.established"),
                Binding("n", "read(False)", "Read: not established",
                        id="indicators.not_established"),
                Binding("x", "clear_reading", "Clear reading", id="indicators.clear"),
                Binding("u", "undo", "Undo", id="indicators.undo"),
                Binding("ctrl+r,U", "redo", "Redo", id="indicators.redo")]

    def __init__(self, verdict: Verdict) -> None:
        super().__init__()
        self.verdict = verdict

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="indicators-title")
        yield Static(id="indicators-sensitivity")
        yield Static(id=self.status_id, classes="status")
        yield DataTable(cursor_type="row", id="indicators")
        yield Static(id="indicator-reading")
        yield Footer()

    def on_mount(self) -> None:
        self._lay_out(None)
        self.query_one(DataTable).focus()

    def compute(self) -> tuple[Verdict, Sensitivity]:
        """The verdict judged again (a reading, or any change elsewhere, may have moved it)
        and how fragile it is."""
        base = self.app.evidence_base()
        book = next(b for b in self.app.project.store.codebooks()
                    if b.id == self.verdict.framework.id)
        verdict = judge(base, self.verdict.site, book)
        return verdict, Sensitivities(self.app.project.store, base, verdict.site).of(verdict)

    def show(self, result: tuple[Verdict, Sensitivity]) -> None:
        self.verdict, sensitivity = result
        self._lay_out(sensitivity)

    def _lay_out(self, sensitivity: Sensitivity | None) -> None:
        v = self.verdict
        lang = language()
        self.query_one("#indicators-title", Static).update(
            f"{v.site} · {v.framework.id}: {v.verdict or term(v.status)} — "
            f"{v.explanation[lang]}")
        self.query_one("#indicators-sensitivity", Static).update(
            tr("Sensitivity: {summary}", summary=sensitivity.summary(lang))
            if sensitivity is not None else "")
        roles = {}
        for level in v.levels:
            for e in level.evidence:
                roles.setdefault(e.code, []).append(level.id)
        blocking = {e.code for e in v.blocking}
        pivotal = Counter(code for code, _ in {(p.code, p.coding) for p in sensitivity.pivots
                                               if p.source is None}) if sensitivity else Counter()
        rows = []
        for e in v.indicators:
            role = ", ".join(roles.get(e.code, []))
            if e.code in blocking:
                role = tr("{roles} · BLOCKING", roles=role)
            status = term(e.status)
            if e.reading is not None:  # the researcher's reading decides it: say which way
                status = (tr("{status} · read as established", status=status)
                          if e.reading.established else
                          tr("{status} · read as not established", status=status))
            rows.append([e.code, status, len(e.supports), len(e.contradicts),
                         ", ".join(term(m) for m in e.methods), role,
                         pivotal.get(e.code) or ""])
        fill(self.query_one(DataTable),
             [tr("indicator"), tr("status"), tr("for"), tr("against"), tr("methods"),
              tr("role"), tr("pivotal")], rows,
             keys=[e.code for e in v.indicators], wrap={0: LABEL_WIDTH})
        self._show_reading()

    def _current(self) -> IndicatorEvidence:
        return self.verdict.indicators[self.query_one(DataTable).cursor_row]

    def _show_reading(self) -> None:
        r = self._current().reading
        self.query_one("#indicator-reading", Static).update(
            tr("The researcher's reading ({coder}, {date}): “{rationale}”", coder=r.coder,
               date=written_date(r.created_at, language()), rationale=r.rationale)
            if r is not None else
            tr("e / n: record your reading of this indicator (established or not, with why)"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_reading()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_drill(self) -> None:
        self._open(self._current().code)

    def _open(self, code: str) -> None:
        e = next(x for x in self.verdict.indicators if x.code == code)
        self.app.push_screen(ExcerptsScreen(f"{self.verdict.site} · {code} ({term(e.status)})",
                                            excerpt_rows(self.app, e.supports + e.contradicts)))

    def action_read(self, established: bool) -> None:
        e = self._current()
        title = (tr("Read {code} at {site} as established, because…", code=e.code,
                    site=self.verdict.site) if established else
                 tr("Read {code} at {site} as not established, because…", code=e.code,
                    site=self.verdict.site))
        before = e.reading.rationale if e.reading is not None else ""

        def save(rationale: str | None) -> None:
            if rationale is None:
                return
            self._write(self.app.project.store.set_reading, self.verdict.site, e.code,
                        established, rationale, self.app.project.coder)

        self.app.push_screen(PromptScreen(title, before), save)

    def action_clear_reading(self) -> None:
        e = self._current()
        if e.reading is None:
            self._say(tr("{code} has no reading at {site}.", code=e.code, site=self.verdict.site))
            return
        self._write(self.app.project.store.clear_reading, self.verdict.site, e.code,
                    self.app.project.coder)

    def action_undo(self) -> None:
        if self._write(self.app.project.store.undo, self.app.project.coder) is None:
            self._say(tr("Nothing of yours to be undone."))

    def action_redo(self) -> None:
        if self._write(self.app.project.store.redo, self.app.project.coder) is None:
            self._say(tr("Nothing of yours to be redone."))

    def _write(self, act: Callable[..., Any], *args: object) -> Any:
        """One store write, then the verdict judged again; a refusal is said, not raised."""
        try:
            done = act(*args)
        except QualcodeError as exc:
            self._say("; ".join(exc.problems) or str(exc))
            return False
        if done is not None:
            self.recompute()
        return done

    def _say(self, text: str) -> None:
        self.query_one(f"#{self.status_id}", Static).update(text)


class MatrixScreen(EngineView):
    """Indicator × informant, method or coder (investigator triangulation) for the current
    site, or the informants grouped by one of their attributes (sector, group, ...); Enter on
    a cell shows its evidence; `b` switches the columns through all of these."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="matrix.back"),
                Binding("b", "switch_by", "Informants/methods/coders/time/attributes",
                        id="matrix.switch"),
                Binding("enter", "drill", "Evidence", id="matrix.drill")]

    matrix = None
    attributes: list[str] = []

    def __init__(self, site: str, framework: str) -> None:
        super().__init__()
        self.site, self.framework, self.by = site, framework, "informant"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="matrix-title")
        yield Static(id=self.status_id)
        yield DataTable(cursor_type="cell", id="matrix")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def compute(self) -> tuple:
        book = next(b for b in self.app.project.store.codebooks() if b.id == self.framework)
        base = self.app.evidence_base()
        found = attribute_names(base.informants.get(self.site, {}).values())
        # `b` goes on to the attributes that group informants, those of one person last
        attributes = sorted(found, key=lambda n: (n in ("organisation", "role"),
                                                  ("sector", "group").index(n)
                                                  if n in ("sector", "group") else 2))
        by = self.by if self.by in (*BY, *attributes) else "informant"  # gone since?
        return attributes, matrix(base, self.site, book, by)

    def show(self, result: tuple) -> None:
        self.attributes, self.matrix = result
        self.by = self.matrix.by
        title = tr("Triangulation matrix — {site} · {framework} by {by}; cells +for / "
                   "−against; Enter: the evidence; b: other columns", site=self.site,
                   framework=self.framework, by=term(self.by))
        if self.matrix.by_attribute:
            grouped: dict[str, list[str]] = {}
            for c in self.matrix.columns:
                if c.group:
                    grouped.setdefault(term(c.group), []).append(term(c.label))
            title += "\n" + "; ".join(f"{group}: {', '.join(labels)}"
                                      for group, labels in grouped.items())
        self.query_one("#matrix-title", Static).update(Text(title))
        fill(self.query_one(DataTable),
             [tr("indicator"), *[term(c.label) for c in self.matrix.columns],
              tr("convergence"), tr("status")],
             [[row.code.split("/", 1)[1], *[c.text for c in row.cells], term(row.convergence),
               term(row.status)] for row in self.matrix.rows], wrap={0: LABEL_WIDTH})

    def action_switch_by(self) -> None:
        order = (*BY, *self.attributes)
        self.by = order[(order.index(self.by) + 1) % len(order)]
        self.recompute()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        if self.matrix is None:
            return
        row, column = self.query_one(DataTable).cursor_coordinate
        rows = self.matrix.rows
        if row >= len(rows):
            return
        if 1 <= column <= len(self.matrix.columns):
            cell = rows[row].cells[column - 1]
            label = term(self.matrix.columns[column - 1].label)
            items = cell.supports + cell.contradicts
        else:
            label = tr("all")
            items = [e for c in rows[row].cells for e in c.supports + c.contradicts]
            items = list({(e.source, e.start, e.stance): e for e in items}.values())
        self.app.push_screen(ExcerptsScreen(f"{self.site} · {rows[row].code} · {label}",
                                            excerpt_rows(self.app, items)))


class CompareScreen(EngineView):
    """Sites side by side: verdicts per framework and indicator statuses (≠ where they
    differ)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="compare.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tr("Cross-site comparison — ≠ marks rows where the sites differ"))
        yield Static(id=self.status_id)
        yield DataTable(id="compare")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def compute(self):
        return compare(self.app.evidence_base(), self.app.project.store.codebooks())

    def show(self, result) -> None:
        rows = []
        for book in result.frameworks:
            rows.append([f"▶ {book.id}", *[
                result.verdicts[s, book.id].verdict or term(result.verdicts[s, book.id].status)
                for s in result.sites], "≠" if result.verdicts_differ(book.id) else ""])
        for code, statuses in result.statuses.items():
            rows.append([f"  {code}", *[term(statuses[s]) for s in result.sites],
                         "≠" if result.differs(code) else ""])
        fill(self.query_one(DataTable), ["", *result.sites, "≠"], rows)


def _decided(book: Codebook, v: Verdict) -> str:
    """A decided verdict's cell: its category as the contract names it (its id) in English,
    by the codebook's Indonesian name (which gives the id in brackets) in Indonesian."""
    if language() == "en":
        return f"{v.verdict} ({number(v.confidence)})"
    name = in_language(next(c.name for c in book.categories if c.id == v.verdict), "id")
    return f"{name} · {number(v.confidence)}"
