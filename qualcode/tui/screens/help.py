"""Every key of the workbench and what it does, grouped by task, read from the bindings
themselves (keys.TASKS) with their keys as a person types them ("." not "full_stop")."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qualcode.tui.i18n import tr
from qualcode.tui.keys import described

KEY_WIDTH = 10


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, tasks: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.tasks = tasks

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self._text(), id="help-text")

    def _text(self) -> Text:
        text = Text()
        text.append(tr("Keys — Escape, ? or q closes; ctrl+p finds any action by name") + "\n",
                    style="bold")
        for task, bindings in self.tasks:
            text.append(f"\n{tr(task)}\n", style="bold underline")
            for keys, description in _rows(self.app, bindings):
                text.append(f"  {keys:<{KEY_WIDTH}}", style="bold")
                text.append(f"{description}\n")
        return text

    def on_mount(self) -> None:
        self.query_one("#help").focus()


def _rows(app, bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, description) per line, the description in the interface language; a run of
    numbered twins ("Recent code 1" … "9") is one line ("1–9", "Recent code 1–9")."""
    rows: list[tuple[str, str]] = []
    run: list[Binding] = []

    def flush() -> None:
        if len(run) > 1:
            first, last = run[0].description.split()[-1], run[-1].description.split()[-1]
            stem = tr(run[0].description.rsplit(" ", 1)[0])
            rows.append((f"{first}–{last}", f"{stem} {first}–{last}"))
        elif run:
            rows.append((_keys(app, run[0]), described(run[0].description)))
        run.clear()

    for binding in bindings:
        numbered = binding.description.split()[-1].isdigit()
        if run and not (numbered and binding.action.split("(")[0]
                        == run[0].action.split("(")[0]):
            flush()
        if numbered:
            run.append(binding)
        else:
            rows.append((_keys(app, binding), described(binding.description)))
    flush()
    return rows


def _keys(app, binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " ".join(app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
