"""Spreadsheet exports: the appendix's figures as tidy tables for Excel, pandas or R — one sheet
of an .xlsx (or one CSV file in a folder) each for codings, verdicts, indicators, matrices and
the cross-site comparison, then the reference tables they point to: the codebook, the
informants and the sources.

The tables are pandas DataFrames laid out from the report model (qualcode.reports.model), so a
script can take `tables(report)` directly; the workbook and the CSV files are written from the
same frames. Values are the core's ids (statuses, methods, category ids) so scripts can rely on
them; only the explanation, the sensitivity and the labels follow the report's language.
Lists inside a cell are joined with "; ". A verdict row names the readings it rests on
(indicator ids) and how many codings and sources would each on its own change it; an indicator
row gives the researcher's reading where one is recorded (empty otherwise).

Text that a spreadsheet would run as a formula stays text: the CSV files put an apostrophe
before a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (and are UTF-8
with a byte order mark, so that Excel reads them as UTF-8); the workbook stores such a cell as
text, unchanged, marked with Excel's own quote prefix. The frames `tables` returns hold the text
as it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

import pandas as pd

from qualcode.reports.model import Report
from qualcode.textfile import check_output, clean, write_output, write_output_dir

CODINGS = ["site", "source", "method", "informant", "role", "code", "label", "stance", "coder",
           "line", "timestamp", "memo", "quote", "start", "end", "origin", "created_at"]
VERDICTS = ["site", "framework", "verdict", "status", "confidence", "runner_up", "established",
            "blocking", "rests_on_readings", "pivotal_codings", "pivotal_sources", "sensitivity",
            "explanation"]
INDICATORS = ["site", "framework", "indicator", "label", "status", "supports", "contradicts",
              "witnesses_for", "witnesses_against", "score", "established", "sources",
              "methods", "informants", "reading_established", "reading_rationale",
              "reading_coder", "reading_at"]
MATRICES = ["site", "framework", "by", "indicator", "column", "column_group", "supports",
            "contradicts", "status", "convergence"]
CODEBOOK = ["codebook", "code", "label_en", "label_id", "definition", "parent", "kind",
            "concept", "defines", "excludes"]
INFORMANTS = ["site", "informant", "group", "sector", "role", "organisation"]  # + attributes,
INFORMANTS_LAST = ["sources"]  # each a column named by it, then the sources they speak in
SOURCES = ["source", "site", "method", "date", "language", "title", "informants", "codings"]
VERDICT_ROW = "(verdict)"  # the comparison's row of verdicts, above the indicators
_WIDTHS = {"quote": 70, "memo": 30, "explanation": 70, "established": 30, "blocking": 30,
           "rests_on_readings": 30, "sensitivity": 50, "reading_rationale": 50,
           "label": 30, "sources": 30, "informants": 20, "code": 30, "indicator": 30,
           "source": 24, "framework": 16, "column_group": 24, "role": 24, "definition": 50,
           "title": 40, "organisation": 30, "label_en": 30, "label_id": 30}
# What a spreadsheet reads as the start of a formula in a CSV cell (OWASP, "CSV Injection").
# U+2212 MINUS SIGN is not among them: it is read as text, not as a minus (LibreOffice 7.4).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that openpyxl would store as an error value (openpyxl.cell.cell.ERROR_CODES; openpyxl is
# imported only to write a workbook).
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def _frame(headers: list[str], rows: list[list]) -> pd.DataFrame:
    """A table of Python values as they are (object columns: no 1 → 1.0, no NaN for None)."""
    return pd.DataFrame(rows, columns=headers, dtype=object)


def tables(report: Report) -> dict[str, pd.DataFrame]:
    """Every table of the export, by sheet name, in sheet order."""
    lang = report.lang
    verdicts, indicators, matrices = [], [], []
    for section in report.site_sections:
        site = section.site
        for f in section.frameworks:
            v, book = f.judgement, f.book
            verdicts.append([site, book.id, v.verdict, v.status, v.confidence, v.runner_up,
                             "; ".join(v.established), "; ".join(v.blocking),
                             "; ".join(v.rests_on), v.pivotal_codings, v.pivotal_sources,
                             v.sensitivity, v.explanation])
            for e in f.indicators:
                label = book.code(e.code).label
                r = e.reading
                indicators.append([
                    site, book.id, e.code, label.get(lang) or label.get("en", ""), e.status,
                    e.supports, e.contradicts, e.witnesses_for, e.witnesses_against,
                    round(e.score, 3), e.established, "; ".join(e.sources),
                    "; ".join(e.methods), "; ".join(e.informants),
                    *((None,) * 4 if r is None else
                      (r.established, r.rationale, r.coder, r.created_at))])
            for by in ("informant", "method"):
                m = f.matrices[by]
                for row in m.rows:
                    for column, cell in zip(m.columns, row.cells, strict=True):
                        matrices.append([site, book.id, by, row.code, column.name, column.group,
                                         cell.supports, cell.contradicts, row.status,
                                         row.convergence])
    codings = [[c.site, c.source, c.method, c.informant, c.role, c.code, c.label, c.stance,
                c.coder, c.line, c.timestamp, c.memo, c.quote, c.start, c.end, c.origin,
                c.created_at] for c in report.codings]
    return {"codings": _frame(CODINGS, codings), "verdicts": _frame(VERDICTS, verdicts),
            "indicators": _frame(INDICATORS, indicators),
            "matrices": _frame(MATRICES, matrices), "comparison": _comparison(report),
            **_references(report)}


def _references(report: Report) -> dict[str, pd.DataFrame]:
    """The codebook, informants and sources tables."""
    codebook = [[c.codebook, c.code, c.label_en, c.label_id, c.definition, c.parent, c.kind,
                 c.concept, "; ".join(c.defines), "; ".join(c.excludes)]
                for c in report.code_rows]
    fixed = {*INFORMANTS, *INFORMANTS_LAST}
    attributes = [f"attribute: {a}" if a in fixed else a for a in report.informant_attributes]
    informants = [[i.site, i.informant, i.group, i.sector, i.role, i.organisation,
                   *i.attributes, "; ".join(i.sources)] for i in report.informant_rows]
    sources = [[s.source, s.site, s.method, s.date, s.language, s.title,
                "; ".join(s.informants), s.codings] for s in report.source_rows]
    return {"codebook": _frame(CODEBOOK, codebook),
            "informants": _frame([*INFORMANTS, *attributes, *INFORMANTS_LAST], informants),
            "sources": _frame(SOURCES, sources)}


def _comparison(report: Report) -> pd.DataFrame:
    sites = list(report.sites)
    headers = ["framework", "indicator", *sites, "differs"]
    result = report.comparison
    rows = []
    if result is not None:
        for book in report.frameworks:
            rows.append([book.id, VERDICT_ROW,
                         *[result.verdicts[s, book.id].verdict
                           or result.verdicts[s, book.id].status for s in sites],
                         result.verdicts_differ[book.id]])
            rows += [[book.id, c.id, *[result.statuses[c.id][s] for s in sites],
                      result.differs[c.id]] for c in book.codes]
    return _frame(headers, rows)


def write_xlsx(report: Report, path: Path | str) -> None:
    """Write the tables as sheets of one workbook (see write_output: "-" is stdout)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    check_output(path)
    book = Workbook(write_only=True)
    props = book.properties
    props.title = f"{report.name} — qualcode"
    props.creator = props.lastModifiedBy = report.author
    props.created = report.created.replace(tzinfo=None)
    props.modified = report.modified.replace(tzinfo=None)
    bold = Font(bold=True)
    for name, frame in tables(report).items():
        headers = list(frame.columns)
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for i, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(header, 14)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(frame) + 1}"
        sheet.append([_xlsx_value(sheet, header, WriteOnlyCell, bold) for header in headers])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_xlsx_value(sheet, v, WriteOnlyCell) for v in row])
    buffer = io.BytesIO()
    # ExcelWriter rather than book.save(), which stamps the current time as "modified"
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    write_output(path, buffer.getvalue())


