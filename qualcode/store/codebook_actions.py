"""Editing codebooks on the SQLite store: the researcher's own thematic codes (add, rename,
move, merge, delete, colour, describe), each journaled in the transaction that makes it."""

from __future__ import annotations


class CodebookActions:
    """Mixed into SQLiteStore, which provides `transaction`, `stamp` and the journal."""
