"""The workbench at every size (a part of MainScreen): the transcript keeps room to read.

The navigator shows from NAVIGATOR_FROM columns, the codebook and details from SIDE_FROM, so
that the transcript never gets much fewer than 60 columns. When the terminal crosses one of
these widths the panes follow; in between, `[` and `]` show or hide them by hand, and that
choice holds until the next crossing.
"""

from __future__ import annotations

from textual import events

NAVIGATOR_FROM = 160
SIDE_FROM = 110


class ResponsiveLayout:
    """Mixed into MainScreen, which has the `Navigator` and the `#side` pane."""

    _auto_panes: tuple[bool, bool] | None = None

    def on_resize(self, event: events.Resize) -> None:
        wanted = (event.size.width >= NAVIGATOR_FROM, event.size.width >= SIDE_FROM)
        if wanted == self._auto_panes:
            return
        self._auto_panes = wanted
        for selector, show in zip(("Navigator", "#side"), wanted, strict=True):
            self.query_one(selector).set_class(not show, "hidden")
