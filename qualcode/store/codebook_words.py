"""The words of codebook actions: names and descriptions tidied as the store keeps them, and
what the journal says an action did (qualcode.store.codebook_actions does the actions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.errors import QualcodeError

_HEX = re.compile(r"^#[0-9a-f]{6}$")


@dataclass(frozen=True)
class MergeReport:
    """What `merge_codes` did: codings moved onto the target, codings dropped because the
    target already had that span (their memos kept), codings joined with an overlapping one
    of the same coder and stance, the sub-codes that moved, memos moved to the target."""

    source: str
    target: str
    moved: int
    duplicates: int
    overlaps: int
    children: tuple[str, ...]
    memos: int


@dataclass(frozen=True)
class DeleteReport:
    """What `delete_code` did: codings (and detached codings) and memos deleted with it, and
    the sub-codes that took its place."""

    code: str
    codings: int
    memos: int
    children: tuple[str, ...]


def texts(value: dict[str, str]) -> dict[str, str]:
    """Texts by language, trimmed; an empty one removes its language."""
    out = {str(k): str(v).strip() for k, v in value.items() if v is not None}
    return {k: v for k, v in out.items() if v}


def label(value: dict[str, str]) -> dict[str, str]:
    """A name by language: one line, single spaces."""
    return {k: " ".join(v.split()) for k, v in texts(value).items()}


def lists(value: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {str(k): [s for s in (str(x).strip() for x in v) if s] for k, v in value.items()}
    return {k: v for k, v in out.items() if v}


def colour(value: str) -> str:
    value = value.strip().lower()
    if value and not _HEX.match(value):
        raise QualcodeError(f"'{value}' is not a colour: write it as #rrggbb, e.g. #2563eb")
    return value


def name(label: dict[str, str]) -> str:
    return label.get("id") or label.get("en") or next(iter(label.values()), "")


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def join_memos(memos: list[str]) -> str:
    out: list[str] = []
    for memo in memos:
        if memo and memo not in out:
            out.append(memo)
    return "\n\n".join(out)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def edit_summary(code_id: str, before: dict, after: dict) -> str:
    parts = []
    for key in ("label", "definition", "include", "exclude", "examples", "keywords"):
        for lang in sorted(set(before[key]) | set(after[key])):
            old, new = before[key].get(lang), after[key].get(lang)
            if old == new:
                continue
            if key == "label":
                parts.append(f"name ({lang}) '{old or ''}' → '{new or ''}'" if old
                             else f"name ({lang}) '{new}'")
            else:
                parts.append(f"{key} ({lang})")
    if before["color"] != after["color"]:
        parts.append(f"colour {before['color'] or 'none'} → {after['color'] or 'none'}")
    return f"{code_id}: {', '.join(parts)}"


def merge_summary(r: MergeReport) -> str:
    parts = [f"{count(r.moved, 'coding')} moved"]
    if r.duplicates:
        parts.append(f"{count(r.duplicates, 'duplicate')} dropped")
    if r.overlaps:
        parts.append(f"{count(r.overlaps, 'overlapping coding')} joined")
    if r.children:
        parts.append(f"{count(len(r.children), 'sub-code')} moved")
    if r.memos:
        parts.append(f"{count(r.memos, 'memo')} moved")
    return f"merged {r.source} into {r.target}: {', '.join(parts)}"


def delete_summary(r: DeleteReport) -> str:
    extra = []
    if r.codings:
        extra.append(count(r.codings, "coding"))
    if r.memos:
        extra.append(count(r.memos, "memo"))
    return f"deleted code {r.code}" + (f" with {' and '.join(extra)}" if extra else "")
