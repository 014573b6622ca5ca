"""Figures of a report (qualcode.reports.model), drawn with matplotlib, for the appendix and for
slides: where a researcher would rather look than read.

Three kinds, each computed as plain data from the report (`verdict_data`, `evidence_data`,
`coverage_data`: what is plotted, testable without drawing) and then drawn:

- verdicts: per framework, the category each site reached (sites down the side, one row each,
  so long site names read across; categories along the top in codebook order, for an ordinal
  framework its levels low → high with a line from the lowest level to the one reached); a
  tie shows both categories hollow, a site without a verdict sits hollow in its own column;
- evidence: per site and framework with evidence, the supporting (right) and contradicting
  (left) evidence of every indicator, in codebook order, with its status;
- informants: per site, an informant × framework heat map of the evidence each informant gives
  ("+s / −c", as in the triangulation matrices), and how many indicators they speak to: a
  column that one informant fills alone is a verdict that rests on one voice, and an empty row
  is a person interviewed whose words carry no evidence.

Only the model is read: names are the shown ones (pseudonyms when anonymised), categories and
indicators in the report's language. Drawing is deterministic (Agg canvas, no pyplot and no
GUI, DejaVu Sans which ships with matplotlib, fixed sizes, no dates or versions in the files):
the same report gives the same bytes. matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

import io
import logging
import re
import textwrap
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import QualcodeError
from qualcode.model import Codebook, decimal
from qualcode.reports.labels import LABELS
from qualcode.reports.model import FrameworkSection, Report, SiteSection
from qualcode.textfile import FolderKind, check_output, write_output_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

DPI = 200
FORMATS = ("png", "svg")
PORTRAIT_CM = 14.0  # the text width of the Word appendix's A4 portrait page (docx.py)
LANDSCAPE_CM = 23.7  # ... and of its landscape page
MAX_HEIGHT_CM = {False: 21.5, True: 12.0}  # what a page holds under a caption
FONT = "DejaVu Sans"
SIZE, MIN_SIZE = 8.0, 6.0  # points
LINE_CM, ROW_CM = 0.34, 0.22  # a line of SIZE text; the space between two rows
SITE_CM, INDICATOR_CM, INFORMANT_CM = 4.2, 4.8, 4.0  # the row labels of the three kinds
CHAR_CM = 0.55 * 0.03528  # an average character per point of font size, in cm
BLUE, VERMILION, GREY, LIGHT = "#0072B2", "#D55E00", "#555555", "#DDDDDD"  # Okabe-Ito
_PER_INCH = 2.54
_SAVE = {"png": {"metadata": {"Software": None}},
         "svg": {"metadata": {"Date": None, "Creator": "qualcode"}}}
# What a figures folder may hold: files this module wrote, and what file managers leave.
_WRITTEN = re.compile(r"\d{2,}-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:png|svg)")



# ---------------------------------------------------------------------- what is plotted

@dataclass(frozen=True)
class VerdictRow:
    site: str
    status: str  # decided | insufficient-evidence | tied ("" when the site has no section)
    at: tuple[str, ...]  # category ids the mark sits at: the verdict, the tied pair, or ()
    confidence: float


@dataclass(frozen=True)
class VerdictData:
    framework: str
    ordinal: bool
    categories: tuple[str, ...]  # ids in codebook order (an ordinal framework: low → high)
    names: tuple[str, ...]  # the categories in the report's language
    rows: tuple[VerdictRow, ...]  # the report's sites, in its order


@dataclass(frozen=True)
class EvidenceBar:
    code: str
    label: str  # in the report's language
    supports: int
    contradicts: int
    status: str  # in the report's language


@dataclass(frozen=True)
class EvidenceData:
    site: str
    framework: str
    bars: tuple[EvidenceBar, ...]  # every indicator of the framework, in codebook order


@dataclass(frozen=True)
class CoverageData:
    site: str
    frameworks: tuple[str, ...]  # ids of the frameworks with evidence at the site
    names: tuple[str, ...]  # ... in the report's language
    informants: tuple[str, ...]  # shown names, then "(documents and notes)"
    groups: tuple[str, ...]  # each one's informant group, in the report's language ("": none)
    supports: tuple[tuple[int, ...], ...]  # [informant][framework]
    contradicts: tuple[tuple[int, ...], ...]
    indicators: tuple[int, ...]  # per informant: the indicators they give evidence on


def _text(texts: dict[str, str], lang: str, fallback: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "") or fallback


def _label(key: str, lang: str, value: str) -> str:
    return LABELS.get(f"{key}.{value}", {}).get(lang, value)


def verdict_data(report: Report, book: Codebook) -> VerdictData:
    """Where each site of `report` stands on framework `book`."""
    rows = []
    for section in report.site_sections:
        f = _section(section, book.id)
        if f is None:
            rows.append(VerdictRow(section.site, "", (), 0.0))
            continue
        v = f.judgement
        at = (v.tied if v.status == "tied" else (v.verdict,) if v.verdict is not None else ())
        rows.append(VerdictRow(section.site, v.status, tuple(at), v.confidence))
    return VerdictData(book.id, book.kind == "ordinal", tuple(c.id for c in book.categories),
                       tuple(_text(c.name, report.lang, c.id) for c in book.categories),
                       tuple(rows))


def evidence_data(report: Report, site: str, section: FrameworkSection) -> EvidenceData:
    """The evidence for and against every indicator of one framework at one site."""
    book = section.book
    return EvidenceData(site, book.id, tuple(
        EvidenceBar(i.code, _text(book.code(i.code).label, report.lang, i.code), i.supports,
                    i.contradicts, _label("status", report.lang, i.status))
        for i in section.indicators))


def coverage_data(report: Report, section: SiteSection) -> CoverageData | None:
    """The evidence each informant of a site gives per framework (None: no framework has
    evidence there). Every informant of the site has a row, a silent one too; the column of
    text outside turns comes last, when it holds evidence."""
    used = [f for f in section.frameworks if f.has_evidence]
    if not used:
        return None
    names = [p.name for p in section.people]
    groups = {p.name: p.group for p in section.people}
    cells: dict[str, list[list[int]]] = {}  # name -> [supports, contradicts] per framework
    spoken: dict[str, set[str]] = {}
    documents = LABELS["documents"][report.lang]
    for k, f in enumerate(used):
        m = f.matrices["informant"]
        for j, column in enumerate(m.columns):
            name = documents if column.documents else column.name
            if name not in names and not column.documents:
                names.append(name)
            row = cells.setdefault(name, [[0, 0] for _ in used])
            for r in m.rows:
                cell = r.cells[j]
                row[k][0] += cell.supports
                row[k][1] += cell.contradicts
                if cell.supports or cell.contradicts:
                    spoken.setdefault(name, set()).add(r.code)
    if spoken.get(documents):
        names.append(documents)
    empty = [[0, 0] for _ in used]
    return CoverageData(
        section.site, tuple(f.book.id for f in used),
        tuple(_text(f.book.name, report.lang, f.book.id) for f in used), tuple(names),
        tuple(_label("group", report.lang, groups[n]) if groups.get(n) else "" for n in names),
        tuple(tuple(c[0] for c in cells.get(n, empty)) for n in names),
        tuple(tuple(c[1] for c in cells.get(n, empty)) for n in names),
        tuple(len(spoken.get(n, ())) for n in names))


def _section(site: SiteSection, framework: str) -> FrameworkSection | None:
    return next((f for f in site.frameworks if f.book.id == framework), None)


# ---------------------------------------------------------------------- the figures

@dataclass(frozen=True)
class Figure:
    """One figure: `name` (a slug for its file), `caption` (in the report's language, not
    numbered: the document numbers it), its size on the page, the data it plots, and its
    PNG (`png`, 200 dpi) and SVG (`svg()`) bytes, drawn when first asked for."""

    name: str
    caption: str
    width_cm: float
    height_cm: float
    data: VerdictData | EvidenceData | CoverageData = field(repr=False)
    lang: str = field(default="en", repr=False)
    font_pt: float = field(default=SIZE, repr=False)  # smaller when many rows must fit
    _painter: Callable[[Any, Figure], None] = field(default=None, repr=False, compare=False)

    @property
    def landscape(self) -> bool:
        """Too wide for a portrait page: the document turns its page."""
        return self.width_cm > PORTRAIT_CM + 0.01

    @cached_property
    def png(self) -> bytes:
        return self.render("png")

    def svg(self) -> bytes:
        """The SVG, its text kept as text (searchable, editable; fonts: DejaVu Sans)."""
        return self.render("svg")

    def render(self, fmt: str, dpi: int = DPI) -> bytes:
        """The figure as PNG (at `dpi`) or SVG bytes."""
        if fmt not in FORMATS:
            raise QualcodeError(f"no figure format '{fmt}' (have: {', '.join(FORMATS)})")
        with _style():
            drawn = self._draw()
            buffer = io.BytesIO()
            drawn.savefig(buffer, format=fmt, dpi=dpi, **_SAVE[fmt])
        return buffer.getvalue()

    def draw(self) -> MplFigure:
        """The matplotlib figure (a new one each time, on an Agg canvas)."""
        with _style():
            return self._draw()

    def _draw(self) -> MplFigure:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure as MplFigure

        fig = MplFigure(figsize=(self.width_cm / _PER_INCH, self.height_cm / _PER_INCH),
                        dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # explicitly Agg: no GUI, no pyplot state
        fig.get_layout_engine().set(w_pad=0.03, h_pad=0.03)
        self._painter(fig, self)
        return fig


def figures(report: Report) -> list[Figure]:
    """Every figure of `report`: the verdicts of each framework across its sites, then for
    each site the evidence of each framework with evidence there and its informants' share."""
    made = [_verdict_figure(report, book) for book in report.frameworks]
    slugs = _site_slugs(report.sites)
    for section in report.site_sections:
        site = slugs[section.site]
        for f in section.frameworks:
            if f.has_evidence:
                made.append(_evidence_figure(report, section.site, f, site))
        coverage = coverage_data(report, section)
        if coverage is not None:
            made.append(_coverage_figure(report, coverage, site))
    return made


