"""PDF documents: text PDFs import as `document` sources with their page starts; scanned,
password-protected, broken and bomb-like files are refused with one line, nothing written."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from conftest import qualcode_subprocess, snapshot_db, write
from fpdf import FPDF

from qualcode.errors import QualcodeError
from qualcode.ingest import documents
from qualcode.ingest.documents import pdf_text
from qualcode.store.project import Project

PAGES = [
    ["PERATURAN BUPATI MADIUN NOMOR 12 TAHUN 2020",
     "Pasal 1. Kader JKN-KIS direkrut oleh BPJS Kesehatan."],
    ["Pasal 2. Fee kader dibayar setiap bulan", "berdasarkan iuran yang tertagih."],
    ["Pasal 3. Peraturan ini berlaku sejak diundangkan."],
]


def text_pdf(path: Path, pages: list[list[str]], **encryption: str) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


def raw_pdf(objects: dict[int, bytes]) -> bytes:
    """A PDF written by hand (catalog is object 1), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets.get(n, 0) for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def one_page_pdf(content: bytes, *, flate: bool = False, length: int | None = None) -> bytes:
    stream = zlib.compress(content, 9) if flate else content
    declared = len(stream) if length is None else length
    return raw_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d%s >>\nstream\n" % (declared, b" /Filter /FlateDecode" if flate
                                              else b"") + stream + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    })


def page_tree_bomb(depth: int, fan: int = 2) -> bytes:
    """`depth` page-tree nodes each listing the next `fan` times: fan**depth pages from a few
    hundred bytes."""
    page = depth + 2
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for level in range(depth):
        child = 3 + level if level < depth - 1 else page
        objects[2 + level] = (b"<< /Type /Pages /Kids [" + b" ".join([b"%d 0 R" % child] * fan)
                              + b"] /Count %d >>" % fan ** (depth - level))
    objects[page] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                     b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (depth + 1, page + 1,
                                                                       page + 2))
    text = b"BT /F1 12 Tf 72 720 Td (Halo) Tj ET"
    objects[page + 1] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    objects[page + 2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return raw_pdf(objects)


def refused(cli, project: Project, path: Path, expected: str) -> str:
    before = snapshot_db(project)
    result = cli("import", project.path, path, "--site", "Madiun")
    assert result.code != 0
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"qualcode: {path}: "), lines[0]
    assert expected in lines[0], lines[0]
    assert snapshot_db(project) == before
    return lines[0]


# ------------------------------------------------------------------ text PDFs

def test_text_pdf_imports_as_a_document_with_its_pages(cli, project, tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "perbup-12-2020.pdf", PAGES)
    result = cli("import", project.path, path, "--site", "Madiun")
    assert result.code == 0, result.err
    assert "imported perbup-12-2020: Madiun, document, 0 turns" in result.err
    with Project.open(project.path) as fresh:
        info = fresh.store.source_info("perbup-12-2020")
        text = fresh.store.source_text("perbup-12-2020")
        turns = fresh.store.turns("perbup-12-2020")
    assert info.method == "document" and turns == [] and info.informants == ()
    assert text == "\n".join(line for page in PAGES for line in page) + "\n"
    pages = info.metadata["pages"]
    assert [number for number, _ in pages] == [1, 2, 3]
    for (_, start), lines in zip(pages, PAGES, strict=True):
        assert text[start:].startswith(lines[0] + "\n")
    assert pages[0][1] == 0


def test_sidecar_and_option_choose_another_method(cli, project, tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "notulen.pdf", [["Moderator: Selamat pagi.", "P1: Pagi."]])
    write(tmp_path / "notulen.meta.yaml", "site: Madiun\nmethod: fgd\n")
    result = cli("import", project.path, path)
    assert result.code == 0, result.err
    other = text_pdf(tmp_path / "catatan.pdf", [["Catatan: kunjungan ke puskesmas."]])
    assert cli("import", project.path, other, "--site", "Madiun", "--method",
               "observation").code == 0
    with Project.open(project.path) as fresh:
        assert fresh.store.source_info("notulen").method == "fgd"
        assert [t.speaker for t in fresh.store.turns("notulen")] == ["Moderator", "P1"]
        assert fresh.store.source_info("catatan").method == "observation"


def test_pages_without_text_are_kept_and_reported(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "campuran.pdf", [["Halaman satu."], [], ["Halaman tiga."]])
    doc = pdf_text(path)
    assert doc.body == "Halaman satu.\nHalaman tiga.\n"
    assert doc.metadata == {"pages": [[1, 0], [2, 14], [3, 14]]}
    assert doc.warnings == [f"{path}: 1 page of 3 without text (scanned or pictures only?); run "
                            "OCR on them if they hold text"]


def test_control_characters_and_spacing_cleaned(tmp_path: Path) -> None:
    content = (b"BT /F1 12 Tf 72 720 Td (Halo\\000dunia   lebar) Tj 0 -14 Td (baris   ) Tj "
               b"ET")
    path = tmp_path / "kotor.pdf"
    path.write_bytes(one_page_pdf(content))
    body = pdf_text(path).body
    assert "\x00" not in body
    assert body.split("\n")[0] == "Halodunia lebar"
    assert body.endswith("baris\n")


