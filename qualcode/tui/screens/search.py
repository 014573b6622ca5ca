"""Text search in the transcript and speakers (a part of MainScreen, kept apart as one idea).

`/` searches the open source's text as you type (case-insensitive; a run of spaces matches any
run of whitespace, line breaks included), Enter selects the first hit after the cursor, `>` `<`
go to the next and previous hit, and `H` codes every hit at once after a preview (one journaled
action: one `u` takes them all back). Hits in the researcher's words are listed unticked: they
are not evidence. `g` goes to a speaker's next turn, `j` `k` to the next and previous turn of
the speaker at the cursor, and `h` dims every other speaker's turns (offsets stay as they are).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from qualcode.ingest.textnav import content_start, span_at, turn_at
from qualcode.model import NewCoding, Turn
from qualcode.tui.i18n import marked, tr

SCOPES = ("words", "sentence", "turn")  # what "code all hits" codes around each hit


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every place `query` occurs in `text`, case-insensitive, a run of whitespace in the
    query matching any run of whitespace in the text ([] for a blank query)."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def scope_name(scope: str) -> str:
    """What is coded around each hit (one of SCOPES), in the interface language."""
    return tr("sentence") if scope == "sentence" else tr("turn") if scope == "turn" else (
        tr("words"))


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    speaker: str  # "" outside any turn
    researcher: bool
    coded: bool  # the coder has already coded this very span with the chosen code


class SearchBar(ModalScreen[str | None]):
    """The query line at the foot of the workbench; the screen behind marks hits as you type.
    Returns the query (Enter) or None (Escape)."""

    DEFAULT_CSS = """
    SearchBar { align: center bottom; background: $background 0%; }
    SearchBar > Vertical { height: auto; width: 100%; background: $panel; padding: 0 1; }
    SearchBar Input { width: 100%; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="search.cancel")]
    HELP = marked("Search the transcript — Enter goes to the next hit, Escape cancels")

    def __init__(self, query: str, on_change) -> None:
        super().__init__()
        self.query_text = query
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(tr(self.HELP), id="search-count")
            yield Input(self.query_text, placeholder=tr("words to find (any case)"),
                        id="search-query")

    def on_input_changed(self, event: Input.Changed) -> None:
        found = self.on_change(event.value)  # how many hits, said above the query
        self.query_one("#search-count", Label).update(
            tr("{found} — Enter goes to the next, Escape cancels", found=found) if found
            else tr(self.HELP))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HitsPreview(ModalScreen[tuple[list[Hit], str] | None]):
    """Every hit with its speaker and context, ticked to be coded (the researcher's words and
    spans already coded start unticked). Space ticks or unticks, `s` cycles what is coded
    around each hit (the words, their sentence, their turn), Enter codes, Escape cancels."""

    DEFAULT_CSS = """
    HitsPreview { align: center middle; }
    HitsPreview > Vertical { width: 96%; height: 90%; background: $panel; padding: 0 1;
                              border: round $accent; }
    HitsPreview SelectionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "confirm", "Code the ticked hits", priority=True, id="hits.confirm"),
        Binding("s", "scope", "Code the words / sentence / turn", id="hits.scope"),
        Binding("a", "tick_all", "Tick all", id="hits.tick_all"),
        Binding("escape", "cancel", "Cancel", id="hits.cancel"),
    ]

    def __init__(self, hits: list[Hit], text: str, code: str, query: str) -> None:
        super().__init__()
        self.hits, self.text, self.code, self.query_text = hits, text, code, query
        self.scope = SCOPES[0]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(id="hits-title")
            yield SelectionList[int](*[
                Selection(self._line(h), i, not (h.researcher or h.coded))
                for i, h in enumerate(self.hits)], id="hits")
            yield Label(tr("space: tick/untick · a: tick all · s: code the words / sentence / "
                           "turn · Enter: code · Escape: cancel"), id="hits-keys")

    def on_mount(self) -> None:
        self._title()
        self.query_one(SelectionList).focus()

    def on_selection_list_selected_changed(self, event) -> None:
        self._title()

    def _title(self) -> None:
        ticked = len(self.query_one(SelectionList).selected)
        self.query_one("#hits-title", Label).update(
            tr("Code {ticked} of {total} hits of '{query}' with {code} — coding the {scope} "
               "of each hit", ticked=ticked, total=len(self.hits), query=self.query_text,
               code=self.code, scope=scope_name(self.scope)))

    def _line(self, hit: Hit) -> Text:
        before = self.text[max(0, hit.start - 30):hit.start]
        after = self.text[hit.end:hit.end + 60]
        flat = " ".join  # a context on one line
        line = Text(f"{(hit.speaker or '—')[:14]:<14} ", style="bold")
        if hit.researcher:  # first, where it is seen before the context is cut
            line.append(tr("(researcher: not evidence)") + " ", style="italic")
        elif hit.coded:
            line.append(tr("(already coded {code})", code=self.code) + " ", style="italic")
        line.append("…" + flat(before.split()) + (" " if before[-1:].isspace() else ""))
        line.append(flat(self.text[hit.start:hit.end].split()), style="reverse")
        line.append((" " if after[:1].isspace() else "") + flat(after.split()) + "…")
        line.no_wrap, line.overflow = True, "ellipsis"
        return line

    def action_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self._title()

    def action_tick_all(self) -> None:
        self.query_one(SelectionList).select_all()

    def action_confirm(self) -> None:
        ticked = sorted(self.query_one(SelectionList).selected)
        self.dismiss(([self.hits[i] for i in ticked], self.scope))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SearchActions:
    """Mixed into MainScreen, which provides the store, the transcript, the source's `text`,
    `turns` and `sentences`, `say`, `write` and `codings_changed`."""

    search_query: str = ""
    speaker_filter: str | None = None
    filtered_source: str | None = None  # the source the speaker filter was set in

    @property
    def hits(self) -> list[tuple[int, int]]:
        """The hits marked in the transcript (opening a source, or none, clears them)."""
        return self.transcript.hits

    # ------------------------------------------------------------------ search

    def action_search_text(self) -> None:
        if self.source is None:
            self.say(tr("Open a source first (o)."))
            return
        was = self.search_query

        def done(query: str | None) -> None:
            if query is None:  # cancelled: the search as it was
                self._search(was)
                self.say(self._hit_status() if self.hits else "")
                return
            self._search(query)
            if not self.hits:
                self.say(tr("No hits for '{query}'.", query=query) if query.strip() else
                         tr("Search cleared."))
                return
            self._go_hit(self._next_hit(self.transcript.cursor_offset, forward=True))

        self.app.push_screen(SearchBar(was, self._search_live), done)

    def _search_live(self, query: str) -> str:
        self._search(query)
        return tr("{n} hits for '{query}'", n=len(self.hits), query=self.search_query) if (
            self.search_query) else ""

    def _search(self, query: str) -> None:
        self.search_query = " ".join(query.split())
        self.transcript.show_hits(find_hits(self.text, self.search_query))

    def search_follow(self) -> None:
        """A source (re)opened: its hits for the same query; the speaker filter kept if the
        same source came back (a new text, say) with that speaker, else every speaker shown."""
        self.transcript.show_hits(find_hits(self.text, self.search_query))
        speaker = self.speaker_filter
        if speaker is not None and self.filtered_source == self.source and any(
                t.speaker == speaker for t in self.turns):
            self.transcript.dim_except([(t.start, t.end) for t in self.turns
                                        if t.speaker == speaker])
        else:
            self.speaker_filter = None

    def _next_hit(self, offset: int, forward: bool) -> int:
        """Index of the hit after (or before) `offset`, wrapping round the source."""
        starts = [a for a, _ in self.hits]
        if forward:
            i = bisect_left(starts, offset)
            return i if i < len(starts) else 0
        i = bisect_left(starts, offset) - 1
        return i if i >= 0 else len(starts) - 1

    def _go_hit(self, i: int) -> None:
        self.transcript.select_span(*self.hits[i])
        self.say(self._hit_status(i))

    def _hit_status(self, i: int | None = None) -> str:
        if i is None:
            return tr("{n} hits for '{query}' — > next · < previous · H code all hits · "
                      "/ new search", n=len(self.hits), query=self.search_query)
        return tr("hit {i} of {n} for '{query}' — > next · < previous · H code all hits · "
                  "/ new search", i=i + 1, n=len(self.hits), query=self.search_query)

    def action_next_hit(self, step: int) -> None:
        if not self.hits:
            self.say(tr("No hits for '{query}'.", query=self.search_query) if self.search_query
                     else tr("No search yet: / searches the transcript."))
            return
        span = self.transcript.selected_span
        if step > 0:
            offset = span[1] if span else self.transcript.cursor_offset
            i = self._next_hit(offset, forward=True)
            if span and self.hits[i] == span and len(self.hits) > 1:  # on it already
                i = (i + 1) % len(self.hits)
        else:
            i = self._next_hit(span[0] if span else self.transcript.cursor_offset,
                               forward=False)
        self._go_hit(i)

    # ------------------------------------------------------------------ code all hits

    def action_code_hits(self) -> None:
        if not self.hits:
            self.say(tr("No hits to code: / searches the transcript first."))
            return
        self.app.pick_code(tr("Code all {n} hits of '{query}' with… (+NAME makes a new code)",
                              n=len(self.hits), query=self.search_query), self._preview_hits,
                           create=self.create_targets(self._highlighted()))

    def _preview_hits(self, code: str) -> None:
        coder = self.app.project.coder
        mine = {(c.start, c.end) for c in self.codings if c.code == code and c.coder == coder}
        hits = []
        for a, b in self.hits:
            turn = turn_at(self.turns, a)
            hits.append(Hit(a, b, turn.speaker if turn else "",
                            bool(turn and turn.is_researcher), (a, b) in mine))
        source, text = self.source, self.text

        def done(chosen: tuple[list[Hit], str] | None) -> None:
            if chosen is None:
                self.say(tr("Nothing coded."))
            elif source == self.source:  # (the same source still open)
                self._code_hits(code, *chosen)

        self.app.push_screen(HitsPreview(hits, text, code, self.search_query), done)

    def _scoped(self, hit: Hit, scope: str) -> tuple[int, int]:
        if scope == "sentence":
            found = span_at(self.sentences, hit.start)
            if found and found[0] <= hit.start and found[1] >= hit.end:
                return found
        if scope in ("sentence", "turn"):
            turn = turn_at(self.turns, hit.start)
            if turn is not None and turn.end >= hit.end:
                return content_start(self.text, turn), turn.end
        return hit.start, hit.end

    def _code_hits(self, code: str, hits: list[Hit], scope: str) -> None:
        from qualcode.tui.screens.coding import REFUSED

        if not hits:
            self.say(tr("No hit ticked: nothing coded."))
            return
        coder = self.app.project.coder
        spans = sorted({self._scoped(h, scope) for h in hits})
        added = self.write(self.store.add_codings_action,
                           [NewCoding(self.source, a, b, code, "supports", coder)
                            for a, b in spans], coder,
                           f"coded {scope if scope != 'words' else 'hits'} of "
                           f"'{self.search_query}' with {code}")
        if added is REFUSED:
            return
        if not added:
            self.say(tr("Every ticked {scope} is already coded {code}: nothing coded.",
                        scope=scope_name(scope), code=code))
            return
        self.codings_changed(*added, added=True)
        skipped = len(spans) - len(added)
        unit = (tr("hits") if scope == "words" else tr("sentences") if scope == "sentence"
                else tr("turns"))
        self.say(tr("✓ saved — coded {n} {unit} with {code} ({skipped} already coded); u "
                    "undoes them all", n=len(added), unit=unit, code=code, skipped=skipped)
                 if skipped else
                 tr("✓ saved — coded {n} {unit} with {code}; u undoes them all",
                    n=len(added), unit=unit, code=code))

    # ------------------------------------------------------------------ speakers

    def _speaker_at(self) -> str | None:
        if self.speaker_filter is not None:
            return self.speaker_filter
        turn = turn_at(self.turns, self.transcript.cursor_offset)
        return turn.speaker if turn else None

    def _pick_speaker(self, title: str, then) -> None:
        counts = Counter(t.speaker for t in self.turns)
        if not counts:
            self.say(tr("This source has no speaker turns."))
            return
        researcher = {t.speaker for t in self.turns if t.is_researcher}
        self.app.pick_choice(title, [
            (speaker, (tr("{n} turn", n=n) if n == 1 else tr("{n} turns", n=n)) + (
                " · " + tr("researcher") if speaker in researcher else ""),
             lambda speaker=speaker: then(speaker))
            for speaker, n in counts.most_common()])

    def _turn_of(self, speaker: str, forward: bool) -> Turn | None:
        """The speaker's next (or previous) turn from the cursor, wrapping round."""
        theirs = [t for t in self.turns if t.speaker == speaker]
        if not theirs:
            return None
        offset = self.transcript.cursor_offset
        starts = [t.start for t in theirs]
        if forward:
            i = bisect_right(starts, offset)
            return theirs[i] if i < len(theirs) else theirs[0]
        here = turn_at(theirs, offset)
        i = bisect_left(starts, here.start if here else offset) - 1
        return theirs[i] if i >= 0 else theirs[-1]

    def _go_turn(self, turn: Turn) -> None:
        theirs = [t for t in self.turns if t.speaker == turn.speaker]
        self.transcript.move_to(content_start(self.text, turn))
        self.transcript.scroll_cursor_visible(center=True)
        values = {"speaker": turn.speaker, "i": theirs.index(turn) + 1, "n": len(theirs)}
        self.say(tr("{speaker}: turn {i} of {n} (only theirs shown; h shows all) — j next · "
                    "k previous turn of theirs", **values) if self.speaker_filter else
                 tr("{speaker}: turn {i} of {n} — j next · k previous turn of theirs",
                    **values))

    def action_goto_speaker(self) -> None:
        self._pick_speaker(tr("Go to a speaker's next turn…"),
                           lambda speaker: self._go_turn(self._turn_of(speaker, True)))

    def action_speaker_turn(self, step: int) -> None:
        speaker = self._speaker_at()
        if speaker is None:
            self.say(tr("The cursor is not in a speaker turn: g picks a speaker."))
            return
        turn = self._turn_of(speaker, step > 0)
        if turn is None:  # (the source changed under a filter)
            self.speaker_filter = None
            self.say(tr("{speaker} has no turns here: g picks a speaker.", speaker=speaker))
            return
        self._go_turn(turn)

    def action_filter_speaker(self) -> None:
        if self.speaker_filter is not None:
            self.speaker_filter = None
            self.transcript.dim_except(None)
            self.say(tr("Every speaker shown."))
            return

        def only(speaker: str) -> None:
            self.speaker_filter, self.filtered_source = speaker, self.source
            self.transcript.dim_except([(t.start, t.end) for t in self.turns
                                        if t.speaker == speaker])
            here = turn_at(self.turns, self.transcript.cursor_offset)
            self._go_turn(here if here and here.speaker == speaker else
                          self._turn_of(speaker, True))

        self._pick_speaker(tr("Show only one speaker's turns (the others dimmed)…"), only)

