"""The project store: where coded material lives.

Holds the store protocol (`Store`, what every other layer talks to), its SQLite implementation
with the schema and migrations, the project directory (`qualcode.yaml` + the store) and the undo
history of coding actions. Imports only `qualcode.model` and `qualcode.errors` (and YAML
helpers); nothing above it.
"""

from qualcode.store.sqlite import Store

__all__ = ["Store"]