def _site_slugs(sites: Sequence[str]) -> dict[str, str]:
    """Each site's part of a file name; two sites whose names make one get numbers."""
    slugs: dict[str, str] = {}
    for site in sites:
        base = name = slug(site)
        n = 1
        while name in slugs.values():
            n += 1
            name = f"{base}-{n}"
        slugs[site] = name
    return slugs


def file_names(drawn: Sequence[Figure], formats: Sequence[str] = FORMATS) -> list[str]:
    """The files of `drawn`: NN-name.FORMAT, numbered in order from 01."""
    digits = max(2, len(str(len(drawn))))
    return [f"{n:0{digits}d}-{fig.name}.{fmt}" for n, fig in enumerate(drawn, 1)
            for fmt in formats]


def slug(text: str, limit: int = 48) -> str:
    """`text` as a file name's part: ASCII letters and digits joined by hyphens; a long one
    keeps its start and its end (where sites that share a long prefix differ)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if len(words) > limit:
        head = words[:limit * 2 // 3].rstrip("-")
        words = f"{head}-{words[len(words) - (limit - len(head) - 1):].lstrip('-')}"
    return words or "x"


def _w(key: str, lang: str, **values: object) -> str:
    """A figure's words (labels.py, `figure.` keys) in `lang`."""
    return LABELS[f"figure.{key}"][lang].format(**values)


