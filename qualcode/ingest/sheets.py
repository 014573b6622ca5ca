"""Tables researchers keep in Excel: CSV as Excel saves it (comma, semicolon or tab; UTF-8 with or
without BOM, UTF-16 with BOM) and `.xlsx` workbooks. Both come out as the same header and
numbered rows, so the codings and informants importers check cells, not file formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.textfile import read_text
from qualcode.zipguard import Limits, checked_office_file

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
# A codings or informants workbook is a few MB; anything far bigger unpacked is refused before
# openpyxl holds it in memory.
XLSX_LIMITS = Limits(entries=5_000, total_bytes=512 * 1024**2, read_bytes=512 * 1024**2)


@dataclass
class Table:
    """A sheet's header (lower-cased, trimmed) and its non-empty rows as (line, {column: cell}),
    `line` being the CSV line or the Excel row a message should name."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(path: Path, required: tuple[str, ...], what: str) -> Table:
    """Read a CSV or .xlsx table whose header names every column of `required`; raise
    `QualcodeError` (every bad row as FILE:LINE) on bad input. `what` names the kind of file in
    messages ("codings", "informants")."""
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx_rows(path)
    else:
        header, rows = _csv_rows(path, required)
    missing = [c for c in required if c not in header]
    if missing:
        raise QualcodeError(f"{path}:1: missing column(s) {', '.join(missing)} in the {what} "
                            "header (columns separated by commas, semicolons or tabs)")
    problems = []
    table = Table(path, header, [])
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(f"{path}:{line}: {len(cells)} fields but the header has "
                            f"{len(header)}")
            continue
        table.rows.append((line, {h: (cells[i] if i < len(cells) else "")
                                  for i, h in enumerate(header) if h}))
    if problems:
        raise QualcodeError(*problems)
    return table


def _csv_rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list]:
    text, _ = read_text(path, allow_cp1252=False)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text, required))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise QualcodeError(f"{path}: empty file") from None
    except csv.Error as exc:
        raise QualcodeError(f"{path}:1: {exc}") from None
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            rows.append((line, next(reader)))
        except StopIteration:
            break
        except csv.Error as exc:
            raise QualcodeError(f"{path}:{line}: {exc}") from None
    return header, rows


def _delimiter(text: str, required: tuple[str, ...]) -> str:
    """The column separator: a comma, or what Excel writes in locales whose decimal mark is a
    comma (Indonesian: a semicolon), or a tab ("Unicode text"). The one that makes a header
    holding every required column wins."""
    first = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        header = {h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))}
        if set(required) <= header:
            return delimiter
    return ","


def _xlsx_rows(path: Path) -> tuple[list[str], list]:
    """The first worksheet's rows as text cells (numbers without a spurious '.0', dates as
    YYYY-MM-DD), numbered as Excel numbers them."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with checked_office_file(path, XLSX_LIMITS, "a readable .xlsx workbook", "an old .xls",
                             "a workbook") as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = [(n, [_cell(v) for v in values]) for n, values
                    in enumerate(sheet.iter_rows(values_only=True), start=1)]
            book.close()
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
                IndexError, OSError, EOFError, zlib.error) as exc:
            raise QualcodeError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    while rows and not any(c.strip() for c in rows[0][1]):
        rows.pop(0)  # blank rows above the header
    if not rows:
        raise QualcodeError(f"{path}: empty workbook (its first sheet has no rows)")
    header = [h.strip().lower() for h in rows[0][1]]
    while header and not header[-1]:
        header.pop()
    return header, rows[1:]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
