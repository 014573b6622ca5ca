"""Spreadsheet exports: the appendix's figures as tidy tables for Excel, pandas or R — one sheet
of an .xlsx (or one CSV file in a folder) each for codings, verdicts, indicators, matrices and
the cross-site comparison.

Values are the core's ids (statuses, methods, category ids) so scripts can rely on them; only
the explanation and the indicator label follow `lang`. Lists inside a cell are joined with
"; ". Every figure comes from the core; this module only lays it out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from qualcode.analysis.compare import compare
from qualcode.analysis.matrices import matrix
from qualcode.analysis.verdicts import judge
from qualcode.ingest.codings import rows as coding_rows
from qualcode.reports.scope import Scope, check_output, clean, established
from qualcode.textfile import write_atomic

Table = tuple[list[str], list[list]]

CODINGS = ["site", "source", "method", "code", "stance", "quote", "start", "end", "coder",
           "memo", "origin", "created_at"]
VERDICTS = ["site", "framework", "verdict", "status", "confidence", "runner_up", "established",
            "blocking", "explanation"]
INDICATORS = ["site", "framework", "indicator", "label", "status", "supports", "contradicts",
              "witnesses_for", "witnesses_against", "score", "established", "sources",
              "methods", "informants"]
MATRICES = ["site", "framework", "by", "indicator", "column", "column_group", "supports",
            "contradicts", "status", "convergence"]
VERDICT_ROW = "(verdict)"  # the comparison's row of verdicts, above the indicators
_WIDTHS = {"quote": 70, "memo": 30, "explanation": 70, "established": 30, "blocking": 30,
           "label": 30, "sources": 30, "informants": 20, "code": 30, "indicator": 30,
           "source": 24, "framework": 16, "column_group": 24}


def tables(scope: Scope, lang: str = "en",
           progress: Callable[[int, int], None] | None = None) -> dict[str, Table]:
    """Every table of the export, by sheet name, in sheet order."""
    total = len(scope.sites) + 3
    out: dict[str, Table] = {"codings": (CODINGS, _codings(scope))}
    if progress:
        progress(1, total)
    verdicts, indicators, matrices = [], [], []
    for done, site in enumerate(scope.sites, start=2):
        for book in scope.frameworks:
            v = judge(scope.base, site, book)
            verdicts.append([site, book.id, v.verdict, v.status, v.confidence, v.runner_up,
                             "; ".join(e.code for e in established(v)),
                             "; ".join(e.code for e in v.blocking), v.explanation[lang]])
            for e in v.indicators:
                label = book.code(e.code).label
                informants = sorted({w.split(":", 1)[1] for x in e.supports + e.contradicts
                                     for w in x.witnesses if w.startswith("informant:")})
                indicators.append([
                    site, book.id, e.code, label.get(lang) or label.get("en", ""), e.status,
                    len(e.supports), len(e.contradicts), len(e.support_witnesses),
                    len(e.contradict_witnesses), round(e.score, 3), e.established,
                    "; ".join(scope.names.source(s) for s in e.sources), "; ".join(e.methods),
                    "; ".join(scope.names.informant(site, i) for i in informants)])
            for by in ("informant", "method"):
                m = matrix(scope.base, site, book, by)
                for row in m.rows:
                    for column, cell in zip(m.columns, row.cells, strict=True):
                        shown = (scope.names.informant(site, column.key) if by == "informant"
                                 else column.key)
                        group = "" if scope.names.anonymise else column.group
                        matrices.append([site, book.id, by, row.code, shown, group,
                                         len(cell.supports), len(cell.contradicts), row.status,
                                         row.convergence])
        if progress:
            progress(done, total)
    out["verdicts"] = (VERDICTS, verdicts)
    out["indicators"] = (INDICATORS, indicators)
    out["matrices"] = (MATRICES, matrices)
    out["comparison"] = _comparison(scope)
    if progress:
        progress(total - 1, total)
    return out


def _codings(scope: Scope) -> list[list]:
    store = scope.project.store
    sites = set(scope.sites)
    codes = {c.id for b in scope.books for c in b.codes}
    infos = scope.base.sources
    chosen = [c for c in store.codings() if infos[c.source].site in sites and c.code in codes]
    out = []
    for c, row in zip(chosen, coding_rows(chosen, scope.texts), strict=True):
        info = infos[c.source]
        row["quote"] = scope.quote(c.source, c.start, c.end)
        row["source"] = scope.names.source(c.source)
        row["memo"] = clean(scope.names.memo(c.memo, info.site))
        out.append([info.site, row["source"], info.method,
                    *[row[k] for k in CODINGS[3:]]])
    return out


def _comparison(scope: Scope) -> Table:
    headers = ["framework", "indicator", *scope.sites, "differs"]
    if not scope.frameworks:
        return headers, []
    result = compare(scope.base, scope.frameworks, scope.sites)
    rows = []
    for book in result.frameworks:
        rows.append([book.id, VERDICT_ROW,
                     *[result.verdicts[s, book.id].verdict or result.verdicts[s, book.id].status
                       for s in scope.sites], result.verdicts_differ(book.id)])
        rows += [[book.id, c.id, *[result.statuses[c.id][s] for s in scope.sites],
                  result.differs(c.id)] for c in book.codes]
    return headers, rows


def write_xlsx(scope: Scope, path: Path, lang: str = "en",
               progress: Callable[[int, int], None] | None = None) -> None:
    """Write the tables as sheets of one workbook (atomically)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    check_output(path)
    data = tables(scope, lang, progress)
    book = Workbook(write_only=True)
    created, modified = scope.dates()
    props = book.properties
    props.title = f"{scope.project.settings.name} — qualcode"
    props.creator = props.lastModifiedBy = scope.project.settings.author
    props.created, props.modified = created.replace(tzinfo=None), modified.replace(tzinfo=None)
    bold = Font(bold=True)
    for name, (headers, rows) in data.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for i, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(header, 14)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        head = []
        for header in headers:
            cell = WriteOnlyCell(sheet, header)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        for row in rows:
            sheet.append([_xlsx_value(sheet, v, WriteOnlyCell) for v in row])
    buffer = io.BytesIO()
    # ExcelWriter rather than book.save(), which stamps the current time as "modified"
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    write_atomic(path, buffer.getvalue())
    if progress:
        progress(len(scope.sites) + 3, len(scope.sites) + 3)


def _xlsx_value(sheet, value, cell_class):
    """Text as text: a quote or memo that starts with '=' must not become a formula."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith("="):
            cell = cell_class(sheet, value)
            cell.data_type = "s"
            return cell
    return value


def write_csv_dir(scope: Scope, directory: Path, lang: str = "en",
                  progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write one UTF-8 CSV per table into `directory` (created if missing); every file is
    built before the first is written, and each is replaced atomically."""
    directory = Path(directory)
    check_output(directory, directory=True)
    data = tables(scope, lang, progress)
    contents = {}
    for name, (headers, rows) in data.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        contents[directory / f"{name}.csv"] = buffer.getvalue()
    directory.mkdir(exist_ok=True)
    for path, text in contents.items():
        write_atomic(path, text)
    if progress:
        progress(len(scope.sites) + 3, len(scope.sites) + 3)
    return list(contents)