def _xlsx_value(sheet, value, cell_class, font=None):
    """Text as text: a quote or memo that starts with '=' must not become a formula (openpyxl
    makes one of any text starting with '='), nor '#N/A' an error value. Such a cell, and one
    that starts as a formula would when typed, is stored as text with Excel's quote prefix, so
    that it stays text when edited in Excel."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(FORMULA_START) or value in ERROR_CODES:
            cell = cell_class(sheet, value)
            cell.data_type = "s"
            cell.quotePrefix = True
            if font is not None:
                cell.font = font
            return cell
    if font is not None:
        cell = cell_class(sheet, value)
        cell.font = font
        return cell
    return value


def guard(value):
    """A CSV cell as written: text that a spreadsheet would read as a formula gets a leading
    apostrophe (numbers, and any other text, as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _guarded(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as the CSV file holds it: headers and cells guarded (by position: two columns
    may share a name, such as a site named like a fixed column)."""
    guarded = pd.DataFrame({i: pd.Series([guard(v) for v in frame.iloc[:, i]], dtype=object)
                            for i in range(frame.shape[1])})
    guarded.columns = [guard(c) for c in frame.columns]
    return guarded


def write_csv_dir(report: Report, directory: Path) -> list[Path]:
    """Write one CSV per table as the whole of `directory`: UTF-8 with a byte order mark
    (Excel reads a CSV without one in the computer's code page), formulas guarded (`guard`).
    An existing folder is replaced by the new set at once (see write_output_dir)."""
    check_output(directory, directory=True)
    contents = {f"{name}.csv": _guarded(frame).to_csv(index=False, lineterminator="\n")
                .encode("utf-8-sig") for name, frame in tables(report).items()}
    return write_output_dir(directory, contents)
