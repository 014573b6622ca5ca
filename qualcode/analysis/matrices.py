"""Triangulation matrices for a site and framework (docs/verdicts.md, "Matrices").

Rows are the framework's indicators; columns are informants (grouped by organisation), methods,
coders, or periods (time triangulation: the month of each source's date, in order, undated
sources last). By any other name (`sector`, `group`, `gender`, ...) the columns are the informants
grouped and ordered by that attribute's value, those without it last under UNKNOWN. A cell
counts the evidence for (+) and against (−). Each row gets a convergence code after Farmer et
al. (2006): agreement, partial agreement, silence, dissonance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from qualcode.analysis.evidence import Evidence, EvidenceBase, IndicatorEvidence
from qualcode.analysis.verdicts import indicator_evidence, judge
from qualcode.errors import QualcodeError
from qualcode.model import METHODS, UNDATED, Codebook, attribute_names
from qualcode.store import Store

BY = ("informant", "method", "coder", "time")
NO_TURNS = "(documents and notes)"
UNKNOWN = "(unknown)"  # the group of informants without the attribute a matrix is grouped by


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""


@dataclass
class Cell:
    supports: list[Evidence] = field(default_factory=list)
    contradicts: list[Evidence] = field(default_factory=list)

    @property
    def direction(self) -> str:
        """'+', '−', '±' or '' (silent)."""
        s, c = len(self.supports), len(self.contradicts)
        if not s and not c:
            return ""
        return "+" if s > c else "−" if c > s else "±"

    @property
    def text(self) -> str:
        if not self.supports and not self.contradicts:
            return ""
        return f"+{len(self.supports)} / −{len(self.contradicts)}"


@dataclass
class Row:
    code: str
    label: dict[str, str]
    cells: list[Cell]
    status: str
    convergence: str
    conclusion: str


@dataclass
class Matrix:
    site: str
    framework: str
    by: str
    columns: list[Column]
    rows: list[Row]

    def to_json(self) -> dict:
        return {"site": self.site, "framework": self.framework, "by": self.by,
                "columns": [{"key": c.key, "label": c.label, "group": c.group}
                            for c in self.columns],
                "rows": [{"indicator": r.code, "label": r.label["en"] if "en" in r.label
                          else r.code, "status": r.status, "convergence": r.convergence,
                          "conclusion": r.conclusion,
                          "cells": [{"supports": len(c.supports),
                                     "contradicts": len(c.contradicts)} for c in r.cells]}
                         for r in self.rows]}

    @property
    def by_attribute(self) -> bool:
        """Informant columns grouped by an attribute (`by` is its name)."""
        return self.by not in BY

    def table(self, qualified: bool = False) -> tuple[list[str], list[list[str]]]:
        """Headers and rows of strings, for CSV and plain-text output. `qualified`: an
        attribute matrix's column headers also name their group ("sector: health / P1"), so
        that a CSV file says it without the command that wrote it."""
        labels = [f"{self.by}: {c.group} / {c.label}" if qualified and self.by_attribute
                  and c.group else c.label for c in self.columns]
        headers = ["indicator", *labels, "convergence", "conclusion"]
        return headers, [[r.code, *[c.text for c in r.cells], r.convergence, r.conclusion]
                         for r in self.rows]


def convergence(cells: list[Cell]) -> str:
    """Farmer et al. (2006): do the columns that speak to an indicator agree?"""
    directions = [c.direction for c in cells if c.direction]
    if not directions:
        return "none"
    if len(directions) == 1:
        return "silence"
    if "+" in directions and "−" in directions:
        return "dissonance"
    if "±" in directions:
        return "partial agreement"
    return "agreement"


def _columns(base: EvidenceBase, site: str, by: str, items: list[Evidence]) -> list[Column]:
    if by == "method":
        present = {e.method for e in items} | {s.method for s in base.sources.values()
                                               if s.site == site}
        return [Column(m, m) for m in METHODS if m in present]
    if by == "coder":
        return [Column(c, c) for c in sorted({c for e in items for c in e.coders})]
    if by == "time":
        periods = {period(base, e.source) for e in items}
        return [Column(p, p) for p in sorted(periods, key=lambda p: (p == UNDATED, p))]
    informants = base.informants.get(site, {})
    speaking = {label for e in items for label in e.informants}
    labels = sorted(set(informants) | speaking,
                    key=lambda x: (informants[x].organisation if x in informants else "", x))
    if by == "informant":
        columns = [Column(x, x, informants[x].organisation if x in informants else "")
                   for x in labels]
    else:  # grouped by an attribute, in the order of its values; those without it last
        values = {x: informants[x].attribute(by) if x in informants else "" for x in labels}
        columns = [Column(x, x, values[x] or UNKNOWN) for x in sorted(
            labels, key=lambda x: (not values[x], values[x].casefold()))]
    if any(not e.informants for e in items):
        columns.append(Column(NO_TURNS, NO_TURNS, ""))
    return columns


def check_attribute(base: EvidenceBase, site: str, name: str) -> str:
    """`name` as an attribute some informant at `site` has (lower-cased; `organization` is
    `organisation`); otherwise one line saying which the site's informants do have."""
    key = name.strip().lower()
    key = "organisation" if key == "organization" else key
    have = attribute_names(base.informants.get(site, {}).values())
    if key not in have:
        raise QualcodeError(
            f"no informant at {site} has a '{name}' (attributes the informants there have: "
            f"{', '.join(have) or 'none recorded yet'})")
    return key