def test_repaired_pdf_imports_without_stray_lines(project, tmp_path: Path) -> None:
    data = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Halo dunia) Tj ET")
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    (path := tmp_path / "diperbaiki.pdf").write_bytes(data[:start] + b"9999\n%%EOF\n")
    # a real process: under pytest, logging has handlers and pypdf's lines would not show
    result = qualcode_subprocess("import", project.path, path, "--site", "Madiun")
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [  # pypdf logs "incorrect startxref pointer"
        "imported diperbaiki: Madiun, document, 0 turns, 2 words"]


# ------------------------------------------------------------------ refusals

def test_scanned_pdf_without_text_layer_refused(cli, project, tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "pindaian.png"
    Image.new("L", (200, 280), 255).save(scan)
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(scan), x=10, y=10, w=190)
    pdf.output(str(path := tmp_path / "mou-pindaian.pdf"))
    refused(cli, project, path, "no text layer (a scanned PDF?); run OCR on it first (e.g. "
                                "ocrmypdf) and import the result")


def test_password_protected_pdf_refused(cli, project, tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "rahasia.pdf", PAGES, owner_password="pemilik",
                    user_password="secret")
    refused(cli, project, path,
            "password-protected PDF; save an unprotected copy and import that")


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "terkunci-cetak.pdf", PAGES, owner_password="pemilik")
    assert pdf_text(path).body.startswith("PERATURAN BUPATI MADIUN")


def test_encryption_needing_a_missing_library_refused(tmp_path: Path, monkeypatch) -> None:
    import pypdf
    from pypdf.errors import DependencyError

    def needs_cryptography(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    path = text_pdf(tmp_path / "aes.pdf", PAGES, owner_password="pemilik")
    with pytest.raises(QualcodeError, match=r"aes\.pdf: an encrypted PDF that cannot be "
                                            r"opened here \(cryptography"):
        pdf_text(path)


def test_enormous_page_count_refused(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "halaman-banyak.pdf"
    path.write_bytes(page_tree_bomb(13))  # 8,192 pages
    refused(cli, project, path, "8,192 pages (the limit is 5,000); it may be damaged or a PDF "
                                "bomb")


def test_page_tree_bomb_stopped_by_pypdf(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "bom-halaman.pdf"
    path.write_bytes(page_tree_bomb(40))  # 2**40 pages declared from 40 objects
    refused(cli, project, path, "refused: it holds more than a document should, it may be a "
                                "PDF bomb (")


def test_huge_stream_refused(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "bom-aliran.pdf"
    content = b"BT /F1 12 Tf 72 720 Td (Halo) Tj ET\n" + b" " * 100_000_000
    path.write_bytes(one_page_pdf(content, flate=True))  # ~100 KB unpacking to 100 MB
    assert path.stat().st_size < 1_000_000
    refused(cli, project, path, "it may be a PDF bomb (")


def test_huge_declared_stream_length_refused(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "panjang-palsu.pdf"
    path.write_bytes(one_page_pdf(b"BT /F1 12 Tf (Halo) Tj ET", length=10**12))
    refused(cli, project, path, "it may be a PDF bomb (")


def test_too_much_text_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(documents, "PDF_MAX_CHARS", 120)
    path = text_pdf(tmp_path / "panjang.pdf", PAGES)
    with pytest.raises(QualcodeError, match=r"more than 120 characters of text by page 2; it "
                                            r"may be a PDF bomb"):
        pdf_text(path)


def test_too_large_a_file_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(documents, "PDF_MAX_BYTES", 1024)
    path = text_pdf(tmp_path / "besar.pdf", PAGES)
    with pytest.raises(QualcodeError, match=r"besar\.pdf: .* MiB is more than a PDF document "
                                            r"should be \(the limit is 0 MiB\)"):
        pdf_text(path)


def test_not_a_pdf_refused(cli, project, tmp_path: Path) -> None:
    path = write(tmp_path / "surat.pdf", "Ini sebenarnya file teks biasa.\n")
    refused(cli, project, path, "not a PDF file (it does not start with '%PDF-')")


def test_empty_pdf_file_refused(cli, project, tmp_path: Path) -> None:
    (path := tmp_path / "kosong.pdf").write_bytes(b"")
    assert refused(cli, project, path, "empty file") == f"qualcode: {path}: empty file"


def test_pdf_without_pages_refused(cli, project, tmp_path: Path) -> None:
    (path := tmp_path / "tanpa-halaman.pdf").write_bytes(raw_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}))
    refused(cli, project, path, "the PDF has no pages")


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf_refused(cli, project, tmp_path: Path, cut: float) -> None:
    data = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Halo) Tj ET", flate=True)
    (path := tmp_path / "terpotong.pdf").write_bytes(data[: int(len(data) * cut)])
    refused(cli, project, path, "not a readable PDF, damaged or cut short? (")


def test_garbage_after_the_header_refused(cli, project, tmp_path: Path) -> None:
    (path := tmp_path / "acak.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    refused(cli, project, path, "not a readable PDF, damaged or cut short? (")
