"""Word files as they arrive from fieldwork: speaker tables, other tables, tracked changes,
comments and footnotes, headers and footers, bold labels; and broken files refused cleanly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import snapshot_db
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qualcode.errors import QualcodeError
from qualcode.ingest.documents import docx_text
from qualcode.store.project import Project

W = nsdecls("w")


def table(document, rows: list[tuple[str, ...]]):
    grid = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return grid


def imported(cli, project: Project, path: Path, *options: str):
    """Import through the command line; return (result, source info, text, turns)."""
    result = cli("import", project.path, path, "--site", "Madiun", *options)
    assert result.code == 0, result.err
    with Project.open(project.path) as fresh:
        name = path.stem
        return (result, fresh.store.source_info(name), fresh.store.source_text(name),
                fresh.store.turns(name))


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


# ------------------------------------------------------------------ tables

def test_two_column_speaker_table_with_header_row(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("TRANSKRIP WAWANCARA")
    table(document, [
        ("Pembicara", "Teks"),
        ("Pewawancara", "Sejak kapan Bapak menangani program kader?"),
        ("P1:", "Sejak 2017. Kontraknya satu tahun,\ndiperpanjang berdasarkan evaluasi."),
        ("Pewawancara", "Siapa yang menentukan fee kader?"),
        ("P1", "BPJS yang menentukan."),
    ])
    path = tmp_path / "madiun-tabel.docx"
    document.save(path)
    result, info, text, turns = imported(cli, project, path)
    assert "Pembicara" not in text and "Teks" not in text
    assert "P1:: " not in text  # a label typed with its colon gets no second one
    assert [(t.speaker, t.is_researcher) for t in turns] == [
        ("Pewawancara", True), ("P1", False), ("Pewawancara", True), ("P1", False)]
    assert text[turns[1].start:turns[1].end] == (
        "P1: Sejak 2017. Kontraknya satu tahun,\ndiperpanjang berdasarkan evaluasi.")
    assert info.informants == ("P1",)
    assert "4 turns" in result.err


def test_three_column_table_keeps_timestamps(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    table(document, [
        ("Waktu", "Pembicara", "Transkrip"),
        ("00:00:05", "Moderator", "Selamat pagi, kita mulai ya."),
        ("1:10", "DINSOS", "Data DTKS kami verifikasi tiap tiga bulan."),
        ("[00:02:00]", "DINKES", "Anggaran PBPU-BP Pemda naik terus."),
        ("75:30", "DINSOS", "Betul."),
    ])
    path = tmp_path / "kotim-fgd.docx"
    document.save(path)
    _, _, text, turns = imported(cli, project, path, "--method", "fgd")
    assert [(t.timestamp, t.speaker) for t in turns] == [
        ("00:00:05", "Moderator"), ("00:01:10", "DINSOS"), ("00:02:00", "DINKES"),
        ("01:15:30", "DINSOS")]
    assert text.startswith("[00:00:05] Moderator: Selamat pagi")


def test_other_tables_stay_text(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pasal 3. Pembiayaan kader ditanggung bersama sebagai berikut.")
    table(document, [
        ("No", "Uraian", "Volume", "Jumlah"),
        ("1", "Honor kader JKN-KIS", "12 bulan", "Rp 18.000.000"),
        ("2", "Transport kunjungan rumah", "120 kali", "Rp 6.000.000"),
    ])
    table(document, [  # three columns, but no times or row numbers in the first
        ("Pihak", "Kewajiban", "Hak"),
        ("BPJS Kesehatan", "Membayar fee", "Menerima laporan"),
    ])
    document.add_paragraph("Pasal 4. Perjanjian berlaku satu tahun.")
    path = tmp_path / "mou-kader.docx"
    document.save(path)
    _, info, text, turns = imported(cli, project, path, "--method", "document")
    assert text == (
        "Pasal 3. Pembiayaan kader ditanggung bersama sebagai berikut.\n"
        "No | Uraian | Volume | Jumlah\n"
        "1 | Honor kader JKN-KIS | 12 bulan | Rp 18.000.000\n"
        "2 | Transport kunjungan rumah | 120 kali | Rp 6.000.000\n"
        "Pihak | Kewajiban | Hak\n"
        "BPJS Kesehatan | Membayar fee | Menerima laporan\n"
        "Pasal 4. Perjanjian berlaku satu tahun.\n")
    assert turns == [] and info.informants == ()


def test_two_column_table_of_distinct_items_is_not_a_dialogue(tmp_path: Path) -> None:
    document = docx.Document()
    table(document, [("Honor kader", "Rp 18.000.000"), ("Transport", "Rp 6.000.000")])
    document.save(path := tmp_path / "anggaran.docx")
    assert docx_text(path).body == "Honor kader | Rp 18.000.000\nTransport | Rp 6.000.000\n"


def test_transcript_in_a_box_keeps_its_lines(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    box = document.add_table(rows=1, cols=1)  # a one-cell table drawn as a frame
    box.cell(0, 0).text = "Pewawancara: Sejak kapan?"
    box.cell(0, 0).add_paragraph("P1: Sejak 2017.")
    box.cell(0, 0).add_paragraph("Pewawancara: Lalu?")
    box.cell(0, 0).add_paragraph("P1: Diperpanjang.")
    document.save(path := tmp_path / "berbingkai.docx")
    _, _, text, turns = imported(cli, project, path)
    assert text == ("Pewawancara: Sejak kapan?\nP1: Sejak 2017.\nPewawancara: Lalu?\n"
                    "P1: Diperpanjang.\n")
    assert len(turns) == 4


def test_merged_and_ragged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    grid = table(document, [
        ("Pembicara", "Teks"),
        ("Pewawancara", "Bagaimana koordinasinya?"),
        ("P1", "Rutin tiap bulan."),
        ("", "Lanjut, kadang dua kali."),
        ("Sesi kedua", ""),
        ("Pewawancara", "Terima kasih."),
        ("P1", "Sama-sama."),
    ])
    grid.cell(2, 0).merge(grid.cell(3, 0))  # P1's cell spans two rows
    grid.cell(4, 0).merge(grid.cell(4, 1))  # a full-width row: one cell
    grid.rows[5]._tr.append(parse_xml(f"<w:tc {W}><w:p/></w:tc>"))  # drawn past the grid
    grid.rows[6]._tr.remove(grid.rows[6]._tr.tc_lst[1])  # a row one cell short
    document.save(path := tmp_path / "gabung.docx")
    assert docx_text(path).body == (
        "Pewawancara: Bagaimana koordinasinya?\n"
        "P1: Rutin tiap bulan.\n"
        "Lanjut, kadang dua kali.\n"
        "Sesi kedua\n"
        "Pewawancara: Terima kasih.\n"
        "P1\n")


def test_nested_table_and_content_control(tmp_path: Path) -> None:
    document = docx.Document()
    outer = table(document, [("Catatan lapangan", "Isi")])
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Lokasi", "Puskesmas Dolopo"
    document.element.body.insert(0, parse_xml(
        f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Dalam kotak isian</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    document.save(path := tmp_path / "bersarang.docx")
    body = docx_text(path).body
    assert body.startswith("Dalam kotak isian\n")
    assert "Lokasi | Puskesmas Dolopo" in body


# ------------------------------------------------------------------ what is not transcript text

def test_headers_and_footers_are_not_read(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "RAHASIA - Penelitian Kemitraan JKN"
    section.footer.paragraphs[0].text = "Halaman 1 dari 3"
    document.add_paragraph("P1: Kontraknya satu tahun.")
    document.save(path := tmp_path / "berkop.docx")
    _, _, text, _ = imported(cli, project, path)
    assert text == "P1: Kontraknya satu tahun.\n"


def tracked(document, before: str, inserted: str, deleted: str, after: str) -> None:
    paragraph = document.add_paragraph(before)
    paragraph._p.append(parse_xml(
        f'<w:ins {W} w:id="1" w:author="Ani" w:date="2024-05-01T10:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {W} w:id="2" w:author="Ani" w:date="2024-05-01T10:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    paragraph.add_run(after)


def test_tracked_changes_read_as_accepted(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pewawancara: Berapa lama kontraknya?")
    tracked(document, "P1: Kontraknya ", "satu tahun", "dua tahun", ", diperpanjang.")
    document.save(path := tmp_path / "revisi.docx")
    result, _, text, turns = imported(cli, project, path)
    assert text == ("Pewawancara: Berapa lama kontraknya?\n"
                    "P1: Kontraknya satu tahun, diperpanjang.\n")
    assert "dua tahun" not in text
    assert [t.speaker for t in turns] == ["Pewawancara", "P1"]
    assert (f"qualcode: warning: {path}: tracked changes read as accepted (1 insertion kept, "
            "1 deletion dropped); accept or reject them in Word to be sure") in result.err


def test_deleted_paragraph_mark_joins_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    first = document.add_paragraph("P1: Kontraknya satu")
    first._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {W}><w:del w:id="3" w:author="Ani" w:date="2024-05-01T10:00:00Z"/></w:rPr>'))
    document.add_paragraph(" tahun.")
    document.save(path := tmp_path / "gabung-paragraf.docx")
    doc = docx_text(path)
    assert doc.body == "P1: Kontraknya satu tahun.\n"
    assert "1 deletion dropped" in doc.warnings[0]


def add_notes(document, kind: str, texts: list[str]) -> None:
    """A footnotes or endnotes part (python-docx writes none) and references to it."""
    tag = kind[:-1]  # footnote, endnote
    notes = "".join(
        f'<w:{tag} w:id="{i}"><w:p><w:r><w:{tag}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>'
        for i, text in enumerate(texts, 1))
    xml = (f'<w:{kind} {W}><w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
           f'</w:r></w:p></w:{tag}>{notes}</w:{kind}>')
    part = Part(PackURI(f"/word/{kind}.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES)
    paragraph = document.paragraphs[-1]
    for i in range(1, len(texts) + 1):
        paragraph._p.append(parse_xml(f'<w:r {W}><w:{tag}Reference w:id="{i}"/></w:r>'))


def test_comments_and_footnotes_left_out_and_listed(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    asked = document.add_paragraph("Pewawancara: Berapa fee kader per bulan?")
    answer = document.add_paragraph("P1: Sekitar tiga ratus ribu rupiah.")
    document.add_comment(answer.runs, text="Cek lagi angka ini dengan data BPJS cabang",
                         author="Ani")
    document.add_comment(asked.runs, text="Pertanyaan terlalu mengarahkan?", author="Budi")
    add_notes(document, "footnotes", ["Sumber: laporan tahunan BPJS Cabang Madiun 2020."])
    document.save(path := tmp_path / "berkomentar.docx")
    result, _, text, turns = imported(cli, project, path)
    assert text == ("Pewawancara: Berapa fee kader per bulan?\n"
                    "P1: Sekitar tiga ratus ribu rupiah.\n")
    assert [t.speaker for t in turns] == ["Pewawancara", "P1"]
    warning = next(line for line in result.err.splitlines() if "left out" in line)
    assert warning == (
        f'qualcode: warning: {path}: 2 comments and 1 footnote left out (not transcript text): '
        '"Cek lagi angka ini dengan data…"; "Pertanyaan terlalu mengarahkan?"; '
        '"Sumber: laporan tahunan BPJS Cabang…"')


def test_many_notes_are_counted_not_all_quoted(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Teks peraturan.")
    add_notes(document, "endnotes", [f"Catatan nomor {i}" for i in range(1, 6)])
    document.save(path := tmp_path / "catatan-akhir.docx")
    (warning,) = docx_text(path).warnings
    assert warning.startswith(f"{path}: 5 endnotes left out (not transcript text): ")
    assert warning.endswith('"Catatan nomor 3" (and 2 more)')


# ------------------------------------------------------------------ bold labels

def bold_turn(document, label: str, text: str, underline: bool = False) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(label)
    run.bold, run.underline = (None, True) if underline else (True, None)
    paragraph.add_run(text)


def test_bold_label_without_colon_opens_a_turn(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    bold_turn(document, "Pewawancara", " Sejak kapan Bapak menangani program kader?")
    bold_turn(document, "Joko", " Sejak 2017.")
    bold_turn(document, "Pewawancara", " Kontraknya berapa lama?")
    bold_turn(document, "Joko", "\tSatu tahun.", underline=True)
    bold_turn(document, "Penting", " untuk dicatat: ini hanya sekali.")  # emphasis, not a label
    document.add_paragraph().add_run("JUDUL TEBAL SAJA").bold = True
    bold_turn(document, "P2:", " Sudah ada titik dua.")
    document.save(path := tmp_path / "tebal.docx")
    _, _, text, turns = imported(cli, project, path)
    assert text.split("\n")[:4] == [
        "Pewawancara: Sejak kapan Bapak menangani program kader?", "Joko: Sejak 2017.",
        "Pewawancara: Kontraknya berapa lama?", "Joko: Satu tahun."]
    assert "Penting untuk dicatat: ini hanya sekali.\nJUDUL TEBAL SAJA\nP2: Sudah ada" in text
    assert [t.speaker for t in turns][:4] == ["Pewawancara", "Joko", "Pewawancara",
                                              "Joko"]


# ------------------------------------------------------------------ refusals

def test_random_bytes_named_docx(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "rusak.docx"
    path.write_bytes(bytes(range(256)) * 8)
    refused(cli, project, path, "not a readable .docx file")


def test_truncated_docx(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("P1: Kontraknya satu tahun.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "terpotong.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    refused(cli, project, path, "not a readable .docx file")


def test_zip_that_is_not_a_word_file(cli, project, tmp_path: Path) -> None:
    path = tmp_path / "arsip.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("catatan.txt", "bukan dokumen Word")
    refused(cli, project, path, "not a readable .docx file")


def test_zip_bomb_named_docx(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("P1: Kontraknya satu tahun.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":  # 20 MB of spaces in ~20 KB
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * 20_000_000)
            out.writestr(item.filename, data)
    refused(cli, project, path, "not a Word file we can read safely (the entry "
                                "'word/document.xml' unpacks to")


@pytest.mark.parametrize("cells", [("", ""), (" ", "\n")])
def test_empty_table_refused(cli, project, tmp_path: Path, cells: tuple[str, str]) -> None:
    document = docx.Document()
    table(document, [cells, cells, cells])
    document.save(path := tmp_path / "tabel-kosong.docx")
    line = refused(cli, project, path, "no transcript text")
    assert "0 turns" not in line


def test_document_with_only_a_header_refused(cli, project, tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Kop surat saja"
    document.save(path := tmp_path / "kop-saja.docx")
    refused(cli, project, path, "no transcript text")


def test_deleted_text_only_is_empty(tmp_path: Path) -> None:
    document = docx.Document()
    tracked(document, "", "", "semua teks dihapus", "")
    document.save(path := tmp_path / "terhapus.docx")
    with pytest.raises(QualcodeError, match="no transcript text"):
        docx_text(path)
