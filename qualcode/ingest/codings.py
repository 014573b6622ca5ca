"""Codings CSV (or .xlsx) in and CSV out (interfaces.md §2): all rows or none, each bad row as
FILE:LINE."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.ingest.sheets import read_table
from qualcode.ingest.textnav import researcher_only
from qualcode.model import ORIGINS, STANCES, Coding, NewCoding, Turn
from qualcode.store import Store
from qualcode.store.project import Project
from qualcode.textfile import STDOUT, write_output

EXPORT_COLUMNS = ("source", "code", "stance", "quote", "start", "end", "coder", "memo",
                  "origin", "created_at")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_present: int
    warnings: list[str]
    # (CSV line, researcher labels) of each imported coding that lies only in what the
    # researcher says: stored, but the evidence engine sets it aside
    researcher_only: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Code-point span of the `occurrence`-th match of `quote`; whitespace runs match any
    whitespace run."""
    words = quote.split()
    if not words:
        return None
    if len(words) == 1:
        pos = -1
        for _ in range(occurrence):
            pos = text.find(words[0], pos + 1)
            if pos < 0:
                return None
        return pos, pos + len(words[0])
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    for n, match in enumerate(pattern.finditer(text), start=1):
        if n == occurrence:
            return match.span()
    return None


def same_words(a: str, b: str) -> bool:
    return _WS.sub(" ", a.strip()) == _WS.sub(" ", b.strip())


def import_csv(project: Project, path: Path) -> ImportResult:
    """Validate every row of a codings CSV or .xlsx file, then store them all in one
    transaction (or none)."""
    table = read_table(path, ("source", "code"), "codings")
    if "quote" not in table.header and not {"start", "end"} <= set(table.header):
        raise QualcodeError(f"{path}:1: the header needs 'quote' or both 'start' and 'end'")

    store = project.store
    texts = store.source_texts()
    codes = store.code_ids()
    existing = store.coding_keys()
    problems: list[str] = []
    new: list[NewCoding] = []
    lines: list[int] = []
    seen: set[tuple] = set()
    duplicates = 0
    for line, record in table.rows:
        try:
            coding = _row(record, texts, codes, project.coder)
        except ValueError as exc:
            problems.append(f"{path}:{line}: {exc}")
            continue
        key = (coding.source, coding.start, coding.end, coding.code, coding.coder)
        if key in existing or key in seen:
            duplicates += 1
            continue
        seen.add(key)
        new.append(coding)
        lines.append(line)
    if problems:
        raise QualcodeError(*problems)
    if new:
        store.add_codings(new)
    return ImportResult(len(new), duplicates, [], _researcher_only(store, new, lines))


def _researcher_only(store: Store, codings: list[NewCoding], lines: list[int]
                     ) -> list[tuple[int, tuple[str, ...]]]:
    """The codings (by CSV line) whose span meets only researcher turns, with their labels."""
    turns: dict[str, tuple[list[Turn], list[int]]] = {}
    found = []
    for coding, line in zip(codings, lines, strict=True):
        if coding.source not in turns:
            listed = store.turns(coding.source)
            turns[coding.source] = (listed, [t.start for t in listed])
        labels = researcher_only(*turns[coding.source], coding.start, coding.end)
        if labels:
            found.append((line, labels))
    return found


def _row(record: dict[str, str], texts: dict[str, str], codes: set[str],
         default_coder: str) -> NewCoding:
    source = record["source"].strip()
    if source not in texts:
        raise ValueError(f"unknown source '{source}'")
    code = record["code"].strip()
    if code not in codes:
        raise ValueError(f"unknown code id '{code}'")
    stance = record.get("stance", "").strip() or "supports"
    if stance not in STANCES:
        raise ValueError(f"stance must be supports or contradicts, not '{stance}'")
    origin = record.get("origin", "").strip() or "human"
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not '{origin}'")
    text = texts[source]
    quote = record.get("quote", "")
    start_raw, end_raw = record.get("start", "").strip(), record.get("end", "").strip()
    if start_raw or end_raw:
        try:
            start, end = int(start_raw), int(end_raw)
        except ValueError:
            raise ValueError(f"start and end must be whole numbers, not '{start_raw}', "
                             f"'{end_raw}'") from None
        if start < 0 or start >= end:
            raise ValueError(f"start ({start}) must be at least 0 and below end ({end})")
        if end > len(text):
            raise ValueError(f"end ({end}) is past the end of '{source}' ({len(text)} characters)")
        if quote.strip() and not same_words(text[start:end], quote):
            raise ValueError(f"the quote is not the text at {start}–{end} of '{source}'")
    elif quote.strip():
        occurrence_raw = record.get("occurrence", "").strip() or "1"
        try:
            occurrence = int(occurrence_raw)
        except ValueError:
            raise ValueError(f"occurrence must be a whole number, not '{occurrence_raw}'") from None
        if occurrence < 1:
            raise ValueError("occurrence must be 1 or more")
        span = find_quote(text, quote, occurrence)
        if span is None:
            what = "the quote" if occurrence == 1 else f"occurrence {occurrence} of the quote"
            raise ValueError(f"{what} is not in source '{source}': \"{_short(quote)}\"")
        start, end = span
    else:
        raise ValueError("needs a quote or start and end")
    return NewCoding(source, start, end, code, stance,
                     record.get("coder", "").strip() or default_coder,
                     record.get("memo", "").strip(), origin)


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= 60 else quote[:57] + "..."


def rows(codings: list[Coding], texts: dict[str, str]) -> list[dict[str, object]]:
    return [{"source": c.source, "code": c.code, "stance": c.stance,
             "quote": texts[c.source][c.start:c.end], "start": c.start, "end": c.end,
             "coder": c.coder, "memo": c.memo, "origin": c.origin, "created_at": c.created_at}
            for c in codings]


def export_csv(project: Project, out: Path | str | None) -> int:
    """Write every coding as CSV to `out` (see write_output), or stdout when None; return the
    row count."""
    store = project.store
    data = rows(store.codings(), store.source_texts())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    write_output(STDOUT if out is None else out, buffer.getvalue())
    return len(data)