# ---------------------------------------------------------------------- layout helpers

def wrap(text: str, chars: int, lines: int) -> str:
    """`text` in lines of about `chars` characters, at most `lines` of them; what does not
    fit ends in an ellipsis. A word longer than a line is cut."""
    chars = max(chars, 4)
    parts = textwrap.wrap(" ".join(text.split()), chars, break_on_hyphens=False) or [""]
    if len(parts) > lines:
        last = parts[lines - 1]
        parts = parts[:lines - 1] + [last[:chars - 1].rstrip() + "…"]
    return "\n".join(parts)


def _layout(texts: Sequence[str], label_cm: float, lines: int, fixed_cm: float,
            landscape: bool) -> tuple[float, float]:
    """The height of a figure whose rows are `texts` (wrapped in `label_cm`, at most `lines`
    lines each) and its font size: rows that would run off the page are set smaller, down to
    MIN_SIZE points (their labels wrapped again, wider), then squeezed."""
    room = MAX_HEIGHT_CM[landscape] - fixed_cm
    size = SIZE
    while True:
        rows_cm = sum(ROW_CM + LINE_CM * _lines(wrap(t, _chars(label_cm, size), lines))
                      for t in texts) * size / SIZE
        if rows_cm <= room or size <= MIN_SIZE:
            return min(MAX_HEIGHT_CM[landscape], fixed_cm + rows_cm), size
        size = max(MIN_SIZE, round(size * room / rows_cm - 0.05, 1))


