"""Correcting sources on the SQLite store: delete, rename, set, replace (codings re-anchored,
the rest kept detached for review), and renaming sites, each journaled."""

from __future__ import annotations


class SourceActions:
    """Mixed into SQLiteStore, which provides `transaction`, `stamp` and the journal."""
