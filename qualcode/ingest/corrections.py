"""Correcting a stored source from what the researcher gives: a new version of its text, read
as an import reads it and with its codings re-anchored (`qualcode source replace`, the
workbench's L); a date as people type it; the place of a detached coding by its quote."""

from __future__ import annotations

import shlex
from datetime import date
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.codings import find_quote
from qualcode.ingest.reanchor import Placement, reanchor
from qualcode.ingest.transcripts import GROUPS, SUFFIXES, Options, header_date, read_transcript
from qualcode.model import DetachedCoding, ParsedSource, Replacement, SourceInfo
from qualcode.store import Store
from qualcode.store.project import Project


def replace_text(project: Project, name: str, path: Path, options: Options | None = None
                 ) -> tuple[Replacement, ParsedSource]:
    """Read `path` as a new version of source `name` and store it, its codings re-anchored
    (journaled under the project's coder). What the file does not say (site, method,
    language, title, date, researcher labels) stays as the source has it; options given
    override the file, as in an import."""
    store = project.store
    info = store.source_info(name)  # an unknown name: one line, before the file is read
    if not path.is_file():
        raise QualcodeError(f"{path}: no such file" if not path.exists()
                            else f"{path}: not a file")
    if path.suffix.lower() not in SUFFIXES:
        raise QualcodeError(f"{path}: unsupported file type '{path.suffix}' (use "
                            f"{', '.join(SUFFIXES)})")
    options = options or Options()
    options.known = {site: {i.label for i in people}
                     for site, people in store.informants().items()}
    options.defaults = {"site": info.site, "method": info.method, "language": info.language,
                        "title": info.title,
                        "researchers": store.researcher_labels().get(name, [])}
    parsed = read_transcript(path, options)
    parsed.name = name
    parsed.date = parsed.date or info.date
    place = _Placer(store.source_text(name), parsed.text, _spans(store, name))
    return store.replace_source(name, parsed, project.coder, place), parsed


def _spans(store: Store, name: str) -> set[tuple[int, int]]:
    """Every span of the source that a new text must carry: codings, adjudications,
    rejected suggestions."""
    return ({(c.start, c.end) for c in store.codings(source=name)}
            | {(r.start, r.end) for r in store.rulings() if r.source == name}
            | {(s, e) for source, s, e, _ in store.rejections() if source == name})


class _Placer:
    """`reanchor`, worked out before the store's write transaction (comparing two long texts
    word by word can take a second) for the spans the source has now; the store calls it in
    the transaction, where anything changed since is worked out again."""

    def __init__(self, old: str, new: str, spans: set[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        placed, _ = reanchor(old, new, dict(enumerate(ordered)))
        self.texts = (old, new)
        self.known = {span: placed.get(i) for i, span in enumerate(ordered)}

    def __call__(self, old: str, new: str, spans: dict[int, tuple[int, int]]
                 ) -> tuple[dict[int, Placement], list[int]]:
        if (old, new) != self.texts or any(s not in self.known for s in spans.values()):
            return reanchor(old, new, spans)
        placed = {i: self.known[span] for i, span in spans.items() if self.known[span]}
        return placed, sorted(i for i in spans if i not in placed)


def what_changed(before: SourceInfo, parsed: ParsedSource) -> list[str]:
    """What a new version changed besides the text (its front matter or the options said
    so), one line each: a site the file still names by its old name would otherwise move the
    source without a word."""
    lines = []
    for field in ("site", "method", "language", "title", "date"):
        old, new = getattr(before, field), getattr(parsed, field)
        if old != new:
            keep = f" (--{field} {shlex.quote(old)} keeps it)" if field in (
                "site", "method", "language") else ""
            lines.append(f"{field} {old or '—'} → {new or '—'}{keep}")
    return lines


def typed_date(value: str) -> str:
    """A date as typed ('2021-05-03', '3 Mei 2021', '03/05/2021' day first) as YYYY-MM-DD;
    '' or '-' clears it. Anything else is refused in one line."""
    text = value.strip()
    if text in ("", "-"):
        return ""
    found = header_date({"tanggal": text})
    try:
        date.fromisoformat(found)
    except ValueError:
        raise QualcodeError(f"not a date: '{value}' (use YYYY-MM-DD, e.g. 2021-05-03, or "
                            "'3 Mei 2021'); nothing changed") from None
    return found


def typed_group(value: str) -> str:
    """An informant group as typed; '' or '-' clears it."""
    text = value.strip().lower()
    if text in ("", "-"):
        return ""
    if text not in GROUPS:
        raise QualcodeError(f"unknown group '{value}' (use one of: {', '.join(GROUPS)}); "
                            "nothing changed")
    return text


def quote_span(project: Project, detached: DetachedCoding, quote: str | None = None,
               occurrence: int | None = None) -> tuple[int, int]:
    """Where to place a detached coding by a quote (its own old quote unless another is
    given): the `occurrence`-th match (whitespace runs match any whitespace), or without it
    the match nearest where the coding was."""
    text = project.store.source_text(detached.source)
    wanted = detached.quote if quote is None else quote
    if not wanted.strip():
        raise QualcodeError("the quote is empty; not placed")
    if occurrence is not None:
        if occurrence < 1:
            raise QualcodeError("--occurrence must be 1 or more; not placed")
        span = find_quote(text, wanted, occurrence)
        if span is None:
            raise QualcodeError(f"{_which(occurrence)}the quote is not in {detached.source}: "
                                f"“{_short(wanted)}”; not placed")
        return span
    found, n = [], 1
    while (span := find_quote(text, wanted, n)) is not None:
        found.append(span)
        n += 1
    if not found:
        raise QualcodeError(f"the quote is not in {detached.source}: “{_short(wanted)}”; "
                            "not placed")
    return min(found, key=lambda s: abs(s[0] - detached.start))


def _which(occurrence: int) -> str:
    return "" if occurrence == 1 else f"occurrence {occurrence} of "


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"