def _chars(cm: float, size: float) -> int:
    return int(cm / (CHAR_CM * size))


def _width() -> Callable[[str, float], float]:
    """How wide a text is drawn in the figures' font at a size in points, in cm."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()

    def width(text: str, pt: float) -> float:
        return max((measure.get_text_width_height_descent(
            line, FontProperties(family=FONT, size=pt), ismath=False)[0]
            for line in text.split("\n")), default=0.0) / 72 * _PER_INCH

    return width


def _fitted(texts: list[str], cm: float, size: float, lines: int) -> tuple[list[str], float]:
    """`texts` wrapped to lines `cm` wide as drawn (measured in the font), at most `lines` of
    them, and the font size (down to MIN_SIZE) at which each one's longest word fits."""
    width = _width()
    size = max(size, MIN_SIZE)
    words = [w for t in texts for w in t.split()] or [""]
    longest = max(words, key=lambda w: width(w, size))
    while size > MIN_SIZE and width(longest, size) > cm:
        size = max(MIN_SIZE, size - 0.25)
    wrapped = []
    for text in texts:
        rows: list[str] = []
        for word in text.split():
            while len(word) > 2 and width(word, size) > cm:  # too long at the smallest size
                word = word[:-2] + "…"
            if rows and width(f"{rows[-1]} {word}", size) <= cm:
                rows[-1] = f"{rows[-1]} {word}"
            else:
                rows.append(word)
        if len(rows) > lines:
            rows = rows[:lines]
            rows[-1] += "…"
        wrapped.append("\n".join(rows))
    return wrapped, size


def _lines(text: str) -> int:
    return text.count("\n") + 1


# ---------------------------------------------------------------------- verdicts

def _verdict_figure(report: Report, book: Codebook) -> Figure:
    data = verdict_data(report, book)
    columns = len(data.categories) + any(not r.at for r in data.rows)
    landscape = columns > 7
    width = LANDSCAPE_CM if landscape else PORTRAIT_CM
    height, size = _layout([r.site for r in data.rows], SITE_CM, 3, 2.9, landscape)
    name = _text(book.name, report.lang, book.id)
    caption = _w("levels_caption" if data.ordinal else "verdicts_caption", report.lang,
                 name=name)
    return Figure(f"verdicts-{slug(book.id)}", caption, width, height, data, report.lang,
                  size, _paint_verdicts)


