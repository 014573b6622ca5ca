"""The report model: everything an export shows, computed once per scope by
`qualcode.reports.build` and laid out by every renderer (Word, workbook, CSV).

Plain, frozen records. Names are already as the export may print them (pseudonyms when
anonymised, and then no roles, organisations or titles); statuses, methods and categories stay
ids, which each renderer words in its own way; explanations and sensitivities are in the
report's language. This module imports nothing from the store or the analysis, so a renderer
that reads the model cannot reach either (an import-linter contract in pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from qualcode.model import Codebook


@dataclass(frozen=True)
class Judgement:
    """A partnership verdict for one site and framework, as exports print it."""

    framework: str  # codebook id
    verdict: str | None  # category id
    status: str  # decided | insufficient-evidence | tied
    confidence: float
    runner_up: str | None
    tied: tuple[str, ...]
    explanation: str
    established: tuple[str, ...]  # indicator ids: the verdict category's established ones
    blocking: tuple[str, ...]
    rests_on: tuple[str, ...] = ()  # indicator ids: the readings the verdict rests on
    # How fragile it is (qualcode.analysis.sensitivity), in the report's language, with the
    # sources named as shown; "" when not weighed (the verdicts of one coder's codings).
    sensitivity: str = ""
    pivotal_codings: int = 0  # codings whose removal or flip alone would change it
    pivotal_sources: int = 0  # sources whose removal alone would change it
    robust: bool = False  # weighed, on some coding, and no single change would change it


@dataclass(frozen=True)
class Excerpt:
    """A piece of coded evidence as an export prints it."""

    quote: str
    informants: tuple[str, ...]  # shown names; () for text outside turns
    method: str
    source: str  # shown name
    line: int
    timestamp: str | None
    stance: str


@dataclass(frozen=True)
class IndicatorReading:
    """The researcher's reading of an indicator at a site, which decides whether it is
    established in place of the weighing of its evidence."""

    established: bool
    rationale: str  # as shown (informant labels masked when anonymised)
    coder: str
    created_at: str  # ISO time stamp


@dataclass(frozen=True)
class Indicator:
    """One indicator (or thematic code) at a site: its status, counts and excerpts."""

    code: str
    status: str
    supports: int
    contradicts: int
    witnesses_for: int
    witnesses_against: int
    score: float
    established: bool
    sources: tuple[str, ...]  # shown names
    methods: tuple[str, ...]
    informants: tuple[str, ...]  # shown names
    excerpts: tuple[Excerpt, ...]  # supporting first, then in source and text order
    reading: IndicatorReading | None = None  # the researcher's, when one is recorded


@dataclass(frozen=True)
class MatrixColumn:
    key: str  # informant label or method
    name: str  # shown name (a pseudonym when anonymised)
    group: str  # the informant's organisation; "" when anonymised
    documents: bool = False  # the column of text outside turns (documents, notes)


@dataclass(frozen=True)
class MatrixCell:
    supports: int
    contradicts: int
    text: str  # "+s / −c", or "" when silent


@dataclass(frozen=True)
class MatrixRow:
    code: str
    cells: tuple[MatrixCell, ...]
    status: str
    convergence: str


@dataclass(frozen=True)
class Matrix:
    """A triangulation matrix: indicators × informants (`by="informant"`) or methods."""

    by: str
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class FrameworkSection:
    book: Codebook
    judgement: Judgement
    indicators: tuple[Indicator, ...]  # every indicator of the framework, in codebook order
    matrices: dict[str, Matrix]  # by "method" and "informant"

    @property
    def has_evidence(self) -> bool:
        return any(i.supports or i.contradicts for i in self.indicators)


@dataclass(frozen=True)
class ThemeSection:
    book: Codebook
    codes: tuple[Indicator, ...]  # the codes with evidence, in codebook order


@dataclass(frozen=True)
class Concept:
    """A row of the theory crosswalk: indicators of several frameworks that mean one thing."""

    concept: str
    indicators: tuple[tuple[str, str], ...]  # (indicator id, status)
    convergence: str


@dataclass(frozen=True)
class Person:
    name: str  # shown name
    role: str  # "" when anonymised
    organisation: str  # "" when anonymised
    sector: str
    group: str


@dataclass(frozen=True)
class SourceRow:
    name: str  # shown name
    title: str  # "" when anonymised
    method: str
    date: str
    informants: tuple[str, ...]  # shown names


@dataclass(frozen=True)
class SiteSection:
    site: str
    people: tuple[Person, ...]
    sources: tuple[SourceRow, ...]
    frameworks: tuple[FrameworkSection, ...]
    themes: tuple[ThemeSection, ...]  # thematic codebooks with evidence at the site
    theory: tuple[Concept, ...] | None  # the crosswalk; None with fewer than two frameworks
    investigators: dict[str, dict[str, Judgement]]  # coder -> framework -> verdict (≥ 2 coders)


@dataclass(frozen=True)
class Comparison:
    """The chosen sites side by side (every framework's verdicts and indicator statuses)."""

    verdicts: dict[tuple[str, str], Judgement]  # (site, framework) -> verdict
    statuses: dict[str, dict[str, str]]  # indicator -> site -> status
    differs: dict[str, bool]  # indicator -> the sites' statuses differ
    verdicts_differ: dict[str, bool]  # framework -> the sites' verdicts differ
    # indicator -> site -> established by the researcher's reading (read indicators only)
    readings: dict[str, dict[str, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class CodingRow:
    """One coding of the chosen codes, as the codings table lists it."""

    site: str
    source: str  # shown name
    method: str
    # The speakers of the span (non-researcher turns it overlaps), shown names in the order
    # they speak, joined with "; "; "" for text outside turns (documents, notes).
    informant: str
    role: str  # the informants' roles in the same order, "; "-joined; "" when anonymised
    code: str  # id
    label: str  # the code's label in the report's language
    stance: str
    coder: str
    line: int  # 1-based line of the source text where the coding starts
    timestamp: str | None  # [hh:mm:ss] of the turn it starts in, if the transcript has one
    memo: str  # as shown (informant labels masked when anonymised)
    quote: str  # as shown (speaker labels masked when anonymised)
    start: int
    end: int
    origin: str
    created_at: str


@dataclass(frozen=True)
class MemoRow:
    about: str  # project | site | source | code
    target: str  # shown name
    author: str
    date: str
    text: str  # as shown


@dataclass(frozen=True)
class Report:
    """Everything one export of a project shows, for its chosen sites and codebooks."""

    name: str  # the project's name
    author: str
    created: datetime  # the project's first and last change: the same project, the same file
    modified: datetime
    lang: str
    anonymised: bool
    books: tuple[Codebook, ...]  # chosen codebooks, frameworks and thematic
    sites: tuple[str, ...]
    source_count: int
    coding_count: int
    site_sections: tuple[SiteSection, ...]
    comparison: Comparison | None  # None without a framework
    memos: tuple[MemoRow, ...]
    codings: tuple[CodingRow, ...]
    # The reference tables of the workbook and CSV export (see the records below).
    code_rows: tuple[CodeRow, ...] = ()  # every code of the chosen codebooks
    informant_attributes: tuple[str, ...] = ()  # the attribute columns of informant_rows
    informant_rows: tuple[InformantRow, ...] = ()
    source_rows: tuple[SourceListRow, ...] = ()
    institution: str = ""
    agreement: AgreementPart | None = None  # with two or more coders of the chosen sources
    transcripts: tuple[Transcript, ...] = ()  # only when asked for (they are long)

    @property
    def frameworks(self) -> list[Codebook]:
        return [b for b in self.books if b.is_framework]


@dataclass(frozen=True)
class AgreementRow:
    """Inter-coder agreement on one code ("" for the overall row)."""

    code: str
    units: int
    percent: float | None
    kappa: float | None
    kappa_ci: tuple[float, float] | None
    alpha: float | None
    alpha_ci: tuple[float, float] | None


@dataclass(frozen=True)
class AgreementPart:
    coders: tuple[str, ...]
    unit: str  # sentence | turn
    sources: tuple[str, ...]  # shown names of the sources compared
    rows: tuple[AgreementRow, ...]  # per code applied, then the overall row


@dataclass(frozen=True)
class TranscriptLine:
    number: int  # as the source's file numbers it
    text: str  # as shown (masked when anonymised)
    codes: tuple[tuple[str, str], ...]  # (code id, stance) of the codings touching the line


@dataclass(frozen=True)
class Transcript:
    """A coded source, line by line, for the appendix's coded transcripts."""

    source: str  # shown name
    site: str
    method: str
    lines: tuple[TranscriptLine, ...]


@dataclass(frozen=True)
class CodeRow:
    """A code of a chosen codebook, as the codebook table lists it."""

    codebook: str  # id
    code: str  # id
    label_en: str
    label_id: str
    definition: str  # in the report's language (English when it has none in it)
    parent: str  # the parent code's id; "" at the top
    kind: str  # framework | thematic
    concept: str  # shared by indicators of several frameworks that mean one thing; or ""
    defines: tuple[str, ...]  # category ids whose defining indicators include it (frameworks)
    excludes: tuple[str, ...]  # category ids it rules out (frameworks)


@dataclass(frozen=True)
class InformantRow:
    """A site's informant (declared, or a speaker of its transcripts), as the informants
    table lists it."""

    site: str
    informant: str  # shown name (a pseudonym when anonymised)
    group: str
    sector: str
    role: str  # "" when anonymised
    organisation: str  # "" when anonymised
    attributes: tuple[str, ...]  # values in the order of Report.informant_attributes ("": none)
    sources: tuple[str, ...]  # shown names of the sources they speak in


@dataclass(frozen=True)
class SourceListRow:
    """A source of the chosen sites, as the sources table lists it."""

    source: str  # shown name
    site: str
    method: str
    date: str
    language: str
    title: str  # "" when anonymised
    informants: tuple[str, ...]  # shown names
    codings: int  # its codings in the export (the chosen codes and coders)
