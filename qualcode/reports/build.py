"""Building the report model (qualcode.reports.model) of a project: every verdict, matrix,
excerpt, memo and coding an export shows, computed once and named as the export may print it.

Every figure comes from the analysis (evidence, verdicts, matrices, comparison); this module
only gathers it for the chosen scope, so the Word appendix, the workbook and the CSV files show
the same numbers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from qualcode.analysis.agreement import agreement
from qualcode.analysis.compare import compare
from qualcode.analysis.evidence import Evidence, IndicatorEvidence
from qualcode.analysis.matrices import NO_TURNS, matrix, theory_matrix
from qualcode.analysis.sensitivity import Sensitivities, Sensitivity
from qualcode.analysis.verdicts import Verdict, judge, rests_on
from qualcode.model import Codebook, Turn, identifying
from qualcode.reports.model import (
    AgreementPart,
    AgreementRow,
    CodeRow,
    CodingRow,
    Comparison,
    Concept,
    FrameworkSection,
    Indicator,
    IndicatorReading,
    InformantRow,
    Judgement,
    Matrix,
    MatrixCell,
    MatrixColumn,
    MatrixRow,
    MemoRow,
    Person,
    Report,
    SiteSection,
    SourceListRow,
    SourceRow,
    ThemeSection,
    Transcript,
    TranscriptLine,
)
from qualcode.reports.scope import Scope, build_scope
from qualcode.store.actions import CONSENSUS
from qualcode.store.project import Project
from qualcode.textfile import clean

MATRICES = ("method", "informant", "time")


def build_report(project: Project, sites: list[str] | None = None,
                 codebooks: list[str] | None = None, anonymise: bool = False,
                 lang: str = "en", progress: Callable[[int, int], None] | None = None,
                 coders: Iterable[str] | None = None) -> Report:
    """The report of `project` for the chosen sites and codebooks (all when None), checked
    against the project; `progress(done, total)` is called after every part. With `coders`,
    only their codings are evidence and listed (a workbench export in blind mode)."""
    return report_of(build_scope(project, sites, codebooks, anonymise, coders, lang=lang),
                     lang, progress)


def report_of(scope: Scope, lang: str = "en",
              progress: Callable[[int, int], None] | None = None,
              transcripts: bool = False) -> Report:
    """The report of an already chosen scope (see `build_report`); with `transcripts`, every
    coded source line by line too (long: only when the appendix shows them)."""
    total = len(scope.sites) + 2
    step = iter(range(1, total + 1))

    def advance() -> None:
        done = next(step)
        if progress:
            progress(done, total)

    verdicts = (compare(scope.base, scope.frameworks, scope.sites).verdicts
                if scope.frameworks else {})
    judgements = _judgements(scope, verdicts, lang)
    comparison = _comparison(scope, verdicts, judgements) if scope.frameworks else None
    advance()
    sections = []
    for site in scope.sites:
        sections.append(_site(scope, site, verdicts, judgements, lang))
        advance()
    sources = [s for site in scope.sites for s in scope.sources(site)]
    if scope.coders is None:
        coded = sum(s.codings for s in sources)
    else:
        names = {s.name for s in sources}
        coded = sum(c.source in names for c in scope.codings())
    created, modified = scope.dates()
    settings = scope.project.settings
    codings = _codings(scope, lang)
    attributes, informants = _informant_rows(scope)
    report = Report(
        scope.names.memo(settings.name) if scope.names.anonymise else settings.name,
        settings.author, created, modified, lang, scope.names.anonymise,
        tuple(scope.books), tuple(scope.sites), len(sources), coded,
        tuple(sections), comparison, _memos(scope), codings, _code_rows(scope, lang),
        attributes, informants, _source_rows(scope, codings), settings.institution,
        _agreement(scope), _transcripts(scope) if transcripts else ())
    advance()
    return report


# ---------------------------------------------------------------------- verdicts

def established(v: Verdict) -> list[IndicatorEvidence]:
    """What an export lists as established: the established defining indicators of the
    verdict's category, or, without a verdict, every established indicator."""
    level = next((lv for lv in v.levels if lv.id == v.verdict), None)
    return level.established if level else [e for e in v.indicators if e.established]


def _judgements(scope: Scope, verdicts: dict[tuple[str, str], Verdict], lang: str
                ) -> dict[tuple[str, str], Judgement]:
    """Every verdict as exports print it, each weighed once for its sensitivity (the coding
    rows read once for the whole report)."""
    if not verdicts:
        return {}
    weigh = Sensitivities(scope.project.store, scope.base)
    return {key: _judgement(scope, v, lang, weigh.of(v)) for key, v in verdicts.items()}


