"""Noticing what other windows, coders and the CLI changed (a part of MainScreen, kept apart to
keep each module one idea).

Once a second the workbench asks the store for its `data_version`, which changes only when
another connection committed. Then it shows the project as it is now: this source's codings
at once (cheap), the project-wide counts and coverage from a worker thread on a connection of
its own (on a 50,000-coding project they take a fifth of a second: the keys must not wait for
them). The cursor, the selection, the filter and the scroll stay where they were.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from qualcode.errors import QualcodeError
from qualcode.store import open_store
from qualcode.tui.coders import Figures, figures
from qualcode.tui.screens.coding import one_line
from qualcode.tui.widgets.codebook import CodebookPane
from qualcode.tui.widgets.transcript import Margin

POLL_SECONDS = 1.0  # how often the workbench asks whether another connection changed data


class Watching:
    """Mixed into MainScreen, which provides the store, the codings, `recount`, `counted`,
    `seen_version`, `open_source`, `_show_counts` and `show_details`."""

    def poll(self) -> None:
        """Show the project again when another connection changed it."""
        try:
            version = self.store.data_version()
            if version != self.seen_version:
                self.seen_version = version
                self.reread()
        except QualcodeError as exc:
            self.say(one_line(exc))

    def reread(self, background: bool = True) -> None:
        """Show the project as the store has it now: this source's codings, new codebooks and
        sources, every count (in a worker unless `background` is False)."""
        if self.app.reload_books():
            self.query_one(CodebookPane).show(self.app.books, self._code_counts())
        if self.source is None:
            sources = self.store.sources()
            if sources:
                self.open_source(sources[0].name)
            return
        if self.follow_sources():  # the open source renamed, moved, replaced or deleted
            return
        codings = self.store.codings(source=self.source)
        if codings != self.codings or not background:  # (blind mode switched: all again)
            self.codings = codings
            self.transcript.show_codings(self._visible())
            self.query_one(Margin).refresh()
        self._show_counts()
        self.show_details()
        if background:
            self.count_project(self.app.shown_coders(), self.counted)
        else:
            self.counted += 1
            self.recount(figures(self.store, self.app.shown_coders()))

    @work(thread=True, exclusive=True, group="figures")
    def count_project(self, coders: set[str] | None, counted: int) -> None:
        worker = get_current_worker()
        try:
            with open_store(self.store.path) as store:
                shown = figures(store, coders)
        except QualcodeError as exc:
            self.app.call_from_thread(self.say, one_line(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, shown, coders, counted)

    def _counted(self, shown: Figures, coders: set[str] | None, counted: int) -> None:
        # Figures read before blind mode was switched, or before the figures were read
        # again in the foreground (a source opened), are older than those shown.
        if counted == self.counted and coders == self.app.shown_coders():
            self.recount(shown)
