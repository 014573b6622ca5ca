"""Plain data records passed between the store, the importers, the engine and the shells."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

METHODS = ("interview", "fgd", "observation", "document")
UNDATED = "(undated)"  # the period of a source without a date (time triangulation)
LANGUAGES = ("id", "en")
STANCES = ("supports", "contradicts")
ORIGINS = ("human", "suggestion", "import")
KINDS = ("nominal", "ordinal", "thematic")
ROLES = ("defining", "excluding", "typical")
# An indicator's evidence status, in Indonesian: the engine's explanations and the exports.
STATUS_ID = {"confirmed": "terkonfirmasi", "supported": "didukung satu sumber",
             "contested": "diperdebatkan", "refuted": "terbantah", "absent": "tanpa bukti"}


MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")


def written_date(stamp: str, lang: str) -> str:
    """The day of an ISO time stamp as `lang` writes dates: 2026-12-08 (en), 8 Desember 2026
    (id)."""
    day = stamp[:10]
    if lang != "id":
        return day
    year, month, date = day.split("-")
    return f"{int(date)} {MONTHS_ID[int(month) - 1]} {year}"


def decimal(value: float, lang: str, digits: int = 2) -> str:
    """`value` with `digits` decimals as `lang` writes numbers: 0.71 (en), 0,71 (id)."""
    written = f"{value:.{digits}f}"
    return written.replace(".", ",") if lang == "id" else written


# The verdict rules' thresholds (qualcode.analysis.rules): default, lowest, highest (None: no
# bound). min_independent is a whole number; its default is the project's setting.
THRESHOLD_LIMITS: dict[str, tuple[float, float, float | None]] = {
    "min_independent": (2, 1, None),
    "min_share_established": (1.0, 0.0, 1.0),
    "min_share_confirmed": (0.5, 0.0, 1.0),
    "decide_margin": (0.1, 0.0, 1.0),
    "min_score": (0.0, -1.0, 1.0),
}


def threshold_problem(key: str, value: object) -> str | None:
    """What is wrong with `value` for threshold `key` (None: nothing)."""
    if key not in THRESHOLD_LIMITS:
        return f"unknown threshold '{key}' (use: {', '.join(THRESHOLD_LIMITS)})"
    _, low, high = THRESHOLD_LIMITS[key]
    if key == "min_independent":
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            return "min_independent must be a whole number, 1 or more"
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low or \
            (high is not None and value > high):
        return f"threshold '{key}' must be a number from {low:g} to {high:g}"
    return None


@dataclass(frozen=True)
class Reading:
    """The researcher's reading of an indicator at a site: established or not, by judgement,
    with the rationale an examiner can read; it decides the indicator in place of the weighing
    of its evidence (which stays visible)."""

    site: str
    code: str
    established: bool
    rationale: str
    coder: str = ""
    created_at: str = ""


# What every informant has besides its label; anything else is one of its `attributes`.
INFORMANT_FIELDS = ("role", "organisation", "sector", "group")


@dataclass(frozen=True)
class Informant:
    """A person who speaks in a site's sources: a case with attributes. `attributes` holds
    everything beyond the four fields (gender, tenure, ...), by lower-case name."""

    label: str
    role: str = ""
    organisation: str = ""
    sector: str = ""
    group: str = ""
    attributes: dict = field(default_factory=dict, compare=False, hash=False)

    def attribute(self, name: str) -> str:
        """The value of a field or an attribute by name (any case; `organization` is
        `organisation`), as text; '' when the informant has none."""
        key = name.strip().lower()
        key = "organisation" if key == "organization" else key
        if key in INFORMANT_FIELDS:
            return getattr(self, key)
        for k, value in self.attributes.items():
            if k.lower() == key:
                return "" if value is None else str(value).strip()
        return ""

    @property
    def names(self) -> list[str]:
        """The person's declared names and aliases: the `names` attribute ("; "-separated)
        and any attribute of `NAME_ATTRIBUTES` (`nama lengkap`, `alias`, ...): what an
        anonymised export masks (qualcode.reports.masking)."""
        return list(dict.fromkeys(
            n for key, value in self.attributes.items()
            if key.strip().lower() in NAME_ATTRIBUTES and value
            for item in (value if isinstance(value, list) else [value])
            for n in split_names(str(item))))

    def described(self) -> dict[str, str]:
        """Every field and attribute that has a value, fields first, as text."""
        out = {k: getattr(self, k) for k in INFORMANT_FIELDS if getattr(self, k)}
        for k, value in self.attributes.items():
            text = "" if value is None else str(value).strip()
            if text and k.lower() not in out:
                out[k.lower()] = text
        return out


NAMES = "names"  # the attribute holding an informant's real names, "; "-separated
# Attributes whose values are the person's names too (as a researcher's sheet may call them).
NAME_ATTRIBUTES = frozenset({NAMES, "name", "nama", "nama lengkap", "nama_lengkap", "full name",
                             "full_name", "alias", "aliases", "panggilan", "nickname"})


# Attributes an anonymised export leaves out, as it leaves out roles and organisations: those
# whose name (a word of it, in English or Indonesian) says they name or reach a person.
IDENTIFYING_WORDS = frozenset({
    "name", "names", "nama", "alias", "aliases", "nickname", "panggilan", "initials",
    "inisial", "role", "peran", "jabatan", "position", "posisi", "title", "gelar", "rank",
    "pangkat", "organisation", "organization", "organisasi", "instansi", "institution",
    "lembaga", "agency", "employer", "office", "kantor", "unit", "email", "surel", "phone",
    "telephone", "telepon", "telp", "hp", "wa", "whatsapp", "mobile", "contact", "kontak",
    "address", "alamat", "nik", "nip", "nrp", "ktp", "birthdate", "dob", "lahir", "photo",
    "foto", "signature"})
_ATTRIBUTE_WORDS = re.compile(r"[a-z0-9]+")


def identifying(attribute: str) -> bool:
    """Whether an anonymised export leaves out an informant attribute (by its name:
    `full_name`, `nama lengkap`, `no_hp`, `jabatan`, `alias`, ...)."""
    key = attribute.lower()
    return ("name" in key or "nama" in key or "alias" in key
            or any(w in IDENTIFYING_WORDS for w in _ATTRIBUTE_WORDS.findall(key)))


def split_names(value: str) -> list[str]:
    """The names of a `names` value ("Sri Wahyuni; Bu Sri"), whitespace tidied, each once."""
    return list(dict.fromkeys(" ".join(n.split()) for n in value.split(";") if n.strip()))


def join_names(names: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))


def attribute_names(informants: Iterable[Informant]) -> list[str]:
    """The fields and attributes that at least one of `informants` has a value for: the
    four fields first, in their order, then the others alphabetically."""
    found = {name for i in informants for name in i.described()}
    return ([n for n in INFORMANT_FIELDS if n in found]
            + sorted(found.difference(INFORMANT_FIELDS)))


class Turn(NamedTuple):
    """A speaker turn: [start, end) in code points of the source text. (Named tuples: the
    engine reads hundreds of thousands of turns and codings at once.)"""

    start: int
    end: int
    speaker: str
    is_researcher: bool
    timestamp: str | None = None


class TurnColumns(NamedTuple):
    """A source's turns column by column (what the evidence engine bisects)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    speakers: tuple[str, ...]
    researcher: tuple[int, ...]


