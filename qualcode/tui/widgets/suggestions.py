"""The suggestions panel: the model's proposals for the open source, most informative first;
a accepts, - (or Delete) rejects, k skips. Suggestions are never evidence until accepted.

The panel is tied to one source. When a source opens (`prepare`), its suggestions are
computed in a worker thread at once, so that G (`open`) shows them without waiting; switching
source prepares the new source's and never leaves the old list on screen. Its keys mean
nowhere else anything else: `r` (retrieve) and `u` (undo) reach the workbench. A rejection is
undoable: after an undo or redo the screen calls `follow`, which brings back the suggestions
whose decision was undone (and takes out those decided again).

The panel only asks (a `Chosen` message); the screen stores the decision and, once it is
saved, calls `drop` so a refused one (busy project, ...) stays in the list."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from qualcode.errors import QualcodeError
from qualcode.model import Coding
from qualcode.store import Store
from qualcode.suggest.engine import Suggestion
from qualcode.tui.i18n import number, tr


def _suggest_into(done: Future, path, source: str, coders: set[str] | None,
                  current: Callable[[], bool]) -> None:
    """The suggestions for `source` into `done` (None when another source opened meanwhile)."""
    from qualcode.store.project import Project
    from qualcode.suggest.engine import suggest_for_source

    try:
        if not current():
            result = None
        else:
            with Project.open(path) as project:
                result = suggest_for_source(project, source, limit=200, coders=coders)
    except Exception as exc:
        with contextlib.suppress(InvalidStateError):  # (cancelled: the workbench closed)
            done.set_exception(exc)
        return
    with contextlib.suppress(InvalidStateError):
        done.set_result(result)


def _decided(s: Suggestion, rejected: set[tuple], coded: set[tuple]) -> bool:
    """Whether the store holds a decision on `s`: rejected, or coded with its code and span."""
    return (s.source, s.start, s.end, s.code) in rejected or (s.start, s.end, s.code) in coded


class SuggestionsPanel(Vertical):
    class Chosen(Message):
        """The researcher accepted, rejected or moved to a suggestion."""

        def __init__(self, action: str, suggestion: Suggestion) -> None:
            super().__init__()
            self.action = action  # "accept" | "reject" | "show"
            self.suggestion = suggestion

    BINDINGS = [
        Binding("a", "decide('accept')", "Accept suggestion", id="suggest.accept"),
        Binding("minus,delete", "decide('reject')", "Reject suggestion (u undoes)",
                id="suggest.reject"),
        Binding("k", "skip", "Skip suggestion", id="suggest.skip"),
    ]

    def __init__(self) -> None:
        super().__init__(id="suggestions", classes="hidden")
        self.items: list[Suggestion] = []
        self.keys: list[str] = []
        self.source: str | None = None  # the source the panel is tied to
        self.coders: set[str] | None = None  # whose codings the prepared model learned from
        self.prepared: list[Suggestion] | None = None  # None while being prepared
        self.failed: str | None = None  # why there are none, when preparing failed
        self.generation = 0  # which preparation is the current one
        self.used = False  # G was pressed in this session: prepare every source ahead
        self.decided: list[tuple[int, Suggestion]] = []  # (index, suggestion) taken out
        self._row = 0  # row keys are never reused
        self.wanted = False  # G was pressed for the suggestions being prepared

    def compose(self) -> ComposeResult:
        yield Static(tr("Suggestions"), id="suggestions-title")
        yield DataTable(cursor_type="row", id="suggestions-table")

    @property
    def shown(self) -> bool:
        return not self.has_class("hidden")

    # ------------------------------------------------------------------ tied to a source

    def prepare(self, source: str | None, coders: set[str] | None,
                wanted: bool = False, ahead: bool = True) -> None:
        """Tie the panel to `source` and compute its suggestions in the background; the list
        of another source (or of this one's earlier text) is gone at once. Unless `wanted`
        (G), the list shows when ready without taking the focus or moving the cursor. Not
        `ahead`: only clear the list; G computes."""
        self.generation += 1
        self.source, self.coders, self.prepared, self.failed = source, coders, None, None
        self.wanted = wanted
        self.decided = []
        self._fill([])
        if source is None:
            self._title(tr("Suggestions: no source open"))
            return
        if not (ahead or wanted):
            self.source = None  # nothing prepared: G computes for the open source
            self._title(tr("Suggestions for {source}: press G", source=source))
            return
        self.used = self.used or wanted
        self._title(tr("Suggestions for {source}: preparing suggestions…", source=source))
        self._compute(self.generation, source, coders)

    def open(self, source: str | None, coders: set[str] | None) -> None:
        """G: show the panel, with the suggestions at once if they are ready. Shown again on
        the same source, suggestions are computed anew (from what was coded since)."""
        if source is None:
            return
        again = self.shown and self.source == source and self.prepared is not None
        self.remove_class("hidden")
        if again or source != self.source or coders != self.coders:
            self.prepare(source, coders, wanted=True)
        elif self.prepared is not None:
            self._show_ready(focus=True)
        elif self.failed is not None:
            self._title(self.failed)
        else:
            self.wanted = True  # shown, with the focus, when ready

    def _compute(self, generation: int, source: str, coders: set[str] | None) -> None:
        """Compute on a daemon thread of its own (not the event loop's executor, which a
        closing workbench would wait for: quitting never waits for suggestions) and wait for
        it in a worker (which `app.workers` knows of, and which closing cancels)."""
        done: Future = Future()
        threading.Thread(target=_suggest_into, name="qualcode-suggest", daemon=True, args=(
            done, self.app.project.path, source, coders,
            lambda: generation == self.generation)).start()
        self._wait(generation, done)

    @work(exclusive=True, group="suggest")
    async def _wait(self, generation: int, done: Future) -> None:
        try:
            found = await asyncio.wrap_future(done)
        except QualcodeError as exc:
            self._failed(generation, tr("No suggestions: {why}",
                                        why="; ".join(exc.problems) or str(exc)))
            return
        except Exception as exc:  # (never the workbench's end: the coder did not ask yet)
            self._failed(generation, tr("No suggestions: {why}",
                                        why=f"{type(exc).__name__}: {exc}"))
            return
        if found is not None:
            self._ready(generation, found)

    def _ready(self, generation: int, found: list[Suggestion]) -> None:
        if generation != self.generation:  # prepared for a source no longer open
            return
        self.prepared = found
        if self.shown:
            self._show_ready(focus=self.wanted)

    def _failed(self, generation: int, why: str) -> None:
        if generation == self.generation:
            self.failed = why
            self._title(why)

    def _show_ready(self, focus: bool) -> None:
        """The prepared suggestions, less those decided since they were prepared (here or
        in another window); with `focus`, the list takes the keys and the first is shown."""
        store = self.app.project.store
        coded = {(c.start, c.end, c.code) for c in store.codings(source=self.source)
                 if self.coders is None or c.coder in self.coders}
        rejected = {r for r in store.rejections() if r[0] == self.source}
        self._fill([s for s in self.prepared if not _decided(s, rejected, coded)])
        self.prepared = list(self.items)
        self.wanted = False
        if self.items and focus:
            self.query_one(DataTable).focus()
            self._show_current(force=True)

    # ------------------------------------------------------------------ the list

    def _title(self, text: str) -> None:
        self.query_one("#suggestions-title", Static).update(text)

    def _fill(self, items: list[Suggestion], cursor: int = 0) -> None:
        self.items = list(items)
        self.keys = []
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(tr("code"), tr("stance"), tr("score"), tr("text"))
        for s in self.items:
            self._row += 1
            self.keys.append(str(self._row))
            stance = (tr("suppor") if s.stance == "supports" else  # six letters wide
                      tr("contra") if s.stance == "contradicts" else s.stance[:6])
            table.add_row(s.code.split("/", 1)[1], stance, number(s.score),
                          " ".join(s.text.split())[:60], key=self.keys[-1])
        if self.items:
            table.move_cursor(row=min(cursor, len(self.items) - 1))
        if self.source is not None:
            # what the model rests on (its version is stored with each accepted coding)
            learned = bool(self.items) and ":learned:" in self.items[0].model_version
            self._title(tr("Suggestions for {source} ({n}, {basis}) — a accept · - "
                           "reject (u undoes) · k skip; not evidence until accepted",
                           source=self.source, n=len(self.items),
                           basis=tr("learned from the codings") if learned
                           else tr("from the codebooks")))

    def current(self) -> Suggestion | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def _show_current(self, force: bool = False) -> None:
        """Select the current suggestion's words in the transcript: when the list has the
        focus (a list filled in the background leaves the cursor where it is)."""
        s = self.current()
        if s is not None and (force or self.query_one(DataTable).has_focus):
            self.post_message(self.Chosen("show", s))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_current()

    def drop(self, suggestion: Suggestion) -> None:
        """Take a decided suggestion out of the list (kept aside: an undo brings it back)."""
        if suggestion not in self.items:
            return
        index = self.items.index(suggestion)
        del self.items[index]
        self.decided.append((index, suggestion))
        self.query_one(DataTable).remove_row(self.keys.pop(index))
        self._show_current()

    def follow(self, store: Store, codings: list[Coding]) -> Suggestion | None:
        """After an undo or redo: suggestions whose decision is gone come back where they
        were, those decided again go; the one brought back (if any) is returned, under the
        cursor."""
        if self.source is None or not (self.items or self.decided):
            return None
        rejected = {r for r in store.rejections() if r[0] == self.source}
        coded = {(c.start, c.end, c.code) for c in codings if c.source == self.source}
        back = [(i, s) for i, s in self.decided if not _decided(s, rejected, coded)]
        gone = [s for s in self.items if _decided(s, rejected, coded)]
        if not back and not gone:
            return None
        items = [s for s in self.items if s not in gone]
        for index, s in sorted(back, key=lambda x: x[0]):
            items.insert(min(index, len(items)), s)
        self.decided = [d for d in self.decided if d not in back] + [
            (self.items.index(s), s) for s in gone]
        cursor = self.query_one(DataTable).cursor_row
        brought = back[-1][1] if back else None
        self._fill(items, items.index(brought) if brought else cursor)
        if self.prepared is not None:
            self.prepared = list(self.items)
        if brought is not None and self.shown:
            self._show_current()  # (when the list has the focus)
        return brought

    def action_decide(self, action: str) -> None:
        s = self.current()
        if s is not None:
            self.post_message(self.Chosen(action, s))

    def action_skip(self) -> None:
        table = self.query_one(DataTable)
        if self.items:
            table.move_cursor(row=(table.cursor_row + 1) % len(self.items))
