"""The footer, with each key's description in the interface language."""

from __future__ import annotations

from textual import widgets
from textual.app import ComposeResult
from textual.widgets._footer import FooterKey  # not re-exported; Footer builds these

from qualcode.tui.i18n import tr


class Footer(widgets.Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = tr(widget.description)
            yield widget
