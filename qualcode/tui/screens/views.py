"""The workbench's ways out of the transcript: filter, retrieval, verdicts, matrices,
comparison, exports and imports, suggestions, blind mode and adjudication (a part of
MainScreen, kept apart to keep each module one idea).

In blind mode each of them sees only the coder's codings (`app.shown_coders()`): retrieval,
the evidence behind verdicts, matrices and the comparison, the suggestions' model and the
exports started here. What cannot be blind (adjudication, which compares coders; the REFI-QDA
export, which carries the whole project) says so instead of showing others' work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.widgets import Input

from qualcode.tui import i18n
from qualcode.tui.coders import CONSENSUS
from qualcode.tui.details import in_language
from qualcode.tui.i18n import tr
from qualcode.tui.jobs import export_job, exports_folder
from qualcode.tui.screens.adjudicate import AdjudicationScreen
from qualcode.tui.screens.engine import CompareScreen, MatrixScreen, VerdictScreen
from qualcode.tui.screens.excerpts import ExcerptsScreen, Row
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.importing import ask as ask_import
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.widgets.suggestions import SuggestionsPanel
from qualcode.tui.widgets.transcript import Margin


class ViewActions:
    """Mixed into MainScreen, which provides the store, the transcript, `say`,
    `show_details`, `_visible`, `reread` and the current `source`."""

    # ------------------------------------------------------------------ filter

    def _show_filtered(self, message: str) -> None:
        self.transcript.show_codings(self._visible())
        self.query_one(Margin).refresh()
        self.show_details()
        self.say(message)

    def action_filter(self) -> None:
        def chosen(code: str) -> None:
            self.filter = code
            self._show_filtered(tr("Showing only {code}; n/N move between them, F shows all.",
                                   code=code))

        self.app.pick_code(tr("Filter the transcript to one code…"), chosen)

    def action_clear_filter(self) -> None:
        self.filter = None
        self._show_filtered(tr("Showing all codes."))

    def action_blind(self) -> None:
        self.app.set_blind(not self.app.blind)
        self.reread(background=False)
        coder = self.app.project.coder
        self.say(tr("Blind mode on: only your codings ({coder}) show, in every view, count, "
                    "suggestion and export, until B again.", coder=coder) if self.app.blind
                 else tr("Blind mode off: every coder shows."))

    # ------------------------------------------------------------------ views

    def action_retrieve(self) -> None:
        def chosen(code: str) -> None:
            from qualcode.analysis.retrieval import excerpts

            found = excerpts(self.store, code, self.app.shown_coders())
            rows = [Row(e.source, e.site, e.method, ", ".join(e.informants), e.start, e.end,
                        e.stance, e.coder, e.text, e.coding_id, e.memo) for e in found]
            self.app.push_screen(ExcerptsScreen(tr("Retrieval: {code}", code=code), rows, code))

        self.app.pick_code(tr("Retrieve every excerpt of…"), chosen)

    def action_open_source(self) -> None:
        self.app.pick_source()

    def action_verdicts(self) -> None:
        self.app.push_screen(VerdictScreen())

    def action_matrix(self) -> None:
        if self.source is None:
            return
        site = self.store.source_info(self.source).site
        frameworks = [b for b in self.app.books if b.is_framework]
        self.app.pick_choice(tr("Triangulation matrix for which framework?"), [
            (b.id, str(in_language(b.name, i18n.language())), lambda b=b: self.app.push_screen(
                MatrixScreen(site, b.id))) for b in frameworks])

    def action_compare(self) -> None:
        self.app.push_screen(CompareScreen())

    def action_adjudicate(self) -> None:
        if self.app.blind:
            self.say(tr("blind mode is on: adjudication shows every coder's work; B switches "
                        "blind mode off"))
            return
        coders = [c for c in self.store.coders() if c != CONSENSUS]
        pairs = [(a, b) for i, a in enumerate(coders) for b in coders[i + 1:]]
        if not pairs:
            self.say(tr("Adjudication needs two coders who coded the same sources."))
            return
        self.app.pick_choice(tr("Adjudicate which coders?"), [
            (f"{a} vs {b}", tr("walk their disagreements"),
             lambda a=a, b=b: self.app.push_screen(AdjudicationScreen([a, b])))
            for a, b in pairs])

    # ------------------------------------------------------------------ exports, imports

    def action_export(self) -> None:
        project_path = self.app.project.path
        out = exports_folder(project_path)
        coders = self.app.shown_coders()

        def job(name: str, lang: str, anonymise: bool) -> Callable[[], object]:
            return lambda: self.app.push_screen(JobScreen(
                tr("Writing {path} (blind: your codings only)", path=out / name) if coders
                else tr("Writing {path}", path=out / name),
                partial(export_job, project_path, out / name, lang, anonymise, coders)))

        def refi() -> None:
            if coders:
                self.say(tr("blind mode is on: a REFI-QDA project shows every coder's work; "
                            "B switches blind mode off"))
            else:
                job("qualcode.qdpx", "en", False)()

        self.app.pick_choice(tr("Export…"), [
            (tr("Word appendix (English)"), tr("all sites and frameworks"),
             job("appendix.docx", "en", False)),
            (tr("Word appendix (Indonesian)"), tr("Lampiran, semua situs"),
             job("lampiran.docx", "id", False)),
            (tr("Word appendix, anonymised (Indonesian)"),
             tr("informants as IK1, IU1, …, names masked"),
             job("lampiran-anon.docx", "id", True)),
            (tr("Workbook (.xlsx)"), tr("codings, verdicts, matrices, comparison"),
             job("qualcode.xlsx", "en", False)),
            (tr("REFI-QDA project (.qdpx)"), tr("for NVivo, ATLAS.ti, MAXQDA, QualCoder"), refi),
        ])

    def action_import_files(self) -> None:
        """Transcripts (a file or a folder) or a REFI-QDA file: see screens.importing."""
        ask_import(self)

    # ------------------------------------------------------------------ suggestions

    def action_suggest(self) -> None:
        """Suggestions for this source: prepared in a worker when the source opened (spaCy
        and scikit-learn load there, lazily, the first time), shown at once when ready; in
        blind mode learned from the coder's codings only (widgets.suggestions)."""
        self._reveal_side()
        self.query_one(SuggestionsPanel).open(self.source, self.app.shown_coders())

    # ------------------------------------------------------------------ layout

    def action_search_codes(self) -> None:
        self._reveal_side()
        self.query_one("#code-search", Input).focus()

    def _reveal_side(self) -> None:
        """Show the codebook and details pane for a tool that lives there (suggestions, the
        codebook search) when the terminal's width had hidden it; `]` hides it again."""
        side = self.query_one("#side")
        if side.has_class("hidden"):
            side.remove_class("hidden")

    def action_toggle(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").toggle_class("hidden")

    def action_help(self) -> None:
        from qualcode.tui.keys import CODEBOOK_KEYS, TASKS  # the codebook pane's keys too

        self.app.push_screen(HelpScreen([*TASKS, (tr("Codebook pane (when it has the focus)"),
                                                  CODEBOOK_KEYS),
                                         (tr("Suggestions panel (G; when it has the focus)"),
                                          SuggestionsPanel.BINDINGS)]))