def _paint_verdicts(fig: Any, figure: Figure) -> None:
    from matplotlib.lines import Line2D

    data: VerdictData = figure.data  # type: ignore[assignment]
    lang, size = figure.lang, figure.font_pt
    ax = fig.add_subplot()
    undecided = any(not r.at for r in data.rows)
    x_of = {c: i for i, c in enumerate(data.categories)}
    ticks = list(range(len(data.categories)))
    names = list(data.names)
    if undecided:  # a column of its own, left of (below) the lowest level
        ticks.insert(0, -1)
        names.insert(0, _w("no_verdict", lang))
    sites = [wrap(r.site, _chars(SITE_CM, size), 3) for r in data.rows]
    width = _width()
    side_cm = max(width(site, size) for site in sites) + 0.4
    column_cm = (figure.width_cm - side_cm - 0.5) / (len(ticks) + 0.2)
    labels, column_pt = _fitted([*names], column_cm * 0.98, size * 0.95, 4)
    n = len(data.rows)
    seen: set[str] = set()
    for i, row in enumerate(data.rows):
        y = n - 1 - i
        if row.status == "decided" and row.at:
            x = x_of.get(row.at[0], 0)
            if data.ordinal and x > 0:  # how far up the levels: a stem from the lowest
                ax.plot([0, x], [y, y], color=BLUE, alpha=0.35, lw=2.5, zorder=1,
                        solid_capstyle="butt")
            ax.scatter([x], [y], s=size * 7, color=BLUE, zorder=3)
            ax.annotate(decimal(row.confidence, lang), (x, y), xytext=(size * 0.9, 0),
                        textcoords="offset points", va="center", fontsize=size * 0.8,
                        color=GREY)
            seen.add("decided")
        elif row.at:  # tied: both categories, hollow, joined
            xs = [x_of.get(c, 0) for c in row.at]
            ax.plot([min(xs), max(xs)], [y, y], color=GREY, ls=(0, (2, 2)), lw=0.8, zorder=1)
            ax.scatter(xs, [y] * len(xs), s=size * 8, marker="D", facecolors="white",
                       edgecolors=GREY, linewidths=1.1, zorder=3)
            seen.add("tied")
        else:
            ax.scatter([-1], [y], s=size * 7, facecolors="white", edgecolors=GREY,
                       linewidths=1.1, zorder=3)
            seen.add("insufficient-evidence")
    if undecided:
        ax.axvline(-0.5, color=GREY, lw=0.6, ls=(0, (1, 2)))
    ax.set_xticks(ticks, labels, fontsize=column_pt)
    ax.set_yticks(range(n), sites[::-1], fontsize=size)
    ax.set_xlim(min(ticks) - 0.5, max(ticks) + 0.7)
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(_w("level" if data.ordinal else "category", lang), fontsize=size,
                  color=GREY)
    ax.tick_params(length=0, pad=3)
    ax.grid(True, color=LIGHT, lw=0.6)
    ax.set_axisbelow(True)
    for spine in ax.spines.values():
        spine.set_visible(False)
    marks = {"decided": Line2D([], [], ls="", marker="o", color=BLUE),
             "tied": Line2D([], [], ls="", marker="D", mfc="white", mec=GREY),
             "insufficient-evidence": Line2D([], [], ls="", marker="o", mfc="white", mec=GREY)}
    shown = [k for k in marks if k in seen]
    if shown:
        fig.legend([marks[k] for k in shown], [_label("verdict", lang, k) for k in shown],
                   loc="outside lower center", ncols=len(shown), frameon=False,
                   fontsize=size * 0.9, handletextpad=0.3, columnspacing=1.5)


# ---------------------------------------------------------------------- evidence

def _evidence_figure(report: Report, site: str, section: FrameworkSection,
                     site_slug: str) -> Figure:
    data = evidence_data(report, site, section)
    height, size = _layout([b.label for b in data.bars], INDICATOR_CM, 2, 2.0, False)
    name = _text(section.book.name, report.lang, section.book.id)
    return Figure(f"evidence-{site_slug}-{slug(section.book.id)}",
                  _w("evidence_caption", report.lang, name=name, site=site), PORTRAIT_CM,
                  height, data, report.lang, size, _paint_evidence)