def _judgement(scope: Scope, v: Verdict, lang: str,
               sensitivity: Sensitivity | None = None) -> Judgement:
    """`v` as exports print it; with its `sensitivity`, how fragile it is."""
    site = v.site
    read = rests_on(v)
    explanation = v.explanation[lang]
    for e in read:  # the rationale as a memo is shown: informant labels masked
        rationale = e.reading.rationale
        explanation = explanation.replace(f"“{rationale}”",
                                          f"“{scope.names.memo(rationale, site)}”")
    said, codings, sources, robust = "", 0, 0, False
    if sensitivity is not None:
        shown = replace(sensitivity, pivots=tuple(  # the sources as the report names them
            replace(p, source=scope.names.source(p.source)) if p.source is not None else p
            for p in sensitivity.pivots))
        said, codings, sources = shown.summary(lang), shown.codings, shown.sources
        robust = bool(shown.weighed) and shown.robust
    return Judgement(v.framework.id, v.verdict, v.status, v.confidence, v.runner_up,
                     tuple(v.tied), explanation, tuple(e.code for e in established(v)),
                     tuple(e.code for e in v.blocking), tuple(e.code for e in read), said,
                     codings, sources, robust)


def _comparison(scope: Scope, verdicts: dict[tuple[str, str], Verdict],
                judgements: dict[tuple[str, str], Judgement]) -> Comparison:
    statuses = {code.id: {s: verdicts[s, book.id].indicators[index].status
                          for s in scope.sites}
                for book in scope.frameworks for index, code in enumerate(book.codes)}
    readings: dict[str, dict[str, bool]] = {}
    for (site, _), v in verdicts.items():
        for e in v.indicators:
            if e.reading is not None:
                readings.setdefault(e.code, {})[site] = e.reading.established
    return Comparison(
        judgements, statuses,
        {code: len(set(by_site.values())) > 1 for code, by_site in statuses.items()},
        {b.id: len({verdicts[s, b.id].verdict for s in scope.sites}) > 1
         for b in scope.frameworks}, readings)


# ---------------------------------------------------------------------- one site

def _site(scope: Scope, site: str, verdicts: dict[tuple[str, str], Verdict],
          judgements: dict[tuple[str, str], Judgement], lang: str) -> SiteSection:
    names = scope.names
    people = tuple(
        Person(shown, "" if names.anonymise else i.role,
               "" if names.anonymise else i.organisation, i.sector, i.group)
        for shown, i in names.people(site))
    sources = tuple(
        SourceRow(names.source(s.name), "" if names.anonymise else s.title, s.method, s.date,
                  tuple(names.informant(site, x) for x in s.informants))
        for s in scope.sources(site))
    frameworks = tuple(FrameworkSection(
        book, judgements[site, book.id],
        tuple(_indicator(scope, site, e) for e in verdicts[site, book.id].indicators),
        {by: _matrix(scope, site, book, by) for by in MATRICES}) for book in scope.frameworks)
    themes = tuple(theme for theme in (_theme(scope, site, book) for book in scope.thematic)
                   if theme.codes)
    return SiteSection(site, people, sources, frameworks, themes, _theory(scope, site),
                       _investigators(scope, site, lang))


def _theme(scope: Scope, site: str, book: Codebook) -> ThemeSection:
    evidence = (scope.base.indicator(site, code.id) for code in book.codes)
    return ThemeSection(book, tuple(_indicator(scope, site, ev) for ev in evidence
                                    if ev.supports or ev.contradicts))


def _indicator(scope: Scope, site: str, e: IndicatorEvidence) -> Indicator:
    names = scope.names
    informants = sorted({w.split(":", 1)[1] for x in e.supports + e.contradicts
                         for w in x.witnesses if w.startswith("informant:")})
    order = scope.source_order
    excerpts = sorted(e.supports + e.contradicts,
                      key=lambda x: (x.stance != "supports", order[x.source], x.start, x.end))
    r = e.reading
    reading = None if r is None else IndicatorReading(
        r.established, clean(names.memo(r.rationale, site)), r.coder, r.created_at)
    return Indicator(
        e.code, e.status, len(e.supports), len(e.contradicts), len(e.support_witnesses),
        len(e.contradict_witnesses), e.score, e.established,
        tuple(names.source(s) for s in e.sources), tuple(e.methods),
        tuple(names.informant(site, i) for i in informants),
        tuple(scope.excerpt(x) for x in excerpts), reading)


