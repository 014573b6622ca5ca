"""What an anonymised export would replace, for `qualcode anonymise PROJECT --review`: every
mask (qualcode.reports.masking) in the texts the export prints from the project — the coded
spans of the chosen sites and codebooks (quotes), the memos it lists, the codings' memos and
the readings' rationales — with where it is and a short context. Nothing is written (but the
pseudonyms, assigned as the export would assign them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qualcode.reports.masking import Mask
from qualcode.reports.scope import Scope

CONTEXT = 30  # characters each side


@dataclass(frozen=True)
class Found:
    """One replacement: in a source (`name` its name), a memo (its id), a coding's memo (the
    coding's id) or a reading's rationale (`site indicator`), at `line` (1-based, in that
    text)."""

    where: str  # source | memo | coding memo | reading
    name: str
    line: int
    original: str
    shown: str
    kind: str  # speaker | honorific | name | term | source | label
    context: str  # the original text around it, on one line


def review(scope: Scope) -> list[Found]:
    """Every replacement the export of `scope` makes, sources first (in import order, text
    order), then memos, codings' memos and readings."""
    names = scope.names
    codes = {c.id for b in scope.books for c in b.codes}
    sites = set(scope.sites)
    infos = scope.base.sources
    codings = [c for c in scope.codings()
               if c.code in codes and infos[c.source].site in sites]
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in codings:
        spans.setdefault(c.source, []).append((c.start, c.end))
    out: list[Found] = []
    for name in sorted(spans, key=scope.source_order.__getitem__):
        text, site = scope.texts[name], infos[name].site
        merged, i = _merged(spans[name]), 0
        for m in names.source_masks(site, text, scope.turns.get(name, []), name):
            while i < len(merged) and merged[i][1] <= m.start:
                i += 1  # masks and spans are both in text order
            if i < len(merged) and merged[i][0] < m.end:  # lines as the file numbers them
                out.append(_found("source", name, text, m, scope.first_line(name)))
    sources = {s.name for site in scope.sites for s in scope.sources(site)}
    for memo in scope.project.store.memos():
        if (memo.target_kind == "project"
                or (memo.target_kind == "site" and memo.target in sites)
                or (memo.target_kind == "source" and memo.target in sources)
                or (memo.target_kind == "code" and memo.target in codes)):
            site = names.memo_site(memo.target_kind, memo.target)
            out += [_found("memo", str(memo.id), memo.text, m)
                    for m in names.masks(memo.text, site)]
    for c in codings:
        if c.memo:
            out += [_found("coding memo", str(c.id), c.memo, m)
                    for m in names.masks(c.memo, infos[c.source].site)]
    frameworks = {c.id for b in scope.frameworks for c in b.codes}
    for r in scope.project.store.readings():
        if r.site in sites and r.code in frameworks:
            out += [_found("reading", f"{r.site} {r.code}", r.rationale, m)
                    for m in names.masks(r.rationale, r.site)]
    return out


def counts(found: list[Found]) -> dict[str, int]:
    """How many replacements of each kind, most first."""
    return dict(Counter(f.kind for f in found).most_common())


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _found(where: str, name: str, text: str, m: Mask, first_line: int = 1) -> Found:
    before = text[max(0, m.start - CONTEXT):m.start]
    after = text[m.end:m.end + CONTEXT]
    context = ("…" if m.start > CONTEXT else "") + before + m.original + after + (
        "…" if m.end + CONTEXT < len(text) else "")
    return Found(where, name, text.count("\n", 0, m.start) + first_line, m.original, m.shown,
                 m.kind,
                 " ".join(context.split()))
