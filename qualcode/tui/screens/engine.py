"""Views over the evidence engine: verdicts with drill-down, triangulation matrix, comparison.

They only display what the core computes (qualcode.analysis.verdicts, matrices, compare) and are
rebuilt from the store each time they are shown, so they follow every coding change.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qualcode.analysis.compare import compare
from qualcode.analysis.evidence import Evidence
from qualcode.analysis.matrices import BY, matrix
from qualcode.analysis.verdicts import Verdict, judge_all
from qualcode.model import attribute_names
from qualcode.tui.screens.excerpts import ExcerptsScreen, Row


def excerpt_rows(app, items: list[Evidence]) -> list[Row]:
    texts: dict[str, str] = {}
    rows = []
    for e in sorted(items, key=lambda e: (e.source, e.start)):
        if e.source not in texts:
            texts[e.source] = app.project.store.source_text(e.source)
        rows.append(Row(e.source, e.site, e.method, ", ".join(e.informants), e.start, e.end,
                        e.stance, ", ".join(e.coders), texts[e.source][e.start:e.end]))
    return rows


class VerdictScreen(Screen[None]):
    """Sites × frameworks; Enter on a cell shows the indicators behind that verdict."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="verdicts.back"),
                Binding("enter", "drill", "Indicators", id="verdicts.drill")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Verdicts — Enter: the indicators behind a verdict", id="verdicts-title")
        yield DataTable(cursor_type="cell", id="verdicts")
        yield Static(id="verdict-explanation")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.refresh_verdicts()

    def on_mount(self) -> None:
        self.refresh_verdicts()
        self.query_one(DataTable).focus()

    def refresh_verdicts(self) -> None:
        base = self.app.evidence_base()
        books = self.app.project.store.codebooks()
        self.frameworks = [b for b in books if b.is_framework]
        self.sites = base.sites
        self.verdicts: dict[tuple[str, str], Verdict] = {
            (v.site, v.framework.id): v for v in judge_all(base, books)}
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("site", width=max([4, *map(len, self.sites)]))
        for book in self.frameworks:
            table.add_column(book.id, width=max(len(book.id), 28))
        for site in self.sites:
            cells = []
            for book in self.frameworks:
                v = self.verdicts[site, book.id]
                cells.append(f"{v.verdict} ({v.confidence:.2f})" if v.verdict else v.status)
            table.add_row(site, *cells)
        table.cursor_coordinate = cursor
        self._explain()

    def _selected(self) -> Verdict | None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        if column == 0 or row >= len(self.sites):
            return None
        return self.verdicts[self.sites[row], self.frameworks[column - 1].id]

    def _explain(self) -> None:
        v = self._selected()
        self.query_one("#verdict-explanation", Static).update(
            v.explanation["en"] if v else "Move to a verdict cell to read its explanation.")

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._explain()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        v = self._selected()
        if v is not None:
            self.app.push_screen(IndicatorScreen(v))


