"""Slow work (exports, imports) in a worker thread with a progress bar: the UI never freezes."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from qualcode.errors import QualcodeError
from qualcode.tui.i18n import tr

Progress = Callable[[int, int], None]


class JobScreen(ModalScreen[None]):
    """Runs `job(progress)` in a thread; shows its progress and then the line it returns."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="job.close")]

    def __init__(self, title: str, job: Callable[[Progress], str],
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.heading = title
        self.job = job
        self.on_done = on_done
        self.result: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="job-box"):
            yield Label(self.heading)
            yield ProgressBar(total=None, id="job-progress")
            yield Static(tr("working… (Escape closes this window; the work goes on)"),
                         id="job-result")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True, exclusive=True)
    def run_job(self) -> None:
        try:
            message = "✓ " + self.job(self._progress)
        except QualcodeError as exc:
            message = "✗ " + "; ".join(exc.problems)
        self.app.call_from_thread(self._finish, message)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        self.app.call_from_thread(bar.update, total=total, progress=done)

    def _finish(self, message: str) -> None:
        self.result = message
        self.query_one("#job-result", Static).update(message + "   " + tr("(Escape closes)"))
        self.app.notify(message, timeout=8)
        if self.on_done is not None:
            self.on_done()
