"""What every layer above the store may ask of it: the `Store` protocol.

Nothing outside `qualcode.store` sees SQL or a driver, so a second backend (PostgreSQL for a
team's shared project) is a class with these methods plus a line in `qualcode.store`'s
`create_store` / `open_store`. What a backend must guarantee, because callers rely on it:

- Every write method is one transaction, committed before it returns: all of it or nothing,
  and a crash after the return never loses what the caller was told was saved.
- Several stores may be open on one project at once (windows, workers, a CLI, other coders);
  a write waits for another's to finish (`wait_when_busy`), then gives up with "project busy:
  another qualcode is writing; try again".
- Refusals raise `QualcodeError` with a message for the user: no database at the path, not a
  qualcode database, one from a newer qualcode, a database already where one is created, a
  source name already in the project, an unknown source name, site or coding id, a coding that
  repeats (source, start, end, code, coder), a codebook change that drops codes still in use,
  a busy, full or read-only database, another coder's coding or memo, a row changed or deleted
  since its version was read.
- Coding and memo ids are never reused, even after deletes; every change raises the row's
  `version`. Coding actions are journaled (see `undo`, `redo`, `journal`).
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
    JournalEntry,
    Memo,
    NewCoding,
    ParsedSource,
    Ruling,
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

    @property
    def read_only(self) -> bool:
        """Opened where it cannot be written: reads work, every write is refused."""
        ...

    def wait_when_busy(self, seconds: float) -> None:
        """How long a write waits for another process's write before "project busy"."""
        ...

    def data_version(self) -> int:
        """A number that changes when another connection changes the project."""
        ...

    def revision(self) -> tuple[int, int]:
        """A value that changes whenever the project's data changes, by this store or another:
        what a cache of anything computed from the data keys on."""
        ...

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the project database to `target` (atomically), even
        while other connections write."""
        ...

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

    def update_informants(self, site_informants: list[tuple[str, Informant]]
                          ) -> tuple[int, int]:
        """Set the details (role, organisation, sector, group, attributes) of each (site,
        informant) to exactly those given, in one transaction: an informant already at the
        site is overwritten (the caller merges what it keeps), one not yet there is added (a
        transcript imported later fills only its blanks). Returns (updated, added), `updated`
        counting only informants whose details changed. Refused, with nothing saved, if a
        site is not in the project."""
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

    # ----------------------------------------------------------------- codebooks (editing)

    # ----------------------------------------------------------------- sources (editing)

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
        """Insert one coding, journaled under its coder (`accept` for a suggestion's), and
        return it as stored; a repeated key, or a `consensus` coding, is a `QualcodeError`."""
        ...

    def replace_codings(self, remove: Iterable[int], add: Iterable[NewCoding],
                        decided_by: str, ruling: Ruling | None = None) -> list[int]:
        """An adjudication: delete consensus codings, insert others and remember the decision
        in one transaction journaled under `decided_by`; returns the new ids."""
        ...

    def update_coding(self, coding_id: int, coder: str, version: int,
                      **fields: object) -> Coding:
        """Change code, stance, memo, start or end of `coder`'s own coding, if it is still at
        `version`; returns it as stored. Otherwise a `QualcodeError` saying who changed it."""
        ...

    def delete_coding(self, coding_id: int, coder: str, version: int) -> Coding:
        """Delete `coder`'s own coding, if still at `version`; returns it as it was."""
        ...

    def rulings(self) -> list[Ruling]:
        """Every adjudication decision, oldest first (one per unit, code and consensus)."""
        ...

    # ----------------------------------------------------------------- the journal

    def undo(self, coder: str) -> JournalEntry | None:
        """Undo `coder`'s latest action that is not undone (None: nothing to undo); a
        `QualcodeError` naming who changed a row since, with nothing undone."""
        ...

    def redo(self, coder: str) -> JournalEntry | None:
        """Redo what `coder` undid last, unless they have acted since (None: nothing)."""
        ...

    def journal(self, coder: str | None = None) -> list[JournalEntry]:
        """Every journal entry (or one coder's), oldest first: the audit trail."""
        ...

    # ----------------------------------------------------------------- suggestions

    def add_rejection(self, source: str, start: int, end: int, code: str, coder: str,
                      model_version: str | None) -> None:
        """Remember a rejected suggestion (once per span and code), journaled: undo forgets
        it."""
        ...

    def rejections(self) -> list[tuple[str, int, int, str]]:
        """(source, start, end, code) of every rejected suggestion, oldest first."""
        ...

    # ----------------------------------------------------------------- memos

    def add_memo(self, target_kind: str, target: str, text: str, author: str) -> Memo:
        """Store a memo on the project, a site, a source or a code; returns it as stored."""
        ...

    def update_memo(self, memo_id: int, text: str, author: str, version: int) -> Memo:
        """Change the text of `author`'s own memo, if still at `version`."""
        ...

    def memo(self, memo_id: int) -> Memo: ...

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
