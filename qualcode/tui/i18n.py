"""The workbench's words in the researcher's language: English as written in the code, or
Indonesian from the catalogue (`words_id.ID`, keyed by the English text).

Every text a person reads goes through `tr()` where it is shown; constants are written
`marked(...)` and translated where shown; key descriptions are written in English in the
bindings and translated where the footer, help and command palette show them. One language
per process, chosen when the workbench opens (`use`)."""

from __future__ import annotations

from qualcode.model import decimal
from qualcode.tui.words_id import ID

LANGUAGES = ("en", "id")
_language = "en"


def use(language: str) -> None:
    """Show the workbench in `language` (one of LANGUAGES) from now on."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r}")
    _language = language


def language() -> str:
    return _language


def marked(text: str) -> str:
    """`text` unchanged, marked for the catalogue: for texts written where the language is
    not yet known (module constants), translated with `tr` where they are shown."""
    return text


def tr(text: str, /, **values: object) -> str:
    """`text` in the interface language, with `{name}` fields filled from `values`."""
    said = ID.get(text, text) if _language == "id" else text
    return said.format(**values) if values else said


def number(value: float, digits: int = 2) -> str:
    """`value` with `digits` decimals, written as the interface language writes numbers
    (0.71 in English, 0,71 in Indonesian)."""
    return decimal(value, _language, digits)
