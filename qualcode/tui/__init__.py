"""The Textual coding workbench (the only part of qualcode that imports Textual)."""
