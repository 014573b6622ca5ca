"""The code command: the researcher's own codes and codebooks (add, rename, move, merge,
delete, colour, describe)."""

from __future__ import annotations

from qualcode.cli.parser import Commands


def register(command: Commands) -> None:
    """Nothing yet."""
