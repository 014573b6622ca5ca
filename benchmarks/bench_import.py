"""Budgets of the "fieldwork files" issue. Prints one line per budget.

    .venv/bin/python benchmarks/bench_import.py

- import a 100k-word .docx laid out as a speaker table (time | speaker | text) (< 3 s)
- import a 100-page text PDF (< 3 s)

Each is the whole import into an empty project: reading the file, finding the turns, storing.
The Word file is written as Word writes it (every cell a paragraph of several runs with their
own properties and revision ids), so that the XML walked is as large as a real one.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import WORDS, timed  # noqa: E402

from qualcode.ingest.sample import init_project  # noqa: E402
from qualcode.ingest.sources import import_files  # noqa: E402
from qualcode.ingest.transcripts import Options  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RUN = ('<w:r w:rsidR="00A1B2C3"><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>'
       '<w:sz w:val="22"/><w:lang w:val="id-ID"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>')


def _cell(text: str, width: int, runs: int = 1) -> str:
    words = text.split(" ")
    step = max(1, len(words) // runs)
    parts = [" ".join(words[i:i + step]) + " " for i in range(0, len(words), step)]
    body = "".join(RUN.format(p) for p in parts)
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p w:rsidR="00A1B2C3"><w:pPr><w:spacing w:after="0"/></w:pPr>{body}</w:p></w:tc>')


def table_docx(path: Path, words: int, seed: int = 5) -> int:
    """A Word interview as a three-column table; returns its number of words."""
    import docx

    rng = random.Random(seed)
    rows = ['<w:tr>' + _cell("Waktu", 1200) + _cell("Pembicara", 1800) + _cell("Teks", 6000)
            + '</w:tr>']
    count, second = 0, 0
    while count < words:
        second += rng.randint(5, 40)
        stamp = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        who = "Pewawancara" if rng.random() < 0.3 else rng.choice(("P1", "P2"))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize()
        rows.append("<w:tr>" + _cell(stamp, 1200) + _cell(who, 1800)
                    + _cell(text + ".", 6000, runs=4) + "</w:tr>")
        count += len(text.split()) + 2
    body = ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '</w:tblPr><w:tblGrid><w:gridCol w:w="1200"/><w:gridCol w:w="1800"/>'
            '<w:gridCol w:w="6000"/></w:tblGrid>' + "".join(rows) + "</w:tbl>")
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body + text[start:]).encode("utf-8")
            out.writestr(item, data)
    return count


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_pdf(path: Path, pages: int, seed: int = 9) -> int:
    """A regulation-like PDF of `pages` full pages of text; returns its number of words. With an
    embedded TrueType font (subset, Unicode map), as Word's "Save as PDF" writes, when the
    machine has DejaVu Sans; else the standard Helvetica."""
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    count = 0
    for page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Pasal {page + 1}", new_x="LMARGIN", new_y="NEXT")
        for _ in range(6):
            text = " ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "."
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            count += 70
    pdf.output(str(path))
    return count


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-import-"))
    big = work / "wawancara-tabel.docx"
    words = table_docx(big, 100_000)
    size = big.stat().st_size / 1024**2
    projects = iter(range(1000))

    def import_one(path: Path):
        project = init_project(work / f"p{next(projects)}")
        try:
            return import_files(project, [path], Options(site="Madiun"))[0]
        finally:
            project.close()

    src = timed(f".docx speaker table, {words:,} words ({size:.1f} MiB)", 3.0,
                lambda: import_one(big), repeat=3)
    print(f"  ({len(src.turns):,} turns, {len(src.text):,} characters)")
    pdf = work / "perbup.pdf"
    words = text_pdf(pdf, 100)
    font = "DejaVu Sans embedded" if FONT.exists() else "Helvetica"
    src = timed(f"text PDF, 100 pages, {words:,} words ({font})", 3.0,
                lambda: import_one(pdf), repeat=3)
    print(f"  ({len(src.metadata['pages'])} pages, {len(src.text):,} characters)")


if __name__ == "__main__":
    main()