class IndicatorScreen(Screen[None]):
    """The indicators of one verdict; Enter shows the evidence quotes of an indicator."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="indicators.back"),
                Binding("enter", "drill", "Evidence", id="indicators.drill")]

    def __init__(self, verdict: Verdict) -> None:
        super().__init__()
        self.verdict = verdict

    def compose(self) -> ComposeResult:
        v = self.verdict
        yield Header()
        yield Static(f"{v.site} · {v.framework.id}: {v.verdict or v.status} — "
                     f"{v.explanation['en']}", id="indicators-title")
        yield DataTable(cursor_type="row", id="indicators")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("indicator", "status", "for", "against", "methods", "role")
        roles = {}
        for level in self.verdict.levels:
            for e in level.evidence:
                roles.setdefault(e.code, []).append(level.id)
        blocking = {e.code for e in self.verdict.blocking}
        for e in self.verdict.indicators:
            role = ", ".join(roles.get(e.code, []))
            if e.code in blocking:
                role += " · BLOCKING"
            table.add_row(e.code, e.status, len(e.supports), len(e.contradicts),
                          ", ".join(e.methods), role, key=e.code)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_drill(self) -> None:
        table = self.query_one(DataTable)
        self._open(self.verdict.indicators[table.cursor_row].code)

    def _open(self, code: str) -> None:
        e = next(x for x in self.verdict.indicators if x.code == code)
        self.app.push_screen(ExcerptsScreen(f"{self.verdict.site} · {code} ({e.status})",
                                            excerpt_rows(self.app, e.supports + e.contradicts)))


class MatrixScreen(Screen[None]):
    """Indicator × informant, method or coder (investigator triangulation) for the current
    site, or the informants grouped by one of their attributes (sector, group, ...); Enter on
    a cell shows its evidence; `b` switches the columns through all of these."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="matrix.back"),
                Binding("b", "switch_by", "Informants/methods/coders/attributes",
                        id="matrix.switch"),
                Binding("enter", "drill", "Evidence", id="matrix.drill")]

    def __init__(self, site: str, framework: str) -> None:
        super().__init__()
        self.site, self.framework, self.by = site, framework, "informant"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="matrix-title")
        yield DataTable(cursor_type="cell", id="matrix")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_matrix()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_matrix()

    def refresh_matrix(self) -> None:
        book = next(b for b in self.app.project.store.codebooks() if b.id == self.framework)
        base = self.app.evidence_base()
        found = attribute_names(base.informants.get(self.site, {}).values())
        # `b` goes on to the attributes that group informants, those of one person last
        self.attributes = sorted(found, key=lambda n: (n in ("organisation", "role"),
                                                       ("sector", "group").index(n)
                                                       if n in ("sector", "group") else 2))
        if self.by not in (*BY, *self.attributes):  # gone since (cleared elsewhere)
            self.by = "informant"
        self.matrix = matrix(base, self.site, book, self.by)
        title = (f"Triangulation matrix — {self.site} · {self.framework} by {self.by}; "
                 "cells +for / −against; Enter: the evidence; b: other columns")
        if self.matrix.by_attribute:
            grouped: dict[str, list[str]] = {}
            for c in self.matrix.columns:
                if c.group:
                    grouped.setdefault(c.group, []).append(c.label)
            title += "\n" + "; ".join(f"{group}: {', '.join(labels)}"
                                      for group, labels in grouped.items())
        self.query_one("#matrix-title", Static).update(Text(title))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("indicator", *[c.label for c in self.matrix.columns], "convergence",
                          "status")
        for row in self.matrix.rows:
            table.add_row(row.code.split("/", 1)[1], *[c.text for c in row.cells],
                          row.convergence, row.status)

    def action_switch_by(self) -> None:
        order = (*BY, *self.attributes)
        self.by = order[(order.index(self.by) + 1) % len(order)]
        self.refresh_matrix()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        row, column = self.query_one(DataTable).cursor_coordinate
        rows = self.matrix.rows
        if row >= len(rows):
            return
        if 1 <= column <= len(self.matrix.columns):
            cell = rows[row].cells[column - 1]
            label = self.matrix.columns[column - 1].label
            items = cell.supports + cell.contradicts
        else:
            label = "all"
            items = [e for c in rows[row].cells for e in c.supports + c.contradicts]
            items = list({(e.source, e.start, e.stance): e for e in items}.values())
        self.app.push_screen(ExcerptsScreen(f"{self.site} · {rows[row].code} · {label}",
                                            excerpt_rows(self.app, items)))


class CompareScreen(Screen[None]):
    """Sites side by side: verdicts per framework and indicator statuses (≠ where they
    differ)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="compare.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Cross-site comparison — ≠ marks rows where the sites differ")
        yield DataTable(id="compare")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_comparison()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_comparison()

    def refresh_comparison(self) -> None:
        result = compare(self.app.evidence_base(), self.app.project.store.codebooks())
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("", *result.sites, "≠")
        for book in result.frameworks:
            table.add_row(f"▶ {book.id}", *[
                result.verdicts[s, book.id].verdict or result.verdicts[s, book.id].status
                for s in result.sites], "≠" if result.verdicts_differ(book.id) else "")
        for code, statuses in result.statuses.items():
            table.add_row(f"  {code}", *[statuses[s] for s in result.sites],
                          "≠" if result.differs(code) else "")
