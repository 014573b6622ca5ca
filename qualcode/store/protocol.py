"""What every layer above the store may ask of it: the `Store` protocol.

Nothing outside `qualcode.store` sees SQL or a driver, so a second backend (PostgreSQL for a
team's shared project) is a class with these methods plus a line in `qualcode.store`'s
`create_store` / `open_store`. What a backend must guarantee, because callers rely on it:

- Every write method is one transaction, committed before it returns: all of it or nothing,
  and a crash after the return never loses what the caller was told was saved.
- Several stores may be open on one project at once (the TUI's workers open their own); a
  write waits for another's to finish (SQLite waits up to 5 s, then the driver's error passes).
- Refusals raise `QualcodeError` with a message for the user: no database at the path, not a
  qualcode database, one from a newer qualcode, a database already where one is created, a
  source name already in the project, an unknown source name or coding id, a coding that
  repeats (source, start, end, code, coder), a codebook change that drops codes still in use.
  A busy, read-only or full database is not translated today: the driver's error passes.
- Coding ids are increasing integers, returned in the order the codings were given. They are
  not reserved forever (SQLite gives max + 1, so a deleted highest id comes back), which is
  what lets `restore_coding` put an undone deletion back under its own id.
- Timestamps are ISO 8601 UTC strings to the second; they compare as strings.
- Lists come in a stable order (named per method), so the same project gives the same output.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, Self

from qualcode.model import (
    Codebook,
    Coding,
    Informant,
    Memo,
    NewCoding,
    ParsedSource,
    SourceInfo,
    Turn,
    TurnColumns,
)


class Store(Protocol):
    """A project's coded material: sites, sources, turns, codebooks, codings, memos."""

    @property
    def path(self) -> Path:
        """Where the store lives; a per-project cache (the suggestion engine's) keys on it."""
        ...

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None:
        """Closes the store."""
        ...

    # ----------------------------------------------------------------- sites and sources

    def sites(self) -> list[str]:
        """Site names in the order they were first imported."""
        ...

    def source_names(self) -> set[str]: ...

    def add_sources(self, parsed: Iterable[ParsedSource]) -> list[int]:
        """Store sources with their site, informants and turns, all in one transaction; returns
        their ids. An informant already known at the site keeps its details, filling blanks."""
        ...

    def sources(self) -> list[SourceInfo]:
        """Every source with its site, informants and coding count, in import order."""
        ...

    def source_info(self, name: str) -> SourceInfo: ...

    def source_text(self, name: str) -> str: ...

    def source_texts(self) -> dict[str, str]:
        """Every source's text by name."""
        ...

    def turns(self, name: str) -> list[Turn]:
        """One source's turns in text order."""
        ...

    def all_turns(self) -> dict[str, list[Turn]]:
        """Every source's turns in text order, by source name (empty list if it has none)."""
        ...

    def informants(self, site: str | None = None) -> dict[str, list[Informant]]:
        """Informants by site name (optionally one site), in the order they were added."""
        ...

    def source_ids(self) -> dict[int, str]:
        """Source name by id, the id that `evidence_rows` and `turn_columns` carry."""
        ...

    def turn_columns(self) -> dict[int, TurnColumns]:
        """Each source's turns (by source id) as columns in text order, for bisecting."""
        ...

    def researcher_labels(self) -> dict[str, list[str]]:
        """The speaker labels of researcher turns, by source, sorted."""
        ...

    def source_signature(self) -> list[tuple[str, str, str, int, str]]:
        """(name, site, language, length, import time) of every source, in import order: what
        tells a cached analysis of the sources that they are still the same."""
        ...

    # ----------------------------------------------------------------- codebooks

    def save_codebooks(self, codebooks: Iterable[Codebook]) -> None:
        """Add or replace codebooks in one transaction; a replaced codebook keeps its place.

        Refused if a code still used by a coding would disappear.
        """
        ...

    def codebooks(self) -> list[Codebook]:
        """Every codebook with its codes and categories, in the order they were first saved."""
        ...

    def code_ids(self) -> set[str]: ...

    # ----------------------------------------------------------------- codings (reading)

    def codings(self, source: str | None = None, coder: str | None = None,
                code: str | None = None) -> list[Coding]:
        """Codings matching every filter given, by source id, start, then coding id."""
        ...

    def coding(self, coding_id: int) -> Coding: ...

    def coders(self) -> list[str]:
        """Every coder who has a coding, in the order of their first one."""
        ...

    def evidence_rows(self) -> list[tuple[int, str, str, int, int, str, int]]:
        """(source id, code, stance, start, end, coder, id) of every coding, sorted in that
        order: what the evidence engine reads, as plain rows."""
        ...

    def coding_spans(self, coders: Iterable[str]) -> list[tuple[int, str, int, int, str, str, str]]:
        """(id, source, start, end, code, stance, coder) of these coders' codings, by id: the
        lean rows that agreement reads by the ten thousand."""
        ...

    def code_counts(self) -> list[tuple[str, str, int]]:
        """(code, source, number of codings) for every pair that has codings."""
        ...

    def coverage(self, source: str | None = None) -> dict[str, float]:
        """Share of each source's characters (or one source's) that lie in a coding."""
        ...

    def coding_keys(self) -> set[tuple[str, int, int, str, str]]:
        """(source, start, end, code, coder) of every coding: the key no two codings share."""
        ...

    # ----------------------------------------------------------------- codings (writing)

    def add_codings(self, codings: Iterable[NewCoding]) -> list[int]:
        """Insert codings in one transaction and return their ids. The caller has validated
        them: a repeated key here is the driver's error, not a `QualcodeError`."""
        ...

    def add_coding(self, coding: NewCoding) -> Coding:
        """Insert one coding and return it as stored; a repeated key is a `QualcodeError`."""
        ...

    def replace_codings(self, remove: Iterable[int], add: Iterable[NewCoding]) -> list[int]:
        """Delete some codings and insert others in one transaction (e.g. an adjudication);
        returns the new ids."""
        ...

    def restore_coding(self, coding: Coding) -> None:
        """Put back a deleted coding exactly as it was (id and timestamps): undo of a delete."""
        ...

    def update_coding(self, coding_id: int, **fields: object) -> Coding:
        """Change code, stance, memo, start or end of a coding; returns it as stored."""
        ...

    def delete_coding(self, coding_id: int) -> Coding:
        """Delete a coding; returns it as it was, for undo."""
        ...

    # ----------------------------------------------------------------- suggestions

    def add_rejection(self, source: str, start: int, end: int, code: str, coder: str,
                      model_version: str | None) -> None:
        """Remember a rejected suggestion (once per span and code)."""
        ...

    def delete_rejection(self, source: str, start: int, end: int, code: str) -> None: ...

    def rejections(self) -> list[tuple[str, int, int, str]]:
        """(source, start, end, code) of every rejected suggestion, oldest first."""
        ...

    # ----------------------------------------------------------------- memos

    def add_memo(self, target_kind: str, target: str, text: str, author: str) -> Memo:
        """Store a memo on the project, a site, a source or a code; returns it as stored."""
        ...

    def memos(self) -> list[Memo]:
        """Every memo, oldest first."""
        ...

    def activity_span(self) -> tuple[str | None, str | None]:
        """The first and last timestamp of the project's data (imports, codings, memos):
        exports date their files with it, so the same project gives the same file."""
        ...

    # ----------------------------------------------------------------- REFI-QDA exchange

    def refi_guids(self) -> dict[tuple[str, str], str]:
        """Stored GUIDs by (kind, key): what imports brought and the project's namespace."""
        ...

    def add_refi_guids(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Record (kind, key, guid) rows; a GUID already recorded for a key is kept."""
        ...

    def add_exchange(self, sources: Iterable[ParsedSource], codebooks: Iterable[Codebook],
                     codings: Iterable[tuple[NewCoding, str | None, dict[str, str]]],
                     memos: Iterable[tuple[Memo, dict[str, str]]],
                     guids: Iterable[tuple[str, str, str]]) -> None:
        """Store what a REFI-QDA import brings in one transaction: all of it or nothing.

        Each coding comes with its creation time (None: now) and its GUIDs by kind, recorded
        under the new coding's id; each memo likewise under the new memo's id.
        """
        ...
