"""WordprocessingML tables for the Word appendix: cells, rows that keep together, and column
widths from the content. Written as XML text directly: python-docx's cell API is far too slow
for the tens of thousands of excerpt rows of a large project."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from qualcode.textfile import clean

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


class Span(str):
    """A row of one cell across the whole table (a group heading)."""


def _runs(text: str, bold: bool = False, size: float | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{int(size * 2)}"/>' if size else "")
    lines = clean(text).split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{inner}</w:r>"


def _cell(text: str, width: int, bold: bool = False, size: float | None = None,
          fill: str | None = None, span: int = 1, keep: bool = False) -> str:
    """One cell; `keep`: kept on the page of the next row (Word's "keep with next" on a row's
    paragraphs keeps the row with the row below)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return (f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>'
            f'{"<w:keepNext/>" if keep else ""}</w:pPr>{_runs(text, bold, size)}</w:p></w:tc>')


def table_xml(headers: list[str], rows: list, widths: list[int], size: float | None,
               tight: bool = False, whole: bool = False) -> str:
    """A table: the header row and group rows stay with the row below them, and a `whole`
    one is kept on one page, so no page ends on a lone row of it."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, w, bold=True, size=size, fill="D9D9D9", keep=bool(rows))
                   for h, w in zip(headers, widths, strict=True))
    body = []
    for n, row in enumerate(rows):
        keep = n + 1 < len(rows) and (whole or isinstance(row, Span))
        if isinstance(row, Span):
            body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                        f"{_cell(row, sum(widths), True, size, 'F2F2F2', len(widths), keep)}"
                        "</w:tr>")
        else:
            body.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
                _cell(str(c), w, size=size, keep=keep) for c, w in zip(row, widths, strict=True))
                + "</w:tr>")
    margins = ('<w:tblCellMar><w:left w:w="30" w:type="dxa"/><w:right w:w="30" w:type="dxa"/>'
               "</w:tblCellMar>" if tight else "")
    return (f"<w:tbl {W}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{margins}'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
            f"{''.join(body)}</w:tbl>")


_WORDS = re.compile(r"\s+|(?<=[-/])")  # a line may break at spaces and after a hyphen or slash
_NARROW = frozenset("fijlrt.,:;'!|()[]- ")
_WIDE = frozenset("mwMW@%")


def word_cm(word: str, size: float, bold: bool = False) -> float:
    """About how wide `word` is in Times New Roman at `size` points: an average lower-case
    letter is half an em, capitals and digits two thirds, narrow letters a third."""
    ems = sum(0.3 if ch in _NARROW else 0.9 if ch in _WIDE else
              0.68 if ch.isupper() or ch.isdigit() else 0.5 for ch in word)
    return ems * size * 2.54 / 72 * (1.1 if bold else 1.0)


def fit_words(headers: list[str], rows: list, cm: list[float], size: float,
               tight: bool) -> list[float]:
    """Column widths (cm) from the content, as a browser lays out an automatic table: every
    column gets room for its longest word (so no word breaks in the middle: wawancar|a), and
    the rest of the width goes where the text is longest, so short columns (dates, methods)
    do not wrap while quotes do. The total stays that of `cm`; where even the longest words do
    not fit, the widths of `cm` are kept."""
    margin = 0.12 if tight else 0.42  # the cell's left and right margins
    em = size * 2.54 / 72
    least = [word_cm(max(_WORDS.split(h), key=len), size, bold=True) + margin
             for h in headers]
    most = [len(h) * 0.55 * em * 1.1 + margin for h in headers]
    for row in rows:
        if isinstance(row, Span):
            continue
        for i, value in enumerate(row):
            text = str(value)
            if not text:
                continue
            longest = max(_WORDS.split(text), key=len)
            least[i] = max(least[i], word_cm(longest, size) + margin)
            line = max(len(x) for x in text.split("\n"))
            most[i] = max(most[i], line * 0.55 * em + margin)
    most = [max(m, n) for m, n in zip(most, least, strict=True)]
    total = sum(cm)
    if sum(most) <= total:  # everything fits on one line: share out what is left
        return [m + (total - sum(most)) * m / sum(most) for m in most]
    if sum(least) > total:
        return cm
    room = total - sum(least)
    stretch = sum(m - n for m, n in zip(most, least, strict=True))
    return [n + room * (m - n) / stretch for m, n in zip(most, least, strict=True)]


def fits_a_page(rows: list, widths: list[float], size: float, page_cm: float) -> bool:
    """Whether a table's rows, wrapped in `widths` (cm), take less than a page: only such a
    table is kept whole (a longer one would leave a page blank in front of it)."""
    line = size * 1.2 * 2.54 / 72
    height = line  # the header row
    for row in rows:
        cells = [str(row)] if isinstance(row, Span) else [str(c) for c in row]
        spans = [sum(widths)] if isinstance(row, Span) else widths
        height += line * max(
            sum(1 + int(len(part) * 0.5 * size * 2.54 / 72 / max(w - 0.4, 0.5))
                for part in text.split("\n")) for text, w in zip(cells, spans, strict=True))
        if height > page_cm:
            return False
    return True
