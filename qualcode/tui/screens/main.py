"""The coding workbench: navigator, transcript with coded spans, codebook, details, status.

Widgets post messages up; this screen asks the core (store, its journal, textnav) and pushes the
new state down. Every coding action is committed before the status line says "saved" (the
actions are in `coding`, the views in `views`). Other windows, coders and the CLI may change
the project meanwhile: once a second the screen asks the store whether anyone did and, if so,
shows the project as it is now, keeping the cursor and the selection.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static, Tree

from qualcode.ingest.textnav import (
    content_start,
    next_start,
    sentences,
    span_at,
    turn_at,
    word_spans,
)
from qualcode.model import Coding, Informant, SourceInfo
from qualcode.tui.coders import Figures, covered, figures, of_coders, own_coding
from qualcode.tui.details import code_lines, label_of, source_lines, speaker_lines, word
from qualcode.tui.i18n import tr
from qualcode.tui.keys import MAIN_KEYS
from qualcode.tui.screens.code_actions import CodeEditing
from qualcode.tui.screens.coding import CodingActions
from qualcode.tui.screens.layout import ResponsiveLayout
from qualcode.tui.screens.search import SearchActions
from qualcode.tui.screens.sources import SourceEditing
from qualcode.tui.screens.sync import POLL_SECONDS, Watching
from qualcode.tui.screens.views import ViewActions
from qualcode.tui.widgets.codebook import CodebookPane
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.navigator import Navigator
from qualcode.tui.widgets.suggestions import SuggestionsPanel
from qualcode.tui.widgets.transcript import Margin, TranscriptArea

PREPARE_AHEAD_CODINGS = 5_000


class MainScreen(CodingActions, CodeEditing, ViewActions, SourceEditing, Watching,
                 ResponsiveLayout, SearchActions, Screen[None]):
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
        self.sources: list[SourceInfo] = []
        self.informants: dict[str, Informant] = {}  # this source's site's, by label
        self.site_others: Counter[str] = Counter()  # codings per code at this site, elsewhere
        self.seen_version: int | None = None  # the store's data_version last shown
        self.counted = 0  # how many times the project's figures were read (see `sync`)
        self.shown_source: SourceInfo | None = None  # the open source as the title shows it

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
        self.seen_version = self.store.data_version()  # what is read from here on is shown
        sources = self.store.sources()
        first = self.app.start_source or (sources[0].name if sources else None)
        if first:
            self.open_source(first)
        else:
            self.refresh_panes()
        self.transcript.focus()
        self.poller = self.set_interval(POLL_SECONDS, self.poll)
        read_only = tr(" The project is read-only here: nothing can be saved.") if (
            self.store.read_only) else ""
        self.say(tr("{project} — coder {coder}. "
                    "Select text (s: sentence, t: turn, shift+arrows, v) and press c to code; "
                    "? for help.{read_only}", project=self.app.project.settings.name,
                    coder=self.app.project.coder, read_only=read_only))

    # ------------------------------------------------------------------ state → widgets

    def open_source(self, name: str) -> None:
        self.source = name
        self.text = self.store.source_text(name)
        self.turns = self.store.turns(name)
        self.sentences = sentences(self.text, self.turns)
        self.words = word_spans(self.text)
        self.codings = self.store.codings(source=name)
        info = self.shown_source = self.store.source_info(name)
        self._take_informants(info.site)
        self.transcript.show_source(self.text, self._visible(), self.turns)
        self.search_follow()  # the same search in this source; every speaker shown
        self.query_one("#source-title", Static).update(
            f"{info.name} · {info.site} · {word(info.method)} · {info.date} · "
            f"{', '.join(info.informants) or tr('no informants')}")
        self.refresh_panes()
        # suggestions tied to this source (and text), prepared in the background for G: at
        # once on a project of the sample's size, on a large one only once G has been used
        # (preparing reads every coding and analyses every source: minutes of a core there)
        panel = self.query_one(SuggestionsPanel)
        ahead = panel.used or sum(s.codings for s in self.sources) <= PREPARE_AHEAD_CODINGS
        panel.prepare(name, self.app.shown_coders(), ahead=ahead)

    def _visible(self) -> list[Coding]:
        shown = of_coders(self.codings, self.app.shown_coders())
        if self.filter is not None:
            shown = [c for c in shown if c.code == self.filter]
        return shown

    def codings_changed(self, *changed: Coding, added: bool = False) -> None:
        """After the coder changed this source's codings (the hot path): repaint the lines of
        the codings that changed and relabel counts in place, trees not rebuilt. The codings
        are re-read from this source (after a plain add, the new one is appended), and the
        figures of this source follow from them: no project-wide query."""
        if added:
            self.codings = [*self.codings, *changed]
        else:
            before = set(self.codings)
            self.codings = self.store.codings(source=self.source)
            changed = (*changed, *before.symmetric_difference(self.codings))
        if changed:
            span = (min(c.start for c in changed), max(c.end for c in changed))
            rows = self.transcript.show_codings(self._visible(), span)
            self.query_one(Margin).refresh_rows(rows)
        self._show_counts()
        self.show_details()

    def refresh_panes(self) -> None:
        """Every figure read again from the store (after opening a source, an import)."""
        self.counted += 1  # a count still running in the background is older than this
        self._take(figures(self.store, self.app.shown_coders()))
        self.query_one(Navigator).show_sources(self.sources, self.coverage, self.source)
        self.query_one(CodebookPane).show(self.app.books, self._code_counts())
        self.show_details()

    def _take(self, shown: Figures) -> None:
        """Keep the project's figures; those of the current source are then kept up to date
        from its codings in memory (`_count_source`)."""
        self.sources, self.coverage = shown.sources, dict(shown.coverage)
        site = next((s.site for s in self.sources if s.name == self.source), None)
        self._take_informants(site)
        others = {s.name for s in self.sources if s.site == site and s.name != self.source}
        self.site_others = Counter()
        for code, source, n in shown.counts:
            if source in others:
                self.site_others[code] += n
        self._count_source()

    def _take_informants(self, site: str | None) -> None:
        """The informants of the site, for the details pane (read again with the figures:
        an `informants import` elsewhere shows here too)."""
        found = self.store.informants(site).get(site, []) if site is not None else []
        self.informants = {i.label: i for i in found}

    def _count_source(self) -> None:
        """The current source's figures, from its codings in memory."""
        shown = of_coders(self.codings, self.app.shown_coders())
        self.sources = [replace(s, codings=len(shown)) if s.name == self.source else s
                        for s in self.sources]
        if self.source is not None:
            self.coverage[self.source] = covered((c.start, c.end) for c in shown) / max(
                1, len(self.text))

    def _show_counts(self) -> None:
        self._count_source()
        self.query_one(Navigator).update_counts(self.sources, self.coverage)
        self.query_one(CodebookPane).update_counts(self._code_counts())

    def _code_counts(self) -> dict[str, tuple[int, int]]:
        """code -> (codings in this source, codings at this source's site)."""
        here = Counter(c.code for c in of_coders(self.codings, self.app.shown_coders()))
        return {code: (here[code], here[code] + self.site_others[code])
                for code in here.keys() | self.site_others.keys()}

    def recount(self, shown: Figures) -> None:
        """Show the project's figures: relabelled in place, unless sources came or went."""
        self._take(shown)
        navigator = self.query_one(Navigator)
        if not navigator.shows(self.sources):  # sources came, went, were renamed or moved
            navigator.show_sources(self.sources, self.coverage, self.source)
        else:
            navigator.update_counts(self.sources, self.coverage)
        self.query_one(CodebookPane).update_counts(self._code_counts())
        self.show_details()  # informants and the source's fields may have changed too

    def show_details(self) -> None:
        under = self.under_cursor()
        if not under:
            text = tr("No coding under the cursor.")
        else:
            lines = []
            target, _ = own_coding(under, self.app.project.coder)
            for c in under:
                code = self.app.codes.get(c.code)
                label = label_of(code) if code else ""
                mark = "▸ " if c == target else ""
                owner = c.coder if c.coder == self.app.project.coder else tr(
                    "{coder} (read-only)", coder=c.coder)
                lines.append(f"{mark}{c.code} — {label}\n  {word(c.stance)} · {owner} · "
                             f"{word(c.origin)} · {c.start}–{c.end}"
                             + ("\n  " + tr("memo: {memo}", memo=escape(c.memo)) if c.memo
                                else ""))
            text = "\n".join(lines)
            meant = self.app.codes.get((target or under[0]).code)  # what its code means
            about = code_lines(meant, self.shown_source.language if self.shown_source
                               else "id") if meant is not None else []
            if about:
                text += "\n\n" + "\n".join(about)
        text += self._place_details()
        if self.filter:
            text = tr("filter: {code} (F clears)", code=self.filter) + "\n" + text
        if self.app.blind:
            text = tr("blind mode: only {coder} (B shows all)",
                      coder=self.app.project.coder) + "\n" + text
        self.query_one("#details", Static).update(text)

    def _place_details(self) -> str:
        """Who speaks at the cursor and what the source says about itself, each after a
        blank line ('' outside a source)."""
        if self.source is None:
            return ""
        offset = self.transcript.cursor_offset
        metadata = next((s.metadata for s in self.sources if s.name == self.source), {})
        blocks = [speaker_lines(turn_at(self.turns, offset), self.informants),
                  source_lines(metadata, offset)]
        return "".join("\n\n" + "\n".join(lines) for lines in blocks if lines)

    def say(self, message: str) -> None:
        # one fixed line: no layout pass needed (one frame less on every action)
        self.query_one("#status", Static).update(message, layout=False)

    def saved(self, what: str, coding: Coding | None) -> None:
        where = (f" {coding.code} ({word(coding.stance)}) {coding.start}–{coding.end}"
                 if coding else "")
        self.say(tr("✓ saved {time:%H:%M:%S} — {what}{where}", time=datetime.now(), what=what,
                    where=where))

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

    def selection(self) -> tuple[int, int] | None:
        span = self.transcript.selected_span
        if span is None:
            self.say(tr("Select some text first (s: this sentence, t: this turn, v: visual mode, "
                        "shift+arrows)."))
        return span

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
            self.say(tr("-- VISUAL -- move with w b ( ) { } or arrows; c codes; Escape ends"))
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
            self.say(tr("The cursor is not in a speaker turn."))
            return
        self.transcript.select_span(content_start(self.text, turn), turn.end)

    def action_clear_selection(self) -> None:
        self.visual_anchor = None
        self.transcript.move_to(self.transcript.cursor_offset)

    def action_next_coding(self, step: int) -> None:
        spans = sorted({(c.start, c.end) for c in self._visible()})
        start = next_start(spans, self.transcript.cursor_offset, step > 0)
        if start is None:
            self.say(tr("No more codings of {code}.", code=self.filter) if self.filter
                     else tr("No more codings."))
            return
        end = next(e for s, e in spans if s == start)
        self.transcript.select_span(start, end)

    # ------------------------------------------------------------------ memos (L)

    def action_memos(self) -> None:
        from qualcode.tui.screens.memos import MemoScreen

        self.app.push_screen(MemoScreen())
