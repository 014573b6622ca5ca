"""The source and site commands: correct an imported source (delete, rename, set, replace and
review the codings a replacement detached), rename a site."""

from __future__ import annotations

from qualcode.cli.parser import Commands


def register(command: Commands) -> None:
    """Nothing yet."""