@dataclass
class ParsedSource:
    """A transcript read from a file, ready to be stored."""

    name: str
    site: str
    method: str
    text: str
    title: str = ""
    date: str = ""
    language: str = "id"
    informants: list[Informant] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    origin_path: str = ""
    warnings: list[str] = field(default_factory=list)
    # What the file says about itself that is not dialogue: a header block's fields
    # ("Hari/Tanggal", "Lokasi"), a PDF's page starts ("pages": [[page, offset], ...]).
    metadata: dict = field(default_factory=dict)
    body_line: int = 1  # the file line the text starts on (after front matter)


@dataclass(frozen=True)
class SourceInfo:
    """A stored source without its text, with the figures the navigator and `sources` show."""

    id: int
    name: str
    site: str
    method: str
    title: str
    date: str
    language: str
    words: int
    chars: int
    informants: tuple[str, ...]
    codings: int
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
    body_line: int = 1  # the file line the text starts on: exports number lines as the file


class Coding(NamedTuple):
    id: int
    source: str
    start: int
    end: int
    code: str
    stance: str = "supports"
    coder: str = ""
    memo: str = ""
    origin: str = "human"
    model_version: str | None = None
    created_at: str = ""
    updated_at: str = ""
    version: int = 0  # the journal entry that wrote this state: an update names the one it saw