def period(base: EvidenceBase, source: str) -> str:
    """The month a source was collected in (YYYY-MM of its date), or UNDATED."""
    date = base.sources[source].date
    return date[:7] if len(date) >= 7 and date[:4].isdigit() else UNDATED


def _keys(base: EvidenceBase, e: Evidence, by: str) -> tuple[str, ...]:
    if by == "method":
        return (e.method,)
    if by == "time":
        return (period(base, e.source),)
    if by == "coder":
        return e.coders
    return e.informants or (NO_TURNS,)


def matrix(base: EvidenceBase, site: str, book: Codebook, by: str = "informant") -> Matrix:
    """`by`: informant, method, coder, time, or an informant attribute (`QualcodeError` if no
    informant at the site has it)."""
    if by not in BY:
        by = check_attribute(base, site, by)
    indicators = indicator_evidence(base, site, book)
    items = [e for ev in indicators for e in ev.supports + ev.contradicts]
    columns = _columns(base, site, by, items)
    position = {c.key: i for i, c in enumerate(columns)}
    rows = []
    for ev in indicators:
        cells = [Cell() for _ in columns]
        for stance, evidence in (("supports", ev.supports), ("contradicts", ev.contradicts)):
            for e in evidence:
                for key in _keys(base, e, by):
                    getattr(cells[position[key]], stance).append(e)
        code = book.code(ev.code)
        rows.append(Row(ev.code, code.label, cells, ev.status, convergence(cells),
                        ev.summary()))
    return Matrix(site, book.id, by, columns, rows)


@dataclass
class TheoryMatrix:
    """Theory triangulation for one site: verdicts side by side and a crosswalk of indicators
    that mean the same thing in different frameworks (the codebooks' `concept`)."""

    site: str
    verdicts: list[dict]
    concepts: list[dict]
    investigators: list[dict]

    def to_json(self) -> dict:
        return {"site": self.site, "verdicts": self.verdicts, "crosswalk": self.concepts,
                "investigators": self.investigators}


def theory_matrix(base: EvidenceBase, site: str, books: list[Codebook],
                  store: Store | None = None) -> TheoryMatrix:
    """With `store`, also each coder's verdicts side by side (investigator triangulation)."""
    frameworks = [b for b in books if b.is_framework]
    verdicts = []
    judged: dict[str, IndicatorEvidence] = {}
    for book in frameworks:
        v = judge(base, site, book)
        verdicts.append({"framework": book.id, "verdict": v.verdict, "status": v.status,
                         "confidence": v.confidence})
        judged.update((e.code, e) for e in v.indicators)
    concepts: dict[str, list[IndicatorEvidence]] = {}
    for book in frameworks:
        for code in book.codes:
            if code.concept:
                concepts.setdefault(code.concept, []).append(judged[code.id])
    rows = []
    for concept, members in concepts.items():
        if len({e.code.split("/")[0] for e in members}) < 2:
            continue
        rows.append({"concept": concept,
                     "indicators": [{"id": e.code, "status": e.status} for e in members],
                     "convergence": _theory_convergence(members)})
    investigators = (investigator_verdicts(store, books, site, base.min_independent,
                                           base.thresholds)
                     if store is not None else [])
    return TheoryMatrix(site, verdicts, rows, investigators)


def _theory_convergence(members: list[IndicatorEvidence]) -> str:
    """Whether the frameworks' indicators of one concept tell the same story: "agreement"
    when every framework with evidence (or a reading) for it finds it established alike,
    "dissonance" when they differ, "single" when only one framework has any, "none" when
    none has."""
    spoken = [e for e in members if e.supports or e.contradicts or e.reading is not None]
    if not spoken:
        return "none"
    if len({e.code.split("/")[0] for e in spoken}) < 2:
        return "single"
    return "agreement" if len({e.established for e in spoken}) == 1 else "dissonance"


def investigator_verdicts(store: Store, books: list[Codebook], site: str,
                          min_independent: int = 2,
                          thresholds: Mapping[str, object] | None = None) -> list[dict]:
    """Verdicts per coder side by side, for investigator triangulation (with the project's
    `min_independent` and `thresholds`, as the base they come from)."""
    out = []
    for coder in store.coders():
        base = EvidenceBase(store, {coder}, min_independent, thresholds)
        for book in books:
            if book.is_framework:
                v = judge(base, site, book)
                out.append({"coder": coder, "framework": book.id, "verdict": v.verdict,
                            "status": v.status, "confidence": v.confidence})
    return out