def _matrix(scope: Scope, site: str, book: Codebook, by: str) -> Matrix:
    """A matrix as the export shows it; anonymised, informant columns in the order of their
    codes (IK1, IK2, IU1, …: the real organisations' order would tell who is who), the
    documents column last."""
    m = matrix(scope.base, site, book, by)
    names = scope.names
    order = list(range(len(m.columns)))
    if names.anonymise and by == "informant":
        rank = {i.label: n for n, (_, i) in enumerate(names.people(site))}
        order.sort(key=lambda n: (m.columns[n].key == NO_TURNS,
                                  rank.get(m.columns[n].key, len(rank)), n))
    columns = tuple(
        MatrixColumn(c.key, names.informant(site, c.key) if by == "informant" else c.key,
                     "" if names.anonymise else c.group, c.key == NO_TURNS)
        for c in (m.columns[n] for n in order))
    rows = tuple(
        MatrixRow(r.code, tuple(MatrixCell(len(c.supports), len(c.contradicts), c.text)
                                for c in (r.cells[n] for n in order)), r.status,
                  r.convergence)
        for r in m.rows)
    return Matrix(by, columns, rows)


def _theory(scope: Scope, site: str) -> tuple[Concept, ...] | None:
    if len(scope.frameworks) < 2:
        return None
    theory = theory_matrix(scope.base, site, scope.frameworks)
    return tuple(Concept(c["concept"], tuple((i["id"], i["status"]) for i in c["indicators"]),
                         c["convergence"]) for c in theory.concepts)


def _investigators(scope: Scope, site: str, lang: str) -> dict[str, dict[str, Judgement]]:
    """Each coder's verdicts from their codings alone, when at least two coders coded."""
    bases = scope.coder_bases()
    if len(bases) < 2 or not scope.frameworks:
        return {}
    return {coder: {b.id: _judgement(scope, judge(base, site, b), lang)
                    for b in scope.frameworks}
            for coder, base in bases.items()}


# ---------------------------------------------------------------------- agreement, transcripts

def _agreement(scope: Scope) -> AgreementPart | None:
    """Inter-coder agreement of the coders of the chosen sources on the chosen codebooks
    (investigator triangulation's figures); None with fewer than two coders."""
    store = scope.project.store
    coders = [c for c in store.coders()
              if c != CONSENSUS and (scope.coders is None or c in scope.coders)]
    if len(coders) < 2:
        return None
    sources = [s.name for site in scope.sites for s in scope.sources(site)]
    found = agreement(store, coders, sources, [b.id for b in scope.books])
    if not found.sources:
        return None
    rows = [AgreementRow(code, f.units, f.percent, f.kappa, f.kappa_ci, f.alpha, f.alpha_ci)
            for code, f in (*found.codes.items(), ("", found.overall))]
    return AgreementPart(tuple(found.coders), found.unit,
                         tuple(scope.names.source(s) for s in found.sources), tuple(rows))


def _transcripts(scope: Scope) -> tuple[Transcript, ...]:
    """Every coded source of the chosen sites line by line, numbered as its file is, with the
    chosen codes whose codings touch each line."""
    codes = {c.id for b in scope.books for c in b.codes}
    by_source: dict[str, list] = {}
    for c in scope.codings():
        if c.code in codes:
            by_source.setdefault(c.source, []).append(c)
    out = []
    for site in scope.sites:
        for info in scope.sources(site):
            codings = by_source.get(info.name)
            if not codings:
                continue
            text = scope.texts[info.name]
            starts = [0, *(n + 1 for n, ch in enumerate(text) if ch == "\n")]
            marks: list[dict[tuple[str, str], None]] = [{} for _ in starts]
            for c in codings:
                first = bisect_right(starts, c.start) - 1
                last = bisect_right(starts, max(c.end - 1, c.start)) - 1
                for n in range(first, last + 1):
                    marks[n][c.code, c.stance] = None
            ends = [*(s - 1 for s in starts[1:]), len(text)]
            offset = scope.first_line(info.name)
            out.append(Transcript(scope.names.source(info.name), site, info.method, tuple(
                TranscriptLine(n + offset, scope.quote(info.name, start, end), tuple(marks[n]))
                for n, (start, end) in enumerate(zip(starts, ends, strict=True)))))
    return tuple(out)


# ---------------------------------------------------------------------- memos and codings

def _memos(scope: Scope) -> tuple[MemoRow, ...]:
    names = scope.names
    sources = {s.name for site in scope.sites for s in scope.sources(site)}
    codes = {c.id for b in scope.books for c in b.codes}
    return tuple(
        MemoRow(m.target_kind, names.source(m.target) if m.target_kind == "source"
                else m.target, m.author, m.updated_at[:10],
                names.memo(m.text, names.memo_site(m.target_kind, m.target)))
        for m in scope.project.store.memos()
        if m.target_kind == "project"
        or (m.target_kind == "site" and m.target in scope.sites)
        or (m.target_kind == "source" and m.target in sources)
        or (m.target_kind == "code" and m.target in codes))


