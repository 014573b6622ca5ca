"""Coding actions that can be undone and redone, over the store (the TUI's undo stack).

Each action is committed at once; undo and redo are themselves committed actions, so a crash
at any point leaves the store as the screen last showed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.model import Coding, NewCoding
from qualcode.store import Store


@dataclass
class _Step:
    kind: str  # "add" | "delete" | "update"
    before: Coding | None
    after: Coding | None


@dataclass
class History:
    store: Store
    done: list[_Step] = field(default_factory=list)
    undone: list[_Step] = field(default_factory=list)

    def add(self, coding: NewCoding) -> Coding:
        stored = self.store.add_coding(coding)
        self._push(_Step("add", None, stored))
        return stored

    def delete(self, coding_id: int) -> Coding:
        removed = self.store.delete_coding(coding_id)
        self._push(_Step("delete", removed, None))
        return removed

    def update(self, coding_id: int, **fields: object) -> Coding:
        before = self.store.coding(coding_id)
        after = self.store.update_coding(coding_id, **fields)
        self._push(_Step("update", before, after))
        return after

    def _push(self, step: _Step) -> None:
        self.done.append(step)
        self.undone.clear()

    def undo(self) -> Coding | None:
        """Reverse the last action; returns the coding it concerned (None if nothing to undo)."""
        if not self.done:
            return None
        step = self.done.pop()
        self._apply(step.after, step.before)
        self.undone.append(step)
        return step.before or step.after

    def redo(self) -> Coding | None:
        if not self.undone:
            return None
        step = self.undone.pop()
        self._apply(step.before, step.after)
        self.done.append(step)
        return step.after or step.before

    def _apply(self, current: Coding | None, target: Coding | None) -> None:
        """Turn the stored `current` coding into `target` (either may be absent)."""
        if current is not None and target is None:
            self.store.delete_coding(current.id)
        elif current is None and target is not None:
            self.store.restore_coding(target)
        elif current is not None and target is not None:
            self.store.update_coding(target.id, code=target.code, stance=target.stance,
                                     memo=target.memo, start=target.start, end=target.end)
