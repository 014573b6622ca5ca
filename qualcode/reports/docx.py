"""The Word appendix (lampiran) of a project: codebook, verdicts, triangulation matrices, coded
excerpts, theory and investigator triangulation, cross-site comparison and memos, in English or
Indonesian.

The document has real Word structure so a thesis can take it as it is: Heading 1-3 styles,
captions numbered by a SEQ field (Word's "Insert Table of Figures" lists them), the "Table
Grid" table style with a repeated header row, a PAGE field in the footer, A4 pages with
landscape sections for wide tables, and core properties from the project's settings. Every
figure comes from the report model (qualcode.reports.model); this module only lays it out.
Tables are written as WordprocessingML directly: the python-docx cell API is too slow for
the tens of thousands of excerpt rows of a large project.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Pt, RGBColor

from qualcode.model import UNDATED, Codebook, decimal, written_date
from qualcode.reports.figures import Figure, figures
from qualcode.reports.labels import LABELS
from qualcode.reports.model import (
    Excerpt,
    FrameworkSection,
    Indicator,
    Judgement,
    Report,
    SiteSection,
    ThemeSection,
)
from qualcode.reports.wordml import Span, W, fit_words, fits_a_page, table_xml
from qualcode.textfile import check_output, clean, write_output

# ---------------------------------------------------------------------- page geometry (cm)

PAGE = (21.0, 29.7)  # A4
MARGINS = {"left": 4.0, "right": 3.0, "top": 3.0, "bottom": 3.0}  # binding edge on the left
PORTRAIT_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]
LANDSCAPE_WIDTH = PAGE[1] - 2 * MARGINS["right"]
MATRIX_SIDE = (3.8, 1.9, 2.0)  # indicator, status and convergence columns of a matrix
MATRIX_CELL = 1.55  # a method or informant column: four methods fit a portrait page
SITES_PER_TABLE = 8  # a cross-site table with more sites is split into parts
EMBED_DPI = 150  # a figure's resolution in the document: sharp in print, quick to draw
KEEP_WHOLE = 12  # a table with this many rows or fewer is kept on one page if it fits
FONT = "Times New Roman"
_TWIPS = 567  # per cm
_COUNTER_EXAMPLE = re.compile(r"\s*\(contradicts\)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# The parts of the appendix after its front matter, each a "Lampiran N" (or none when it has
# nothing to show); `--sections` chooses and orders them.
SECTIONS = ("codebook", "sites", "figures", "comparison", "agreement", "transcripts", "memos")
DEFAULT_SECTIONS = tuple(s for s in SECTIONS if s != "transcripts")


def write_appendix(report: Report, path: Path | str,
                   sections: Sequence[str] = DEFAULT_SECTIONS) -> None:
    """Write the appendix of `report` to `path` (see write_output: "-" is stdout), in the
    report's language, with its `sections` in their order (the transcripts need a report
    built with them)."""
    check_output(path)
    writer = _Writer(report)
    writer.front()
    for part in sections:
        getattr(writer, f"part_{part}")()
    writer.contents()
    write_output(path, writer.package())


# ---------------------------------------------------------------------- tables as XML

def _part(part: int, parts: int) -> str:
    return f" ({part}/{parts})" if parts > 1 else ""


def _used(section: SiteSection) -> list[FrameworkSection]:
    """The frameworks coded (or read) at a site: the others get no section of their own, only
    a line saying they were not coded there."""
    return [f for f in section.frameworks
            if f.has_evidence or any(i.reading is not None for i in f.indicators)]


def _fit(text: str, limit: int = 255) -> str:
    """A document property within Word's limit of 255 characters (the content never is cut)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


# A table stands in the body as a paragraph of this text (with the writer's token and the
# table's number) until the file is written (_Writer.package).
_PLACEHOLDER_OPEN = "<w:p><w:r><w:t>QUALCODE-TABLE-"
_PLACEHOLDER_CLOSE = "</w:t></w:r></w:p>"


def _read(section: FrameworkSection) -> dict[str, bool]:
    """The framework's indicators that a reading decides at the site: established or not."""
    return {i.code: i.reading.established for i in section.indicators if i.reading is not None}