def _codings(scope: Scope, lang: str = "en") -> tuple[CodingRow, ...]:
    """Every coding of the chosen sites and codes (and coders), in store order, with who
    speaks it, where it is (the line and time stamp as coded excerpts give them) and its
    code's label in `lang`."""
    sites = set(scope.sites)
    codes = {c.id: c for b in scope.books for c in b.codes}
    infos = scope.base.sources
    people = scope.base.informants
    anonymise = scope.names.anonymise
    starts: dict[str, list[int]] = {}
    rows = []
    for c in scope.codings():
        info = infos[c.source]
        site = info.site
        if site not in sites or c.code not in codes:
            continue
        turns = scope.turns.get(c.source, [])
        if c.source not in starts:
            starts[c.source] = [t.start for t in turns]
        speakers = _speakers(turns, starts[c.source], c.start, c.end)
        shown = scope.excerpt(Evidence(c.source, site, info.method, c.start, c.end, c.code,
                                       c.stance, speakers, (c.coder,), (c.id,)))
        known = people.get(site, {})
        roles = [] if anonymise else [known[x].role if x in known else "" for x in speakers]
        label = codes[c.code].label
        rows.append(CodingRow(
            site, shown.source, info.method, "; ".join(shown.informants),
            "; ".join(roles) if any(roles) else "", c.code,
            label.get(lang) or label.get("en", ""), c.stance, c.coder, shown.line,
            shown.timestamp, clean(scope.names.memo(c.memo, site)), shown.quote, c.start,
            c.end, c.origin, c.created_at))
    return tuple(rows)


# ---------------------------------------------------------------------- reference tables

def _speakers(turns: list[Turn], starts: list[int], start: int, end: int
              ) -> tuple[str, ...]:
    """The labels of the non-researcher turns that [start, end) overlaps, in the order they
    speak, each once (the speakers the evidence engine counts, in speaking order)."""
    first = max(bisect_right(starts, start) - 1, 0)
    said = dict.fromkeys(t.speaker for t in turns[first:bisect_left(starts, end)]
                         if t.end > start and not t.is_researcher)
    return tuple(said)


def _code_rows(scope: Scope, lang: str) -> tuple[CodeRow, ...]:
    """Every code of the chosen codebooks, in codebook order."""
    rows = []
    for book in scope.books:
        defines: dict[str, list[str]] = {}
        excludes: dict[str, list[str]] = {}
        for category in book.categories:
            for code in category.defining:
                defines.setdefault(code, []).append(category.id)
            for code in category.excluding:
                excludes.setdefault(code, []).append(category.id)
        for c in book.codes:
            rows.append(CodeRow(
                book.id, c.id, c.label.get("en", ""), c.label.get("id", ""),
                clean(c.definition.get(lang) or c.definition.get("en", "")), c.parent or "",
                "framework" if book.is_framework else "thematic", c.concept,
                tuple(defines.get(c.id, ())), tuple(excludes.get(c.id, ()))))
    return tuple(rows)


def _informant_rows(scope: Scope) -> tuple[tuple[str, ...], tuple[InformantRow, ...]]:
    """The attribute columns and every informant of the chosen sites (declared ones in the
    order they were recorded, then the other speakers), named as shown; anonymised, without
    role, organisation or an identifying attribute, and labels masked in attribute values."""
    names = scope.names
    speaks: dict[tuple[str, str], list[str]] = {}
    for site in scope.sites:
        for s in scope.sources(site):
            for label in s.informants:
                speaks.setdefault((site, label), []).append(names.source(s.name))
    people = [(site, shown, i) for site in scope.sites for shown, i in names.people(site)]
    columns = [k for k in dict.fromkeys(k for _, _, i in people for k in i.attributes)
               if not (names.anonymise and identifying(k))]
    rows = tuple(
        InformantRow(site, shown, i.group, i.sector, "" if names.anonymise else i.role,
                     "" if names.anonymise else i.organisation,
                     tuple(clean(names.memo(i.attribute(k), site)) for k in columns),
                     tuple(speaks.get((site, i.label), ())))
        for site, shown, i in people)
    return tuple(columns), rows


def _source_rows(scope: Scope, codings: tuple[CodingRow, ...]) -> tuple[SourceListRow, ...]:
    """Every source of the chosen sites, in import order, with its codings in the export."""
    names = scope.names
    counts = Counter(c.source for c in codings)
    return tuple(
        SourceListRow(names.source(s.name), site, s.method, s.date, s.language,
                      "" if names.anonymise else clean(s.title),
                      tuple(names.informant(site, x) for x in s.informants),
                      counts[names.source(s.name)])
        for site in scope.sites for s in scope.sources(site))
