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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, Self

from qualcode.model import (
    Code,
    Codebook,
    Coding,
    DetachedCoding,
    Informant,
    JournalEntry,
    Memo,
    NewCoding,
    ParsedSource,
    Reading,
    Replacement,
    Ruling,
    SourceInfo,
    Turn,
    TurnColumns,
)
from qualcode.store.codebook_words import DeleteReport, MergeReport
from qualcode.store.pseudonyms import Pseudonym


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
    # The researcher's own thematic codes, each action one transaction journaled under
    # `coder` (undone by `undo(coder)` as one step). A framework's indicators are a contract:
    # never added, moved, merged away or deleted; only their colour, include/exclude notes and
    # examples may be edited. Sibling codes (same codebook, same parent) never share a name in
    # either language; codes keep tree order (a parent before its children). Refusals, with
    # nothing changed: an unknown code, a bad id or colour, a duplicate id or sibling name, a
    # framework's indicator, a parent in another codebook, a move into its own subtree, a merge
    # into itself, a delete of a code that has codings or memos without `with_codings`.

    def code(self, code_id: str) -> Code:
        """One code as stored; an unknown id is a `QualcodeError`."""
        ...

    def add_code(self, code: Code, coder: str,
                 codebook_name: dict[str, str] | None = None) -> Code:
        """Add a thematic code (`code.id` is CODEBOOK/LOCAL, lower-case words joined by
        hyphens; `code.parent` None or a code of the same codebook) at the end of its
        siblings. A codebook id not yet in the project makes a thematic codebook named
        `codebook_name` (by language; default: its id). Returns the code as stored."""
        ...

    def edit_code(self, code_id: str, coder: str, **fields: object) -> Code:
        """Change a code's `label`, `definition`, `include`, `exclude` (texts by language),
        `keywords`, `examples` (lists by language) or `color` ('#rrggbb' or '' for none).
        A language given replaces that language only; an empty text or list removes it; a
        code keeps a name in at least one language. Returns the code as stored (unchanged,
        and nothing journaled, when nothing differs)."""
        ...

    def move_code(self, code_id: str, parent: str | None, coder: str) -> Code:
        """Put a thematic code (with its sub-codes) under `parent` (None: the top of its
        codebook), last among its new siblings; only within its codebook."""
        ...

    def merge_codes(self, source: str, target: str, coder: str) -> MergeReport:
        """Move every coding of the thematic code `source` (every coder's) onto `target`
        (thematic or a framework's indicator), then remove `source`. A coding whose span the
        same coder already coded with `target` is dropped as a duplicate (its memo added to
        the one kept, whose stance stays); where a moved coding overlaps a coding `target`
        had, of the same source, coder and stance, they become one coding over their joint
        span (adjacent spans stay apart). Rejected suggestions, adjudications, detached
        codings and memos of `source` follow it. Its sub-codes go under `target` when that is
        in the same codebook and not among them, else they take `source`'s place."""
        ...

    def delete_code(self, code_id: str, coder: str, with_codings: bool = False
                    ) -> DeleteReport:
        """Delete a thematic code. Refused while it has codings (detached ones too) or memos,
        unless `with_codings`: then they are deleted with it (every coder's). Its rejected
        suggestions and adjudications go with it; its sub-codes take its place."""
        ...

    # ----------------------------------------------------------------- sources (editing)
    # Corrections of the material: each one transaction journaled under `by` (the person
    # correcting, whose codings they need not be), undone by `undo(by)` as one step. They
    # refuse, changing nothing: an unknown source, site or detached coding; a name already
    # taken or holding '/', '\' or control characters; an unknown method or language; a date
    # that is not YYYY-MM-DD. Memos name their source or site: they follow a rename.

    def delete_source(self, name: str, by: str) -> dict[str, int]:
        """Delete a source with everything that is its by id (codings of every coder,
        detached codings, adjudications, rejections, turns, informant links) and the memos on
        it; informants who then speak nowhere and have no details, and a site left without
        sources, informants or memos, go too. Returns the rows removed by table (`memos`
        included)."""
        ...

    def rename_source(self, name: str, new: str, by: str) -> None:
        """Rename a source (its memos and REFI-QDA GUID follow it)."""
        ...

    def rename_site(self, name: str, new: str, by: str) -> None:
        """Rename a site, keeping its sources, informants and memos; a name already a site
        is refused (no merge)."""
        ...

    def set_source(self, name: str, by: str, fields: Mapping[str, str] | None = None,
                   informants: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
        """Set a source's `site`, `method`, `language`, `date` (YYYY-MM-DD or '') and `title`,
        and the details of informants who speak in it, by label: `role`, `organisation`,
        `sector`, `group` ('' clears) and `attributes` ({name: value}; '' removes). A new site
        is made; the source's informants move with it (made at the new site, or the same
        label there with blanks filled: another role or organisation is refused; the old
        site's informant stays while other sources use it). Returns what changed, one line
        each ([]: nothing did, nothing journaled)."""
        ...

    def replace_source(self, name: str, new: ParsedSource, by: str,
                       place: Callable[[str, str, dict[int, tuple[int, int]]],
                                       tuple[dict[int, Any], list[int]]]) -> Replacement:
        """Give a source a new version of its text (and the site, method, language, title,
        date, metadata, origin, turns and informants read with it; `new.name` is ignored).
        `place(old, new, spans)` (qualcode.ingest.reanchor.reanchor) places every coding
        of every coder, adjudication and rejection; codings it cannot place, or that would
        repeat another's (source, span, code, coder), are moved to the detached codings with
        their id and old quote, never deleted; adjudications and rejections not placed are
        dropped. The same text changes nothing (`unchanged`, nothing journaled)."""
        ...

    def detached_codings(self, source: str | None = None) -> list[DetachedCoding]:
        """The detached codings (of one source), by source then id."""
        ...

    def detached_coding(self, coding_id: int) -> DetachedCoding: ...

    def place_detached(self, coding_id: int, start: int, end: int, by: str,
                       version: int | None = None) -> Coding:
        """Make a detached coding a coding again (same id) at a span of its source's current
        text; refused outside the text, on a span its coder already coded with its code, or
        (given `version`) when it changed since."""
        ...

    def drop_detached(self, coding_id: int, by: str,
                      version: int | None = None) -> DetachedCoding:
        """Delete a detached coding (undo brings it back); returns it as it was."""
        ...

    # ----------------------------------------------------------------- codings (reading)

    def codings(self, source: str | None = None, coder: str | None = None,
                code: str | None = None) -> list[Coding]:
        """Codings matching every filter given, by source id, start, then coding id."""
        ...

    def coding(self, coding_id: int) -> Coding: ...

    def coders(self) -> list[str]:
        """Every coder who has a coding, in the order of their first one."""
        ...

    def evidence_rows(self) -> Iterator[tuple[int, str, str, int, int, str, int]]:
        """(source id, code, stance, start, end, coder, id) of every coding, sorted in that
        order: what the evidence engine reads, as plain rows, read as they come."""
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

    def add_codings_action(self, codings: Iterable[NewCoding], coder: str,
                           summary: str) -> list[Coding]:
        """Insert several of `coder`'s codings as ONE journaled action (`summary` plus how
        many were coded), undone by one `undo`: the workbench's "code all hits". Spans the
        coder already coded with that code are skipped; returns the codings added (none: no
        journal entry). Another coder's or `consensus` codings are a `QualcodeError`."""
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

    # ----------------------------------------------------------------- readings

    def readings(self) -> list[Reading]:
        """The researcher's readings of indicators at sites, by site then indicator."""
        ...

    def set_reading(self, site: str, code: str, established: bool, rationale: str,
                    coder: str) -> Reading:
        """Record that `code` (a framework's indicator) is, or is not, established at `site`
        by the researcher's judgement, with `rationale` (required), replacing any reading
        there; journaled (`reading`, undoable). An unknown site, a thematic code or an empty
        rationale is a `QualcodeError`."""
        ...

    def add_readings(self, readings: Iterable[Reading]) -> None:
        """Store readings as an import does, in one transaction, not journaled (the sample
        project's recorded readings); each is checked as `set_reading` checks it."""
        ...

    def clear_reading(self, site: str, code: str, coder: str) -> Reading:
        """Remove the reading of `code` at `site` (the evidence decides again), journaled;
        returns it as it was. None there is a `QualcodeError`."""
        ...

    # ----------------------------------------------------------------- pseudonyms
    # The codes anonymised exports show (qualcode.store.pseudonyms states the scheme).

    def pseudonyms(self) -> list[Pseudonym]:
        """The stored pseudonyms of the informants (site order, then the order they were
        added) and sources (import order) the project has now; nothing is assigned."""
        ...

    def assign_pseudonyms(self) -> list[Pseudonym]:
        """`pseudonyms()` after giving every informant and source without one its default
        code (and moving a default code to a changed group's prefix), in one transaction,
        not journaled; nothing written when nothing is new. A read-only store returns what it
        would assign, storing nothing."""
        ...

    def set_pseudonyms(self, codes: Sequence[tuple[str | None, str, str | None]],
                       by: str) -> list[Pseudonym]:
        """Set informants' codes by hand: (site or None when the label is at one site only,
        label, code, or None for the default code again), all in one action journaled under
        `by` (`pseudonym`, undoable); returns `pseudonyms()`. Refused, nothing changed: an
        unknown site or label, a label at several sites without its site, a code that is not
        one word or is a source's S-number, a code another informant or source would show
        (in Indonesian or English exports)."""
        ...

    # ----------------------------------------------------------------- memos

    def add_memo(self, target_kind: str, target: str, text: str, author: str) -> Memo:
        """Store a memo on the project, a site, a source or a code, journaled (`memo`);
        returns it as stored. An empty or blank text is a `QualcodeError`. (A coding's memo is
        the coding's `memo` field: see `update_coding`.)"""
        ...

    def update_memo(self, memo_id: int, text: str, author: str, version: int) -> Memo:
        """Change the text of `author`'s own memo, if still at `version`, journaled (`memo`,
        undoable); returns it as stored. Refused (`QualcodeError`, nothing changed): a blank
        text, another author's memo (naming them), a memo changed or deleted since. A memo
        without an author (from a REFI-QDA file that named none) is anyone's to change."""
        ...

    def delete_memo(self, memo_id: int, author: str, version: int) -> Memo:
        """Delete `author`'s own memo, if still at `version`, journaled (`delete`; undo puts
        it back with its id); returns it as it was. Refused as `update_memo` is."""
        ...

    def memo(self, memo_id: int) -> Memo:
        """One memo; an unknown id is a `QualcodeError` ("no memo with id 7")."""
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
                     guids: Iterable[tuple[str, str, str]],
                     readings: Iterable[Reading] = ()) -> None:
        """Store what a REFI-QDA import brings in one transaction: all of it or nothing
        (`readings` as `add_readings` stores them).

        Each coding comes with its creation time (None: now) and its GUIDs by kind, recorded
        under the new coding's id; each memo likewise under the new memo's id.
        """
        ...
