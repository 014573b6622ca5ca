"""Retrieval: every excerpt coded with a code, across sources, with who said it and where;
optionally only what informants with given attributes said (`where`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qualcode.analysis.evidence import speakers_of
from qualcode.errors import QualcodeError
from qualcode.model import Informant, TurnColumns, attribute_names
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


def excerpts(store: Store, code: str, coders: Iterable[str] | None = None,
             where: Iterable[tuple[str, str]] = ()) -> list[Excerpt]:
    """Every coding of `code` (only `coders`' codings, if given), in source order, with its
    speakers and text. `where`: (attribute, value) pairs an informant speaking in the excerpt
    must have (see `speaker_filter`)."""
    wanted = None if coders is None else set(coders)
    speaks = speaker_filter(store.informants(), where)
    infos = {s.name: s for s in store.sources()}
    ids = {name: i for i, name in store.source_ids().items()}
    turns = store.turn_columns()
    no_turns = TurnColumns((), (), (), ())
    texts: dict[str, str] = {}
    out = []
    for c in store.codings(code=code):
        if wanted is not None and c.coder not in wanted:
            continue
        info = infos[c.source]
        speakers, _ = speakers_of(turns.get(ids[c.source], no_turns), c.start, c.end)
        if speaks is not None and not any(speaks(info.site, label) for label in speakers):
            continue
        if c.source not in texts:
            texts[c.source] = store.source_text(c.source)
        out.append(Excerpt(c.id, c.source, info.site, info.method, tuple(sorted(speakers)),
                           c.start, c.end, c.stance, c.coder, c.memo,
                           texts[c.source][c.start:c.end]))
    return out


def speaker_filter(informants: dict[str, list[Informant]], where: Iterable[tuple[str, str]]
                   ) -> Callable[[str, str], bool] | None:
    """Whether the informant (site, label) has every attribute asked for, values compared
    without regard to case; several values of one attribute are alternatives
    (`sector=health`, `sector=community`), different attributes must all hold. None when
    nothing is asked; a `QualcodeError` for an attribute no informant has."""
    wanted: dict[str, set[str]] = {}
    for name, value in where:
        wanted.setdefault(name.strip().lower(), set()).add(value.strip().casefold())
    if not wanted:
        return None
    wanted = {("organisation" if k == "organization" else k): v for k, v in wanted.items()}
    have = attribute_names(i for infs in informants.values() for i in infs)
    for name in wanted:
        if name not in have:
            raise QualcodeError(f"no informant has a '{name}' (attributes the informants "
                                f"have: {', '.join(have) or 'none recorded yet'})")
    by_key = {(site, i.label): i for site, infs in informants.items() for i in infs}

    def speaks(site: str, label: str) -> bool:
        informant = by_key.get((site, label))
        return informant is not None and all(
            informant.attribute(name).casefold() in values for name, values in wanted.items())

    return speaks
