"""The coding workbench: navigator, transcript with coded spans, codebook, details, status.

Widgets post messages up; this screen asks the core (store, its journal, textnav) and pushes the
new state down. Every coding action is committed before the status line says "saved".
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static, Tree

from qualcode.errors import QualcodeError
from qualcode.ingest.textnav import (
    content_start,
    next_start,
    sentences,
    span_at,
    turn_at,
    word_spans,
)
from qualcode.model import Coding, JournalEntry, NewCoding
from qualcode.tui.jobs import export_job, import_job
from qualcode.tui.keys import MAIN_KEYS
from qualcode.tui.screens.adjudicate import CONSENSUS, AdjudicationScreen
from qualcode.tui.screens.engine import CompareScreen, MatrixScreen, VerdictScreen
from qualcode.tui.screens.excerpts import ExcerptsScreen, Row
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.job import JobScreen
from qualcode.tui.screens.prompt import PromptScreen
from qualcode.tui.widgets.codebook import CodebookPane
from qualcode.tui.widgets.navigator import Navigator
from qualcode.tui.widgets.suggestions import SuggestionsPanel
from qualcode.tui.widgets.transcript import Margin, TranscriptArea


class MainScreen(Screen[None]):
    BINDINGS = MAIN_KEYS

    def __init__(self) -> None:
        super().__init__()
        self.source: str | None = None
        self.text = ""
        self.turns: list = []
        self.sentences: list[tuple[int, int]] = []
        self.words: list[tuple[int, int]] = []
        self.codings: list[Coding] = []
        self.filter: str | None = None
        self.visual_anchor: int | None = None
        self.recent: list[str] = []
        self.last_code: tuple[str, str] | None = None
        self.coverage: dict[str, float] = {}
        self.blind = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Navigator()
            with Vertical(id="center"):
                yield Static(id="source-title")
                with Horizontal(id="text-row"):
                    transcript = TranscriptArea()
                    yield transcript
                    yield Margin(transcript)
            with Vertical(id="side"):
                yield CodebookPane()
                yield Static(id="details")
                yield SuggestionsPanel()
        yield Static(id="status")
        yield Footer()

    @property
    def transcript(self) -> TranscriptArea:
        return self.query_one(TranscriptArea)

    @property
    def store(self):
        return self.app.project.store

    def on_mount(self) -> None:
        margin = self.query_one(Margin)
        self.watch(self.transcript, "scroll_y", lambda _: margin.refresh())
        sources = self.store.sources()
        first = self.app.start_source or (sources[0].name if sources else None)
        if first:
            self.open_source(first)
        else:
            self.refresh_panes()
        self.transcript.focus()
        self.say(f"{self.app.project.settings.name} — coder {self.app.project.coder}. "
                 "Select text (s: sentence, t: turn, shift+arrows, v) and press c to code; "
                 "? for help.")

    # ------------------------------------------------------------------ state → widgets

    def open_source(self, name: str) -> None:
        self.source = name
        self.text = self.store.source_text(name)
        self.turns = self.store.turns(name)
        self.sentences = sentences(self.text, self.turns)
        self.words = word_spans(self.text)
        self.codings = self.store.codings(source=name)
        info = self.store.source_info(name)
        self.transcript.show_source(self.text, self._visible(), self.turns)
        self.query_one("#source-title", Static).update(
            f"{info.name} · {info.site} · {info.method} · {info.date} · "
            f"{', '.join(info.informants) or 'no informants'}")
        self.refresh_panes()

    def _visible(self) -> list[Coding]:
        shown = self.codings
        if self.blind:
            shown = [c for c in shown if c.coder == self.app.project.coder]
        if self.filter is not None:
            shown = [c for c in shown if c.code == self.filter]
        return shown

    def codings_changed(self, *changed: Coding, added: bool = False) -> None:
        """Repaint what shows this source's codings: the lines of the `changed` codings (or
        all), labels in place, trees not rebuilt. The codings are re-read from the store,
        except after a plain add (the hot path), where the new one is appended."""
        if added:
            self.codings = [*self.codings, *changed]
        else:
            self.codings = self.store.codings(source=self.source)
        span = None
        if changed:
            span = (min(c.start for c in changed), max(c.end for c in changed))
        rows = self.transcript.show_codings(self._visible(), span)
        self.query_one(Margin).refresh_rows(rows)
        sources = self.store.sources()
        self.coverage[self.source] = self.store.coverage(self.source)[self.source]
        self.query_one(Navigator).update_counts(sources, self.coverage)
        self.query_one(CodebookPane).update_counts(self._code_counts(sources))
        self.show_details()

    def refresh_panes(self) -> None:
        sources = self.store.sources()
        self.coverage = self.store.coverage()
        self.query_one(Navigator).show_sources(sources, self.coverage, self.source)
        self.query_one(CodebookPane).show(self.app.books, self._code_counts(sources))
        self.show_details()

    def _code_counts(self, sources) -> dict[str, tuple[int, int]]:
        """code -> (codings in this source, codings at this source's site)."""
        site = next((s.site for s in sources if s.name == self.source), None)
        site_sources = {s.name for s in sources if s.site == site}
        counts: dict[str, tuple[int, int]] = {}
        for code, source, n in self.store.code_counts():
            here, at_site = counts.get(code, (0, 0))
            counts[code] = (here + (n if source == self.source else 0),
                            at_site + (n if source in site_sources else 0))
        return counts

    def show_details(self) -> None:
        under = self.under_cursor()
        if not under:
            text = "No coding under the cursor."
        else:
            lines = []
            for c in under:
                code = self.app.codes.get(c.code)
                label = code.label.get("en", "") if code else ""
                lines.append(f"{c.code} — {label}\n  {c.stance} · {c.coder} · {c.origin} · "
                             f"{c.start}–{c.end}" + (f"\n  memo: {c.memo}" if c.memo else ""))
            text = "\n".join(lines)
        if self.filter:
            text = f"filter: {self.filter} (F clears)\n" + text
        if self.blind:
            text = f"blind mode: only {self.app.project.coder} (B shows all)\n" + text
        self.query_one("#details", Static).update(text)

    def say(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def saved(self, what: str, coding: Coding | None) -> None:
        where = f" {coding.code} ({coding.stance}) {coding.start}–{coding.end}" if coding else ""
        self.say(f"✓ saved {datetime.now():%H:%M:%S} — {what}{where}")

    # ------------------------------------------------------------------ events

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if data is None:
            return
        if event.control.id == "navigator":
            self.open_source(data)
            self.transcript.focus()
        elif event.control.id == "codebook":
            self.apply(data, "supports")

    def on_text_area_selection_changed(self, event) -> None:
        self.show_details()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "code-search":
            self.query_one("#codebook", Tree).focus()

    # ------------------------------------------------------------------ helpers

    def under_cursor(self) -> list[Coding]:
        if self.source is None:
            return []
        span = self.transcript.selected_span
        offset = span[0] if span else self.transcript.cursor_offset
        found = [c for c in self._visible() if c.start <= offset < c.end]
        return sorted(found, key=lambda c: (c.end - c.start, -c.id))

    def target(self) -> Coding | None:
        under = self.under_cursor()
        if not under:
            self.say("No coding under the cursor.")
            return None
        return under[0]

    def selection(self) -> tuple[int, int] | None:
        span = self.transcript.selected_span
        if span is None:
            self.say("Select some text first (s: this sentence, t: this turn, v: visual mode, "
                     "shift+arrows).")
        return span

    def apply(self, code: str, stance: str) -> None:
        span = self.selection()
        if span is None or self.source is None:
            return
        try:
            coding = self.store.add_coding(NewCoding(self.source, span[0], span[1], code, stance,
                                                     self.app.project.coder))
        except QualcodeError as exc:
            self.say(str(exc))
            return
        self.last_code = (code, stance)
        if code in self.recent:
            self.recent.remove(code)
        self.recent.insert(0, code)
        del self.recent[9:]
        self.visual_anchor = None
        self.codings_changed(coding, added=True)
        self.saved("coded", coding)

    # ------------------------------------------------------------------ coding actions

    def action_code(self) -> None:
        if self.selection() is not None:
            self.app.pick_code("Code the selection (supports)…",
                               lambda code: self.apply(code, "supports"))

    def action_code_contradicts(self) -> None:
        if self.selection() is not None:
            self.app.pick_code("Code the selection as CONTRADICTS…",
                               lambda code: self.apply(code, "contradicts"))

    def action_repeat_code(self) -> None:
        if self.last_code is None:
            self.say("Nothing to repeat yet.")
        else:
            self.apply(*self.last_code)

    def action_recent_code(self, n: int) -> None:
        if n > len(self.recent):
            self.say(f"No recent code {n}. Recent: " + (", ".join(
                f"{i}:{c.split('/', 1)[1]}" for i, c in enumerate(self.recent, 1)) or "none"))
        else:
            self.apply(self.recent[n - 1], "supports")

    def action_memo(self) -> None:
        coding = self.target()
        if coding is None:
            return

        def done(memo: str | None) -> None:
            if memo is not None:
                self.change(coding, "memo", memo=memo)

        self.app.push_screen(PromptScreen(f"Memo for {coding.code} at {coding.start}–"
                                          f"{coding.end}", coding.memo,
                                          "memo — Enter saves, Escape cancels"), done)

    def action_source_memo(self) -> None:
        if self.source is None:
            return
        source = self.source

        def done(text: str | None) -> None:
            if text and text.strip():
                memo = self.store.add_memo("source", source, text.strip(),
                                           self.app.project.coder)
                self.say(f"✓ saved {datetime.now():%H:%M:%S} — memo {memo.id} on {source}")

        self.app.push_screen(PromptScreen(f"Memo on {source}", "",
                                          "memo — Enter saves, Escape cancels"), done)

    def action_memo_editor(self) -> None:
        coding = self.target()
        if coding is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False,
                                         encoding="utf-8") as handle:
            handle.write(coding.memo)
        path = Path(handle.name)
        try:
            with self.app.suspend():
                subprocess.run([*editor.split(), str(path)], check=False)
            memo = path.read_text(encoding="utf-8").strip()
        finally:
            path.unlink(missing_ok=True)
        self.change(coding, "memo", memo=memo)

    def action_edit_code(self) -> None:
        coding = self.target()
        if coding is None:
            return

        self.app.pick_code(f"Change {coding.code} to…",
                           lambda code: self.change(coding, "changed", code=code))

    def action_toggle_stance(self) -> None:
        coding = self.target()
        if coding is not None:
            stance = "contradicts" if coding.stance == "supports" else "supports"
            self.change(coding, "stance", stance=stance)

    def action_delete(self) -> None:
        coding = self.target()
        if coding is None:
            return
        try:
            self.store.delete_coding(coding.id, self.app.project.coder, coding.version)
        except QualcodeError as exc:
            self.say(f"Not deleted: {exc}")
            return
        self.codings_changed(coding)
        self.saved("deleted", coding)

    def change(self, coding: Coding, what: str, **fields: object) -> None:
        """Change the coder's own coding as they saw it; say why not when it cannot be."""
        try:
            changed = self.store.update_coding(coding.id, self.app.project.coder,
                                               coding.version, **fields)
        except QualcodeError as exc:
            self.say(str(exc))
            return
        self.codings_changed(coding)
        self.saved(what, changed)

    def action_undo(self) -> None:
        self._journal(self.store.undo, "undone")

    def action_redo(self) -> None:
        self._journal(self.store.redo, "redone")

    def _journal(self, act: Callable[[str], JournalEntry | None], what: str) -> None:
        try:
            entry = act(self.app.project.coder)
        except QualcodeError as exc:
            self.say(str(exc))
            return
        if entry is None:
            self.say(f"Nothing of yours to be {what}.")
            return
        if entry.source is not None and entry.source != self.source:
            self.open_source(entry.source)
        else:
            self.codings_changed()
        if entry.start is not None:
            self.transcript.move_to(entry.start)
        self.say(f"✓ saved {datetime.now():%H:%M:%S} — {what}: {entry.summary}")

    # ------------------------------------------------------------------ motions and selection

    def _move(self, offset: int | None) -> None:
        if offset is None:
            return
        if self.visual_anchor is not None:
            self.transcript.select_span(min(self.visual_anchor, offset),
                                        max(self.visual_anchor, offset))
            self.transcript.move_cursor(self.transcript.index.location(offset), select=True)
        else:
            self.transcript.move_to(offset)

    def action_word(self, step: int) -> None:
        self._move(next_start(self.words, self.transcript.cursor_offset, step > 0))

    def action_sentence(self, step: int) -> None:
        self._move(next_start(self.sentences, self.transcript.cursor_offset, step > 0))

    def action_turn(self, step: int) -> None:
        spans = [(t.start, t.end) for t in self.turns]
        self._move(next_start(spans, self.transcript.cursor_offset, step > 0))

    def action_visual(self) -> None:
        if self.visual_anchor is None:
            self.visual_anchor = self.transcript.cursor_offset
            self.say("-- VISUAL -- move with w b ( ) { } or arrows; c codes; Escape ends")
        else:
            self.visual_anchor = None
            self.say("")

    def action_select_sentence(self) -> None:
        span = span_at(self.sentences, self.transcript.cursor_offset)
        if span:
            self.transcript.select_span(*span)

    def action_select_turn(self) -> None:
        turn = turn_at(self.turns, self.transcript.cursor_offset)
        if turn is None:
            self.say("The cursor is not in a speaker turn.")
            return
        self.transcript.select_span(content_start(self.text, turn), turn.end)

    def action_clear_selection(self) -> None:
        self.visual_anchor = None
        self.transcript.move_to(self.transcript.cursor_offset)

    def action_next_coding(self, step: int) -> None:
        spans = sorted({(c.start, c.end) for c in self._visible()})
        start = next_start(spans, self.transcript.cursor_offset, step > 0)
        if start is None:
            self.say("No more codings" + (f" of {self.filter}" if self.filter else "") + ".")
            return
        end = next(e for s, e in spans if s == start)
        self.transcript.select_span(start, end)

    # ------------------------------------------------------------------ filter, retrieval, views

    def action_filter(self) -> None:
        def chosen(code: str) -> None:
            self.filter = code
            self.transcript.show_codings(self._visible())
            self.query_one(Margin).refresh()
            self.show_details()
            self.say(f"Showing only {code}; n/N move between them, F shows all.")

        self.app.pick_code("Filter the transcript to one code…", chosen)

    def action_clear_filter(self) -> None:
        self.filter = None
        self.transcript.show_codings(self._visible())
        self.query_one(Margin).refresh()
        self.show_details()
        self.say("Showing all codes.")

    def action_retrieve(self) -> None:
        def chosen(code: str) -> None:
            from qualcode.analysis.retrieval import excerpts

            rows = [Row(e.source, e.site, e.method, ", ".join(e.informants), e.start, e.end,
                        e.stance, e.coder, e.text) for e in excerpts(self.store, code)]
            self.app.push_screen(ExcerptsScreen(f"Retrieval: {code}", rows))

        self.app.pick_code("Retrieve every excerpt of…", chosen)

    def action_open_source(self) -> None:
        self.app.pick_source()

    def action_verdicts(self) -> None:
        self.app.push_screen(VerdictScreen())

    def action_matrix(self) -> None:
        if self.source is None:
            return
        site = self.store.source_info(self.source).site
        frameworks = [b for b in self.app.books if b.is_framework]
        self.app.pick_choice("Triangulation matrix for which framework?", [
            (b.id, b.name.get("en", ""), lambda b=b: self.app.push_screen(
                MatrixScreen(site, b.id))) for b in frameworks])

    def action_compare(self) -> None:
        self.app.push_screen(CompareScreen())

    def action_export(self) -> None:
        project_path = self.app.project.path
        out = project_path / "exports"

        def appendix(lang: str, anonymise: bool) -> Callable[[], object]:
            name = f"{'lampiran' if lang == 'id' else 'appendix'}{'-anon' if anonymise else ''}"
            return lambda: self.app.push_screen(JobScreen(
                f"Writing {out / (name + '.docx')}",
                partial(export_job, project_path, out / f"{name}.docx", lang, anonymise)))

        self.app.pick_choice("Export…", [
            ("Word appendix (English)", "all sites and frameworks", appendix("en", False)),
            ("Word appendix (Indonesian)", "Lampiran, semua situs", appendix("id", False)),
            ("Word appendix, anonymised (Indonesian)", "informants as I1, I2, …",
             appendix("id", True)),
            ("Workbook (.xlsx)", "codings, verdicts, matrices, comparison",
             lambda: self.app.push_screen(JobScreen(
                 f"Writing {out / 'qualcode.xlsx'}",
                 partial(export_job, project_path, out / "qualcode.xlsx", "en", False)))),
            ("REFI-QDA project (.qdpx)", "for NVivo, ATLAS.ti, MAXQDA, QualCoder",
             lambda: self.app.push_screen(JobScreen(
                 f"Writing {out / 'qualcode.qdpx'}",
                 partial(export_job, project_path, out / "qualcode.qdpx", "en", False)))),
        ])

    def action_import_refi(self) -> None:
        project_path = self.app.project.path

        def chosen(path: str | None) -> None:
            if path:
                self.app.push_screen(JobScreen(
                    f"Importing {path}", partial(import_job, project_path, Path(path)),
                    on_done=self.app.reload_project))

        self.app.push_screen(PromptScreen("Import which REFI-QDA file?", "",
                                          "path to a .qdpx or .qdc file"), chosen)

    def action_suggest(self) -> None:
        """Suggestions for this source, computed in a worker (spaCy and scikit-learn load
        there, lazily, the first time)."""
        if self.source is None:
            return
        panel = self.query_one(SuggestionsPanel)
        panel.remove_class("hidden")
        panel.waiting(self.source)
        self.compute_suggestions(self.source)

    @work(thread=True, exclusive=True, group="suggest")
    def compute_suggestions(self, source: str) -> None:
        from qualcode.store.project import Project
        from qualcode.suggest.engine import suggest_for_source

        with Project.open(self.app.project.path) as project:
            found = suggest_for_source(project, source, limit=200)
        self.app.call_from_thread(self._suggestions_ready, source, found)

    def _suggestions_ready(self, source: str, found: list) -> None:
        if source == self.source:
            self.query_one(SuggestionsPanel).show(source, found)

    def on_suggestions_panel_chosen(self, event: SuggestionsPanel.Chosen) -> None:
        s = event.suggestion
        if s.source != self.source:
            return
        if event.action == "show":
            self.transcript.select_span(s.start, s.end)
            return
        if event.action == "accept":
            try:
                coding = self.store.add_coding(s.new_coding(self.app.project.coder))
            except QualcodeError as exc:
                self.say(str(exc))
                return
            self.codings_changed(coding, added=True)
            self.saved("accepted suggestion", coding)
        else:
            from qualcode.suggest.engine import reject

            reject(self.app.project, s)
            self.say(f"✓ saved — rejected {s.code} at {s.start}–{s.end}; it will not be "
                     "suggested again")

    def action_blind(self) -> None:
        self.blind = not self.blind
        self.transcript.show_codings(self._visible())
        self.query_one(Margin).refresh()
        self.show_details()
        coder = self.app.project.coder
        self.say(f"Blind mode on: only your codings ({coder}) show." if self.blind
                 else "Blind mode off: every coder shows.")

    def action_adjudicate(self) -> None:
        coders = [c for c in self.store.coders() if c != CONSENSUS]
        pairs = [(a, b) for i, a in enumerate(coders) for b in coders[i + 1:]]
        if not pairs:
            self.say("Adjudication needs two coders who coded the same sources.")
            return
        self.app.pick_choice("Adjudicate which coders?", [
            (f"{a} vs {b}", "walk their disagreements",
             lambda a=a, b=b: self.app.push_screen(AdjudicationScreen([a, b])))
            for a, b in pairs])

    def action_search_codes(self) -> None:
        self.query_one("#code-search", Input).focus()

    def action_toggle(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").toggle_class("hidden")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(list(self.BINDINGS)))
