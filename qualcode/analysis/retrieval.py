"""Retrieval: every excerpt coded with a code, across sources, with who said it and where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.analysis.evidence import speakers_of
from qualcode.model import TurnColumns
from qualcode.store import Store


@dataclass(frozen=True)
class Excerpt:
    coding_id: int
    source: str
    site: str
    method: str
    informants: tuple[str, ...]
    start: int
    end: int
    stance: str
    coder: str
    memo: str
    text: str


def excerpts(store: Store, code: str, coders: Iterable[str] | None = None) -> list[Excerpt]:
    """Every coding of `code` (only `coders`' codings, if given), in source order, with its
    speakers and text."""
    wanted = None if coders is None else set(coders)
    infos = {s.name: s for s in store.sources()}
    ids = {name: i for i, name in store.source_ids().items()}
    turns = store.turn_columns()
    no_turns = TurnColumns((), (), (), ())
    texts: dict[str, str] = {}
    out = []
    for c in store.codings(code=code):
        if wanted is not None and c.coder not in wanted:
            continue
        if c.source not in texts:
            texts[c.source] = store.source_text(c.source)
        speakers, _ = speakers_of(turns.get(ids[c.source], no_turns), c.start, c.end)
        info = infos[c.source]
        out.append(Excerpt(c.id, c.source, info.site, info.method, tuple(sorted(speakers)),
                           c.start, c.end, c.stance, c.coder, c.memo,
                           texts[c.source][c.start:c.end]))
    return out
