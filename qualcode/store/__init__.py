"""The project store: where coded material lives.

Holds the store protocol (`Store`, all that every other layer talks to), its SQLite backend
(`sqlite`, with the schema and migrations in `schema`), the project directory (`qualcode.yaml` +
the store, in `project`), the journaled coding actions (`actions`), the journal that undo,
redo and the audit trail work from (`journal`) and the pseudonyms of anonymised exports
(`pseudonyms`). Imports only
`qualcode.model`, `qualcode.errors` and `qualcode.yamlfile`; nothing above it.

`create_store` and `open_store` are the one place that picks the backend: a second one (e.g.
PostgreSQL) changes them and nothing outside this package.
"""

from pathlib import Path

from qualcode.store.protocol import Store
from qualcode.store.sqlite import SQLiteStore


def create_store(path: Path) -> Store:
    """A new, empty store at `path`; refused if a database is already there."""
    return SQLiteStore.create(path)


def open_store(path: Path) -> Store:
    """The existing store at `path`, migrated to the current schema if it is older."""
    return SQLiteStore.open(path)


__all__ = ["Store", "create_store", "open_store"]