def _paint_evidence(fig: Any, figure: Figure) -> None:
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    data: EvidenceData = figure.data  # type: ignore[assignment]
    lang, size = figure.lang, figure.font_pt
    labels = [wrap(b.label, _chars(INDICATOR_CM, size), 2) for b in data.bars]
    ax = fig.add_subplot()
    n = len(data.bars)
    ys = [n - 1 - i for i in range(n)]
    ax.barh(ys, [b.supports for b in data.bars], height=0.62, color=BLUE, label="supports")
    ax.barh(ys, [-b.contradicts for b in data.bars], height=0.62, color=VERMILION,
            label="contradicts")
    top = max([1, *(max(b.supports, b.contradicts) for b in data.bars)])
    for y, b in zip(ys, data.bars, strict=True):
        for value, sign in ((b.supports, 1), (b.contradicts, -1)):
            if value:
                ax.annotate(str(value), (sign * value, y), xytext=(sign * size * 0.4, 0),
                            textcoords="offset points", va="center",
                            ha="left" if sign > 0 else "right", fontsize=size * 0.85)
    ax.axvline(0, color=GREY, lw=0.8)
    ax.set_xlim(-top * 1.18, top * 1.18)  # zero in the middle: the two sides compare
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, symmetric=True, nbins=8))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(int(round(v)))}"))
    ax.set_yticks(ys, labels, fontsize=size)
    ax.set_xlabel(_w("pieces", lang), fontsize=size, color=GREY)
    ax.tick_params(axis="x", labelsize=size * 0.9)
    ax.tick_params(axis="y", length=0)
    ax.grid(True, axis="x", color=LIGHT, lw=0.6)
    ax.set_axisbelow(True)
    status = ax.twinx()  # each indicator's status, on the right
    status.set_ylim(ax.get_ylim())
    status.set_yticks(ys, [wrap(b.status, 14, 2) for b in data.bars], fontsize=size * 0.85,
                      color=GREY)
    status.tick_params(length=0)
    for axis in (ax, status):
        for side in ("top", "right", "left"):
            axis.spines[side].set_visible(False)
    fig.legend([Patch(color=BLUE), Patch(color=VERMILION)],
               [_w("supports", lang), _w("contradicts", lang)], loc="outside lower center",
               ncols=2, frameon=False, fontsize=size * 0.9)


# ---------------------------------------------------------------------- informants

def _coverage_figure(report: Report, data: CoverageData, site_slug: str) -> Figure:
    landscape = len(data.frameworks) > 4
    width = min(LANDSCAPE_CM if landscape else PORTRAIT_CM,  # labels either side, the cells
                INFORMANT_CM + 3.0 + 2.4 * len(data.frameworks))
    height, size = _layout(data.informants, INFORMANT_CM, 2, 4.2, landscape)
    return Figure(f"informants-{site_slug}",
                  _w("informants_caption", report.lang, site=data.site), width, height, data,
                  report.lang, size, _paint_coverage)