@dataclass(frozen=True)
class NewCoding:
    """A coding not yet stored (no id, no timestamps)."""

    source: str
    start: int
    end: int
    code: str
    stance: str = "supports"
    coder: str = ""
    memo: str = ""
    origin: str = "human"
    model_version: str | None = None


@dataclass
class Code:
    """An indicator of a framework or a theme of a thematic codebook.

    `id` is `<codebook>/<local>`.
    """

    id: str
    codebook: str
    label: dict[str, str]
    parent: str | None = None
    definition: dict[str, str] = field(default_factory=dict)
    include: dict[str, str] = field(default_factory=dict)
    exclude: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    color: str = ""
    loose: bool = False
    concept: str = ""  # shared by indicators that mean the same in different frameworks

    @property
    def local_id(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass
class Category:
    id: str
    name: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    defining: list[str] = field(default_factory=list)
    excluding: list[str] = field(default_factory=list)
    typical: list[str] = field(default_factory=list)


@dataclass
class Codebook:
    id: str
    kind: str
    name: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    source: str = ""
    categories: list[Category] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def is_framework(self) -> bool:
        return self.kind != "thematic"

    def code(self, code_id: str) -> Code:
        return next(c for c in self.codes if c.id == code_id)


@dataclass(frozen=True)
class Memo:
    id: int
    target_kind: str
    target: str
    text: str
    author: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 0


@dataclass(frozen=True)
class Ruling:
    """An adjudication decision on one unit and code: whose version became the consensus."""

    source: str
    start: int
    end: int
    code: str
    consensus: str  # the consensus coder's name
    accepted: tuple[str, ...]  # the coders whose codings were accepted; () is "neither"
    decided_by: str = ""
    decided_at: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """One action in a project's journal: who did what, when, and whether it is undone.

    `undo` and `redo` entries record those acts for the audit trail; `refers_to` names the
    action they undid or redid. `source`/`start` say where the action was, if in a text.
    """

    id: int
    at: str
    coder: str
    action: str  # add | accept | change | delete | memo | reject | adjudicate | undo | redo
    summary: str
    state: str  # done | undone
    refers_to: int | None = None
    source: str | None = None
    start: int | None = None


class DetachedCoding(NamedTuple):
    """A coding that a new version of its source's text could not place (`qualcode source
    replace`): kept apart, with its id, its span in the text it was made on and the words it
    coded there, until the researcher places it again or drops it."""

    id: int
    source: str
    start: int  # in the earlier text
    end: int
    quote: str  # what it coded in the earlier text
    code: str
    stance: str
    coder: str
    memo: str
    origin: str
    model_version: str | None
    created_at: str
    updated_at: str
    version: int
    detached_at: str


@dataclass(frozen=True)
class Replacement:
    """What replacing a source's text did to its codings: how many stayed where they were,
    moved with their words (by the text diff), were found again by their quote, and which
    were detached; the adjudications and rejected suggestions that could not be placed."""

    source: str
    unchanged: bool = False  # the same text: nothing was done
    kept: int = 0
    moved: int = 0
    by_quote: int = 0
    detached: tuple[DetachedCoding, ...] = ()
    dropped_rulings: int = 0
    dropped_rejections: int = 0
