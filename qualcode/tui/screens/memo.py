"""Writing a memo for a coding: inline, in a small modal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class MemoScreen(ModalScreen[str | None]):
    """Returns the memo text (Enter) or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="memo.cancel")]

    def __init__(self, title: str, memo: str) -> None:
        super().__init__()
        self.title_text = title
        self.memo = memo

    def compose(self) -> ComposeResult:
        with Vertical(id="memo-box"):
            yield Label(self.title_text)
            yield Input(self.memo, placeholder="memo — Enter saves, Escape cancels", id="memo")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