# ---------------------------------------------------------------------- the document

class _Writer:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.lang = report.lang
        self.doc = Document()
        self.landscape = False
        self.tables = 0
        self.parts = 0  # the "Lampiran N" parts so far
        self.figures = 0
        self.headings: list[tuple[int, str]] = []  # for the table of contents
        self.deferred: list[bytes] = []  # the tables' XML (UTF-8), by placeholder number
        self.token = secrets.token_hex(8) + "-"  # placeholders no text of a project can match
        self._setup()

    # ---- words

    def t(self, key: str, **values: object) -> str:
        return LABELS[key][self.lang].format(**values)

    def v(self, kind: str, value: str) -> str:
        """A value (status, method, ...) in the document's language; unknown ones as they are."""
        return LABELS.get(f"{kind}.{value}", {}).get(self.lang, value)

    def month(self, period: str) -> str:
        """A period YYYY-MM as the document's language writes it (Oktober 2016)."""
        written = self.date(f"{period}-01")
        return written.split(" ", 1)[1] if self.lang == "id" else period

    def number(self, value: float) -> str:
        """A figure as the document's language writes it (0,37 in Indonesian)."""
        return decimal(value, self.lang)

    def date(self, value: str) -> str:
        """An ISO date as the document's language writes it; anything else as it is."""
        return written_date(value, self.lang) if _ISO_DATE.match(value or "") else value

    def text(self, texts: dict) -> str:
        return texts.get(self.lang) or texts.get("en") or next(iter(texts.values()), "")

    def indicator(self, book: Codebook, code_id: str) -> str:
        return self.text(book.code(code_id).label) or code_id

    def example(self, text: str) -> str:
        """A codebook example; the `(contradicts)` mark of a counter-example in the document's
        language."""
        marked = _COUNTER_EXAMPLE.match(text)
        return f"{self.t('example.contradicts')} {text[marked.end():]}" if marked else text

    def read(self, established: bool | None) -> str:
        """How a reading decides an indicator ("" without one)."""
        return "" if established is None else self.t(f"reading.{str(established).lower()}")

    def marked(self, text: str, established: bool | None, sep: str = "\n") -> str:
        """`text` (a status, an indicator) with the mark of its reading, if it has one."""
        return f"{text}{sep}{self.read(established)}" if established is not None else text

    def reading_note(self, book: Codebook, site: str, ind: Indicator) -> str:
        r = ind.reading
        assert r is not None
        by = ", ".join(x for x in (r.coder, written_date(r.created_at, self.lang)
                                   if r.created_at else "") if x)
        return self.t("reading_note", indicator=self.indicator(book, ind.code),
                      id=book.code(ind.code).local_id, site=site, read=self.read(r.established),
                      rationale=r.rationale, by=f" ({by})." if by else "")

    def sensitivity(self, v: Judgement) -> str:
        """A verdict's sensitivity in a table cell: robust, or what it rests on."""
        if v.robust:
            return self.t("sensitivity.robust")
        if v.pivotal_codings or v.pivotal_sources:
            return self.t("sensitivity.pivotal", codings=v.pivotal_codings,
                          sources=v.pivotal_sources)
        return self.t("none")

    # ---- setup

    def _setup(self) -> None:
        doc, report = self.doc, self.report
        section = doc.sections[0]
        self._geometry(section, landscape=False)
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12),
                           ("Heading 3", 11)):
            style = styles[name]
            rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
            style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            if style.element.pPr is not None:  # the template's blue rule under the title
                for border in style.element.pPr.findall(qn("w:pBdr")):
                    style.element.pPr.remove(border)
        caption = styles["Caption"]
        caption.font.name, caption.font.size = FONT, Pt(10)
        caption.font.color.rgb = RGBColor(0, 0, 0)
        caption.paragraph_format.keep_with_next = True
        caption.paragraph_format.space_before = Pt(6)
        cell = styles.add_style("Table Text", 1)
        cell.base_style = normal
        cell.font.size = Pt(9)
        cell.paragraph_format.space_after = Pt(0)
        rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        lang.set(qn("w:val"), "id-ID" if self.lang == "id" else "en-GB")
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer._p.append(parse_xml(
            f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        props = doc.core_properties
        props.title = _fit(self.title)
        props.subject = self.t("subject")
        props.author = props.last_modified_by = _fit(report.author)  # none unless set
        props.keywords = _fit(", ".join(report.sites))
        props.language = "id-ID" if self.lang == "id" else "en-GB"
        props.comments = "qualcode"
        props.created, props.modified, props.revision = report.created, report.modified, 1

    @property
    def title(self) -> str:
        return f"{self.t('appendix')}: {self.report.name}"

    def _geometry(self, section, landscape: bool) -> None:
        short, long_ = Cm(PAGE[0]), Cm(PAGE[1])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
        if landscape:  # the binding edge (left of the portrait page) becomes the top
            section.top_margin = Cm(MARGINS["left"])
            section.left_margin = section.right_margin = Cm(MARGINS["right"])
            section.bottom_margin = Cm(MARGINS["bottom"])
        else:
            section.left_margin, section.right_margin = Cm(MARGINS["left"]), Cm(MARGINS["right"])
            section.top_margin, section.bottom_margin = Cm(MARGINS["top"]), Cm(MARGINS["bottom"])

    # ---- building blocks

    def orient(self, landscape: bool) -> None:
        if landscape != self.landscape:
            self._geometry(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape)
            self.landscape = landscape

    def styled(self, text: str, style_id: str):
        """A paragraph in a style, set by id: python-docx's lookup by name scans every style
        for each paragraph."""
        p = self.doc.add_paragraph(text)
        p._p.style = style_id
        return p

    def heading(self, text: str, level: int, landscape: bool = False) -> None:
        """A heading; a part of the appendix (level 1) is numbered "Lampiran N"."""
        self.orient(landscape)
        if level == 1:
            self.parts += 1
            text = f"{self.t('appendix')} {self.parts}. {text}"
        self.styled(clean(text), f"Heading{level}")
        if level <= 2:
            self.headings.append((level, clean(text)))

    def package(self) -> bytes:
        """The .docx file: python-docx's package with each table placeholder of the body
        replaced by its table (the tables' own XML, declaring their namespace)."""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        out = io.BytesIO()
        opening = (_PLACEHOLDER_OPEN + self.token).encode()
        closing = _PLACEHOLDER_CLOSE.encode()
        with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(
                out, "w", zipfile.ZIP_DEFLATED) as written:
            for item in saved.infolist():
                data = saved.read(item.filename)
                if item.filename != "word/document.xml":
                    written.writestr(item, data)
                    continue
                item.compress_type = zipfile.ZIP_DEFLATED
                with written.open(item, "w") as handle:  # piece by piece: no second copy
                    first, *rest = data.split(opening)
                    handle.write(first)
                    for part in rest:
                        number, after = part.split(closing, 1)
                        handle.write(self.deferred[int(number)])
                        handle.write(after)
        return out.getvalue()

    def contents(self) -> None:
        """The table of contents: a TOC field (Word updates it on opening, with page numbers)
        whose text, until then, lists the parts and sections, so the document reads right
        in a viewer that does not update fields."""
        lines = self.headings or [(1, self.t("contents"))]
        paragraphs = []
        for n, (level, text) in enumerate(lines):
            start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                     'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if n == 0 else ""
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(lines) - 1 else ""
            indent = f'<w:ind w:left="{(level - 1) * 400}"/>'
            paragraphs.append(f'<w:p {W}><w:pPr>{indent}</w:pPr>{start}<w:r>'
                              f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>{end}</w:p>')
        for xml in reversed(paragraphs):
            self.toc.addnext(parse_xml(xml))
        self.toc.getparent().remove(self.toc)
        update = self.doc.settings.element.makeelement(qn("w:updateFields"), {qn("w:val"): "true"})
        self.doc.settings.element.append(update)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def para(self, text: str, italic: bool = False) -> None:
        self.doc.add_paragraph().add_run(clean(text)).italic = italic

    def table(self, caption: str, headers: list[str], rows: list, cm: list[float],
              size: float | None = None, tight: bool = False) -> None:
        self.tables += 1
        label = self.t("table")
        p = self.styled(f"{label} ", "Caption")
        p._p.append(parse_xml(
            f'<w:fldSimple {W} w:instr=" SEQ {label} \\* ARABIC ">'
            f"<w:r><w:t>{self.tables}</w:t></w:r></w:fldSimple>"))
        p.add_run(f". {clean(caption)}")
        width = LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH
        scale = width / sum(cm)
        if scale < 0.75:
            size = min(size or 9, 7)
        fitted = fit_words(headers, rows, [c * scale for c in cm], size or 9, tight)
        widths = [int(c * _TWIPS) for c in fitted]
        page = (PAGE[0] if self.landscape else PAGE[1]) - 2 * MARGINS["top"] - 2
        whole = len(rows) <= KEEP_WHOLE and fits_a_page(rows, fitted, size or 9, page)
        body = self.doc.element.body
        # The table is kept as text and put in place when the file is written: as a tree of
        # XML elements the tables of a large project took a gigabyte
        self.deferred.append(table_xml(headers, rows, widths, size, tight, whole).encode())
        body.sectPr.addprevious(parse_xml(
            f"<w:p {W}><w:r><w:t>{_PLACEHOLDER_OPEN.split('<w:t>')[1]}{self.token}"
            f"{len(self.deferred) - 1}</w:t></w:r></w:p>"))
        body.sectPr.addprevious(parse_xml(f"<w:p {W}/>"))

    @staticmethod
    def wide(cm: list[float]) -> bool:
        return sum(cm) > PORTRAIT_WIDTH + 0.01

    # ---- the parts

    def part_codebook(self) -> None:
        self.codebooks()

    def part_sites(self) -> None:
        for section in self.report.site_sections:
            self.site_header(section)
            for framework in _used(section):
                self.framework(section.site, framework)
            for theme in section.themes:
                self.themes(section.site, theme)
            self.triangulation(section)

    def part_comparison(self) -> None:
        self.comparison()

    def part_memos(self) -> None:
        self.memos()

    def part_figures(self) -> None:
        """Every figure of the report (qualcode.reports.figures), numbered "Gambar N"."""
        drawn = figures(self.report)
        if not drawn:
            return
        self.heading(self.t("figures_section"), 1)
        for figure in drawn:
            self.figure(figure)

    def figure(self, figure: Figure) -> None:
        """A figure's PNG centred at its own width (the text width at most), its caption
        "Gambar N. ..." below it, numbered by a SEQ field (Word's table of figures lists
        it)."""
        self.orient(figure.landscape)
        self.figures += 1
        width = min(figure.width_cm, LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH)
        picture = self.doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True  # never a page between it and its caption
        # python-docx's add_picture scans the whole document for a free shape id, for every
        # picture (31 s for 104 figures at 50,000 codings); the figures' own count serves
        r_id, image = self.doc.part.get_or_add_image(
            io.BytesIO(figure.render("png", EMBED_DPI)))
        cx, cy = image.scaled_dimensions(Cm(width), None)
        picture.add_run()._r.add_drawing(
            CT_Inline.new_pic_inline(self.figures, r_id, image.filename, cx, cy))
        label = self.t("figure")
        p = self.styled(f"{label} ", "Caption")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = False  # the Caption style keeps with what follows
        p._p.append(parse_xml(
            f'<w:fldSimple {W} w:instr=" SEQ {label} \\* ARABIC ">'
            f"<w:r><w:t>{self.figures}</w:t></w:r></w:fldSimple>"))
        p.add_run(f". {clean(figure.caption)}")

    def part_agreement(self) -> None:
        """Inter-coder agreement: per code and overall, with the 95% bootstrap intervals."""
        found = self.report.agreement
        if found is None:
            return
        self.heading(self.t("agreement_section"), 1)
        self.para(self.t("agreement_intro", coders=", ".join(found.coders),
                         sources=len(found.sources), unit=self.t(f"unit.{found.unit}")))
        books = {c.id: b for b in self.report.books for c in b.codes}

        def figure(value: float | None, ci: tuple[float, float] | None) -> str:
            if value is None:
                return self.t("none")
            shown = decimal(value, self.lang, 3)
            return f"{shown} [{decimal(ci[0], self.lang)}; {decimal(ci[1], self.lang)}]" \
                if ci else shown

        rows = [[self.indicator(books[r.code], r.code) if r.code else self.t("overall"),
                 str(r.units),
                 "—" if r.percent is None else decimal(r.percent, self.lang, 1) + "%",
                 figure(r.kappa, r.kappa_ci), figure(r.alpha, r.alpha_ci)]
                for r in found.rows]
        self.table(self.t("agreement_caption"),
                   [self.t("col.code"), self.t("col.units"), self.t("col.agreed"),
                    "κ [95% CI]", "α [95% CI]"], rows, [5.0, 1.5, 1.8, 2.9, 2.9], size=8.5)
        self.para(self.t("agreement_note"), italic=True)

    def part_transcripts(self) -> None:
        """The coded sources line by line, numbered as their files are, codes in the margin."""
        if not self.report.transcripts:
            return
        self.heading(self.t("transcripts_section"), 1)
        self.para(self.t("transcripts_note"))
        books = {c.id: b for b in self.report.books for c in b.codes}
        for t in self.report.transcripts:
            self.heading(f"{t.source} ({t.site}, {self.v('method', t.method)})", 2)
            rows = [[str(line.number), line.text,
                     "\n".join(f"{self.indicator(books[code], code)} "
                               f"{'+' if stance == 'supports' else '−'}"
                               for code, stance in line.codes)]
                    for line in t.lines if line.text.strip()]
            self.table(self.t("transcript_caption", source=t.source), [
                self.t("col.line"), self.t("col.text"), self.t("col.codes")],
                rows, [1.0, 9.0, 4.0], size=8.5)

    # ---- the parts, in order

    def front(self) -> None:
        """The title page (what, whose, when), the table of contents, then how to read it."""
        report = self.report
        for _ in range(6):
            self.doc.add_paragraph()
        title = self.styled(clean(self.t("appendix").upper()), "Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, size, bold in ((report.name, 16, True), (self.t("subject"), 12, False),
                                 (report.author, 12, False), (report.institution, 12, False),
                                 (self.date(report.modified.date().isoformat()), 12, False)):
            if text:
                p = self.doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(clean(text))
                run.font.size, run.bold = Pt(size), bold
        self.page_break()
        self.styled(self.t("contents"), "TOCHeading")
        self.toc = self.doc.add_paragraph()._p  # filled in by `contents` once all is written
        self.page_break()
        self.para(self.t("intro", name=report.name, sources=report.source_count,
                         codings=report.coding_count, sites=len(report.sites)))
        self.para(self.t("reading"))
        if report.anonymised:
            self.para(self.t("anonymised"), italic=True)

    def codebooks(self) -> None:
        self.heading(self.t("codebook_section"), 1)
        for book in self.report.books:
            name = self.text(book.name) or book.id
            self.heading(f"{name} ({book.id})", 2)
            self.para(self.t(f"kind.{book.kind}"), italic=True)
            if book.description:
                self.para(self.text(book.description))
            if book.source:
                self.para(self.t("reference", source=book.source))
            if book.is_framework:
                rows = [[f"{self.text(cat.name)}\n{cat.id}", self.text(cat.description),
                         "\n".join(self.indicator(book, c) for c in cat.defining),
                         "\n".join(self.indicator(book, c) for c in cat.excluding)
                         or self.t("none")] for cat in book.categories]
                self.table(self.t("categories_caption", name=name),
                           [self.t(f"col.{c}") for c in ("category", "description", "defining",
                                                         "excluding")],
                           rows, [3.0, 5.0, 3.5, 2.5])
            self.table(self.t("indicators_caption" if book.is_framework else "codes_caption",
                              name=name),
                       [self.t("col.code"), self.t("col.definition"), self.t("col.examples")],
                       self._code_rows(book), [3.5, 6.5, 4.0])

    def _code_rows(self, book: Codebook) -> list[list[str]]:
        depth: dict[str, int] = {}
        rows = []
        for code in book.codes:
            depth[code.id] = depth[code.parent] + 1 if code.parent in depth else 0
            indent = "– " * depth[code.id]
            parts = [self.text(code.definition)]
            if code.include:
                parts.append(self.t("include") + self.text(code.include))
            if code.exclude:
                parts.append(self.t("exclude") + self.text(code.exclude))
            examples = code.examples.get(self.lang) or code.examples.get("en") or []
            rows.append([f"{indent}{self.text(code.label)}\n{code.local_id}",
                         "\n".join(p for p in parts if p),
                         "\n".join(f"• {self.example(x)}" for x in examples)])
        return rows

    def site_header(self, section: SiteSection) -> None:
        site, anonymised = section.site, self.report.anonymised
        self.heading(self.t("site_section", site=site), 1)
        self.heading(self.t("people_heading"), 2)
        if section.people:
            if anonymised:
                headers = ["informant", "sector", "group"]
                rows = [[p.name, self.v("sector", p.sector), self.v("group", p.group)]
                        for p in section.people]
                cm = [3.0, 4.0, 4.0]
            else:
                headers = ["informant", "role", "organisation", "sector", "group"]
                rows = [[p.name, p.role, p.organisation, self.v("sector", p.sector),
                         self.v("group", p.group)] for p in section.people]
                cm = [2.0, 4.0, 4.5, 2.0, 1.8]
            self.table(self.t("informants_caption", site=site),
                       [self.t(f"col.{h}") for h in headers], rows, cm)
        who = [", ".join(s.informants) or self.t("none") for s in section.sources]
        if anonymised:
            headers = ["source", "method", "date", "informants"]
            rows = [[s.name, self.v("method", s.method), self.date(s.date), w]
                    for s, w in zip(section.sources, who, strict=True)]
            cm = [2.5, 3.0, 3.0, 4.0]
        else:
            headers = ["source", "title", "method", "date", "informants"]
            rows = [[s.name, s.title, self.v("method", s.method), self.date(s.date), w]
                    for s, w in zip(section.sources, who, strict=True)]
            cm = [3.5, 5.0, 1.8, 2.0, 2.2]
        self.table(self.t("sources_caption", site=site), [self.t(f"col.{h}") for h in headers],
                   rows, cm)
        used = _used(section)
        if not used:
            return
        self.heading(self.t("summary_heading"), 2)
        rows = []
        for f in used:
            v, book = f.judgement, f.book
            read = _read(f)

            def listed(codes: tuple[str, ...], book=book, read=read) -> str:
                return "\n".join(self.marked(self.indicator(book, c), read.get(c), " — ")
                                  for c in codes) or self.t("none")

            rows.append([self.text(book.name) or book.id, self.verdict_name(book, v),
                         self.number(v.confidence), listed(v.established), listed(v.blocking),
                         self.sensitivity(v)])
        self.table(self.t("summary_caption", site=site),
                   [self.t(f"col.{c}") for c in ("framework", "verdict", "confidence",
                                                 "established", "blocking", "sensitivity")],
                   rows, [2.9, 2.4, 1.7, 2.6, 2.6, 1.8])
        self.para(self.t("summary_note"), italic=True)
        unused = [self.text(f.book.name) or f.book.id for f in section.frameworks
                  if f not in used]
        if unused:
            self.para(self.t("not_coded", names="; ".join(unused)))

    def category(self, book: Codebook, cat_id: str | None) -> str:
        if cat_id is None:
            return self.t("none")
        return next((self.text(c.name) for c in book.categories if c.id == cat_id), cat_id)

    def verdict_name(self, book: Codebook, v: Judgement) -> str:
        if v.status == "tied":
            a, b = (self.category(book, c) for c in v.tied)
            return self.t("tied", a=a, b=b)
        if v.verdict is None:
            return self.t("undecided", status=self.v("verdict", v.status))
        return self.category(book, v.verdict)

    def framework(self, site: str, section: FrameworkSection) -> None:
        book, v = section.book, section.judgement
        name = self.text(book.name) or book.id
        self.heading(name, 2)
        self.para(self.t("verdict_line", verdict=self.verdict_name(book, v),
                         confidence=self.number(v.confidence),
                         runner=self.category(book, v.runner_up)))
        if v.sensitivity:
            self.para(self.t("sensitivity_line", text=v.sensitivity))
        self.para(v.explanation)
        read = _read(section)
        if section.has_evidence:
            self.evidence(site, section, read)
        for ind in section.indicators:  # under the tables: what each reading rests on
            if ind.reading is not None:
                self.para(self.reading_note(book, site, ind))

    def evidence(self, site: str, section: FrameworkSection, read: dict[str, bool]) -> None:
        """The triangulation matrices and coded excerpts of a framework at a site."""
        book = section.book
        name = self.text(book.name) or book.id
        for by, kind in (("method", "method_matrix"), ("informant", "informant_matrix"),
                         ("time", "time_matrix")):
            m = section.matrices[by]
            if by == "time" and len(m.columns) < 2:
                continue  # one period: nothing to triangulate over time
            if by == "method":
                columns = [self.v("method", c.key) for c in m.columns]
            elif by == "time":
                columns = [self.t("undated") if c.key == UNDATED else self.month(c.key)
                           for c in m.columns]
            else:
                columns = [self.t("documents") if c.documents else c.name for c in m.columns]
            cells = [2.0 if c.documents else MATRIX_CELL for c in m.columns]
            side = MATRIX_SIDE[0] + sum(MATRIX_SIDE[1:])
            compact = side + sum(cells) > LANDSCAPE_WIDTH
            if compact:  # many informants: only their columns narrow, in a tighter layout
                cells = [c * (LANDSCAPE_WIDTH - side) / sum(cells) for c in cells]
            cm = [MATRIX_SIDE[0], *cells, *MATRIX_SIDE[1:]]
            self.heading(self.t(kind), 3, landscape=self.wide(cm))
            self.table(self.t("matrix_caption", kind=self.t(kind), name=name, site=site),
                       [self.t("col.indicator"), *columns, self.t("col.status"),
                        self.t("col.convergence")],
                       [[self.indicator(book, r.code),
                         *[c.text.replace(" / ", "/") if compact else c.text for c in r.cells],
                         self.marked(self.v("status", r.status), read.get(r.code)),
                         self.v("convergence", r.convergence)]
                        for r in m.rows], cm, size=7 if compact else 7.5, tight=True)
        self.heading(self.t("excerpts_heading"), 3)
        rows: list = []
        for ev in section.indicators:
            if ev.supports or ev.contradicts:
                rows.append(Span(self.marked(self.t(
                    "group_row", label=self.indicator(book, ev.code), id=book.code(ev.code)
                    .local_id, status=self.v("status", ev.status), s=ev.supports,
                    c=ev.contradicts), read.get(ev.code), "; ")))
                rows += self.excerpt_rows(ev.excerpts)
        self.excerpt_table(self.t("excerpts_caption", name=name, site=site), rows)

    def excerpt_rows(self, excerpts: tuple[Excerpt, ...]) -> list[list[str]]:
        rows = []
        for x in excerpts:
            position = self.t("line", line=x.line) + (f"\n{x.timestamp}" if x.timestamp else "")
            rows.append([x.quote, ", ".join(x.informants) or self.t("none"),
                         self.v("method", x.method), x.source, position,
                         "+" if x.stance == "supports" else "−"])
        return rows

    def excerpt_table(self, caption: str, rows: list) -> None:
        self.table(caption, [self.t("col.quote"), self.t("col.informant"), self.t("col.method"),
                             self.t("col.source"), self.t("col.position"), "±"],
                   rows, [5.2, 1.9, 2.1, 2.2, 1.8, 0.8], size=8.5)

    def themes(self, site: str, theme: ThemeSection) -> None:
        book = theme.book
        name = self.text(book.name) or book.id
        self.heading(self.t("themes_heading", name=name), 2)
        rows: list = []
        for ev in theme.codes:
            rows.append(Span(self.t("theme_row", label=self.indicator(book, ev.code),
                                     id=book.code(ev.code).local_id,
                                     n=ev.supports + ev.contradicts)))
            rows += self.excerpt_rows(ev.excerpts)
        self.excerpt_table(self.t("excerpts_caption", name=name, site=site), rows)

    def triangulation(self, section: SiteSection) -> None:
        site, frameworks = section.site, _used(section)
        if section.theory is not None and len(frameworks) > 1:
            self.heading(self.t("theory_heading"), 2)
            self.table(self.t("theory_caption", site=site),
                       [self.t("col.framework"), self.t("col.verdict"), self.t("col.status"),
                        self.t("col.confidence")],
                       [[self.text(f.book.name), self.category(f.book, f.judgement.verdict),
                         self.v("verdict", f.judgement.status),
                         self.number(f.judgement.confidence)] for f in frameworks],
                       [5.0, 4.0, 3.0, 2.0])
            if section.theory:
                code_book = {c.id: f.book for f in section.frameworks for c in f.book.codes}
                read = {code: r for f in section.frameworks for code, r in _read(f).items()}
                self.table(self.t("crosswalk_caption", site=site),
                           [self.t("col.concept"), self.t("col.indicator"),
                            self.t("col.convergence")],
                           [[c.concept, "\n".join(
                               f"{self.indicator(code_book[i], i)} ({i}): "
                               + self.marked(self.v("status", status), read.get(i), ", ")
                               for i, status in c.indicators),
                             self.v("convergence", c.convergence)]
                            for c in section.theory], [3.5, 8.0, 2.5])
            else:
                self.para(self.t("no_crosswalk"))
        coders = list(section.investigators)
        if coders:
            self.heading(self.t("investigator_heading"), 2,
                         landscape=self.wide([4.0, *[2.6] * len(coders)]))
            self.table(self.t("investigator_caption", site=site),
                       [self.t("col.framework"), *coders],
                       [[self.text(f.book.name) or f.book.id,
                         *[self._coder_verdict(f.book, section.investigators[c][f.book.id])
                           for c in coders]]
                        for f in frameworks], [4.0, *[2.6] * len(coders)])

    def _coder_verdict(self, book: Codebook, v: Judgement) -> str:
        if v.verdict is None:
            return self.v("verdict", v.status)
        return f"{self.category(book, v.verdict)} ({self.number(v.confidence)})"

    def comparison(self) -> None:
        report, result = self.report, self.report.comparison
        if len(report.sites) < 2 or result is None:
            return
        chunks = [report.sites[i:i + SITES_PER_TABLE]
                  for i in range(0, len(report.sites), SITES_PER_TABLE)]
        widest = len(chunks[0])
        cm = [4.0, *[2.6] * widest, 0.7]
        self.heading(self.t("comparison_section"), 1, landscape=self.wide(cm))
        self.para(self.t("differs_note"))
        for part, sites in enumerate(chunks, start=1):
            self.table(self.t("comparison_caption") + _part(part, len(chunks)),
                       [self.t("col.framework"), *sites, "≠"],
                       [[self.text(b.name) or b.id,
                         *[self.verdict_name(b, result.verdicts[s, b.id]) for s in sites],
                         "≠" if result.verdicts_differ[b.id] else ""]
                        for b in report.frameworks], [4.0, *[2.6] * len(sites), 0.7])
        cm = [4.5, *[2.2] * widest, 0.7]
        for book in report.frameworks:
            name = self.text(book.name) or book.id
            self.heading(name, 2, landscape=self.wide(cm))
            for part, sites in enumerate(chunks, start=1):
                self.table(self.t("comparison_indicators", name=name) + _part(part, len(chunks)),
                           [self.t("col.indicator"), *sites, "≠"],
                           [[self.indicator(book, c.id),
                             *[self.marked(self.v("status", result.statuses[c.id][s]),
                                           result.readings.get(c.id, {}).get(s))
                               for s in sites],
                             "≠" if result.differs[c.id] else ""] for c in book.codes],
                           [4.5, *[2.2] * len(sites), 0.7], size=8)

    def memos(self) -> None:
        if not self.report.memos:  # no empty section closing the document
            return
        self.heading(self.t("memos_section"), 1)
        rows = [[f"{self.v('target', m.about)}: {m.target}".rstrip(": "), m.author,
                 self.date(m.date),
                 m.text] for m in self.report.memos]
        self.table(self.t("memos_caption"),
                   [self.t(f"col.{c}") for c in ("target", "author", "date", "memo")],
                   rows, [3.0, 2.0, 2.0, 7.0])
