"""Every memo of a project as one list: the memos on the project, a site, a source or a code,
and the codings' memos (a coding's memo is its `memo` field), found by what they are about,
and edited or deleted as their authors may.

A memo is named by a key that the command line and the workbench share: `3` is memo 3, `c57`
the memo of coding 57. Editing and deleting go through the store's journaled actions, so the
store's rules hold (only the author, only the version shown, undo with `qualcode undo`); a
coding's memo is deleted by emptying it (the coding stays).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from qualcode.errors import QualcodeError
from qualcode.model import Coding, Memo
from qualcode.store import Store

KINDS = ("project", "site", "source", "code", "coding")
_KEY = re.compile(r"#?(?P<coding>[cC])?(?P<id>\d+)")


@dataclass(frozen=True)
class MemoEntry:
    """One memo as lists show it. `memo` is set for a memo, `coding` for a coding's memo."""

    key: str  # "3", or "c57" for the memo of coding 57
    about: str  # project | site | source | code | coding
    target: str  # '' for the project; a site, source or code; for a coding, where it is
    text: str
    author: str
    created_at: str
    updated_at: str
    memo: Memo | None = None
    coding: Coding | None = None

    @property
    def title(self) -> str:
        """'memo 3 on site Madiun', 'the memo of coding 57 (… on source 10–20)'."""
        if self.coding is not None:
            return f"the memo of coding {self.coding.id} ({self.target})"
        return f"memo {self.key} on {self.about} {self.target}".rstrip()

    @property
    def written(self) -> str:
        """When it was written and last edited, in the reader's local time."""
        edited = f", edited {local_time(self.updated_at)}" if (
            self.updated_at != self.created_at) else ""
        return f"{local_time(self.created_at)}{edited}"

    def editable_by(self, coder: str) -> bool:
        """Whether `coder` may change it (the store decides; this is for what a view offers).
        A memo that came without an author is anyone's."""
        return self.author in (coder, "")

    def json(self) -> dict:
        data: dict = {"id": self.key, "about": self.about, "target": self.target,
                      "text": self.text, "author": self.author,
                      "created_at": self.created_at, "updated_at": self.updated_at}
        if self.memo is not None:
            data["id"] = self.memo.id
        if self.coding is not None:
            c = self.coding
            data.update(coding=c.id, source=c.source, start=c.start, end=c.end, code=c.code,
                        stance=c.stance)
        return data


def local_time(stamp: str) -> str:
    """A stored UTC stamp as the reader's local date and time ('2021-05-03 14:02')."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def parse_key(value: str) -> tuple[str, int]:
    """('memo', 3) for '3', ('coding', 57) for 'c57'; a `QualcodeError` for anything else."""
    m = _KEY.fullmatch(value.strip())
    if m is None:
        raise QualcodeError(f"'{value}' is not a memo id: a number such as 3, or c57 for the "
                            "memo of coding 57 (see 'qualcode memo PROJECT --list')")
    return ("coding" if m["coding"] else "memo"), int(m["id"])


def of_memo(m: Memo) -> MemoEntry:
    return MemoEntry(str(m.id), m.target_kind, m.target, m.text, m.author, m.created_at,
                     m.updated_at, memo=m)


def of_coding(c: Coding) -> MemoEntry:
    return MemoEntry(f"c{c.id}", "coding", f"{c.code} on {c.source} {c.start}–{c.end}",
                     c.memo, c.coder, c.created_at, c.updated_at, coding=c)


def memo_entries(store: Store, *, site: str | None = None, source: str | None = None,
                 code: str | None = None, codings: bool = True,
                 authors: Collection[str] | None = None) -> list[MemoEntry]:
    """The project's memos, then (with `codings`) the codings' memos, by source and place.
    `site` keeps what
    is about the site, its sources and the codings in them; `source` what is about the source
    and its codings; `code` what is about the code and the codings with it; `authors` (blind
    mode) keeps theirs and the memos without an author."""
    site_of = {s.name: s.site for s in store.sources()} if site is not None else {}

    def about(kind: str, target: str) -> bool:
        if site is not None:
            return ((kind == "site" and target == site)
                    or (kind == "source" and site_of.get(target) == site))
        if source is not None:
            return kind == "source" and target == source
        if code is not None:
            return kind == "code" and target == code
        return True

    def of(c: Coding) -> bool:
        return bool(c.memo.strip()) and (site is None or site_of.get(c.source) == site) and (
            code is None or c.code == code)

    found = [of_memo(m) for m in store.memos() if about(m.target_kind, m.target)]
    if codings:
        coded = sorted((c for c in store.codings(source=source) if of(c)),
                       key=lambda c: (c.source, c.start, c.id))
        found += [of_coding(c) for c in coded]
    if authors is not None:
        found = [e for e in found if e.author in authors or e.author == ""]
    return found


def find(store: Store, key: str) -> MemoEntry:
    """The memo a key names, as stored now; a coding without a memo is still found (its memo
    can be written), with an empty text."""
    kind, number = parse_key(key)
    if kind == "coding":
        return of_coding(store.coding(number))
    return of_memo(store.memo(number))


def edit(store: Store, entry: MemoEntry, text: str, coder: str) -> MemoEntry:
    """Write `text` as the entry's memo, as `coder`, if it is still as `entry` shows it."""
    text = text.strip()
    if not text:
        raise QualcodeError(f"{entry.title}: a memo needs a text (to remove it, delete it)")
    if entry.coding is not None:
        c = entry.coding
        return of_coding(store.update_coding(c.id, coder, c.version, memo=text))
    assert entry.memo is not None
    return of_memo(store.update_memo(entry.memo.id, text, coder, entry.memo.version))


def delete(store: Store, entry: MemoEntry, coder: str) -> None:
    """Delete the memo (a coding's memo is emptied; the coding stays), as `coder`."""
    if entry.coding is not None:
        c = entry.coding
        if not c.memo.strip():
            raise QualcodeError(f"coding {c.id} has no memo; nothing deleted")
        store.update_coding(c.id, coder, c.version, memo="")
        return
    assert entry.memo is not None
    store.delete_memo(entry.memo.id, coder, entry.memo.version)


def not_yours(entry: MemoEntry, coder: str, verb: str) -> str:
    """The line that refuses a change to someone else's memo (as the store words it)."""
    what = "coding" if entry.coding is not None else "memo"
    if entry.author == "consensus":
        return f"this {what} is the consensus; change it by adjudication (A), not {verb}"
    return (f"this {what} is {entry.author}'s; only {entry.author} can change or delete it "
            f"(you are {coder}); not {verb}")
