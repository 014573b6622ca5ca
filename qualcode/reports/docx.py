"""The Word appendix (lampiran) of a project: codebook, verdicts, triangulation matrices, coded
excerpts, theory and investigator triangulation, cross-site comparison and memos, in English or
Indonesian.

The document has real Word structure so a thesis can take it as it is: Heading 1-3 styles,
captions numbered by a SEQ field (Word's "Insert Table of Figures" lists them), the "Table
Grid" table style with a repeated header row, a PAGE field in the footer, A4 pages with
landscape sections for wide tables, and core properties from the project's settings. Every
figure comes from the core (evidence, verdicts, matrices, compare); this module only lays it
out. Tables are written as WordprocessingML directly: the python-docx cell API is too slow for
the tens of thousands of excerpt rows of a large project.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qualcode.analysis.compare import compare
from qualcode.analysis.evidence import Evidence, IndicatorEvidence
from qualcode.analysis.matrices import NO_TURNS, matrix, theory_matrix
from qualcode.analysis.verdicts import STATUS_ID, Verdict, judge
from qualcode.model import Codebook
from qualcode.reports.scope import Scope, check_output, clean, established
from qualcode.textfile import write_atomic

# ---------------------------------------------------------------------- labels

LABELS: dict[str, dict[str, str]] = {
    "appendix": {"en": "Appendix", "id": "Lampiran"},
    "subject": {"en": "Qualitative data appendix", "id": "Lampiran data kualitatif"},
    "table": {"en": "Table", "id": "Tabel"},
    "intro": {
        "en": "Prepared with qualcode from the project “{name}”: {sources} sources and "
              "{codings} codings at {sites} case site(s).",
        "id": "Disusun dengan qualcode dari proyek “{name}”: {sources} sumber data dan "
              "{codings} pengodean di {sites} lokasi penelitian."},
    "reading": {
        "en": "How to read the tables. In a triangulation matrix, “+n / −m” counts n pieces of "
              "evidence for the indicator and m against it; overlapping codings of one passage "
              "count once, and what the researcher says is not evidence. In the excerpt "
              "tables, + marks a passage that supports the indicator and − one that "
              "contradicts it; the position is the line in the transcript and, where given, "
              "its timestamp.",
        "id": "Cara membaca tabel. Dalam matriks triangulasi, “+n / −m” menghitung n bukti yang "
              "mendukung indikator dan m bukti yang membantahnya; pengodean yang tumpang tindih "
              "pada satu bagian teks dihitung sekali, dan ucapan peneliti tidak dihitung sebagai "
              "bukti. Dalam tabel kutipan, + menandai kutipan yang mendukung indikator dan − "
              "kutipan yang membantahnya; posisi adalah baris dalam transkrip dan, bila ada, "
              "penanda waktunya."},
    "anonymised": {
        "en": "Identities are masked. Informants are coded I1, I2, … (numbered across the "
              "whole project, so a code means the same informant in every export) and shown "
              "with their sector and informant group only; sources are coded S1, S2, … in the "
              "order they were imported. Roles, organisations and source titles are left out. "
              "In quotes the speaker label that opens a turn is replaced by the code and the "
              "rest is reproduced as transcribed; in memos, informant labels are replaced by "
              "their codes.",
        "id": "Identitas disamarkan. Informan diberi kode I1, I2, … (bernomor urut di seluruh "
              "proyek, sehingga satu kode menunjuk informan yang sama di setiap ekspor) dan "
              "hanya ditampilkan dengan sektor dan kelompok informannya; sumber data diberi "
              "kode S1, S2, … menurut urutan impor. Jabatan, organisasi dan judul sumber tidak "
              "ditampilkan. Dalam kutipan, label penutur di awal giliran bicara diganti dengan "
              "kodenya dan selebihnya ditampilkan sebagaimana ditranskripsikan; dalam memo, "
              "label informan diganti dengan kodenya."},
    "codebook_section": {"en": "Codebook", "id": "Buku Kode"},
    "kind.nominal": {"en": "Nominal framework", "id": "Kerangka nominal"},
    "kind.ordinal": {"en": "Ordinal framework (levels from low to high)",
                     "id": "Kerangka ordinal (tingkatan dari rendah ke tinggi)"},
    "kind.thematic": {"en": "Thematic codebook", "id": "Buku kode tematik"},
    "reference": {"en": "Source: {source}", "id": "Rujukan: {source}"},
    "categories_caption": {"en": "Categories of {name}", "id": "Kategori {name}"},
    "indicators_caption": {"en": "Indicators of {name}", "id": "Indikator {name}"},
    "codes_caption": {"en": "Codes of {name}", "id": "Kode {name}"},
    "include": {"en": "Include: ", "id": "Termasuk: "},
    "exclude": {"en": "Exclude: ", "id": "Tidak termasuk: "},
    "site_section": {"en": "Case site: {site}", "id": "Lokasi penelitian: {site}"},
    "people_heading": {"en": "Informants and sources", "id": "Informan dan sumber data"},
    "informants_caption": {"en": "Informants at {site}", "id": "Informan di {site}"},
    "sources_caption": {"en": "Sources at {site}", "id": "Sumber data di {site}"},
    "summary_heading": {"en": "Verdict summary", "id": "Ringkasan putusan"},
    "summary_caption": {"en": "Partnership verdicts at {site}",
                        "id": "Putusan tipe kemitraan di {site}"},
    "summary_note": {
        "en": "Established: for a verdict, the established defining indicators of its "
              "category; otherwise every established indicator. Blocking: the indicators that "
              "keep the site from the next level up (ordinal) or from the runner-up (nominal).",
        "id": "Terbukti: untuk putusan yang ditetapkan, indikator penentu kategorinya yang "
              "terbukti; selain itu semua indikator yang terbukti. Penghambat: indikator yang "
              "menahan lokasi dari tingkatan berikutnya (ordinal) atau dari kandidat berikutnya "
              "(nominal)."},
    "verdict_line": {"en": "Verdict: {verdict}. Confidence {confidence}; runner-up: {runner}.",
                     "id": "Putusan: {verdict}. Keyakinan {confidence}; kandidat berikutnya: "
                           "{runner}."},
    "undecided": {"en": "not decided ({status})", "id": "belum ditetapkan ({status})"},
    "tied": {"en": "tied between {a} and {b}", "id": "seimbang antara {a} dan {b}"},
    "method_matrix": {"en": "Method triangulation matrix", "id": "Matriks triangulasi metode"},
    "informant_matrix": {"en": "Source triangulation matrix (informants)",
                         "id": "Matriks triangulasi sumber (informan)"},
    "matrix_caption": {"en": "{kind}: {name}, {site}", "id": "{kind}: {name}, {site}"},
    "excerpts_heading": {"en": "Coded excerpts by indicator",
                         "id": "Kutipan terkode per indikator"},
    "excerpts_caption": {"en": "Coded excerpts: {name}, {site}",
                         "id": "Kutipan terkode: {name}, {site}"},
    "themes_heading": {"en": "Coded excerpts: {name}", "id": "Kutipan terkode: {name}"},
    "group_row": {"en": "{label} ({id}) — {status}: {s} for, {c} against",
                  "id": "{label} ({id}) — {status}: {s} mendukung, {c} membantah"},
    "theme_row": {"en": "{label} ({id}) — {n} excerpt(s)", "id": "{label} ({id}) — {n} kutipan"},
    "line": {"en": "l. {line}", "id": "baris {line}"},
    "documents": {"en": "(documents and notes)", "id": "(dokumen dan catatan)"},
    "theory_heading": {"en": "Theory triangulation", "id": "Triangulasi teori"},
    "theory_caption": {"en": "Verdicts by framework at {site}",
                       "id": "Putusan menurut kerangka teori di {site}"},
    "crosswalk_caption": {"en": "Indicators shared by frameworks at {site}",
                          "id": "Indikator yang sama antarkerangka di {site}"},
    "no_crosswalk": {"en": "No indicator is shared by two of the chosen frameworks.",
                     "id": "Tidak ada indikator yang dimiliki bersama oleh dua kerangka yang "
                           "dipilih."},
    "investigator_heading": {"en": "Investigator triangulation", "id": "Triangulasi peneliti"},
    "investigator_caption": {"en": "Verdicts by coder at {site} (each coder's codings alone)",
                             "id": "Putusan menurut pengode di {site} (pengodean tiap pengode "
                                   "saja)"},
    "comparison_section": {"en": "Cross-site comparison", "id": "Perbandingan antarlokasi"},
    "comparison_caption": {"en": "Verdicts across sites", "id": "Putusan antarlokasi"},
    "comparison_indicators": {"en": "Indicator status across sites: {name}",
                              "id": "Status indikator antarlokasi: {name}"},
    "differs_note": {"en": "≠ marks a difference between the sites.",
                     "id": "≠ menandai perbedaan antarlokasi."},
    "memos_section": {"en": "Memos", "id": "Memo"},
    "memos_caption": {"en": "Memos", "id": "Memo"},
    "no_memos": {"en": "The project has no memos for this selection.",
                 "id": "Proyek ini tidak memiliki memo untuk pilihan ini."},
    "none": {"en": "—", "id": "—"},
    # column headers
    "col.category": {"en": "Category", "id": "Kategori"},
    "col.description": {"en": "Description", "id": "Deskripsi"},
    "col.defining": {"en": "Defining indicators", "id": "Indikator penentu"},
    "col.excluding": {"en": "Excluding indicators", "id": "Indikator pengecuali"},
    "col.code": {"en": "Code", "id": "Kode"},
    "col.definition": {"en": "Definition and criteria", "id": "Definisi dan kriteria"},
    "col.examples": {"en": "Examples", "id": "Contoh"},
    "col.informant": {"en": "Informant", "id": "Informan"},
    "col.role": {"en": "Role", "id": "Jabatan"},
    "col.organisation": {"en": "Organisation", "id": "Organisasi"},
    "col.sector": {"en": "Sector", "id": "Sektor"},
    "col.group": {"en": "Group", "id": "Kelompok"},
    "col.source": {"en": "Source", "id": "Sumber"},
    "col.title": {"en": "Title", "id": "Judul"},
    "col.method": {"en": "Method", "id": "Metode"},
    "col.date": {"en": "Date", "id": "Tanggal"},
    "col.informants": {"en": "Informants", "id": "Informan"},
    "col.framework": {"en": "Framework", "id": "Kerangka"},
    "col.verdict": {"en": "Verdict", "id": "Putusan"},
    "col.confidence": {"en": "Confidence", "id": "Keyakinan"},
    "col.established": {"en": "Established", "id": "Terbukti"},
    "col.blocking": {"en": "Blocking", "id": "Penghambat"},
    "col.indicator": {"en": "Indicator", "id": "Indikator"},
    "col.status": {"en": "Status", "id": "Status"},
    "col.convergence": {"en": "Convergence", "id": "Konvergensi"},
    "col.quote": {"en": "Quote", "id": "Kutipan"},
    "col.position": {"en": "Position", "id": "Posisi"},
    "col.concept": {"en": "Concept", "id": "Konsep"},
    "col.target": {"en": "About", "id": "Tentang"},
    "col.author": {"en": "Author", "id": "Penulis"},
    "col.memo": {"en": "Memo", "id": "Memo"},
    # values
    **{f"status.{k}": {"en": k, "id": v} for k, v in STATUS_ID.items()},
    "verdict.decided": {"en": "decided", "id": "ditetapkan"},
    "verdict.insufficient-evidence": {"en": "insufficient evidence", "id": "bukti belum cukup"},
    "verdict.tied": {"en": "tied", "id": "seimbang"},
    "method.interview": {"en": "interview", "id": "wawancara"},
    "method.fgd": {"en": "FGD", "id": "FGD"},
    "method.observation": {"en": "observation", "id": "observasi"},
    "method.document": {"en": "document", "id": "dokumen"},
    "convergence.agreement": {"en": "agreement", "id": "sepakat"},
    "convergence.partial agreement": {"en": "partial agreement", "id": "sepakat sebagian"},
    "convergence.silence": {"en": "one column only", "id": "hanya satu pihak"},
    "convergence.dissonance": {"en": "dissonance", "id": "disonansi"},
    "convergence.none": {"en": "no evidence", "id": "tanpa bukti"},
    "sector.health": {"en": "health", "id": "kesehatan"},
    "sector.non-health": {"en": "non-health", "id": "nonkesehatan"},
    "sector.community": {"en": "community", "id": "masyarakat"},
    "group.key": {"en": "key", "id": "kunci"},
    "group.main": {"en": "main", "id": "utama"},
    "group.supporting": {"en": "supporting", "id": "pendukung"},
    "group.triangulation": {"en": "triangulation", "id": "triangulasi"},
    "target.project": {"en": "project", "id": "proyek"},
    "target.site": {"en": "site", "id": "lokasi"},
    "target.source": {"en": "source", "id": "sumber"},
    "target.code": {"en": "code", "id": "kode"},
}

# ---------------------------------------------------------------------- page geometry (cm)

PAGE = (21.0, 29.7)  # A4
MARGINS = {"left": 4.0, "right": 3.0, "top": 3.0, "bottom": 3.0}  # binding edge on the left
PORTRAIT_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]
LANDSCAPE_WIDTH = PAGE[1] - 2 * MARGINS["right"]
MATRIX_SIDE = (3.8, 1.9, 2.0)  # indicator, status and convergence columns of a matrix
MATRIX_CELL = 1.55  # a method or informant column: four methods fit a portrait page
SITES_PER_TABLE = 8  # a cross-site table with more sites is split into parts
FONT = "Times New Roman"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TWIPS = 567  # per cm


def write_appendix(scope: Scope, path: Path, lang: str = "en",
                   progress: Callable[[int, int], None] | None = None) -> None:
    """Write the appendix of `scope` to `path` (atomically); `progress(done, total)` is called
    after every part."""
    check_output(path)
    writer = _Writer(scope, lang)
    steps = writer.steps()
    total = len(steps) + 1
    for done, step in enumerate(steps, start=1):
        step()
        if progress:
            progress(done, total)
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    write_atomic(path, buffer.getvalue())
    if progress:
        progress(total, total)


# ---------------------------------------------------------------------- tables as XML

def _part(part: int, parts: int) -> str:
    return f" ({part}/{parts})" if parts > 1 else ""


class _Span(str):
    """A row of one cell across the whole table (a group heading)."""


def _runs(text: str, bold: bool = False, size: float | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{int(size * 2)}"/>' if size else "")
    lines = clean(text).split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{inner}</w:r>"


def _cell(text: str, width: int, bold: bool = False, size: float | None = None,
          fill: str | None = None, span: int = 1) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return (f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>'
            f"{_runs(text, bold, size)}</w:p></w:tc>")


def _table_xml(headers: list[str], rows: list, widths: list[int], size: float | None,
               tight: bool = False) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, w, bold=True, size=size, fill="D9D9D9")
                   for h, w in zip(headers, widths, strict=True))
    body = []
    for row in rows:
        if isinstance(row, _Span):
            body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                        f"{_cell(row, sum(widths), True, size, 'F2F2F2', len(widths))}</w:tr>")
        else:
            body.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
                _cell(str(c), w, size=size) for c, w in zip(row, widths, strict=True))
                + "</w:tr>")
    margins = ('<w:tblCellMar><w:left w:w="30" w:type="dxa"/><w:right w:w="30" w:type="dxa"/>'
               "</w:tblCellMar>" if tight else "")
    return (f"<w:tbl {_W}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{margins}'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
            f"{''.join(body)}</w:tbl>")


# ---------------------------------------------------------------------- the document

class _Writer:
    def __init__(self, scope: Scope, lang: str) -> None:
        self.scope = scope
        self.lang = lang
        self.doc = Document()
        self.landscape = False
        self.tables = 0
        self.verdicts: dict[tuple[str, str], Verdict] = {}
        self._order = {name: i for i, name in enumerate(scope.base.sources)}
        self._setup()

    # ---- words

    def t(self, key: str, **values: object) -> str:
        return LABELS[key][self.lang].format(**values)

    def v(self, kind: str, value: str) -> str:
        """A value (status, method, ...) in the document's language; unknown ones as they are."""
        return LABELS.get(f"{kind}.{value}", {}).get(self.lang, value)

    def text(self, texts: dict) -> str:
        return texts.get(self.lang) or texts.get("en") or next(iter(texts.values()), "")

    def indicator(self, book: Codebook, code_id: str) -> str:
        return self.text(book.code(code_id).label) or code_id

    # ---- setup

    def _setup(self) -> None:
        doc, scope = self.doc, self.scope
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
            f'<w:fldSimple {_W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        settings = scope.project.settings
        created, modified = scope.dates()
        props = doc.core_properties
        props.title = self.title
        props.subject = self.t("subject")
        props.author = props.last_modified_by = settings.author
        props.keywords = ", ".join(scope.sites)
        props.language = "id-ID" if self.lang == "id" else "en-GB"
        props.comments = "qualcode"
        props.created, props.modified, props.revision = created, modified, 1

    @property
    def title(self) -> str:
        return f"{self.t('appendix')}: {self.scope.project.settings.name}"

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
        self.orient(landscape)
        self.styled(clean(text), f"Heading{level}")

    def para(self, text: str, italic: bool = False) -> None:
        self.doc.add_paragraph().add_run(clean(text)).italic = italic

    def table(self, caption: str, headers: list[str], rows: list, cm: list[float],
              size: float | None = None, tight: bool = False) -> None:
        self.tables += 1
        label = self.t("table")
        p = self.styled(f"{label} ", "Caption")
        p._p.append(parse_xml(
            f'<w:fldSimple {_W} w:instr=" SEQ {label} \\* ARABIC ">'
            f"<w:r><w:t>{self.tables}</w:t></w:r></w:fldSimple>"))
        p.add_run(f". {clean(caption)}")
        width = LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH
        scale = width / sum(cm)
        if scale < 0.75:
            size = min(size or 9, 7)
        widths = [int(c * scale * _TWIPS) for c in cm]
        body = self.doc.element.body
        body.sectPr.addprevious(parse_xml(_table_xml(headers, rows, widths, size, tight)))
        body.sectPr.addprevious(parse_xml(f"<w:p {_W}/>"))

    @staticmethod
    def wide(cm: list[float]) -> bool:
        return sum(cm) > PORTRAIT_WIDTH + 0.01

    # ---- the parts, in order

    def steps(self) -> list[Callable[[], None]]:
        scope = self.scope
        steps: list[Callable[[], None]] = [self.front, self.codebooks]
        for site in scope.sites:
            steps.append(lambda site=site: self.site_header(site))
            steps += [lambda site=site, book=book: self.framework(site, book)
                      for book in scope.frameworks]
            steps += [lambda site=site, book=book: self.themes(site, book)
                      for book in scope.thematic]
            steps.append(lambda site=site: self.triangulation(site))
        steps += [self.comparison, self.memos]
        return steps

    def front(self) -> None:
        scope = self.scope
        self.styled(clean(self.title), "Title")
        sources = [s for site in scope.sites for s in scope.sources(site)]
        codings = sum(s.codings for s in sources)
        self.para(self.t("intro", name=scope.project.settings.name, sources=len(sources),
                         codings=codings, sites=len(scope.sites)))
        self.para(self.t("reading"))
        if scope.names.anonymise:
            self.para(self.t("anonymised"), italic=True)

    def codebooks(self) -> None:
        self.heading(self.t("codebook_section"), 1)
        for book in self.scope.books:
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
                         "\n".join(f"• {x}" for x in examples)])
        return rows

    def site_header(self, site: str) -> None:
        scope, names = self.scope, self.scope.names
        self.heading(self.t("site_section", site=site), 1)
        self.heading(self.t("people_heading"), 2)
        people = names.people(site)
        if people:
            if names.anonymise:
                headers = ["informant", "sector", "group"]
                rows = [[shown, self.v("sector", i.sector), self.v("group", i.group)]
                        for shown, i in people]
                cm = [3.0, 4.0, 4.0]
            else:
                headers = ["informant", "role", "organisation", "sector", "group"]
                rows = [[shown, i.role, i.organisation, self.v("sector", i.sector),
                         self.v("group", i.group)] for shown, i in people]
                cm = [2.0, 4.0, 4.5, 2.0, 1.8]
            self.table(self.t("informants_caption", site=site),
                       [self.t(f"col.{h}") for h in headers], rows, cm)
        sources = scope.sources(site)
        who = {s.name: ", ".join(names.informant(site, x) for x in s.informants)
               or self.t("none") for s in sources}
        if names.anonymise:
            headers = ["source", "method", "date", "informants"]
            rows = [[names.source(s.name), self.v("method", s.method), s.date, who[s.name]]
                    for s in sources]
            cm = [2.5, 3.0, 3.0, 4.0]
        else:
            headers = ["source", "title", "method", "date", "informants"]
            rows = [[s.name, s.title, self.v("method", s.method), s.date, who[s.name]]
                    for s in sources]
            cm = [3.5, 5.0, 1.8, 2.0, 2.2]
        self.table(self.t("sources_caption", site=site), [self.t(f"col.{h}") for h in headers],
                   rows, cm)
        if not scope.frameworks:
            return
        self.heading(self.t("summary_heading"), 2)
        rows = []
        for book in scope.frameworks:
            v = self.verdicts[site, book.id] = judge(scope.base, site, book)
            rows.append([self.text(book.name) or book.id, self.verdict_name(v),
                         f"{v.confidence:.2f}",
                         "\n".join(self.indicator(book, e.code) for e in established(v))
                         or self.t("none"),
                         "\n".join(self.indicator(book, e.code) for e in v.blocking)
                         or self.t("none")])
        self.table(self.t("summary_caption", site=site),
                   [self.t(f"col.{c}") for c in ("framework", "verdict", "confidence",
                                                 "established", "blocking")],
                   rows, [3.3, 2.8, 2.1, 2.9, 2.9])
        self.para(self.t("summary_note"), italic=True)

    def category(self, book: Codebook, cat_id: str | None) -> str:
        if cat_id is None:
            return self.t("none")
        return next((self.text(c.name) for c in book.categories if c.id == cat_id), cat_id)

    def verdict_name(self, v: Verdict) -> str:
        if v.status == "tied":
            a, b = (self.category(v.framework, c) for c in v.tied)
            return self.t("tied", a=a, b=b)
        if v.verdict is None:
            return self.t("undecided", status=self.v("verdict", v.status))
        return self.category(v.framework, v.verdict)

    def framework(self, site: str, book: Codebook) -> None:
        scope = self.scope
        v = self.verdicts[site, book.id]
        name = self.text(book.name) or book.id
        self.heading(name, 2)
        self.para(self.t("verdict_line", verdict=self.verdict_name(v),
                         confidence=f"{v.confidence:.2f}",
                         runner=self.category(book, v.runner_up)))
        self.para(v.explanation[self.lang])
        if not any(e.supports or e.contradicts for e in v.indicators):
            return
        for by, kind in (("method", "method_matrix"), ("informant", "informant_matrix")):
            m = matrix(scope.base, site, book, by)
            if by == "method":
                columns = [self.v("method", c.key) for c in m.columns]
            else:
                columns = [self.t("documents") if c.key == NO_TURNS
                           else scope.names.informant(site, c.key) for c in m.columns]
            cells = [2.0 if c.key == NO_TURNS else MATRIX_CELL for c in m.columns]
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
                         self.v("status", r.status), self.v("convergence", r.convergence)]
                        for r in m.rows], cm, size=7 if compact else 7.5, tight=True)
        self.heading(self.t("excerpts_heading"), 3)
        rows: list = []
        for ev in v.indicators:
            if ev.supports or ev.contradicts:
                rows.append(_Span(self.t(
                    "group_row", label=self.indicator(book, ev.code), id=book.code(ev.code)
                    .local_id, status=self.v("status", ev.status), s=len(ev.supports),
                    c=len(ev.contradicts))))
                rows += self.excerpt_rows(ev.supports + ev.contradicts)
        self.excerpt_table(self.t("excerpts_caption", name=name, site=site), rows)

    def excerpt_rows(self, evidence: list[Evidence]) -> list[list[str]]:
        rows = []
        for e in sorted(evidence, key=lambda e: (e.stance != "supports",
                                                 self._order[e.source], e.start, e.end)):
            x = self.scope.excerpt(e)
            position = self.t("line", line=x.line) + (f"\n{x.timestamp}" if x.timestamp else "")
            rows.append([x.quote, ", ".join(x.informants) or self.t("none"),
                         self.v("method", x.method), x.source, position,
                         "+" if x.stance == "supports" else "−"])
        return rows

    def excerpt_table(self, caption: str, rows: list) -> None:
        self.table(caption, [self.t("col.quote"), self.t("col.informant"), self.t("col.method"),
                             self.t("col.source"), self.t("col.position"), "±"],
                   rows, [5.2, 1.9, 2.1, 2.2, 1.8, 0.8], size=8.5)

    def themes(self, site: str, book: Codebook) -> None:
        evidence: list[tuple[str, IndicatorEvidence]] = [
            (code.id, self.scope.base.indicator(site, code.id)) for code in book.codes]
        evidence = [(c, ev) for c, ev in evidence if ev.supports or ev.contradicts]
        if not evidence:
            return
        name = self.text(book.name) or book.id
        self.heading(self.t("themes_heading", name=name), 2)
        rows: list = []
        for code_id, ev in evidence:
            rows.append(_Span(self.t("theme_row", label=self.indicator(book, code_id),
                                     id=book.code(code_id).local_id,
                                     n=len(ev.supports) + len(ev.contradicts))))
            rows += self.excerpt_rows(ev.supports + ev.contradicts)
        self.excerpt_table(self.t("excerpts_caption", name=name, site=site), rows)

    def triangulation(self, site: str) -> None:
        scope = self.scope
        books = {b.id: b for b in scope.frameworks}
        if len(books) >= 2:
            theory = theory_matrix(scope.base, site, scope.frameworks)
            self.heading(self.t("theory_heading"), 2)
            self.table(self.t("theory_caption", site=site),
                       [self.t("col.framework"), self.t("col.verdict"), self.t("col.status"),
                        self.t("col.confidence")],
                       [[self.text(books[r["framework"]].name),
                         self.category(books[r["framework"]], r["verdict"]),
                         self.v("verdict", r["status"]), f"{r['confidence']:.2f}"]
                        for r in theory.verdicts], [5.0, 4.0, 3.0, 2.0])
            if theory.concepts:
                code_book = {c.id: b for b in scope.frameworks for c in b.codes}
                self.table(self.t("crosswalk_caption", site=site),
                           [self.t("col.concept"), self.t("col.indicator"),
                            self.t("col.convergence")],
                           [[c["concept"], "\n".join(
                               f"{self.indicator(code_book[i['id']], i['id'])} ({i['id']}): "
                               f"{self.v('status', i['status'])}" for i in c["indicators"]),
                             self.v("convergence", c["convergence"])]
                            for c in theory.concepts], [3.5, 8.0, 2.5])
            else:
                self.para(self.t("no_crosswalk"))
        bases = scope.coder_bases()
        coders = list(bases)
        if len(coders) >= 2 and scope.frameworks:
            by = {(c, b.id): judge(bases[c], site, b) for c in coders for b in scope.frameworks}
            self.heading(self.t("investigator_heading"), 2,
                         landscape=self.wide([4.0, *[2.6] * len(coders)]))
            self.table(self.t("investigator_caption", site=site),
                       [self.t("col.framework"), *coders],
                       [[self.text(b.name) or b.id,
                         *[self._coder_verdict(b, by[c, b.id]) for c in coders]]
                        for b in scope.frameworks], [4.0, *[2.6] * len(coders)])

    def _coder_verdict(self, book: Codebook, v: Verdict) -> str:
        if v.verdict is None:
            return self.v("verdict", v.status)
        return f"{self.category(book, v.verdict)} ({v.confidence:.2f})"

    def comparison(self) -> None:
        scope = self.scope
        if len(scope.sites) < 2 or not scope.frameworks:
            return
        result = compare(scope.base, scope.frameworks, scope.sites)
        chunks = [scope.sites[i:i + SITES_PER_TABLE]
                  for i in range(0, len(scope.sites), SITES_PER_TABLE)]
        widest = len(chunks[0])
        cm = [4.0, *[2.6] * widest, 0.7]
        self.heading(self.t("comparison_section"), 1, landscape=self.wide(cm))
        self.para(self.t("differs_note"))
        for part, sites in enumerate(chunks, start=1):
            self.table(self.t("comparison_caption") + _part(part, len(chunks)),
                       [self.t("col.framework"), *sites, "≠"],
                       [[self.text(b.name) or b.id,
                         *[self.verdict_name(result.verdicts[s, b.id]) for s in sites],
                         "≠" if result.verdicts_differ(b.id) else ""]
                        for b in result.frameworks], [4.0, *[2.6] * len(sites), 0.7])
        cm = [4.5, *[2.2] * widest, 0.7]
        for book in result.frameworks:
            name = self.text(book.name) or book.id
            self.heading(name, 2, landscape=self.wide(cm))
            for part, sites in enumerate(chunks, start=1):
                self.table(self.t("comparison_indicators", name=name) + _part(part, len(chunks)),
                           [self.t("col.indicator"), *sites, "≠"],
                           [[self.indicator(book, c.id),
                             *[self.v("status", result.statuses[c.id][s]) for s in sites],
                             "≠" if result.differs(c.id) else ""] for c in book.codes],
                           [4.5, *[2.2] * len(sites), 0.7], size=8)

    def memos(self) -> None:
        scope, names = self.scope, self.scope.names
        sources = {s.name for site in scope.sites for s in scope.sources(site)}
        codes = {c.id for b in scope.books for c in b.codes}
        wanted = [m for m in scope.project.store.memos()
                  if m.target_kind == "project"
                  or (m.target_kind == "site" and m.target in scope.sites)
                  or (m.target_kind == "source" and m.target in sources)
                  or (m.target_kind == "code" and m.target in codes)]
        self.heading(self.t("memos_section"), 1)
        if not wanted:
            self.para(self.t("no_memos"))
            return
        rows = []
        for m in wanted:
            target = names.source(m.target) if m.target_kind == "source" else m.target
            rows.append([f"{self.v('target', m.target_kind)}: {target}".rstrip(": "), m.author,
                         m.updated_at[:10],
                         names.memo(m.text, names.memo_site(m.target_kind, m.target))])
        self.table(self.t("memos_caption"),
                   [self.t(f"col.{c}") for c in ("target", "author", "date", "memo")],
                   rows, [3.0, 2.0, 2.0, 7.0])