def _paint_coverage(fig: Any, figure: Figure) -> None:
    import numpy as np

    data: CoverageData = figure.data  # type: ignore[assignment]
    lang, size = figure.lang, figure.font_pt
    totals = np.array([[s + c for s, c in zip(sr, cr, strict=True)]
                       for sr, cr in zip(data.supports, data.contradicts, strict=True)],
                      dtype=float).reshape(len(data.informants), len(data.frameworks))
    top = max(1.0, float(totals.max(initial=0)))
    ax = fig.add_subplot()
    image = ax.imshow(totals, cmap="Blues", vmin=0, vmax=top, aspect="auto",
                      interpolation="nearest")
    for i in range(len(data.informants)):
        for j in range(len(data.frameworks)):
            s, c = data.supports[i][j], data.contradicts[i][j]
            if s or c:
                ax.text(j, i, f"+{s} / −{c}", ha="center", va="center", fontsize=size * 0.85,
                        color="white" if totals[i, j] > 0.6 * top else "black")
    rows = len(data.informants)
    ax.set_yticks(range(rows), [wrap(n, _chars(INFORMANT_CM, size), 2)
                                for n in data.informants], fontsize=size)
    columns, column_pt = _fitted(list(data.names), 2.2, size * 0.9, 4)
    ax.set_xticks(range(len(data.frameworks)), columns, fontsize=column_pt)
    ax.xaxis.tick_top()
    ax.set_xticks([x - 0.5 for x in range(1, len(data.frameworks))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(True, which="minor", color="white", lw=1.2)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    breadth = ax.twinx()  # how many indicators each informant speaks to
    breadth.set_ylim(ax.get_ylim())
    breadth.set_yticks(range(rows), [  # the informant's group, the indicators they speak to
        " · ".join(x for x in (wrap(g, 16, 1), _w("indicators", lang, n=n) if n else "–") if x)
        for g, n in zip(data.groups, data.indicators, strict=True)],
        fontsize=size * 0.85, color=GREY)
    breadth.tick_params(length=0)
    for spine in breadth.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=[ax, breadth], location="bottom", shrink=0.6, aspect=30,
                       pad=0.02)
    bar.set_label(_w("heat", lang), fontsize=size * 0.85, color=GREY)
    bar.ax.tick_params(labelsize=size * 0.8, length=2)
    bar.outline.set_visible(False)
    from matplotlib.ticker import MaxNLocator

    bar.locator = MaxNLocator(integer=True, nbins=5)
    bar.update_ticks()


# ---------------------------------------------------------------------- drawing and writing

@contextmanager
def _style() -> Iterator[None]:
    """matplotlib set for figures that come out the same everywhere; its own messages (a
    temporary cache folder, a glyph missing from the font) are not the user's business."""
    logger = logging.getLogger("matplotlib")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
    import matplotlib

    rc = {"font.family": "sans-serif", "font.sans-serif": [FONT], "font.size": SIZE,
          "svg.fonttype": "none", "svg.hashsalt": "qualcode",
          "axes.linewidth": 0.6, "axes.edgecolor": GREY, "xtick.color": "black",
          "ytick.color": "black", "figure.dpi": DPI, "savefig.dpi": DPI,
          "figure.facecolor": "white", "savefig.facecolor": "white",
          "axes.unicode_minus": True}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        warnings.filterwarnings("ignore", category=UserWarning, module="matplotlib")
        yield


FIGURE_FILES = FolderKind(lambda name: bool(_WRITTEN.fullmatch(name)),
                          "a figure this command wrote")


def check_directory(directory: Path | str, project: Path | None = None) -> None:
    """Refuse a figures folder before any work: stdout, a file, a folder inside the project,
    or an existing folder that holds anything but figures this command wrote (the folder is
    replaced whole, so other files would be lost)."""
    check_output(directory, directory=True, project=project, kind=FIGURE_FILES)


def write_figures(report: Report, directory: Path | str, formats: Sequence[str] = FORMATS,
                  progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Draw every figure of `report` and write it as NN-name.png / NN-name.svg: the whole of
    `directory`, replaced at once (textfile.write_output_dir: a failed run leaves the old
    folder as it was, and no file half written). Returns the paths written."""
    formats = tuple(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise QualcodeError(f"no figure format '{fmt}' (have: {', '.join(FORMATS)})")
    if not formats:
        raise QualcodeError("no figure format chosen (have: png, svg)")
    check_directory(directory)
    drawn = figures(report)
    if not drawn:
        raise QualcodeError("no figures to draw: choose at least one framework (ordinal or "
                            "nominal); thematic codebooks have no verdicts")
    names = iter(file_names(drawn, formats))
    total = len(drawn) * len(formats)
    files: dict[str, bytes] = {}
    for fig in drawn:
        for fmt in formats:
            files[next(names)] = fig.render(fmt)
            if progress:
                progress(len(files), total)
    return write_output_dir(Path(directory), files, FIGURE_FILES)
