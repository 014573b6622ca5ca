"""A one-line prompt in a small modal: a memo, a file path."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from qualcode.tui.i18n import tr


class PromptScreen(ModalScreen[str | None]):
    """Returns the text (Enter) or None (Escape). `title` and `placeholder` come translated;
    without a placeholder, the prompt says how it saves and cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "",
                 placeholder: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = tr("Enter saves, Escape cancels") if placeholder is None else placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.title_text)
            yield Input(self.value, placeholder=self.placeholder, id="prompt")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
