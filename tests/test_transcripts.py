"""Transcript import: every format, encodings, turns, informants, offsets."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import write

from qualcode.ingest.sources import import_files
from qualcode.ingest.transcripts import Options, read_transcript

INTERVIEW = """---
title: Wawancara Kepala Bidang Penagihan
site: Madiun
method: interview
date: 2020-11-03
language: id
informants:
  - id: P1
    role: Kepala Bidang Penagihan dan Keuangan
    organisation: BPJS Kesehatan Cabang Madiun
    sector: health
    group: key
---
Pewawancara: Sejak kapan Bapak menangani program kader?
P1: Sejak 2017. Kontraknya satu tahun,
diperpanjang berdasarkan evaluasi kinerja.
[00:04:12] K2: Fee kami ditentukan dari BPJS, kami tidak ikut menentukan.
"""

FGD = """---
title: FGD lintas sektor
site: Kotawaringin Timur
method: fgd
date: 2025-03-10
informants:
  - {id: DINSOS, role: Kepala Bidang, organisation: Dinas Sosial, group: key}
  - {id: DINKES, role: Kepala Seksi, organisation: Dinas Kesehatan, group: key}
  - {id: DUKCAPIL, role: Kepala Seksi, organisation: Disdukcapil, group: main}
  - {id: BPJS, role: Kepala Bagian, organisation: BPJS Kesehatan, group: main}
  - {id: BAPPEDA, role: Analis, organisation: Bappeda, group: supporting}
---
[00:00:05] Moderator: Selamat pagi, kita mulai ya.
[00:01:10] DINSOS: Data DTKS kami verifikasi tiap tiga bulan.
[00:02:00] DINKES: Anggaran PBPU-BP Pemda naik terus.
[00:02:45] DUKCAPIL: NIK yang tidak valid masih banyak.
(00:03:30) BPJS: Kami cocokkan data kepesertaan tiap bulan.
[00:04:15] BAPPEDA: Ruang fiskal kita terbatas, Pak.
Jadi harus hati-hati.
[00:05:00] Moderator: Terima kasih.
"""


def test_text_front_matter_turns_and_informants(tmp_path: Path) -> None:
    src = read_transcript(write(tmp_path / "madiun-p1.txt", INTERVIEW))
    assert (src.name, src.site, src.method, src.date, src.language) == (
        "madiun-p1", "Madiun", "interview", "2020-11-03", "id")
    assert src.text.startswith("Pewawancara: Sejak kapan")
    assert [(t.speaker, t.is_researcher, t.timestamp) for t in src.turns] == [
        ("Pewawancara", True, None), ("P1", False, None), ("K2", False, "00:04:12")]
    p1 = src.turns[1]
    assert src.text[p1.start:p1.end] == (
        "P1: Sejak 2017. Kontraknya satu tahun,\ndiperpanjang berdasarkan evaluasi kinerja.")
    # K2 speaks but is not declared: still an informant, attributes unknown
    assert [(i.label, i.organisation) for i in src.informants] == [
        ("P1", "BPJS Kesehatan Cabang Madiun"), ("K2", "")]


def test_fgd_with_five_speakers_and_timestamps(project, tmp_path: Path) -> None:
    import_files(project, [write(tmp_path / "kotim-fgd.txt", FGD)])
    turns = project.store.turns("kotim-fgd")
    speakers = [t.speaker for t in turns if not t.is_researcher]
    assert speakers == ["DINSOS", "DINKES", "DUKCAPIL", "BPJS", "BAPPEDA"]
    assert [t.timestamp for t in turns][:5] == [
        "00:00:05", "00:01:10", "00:02:00", "00:02:45", "00:03:30"]
    text = project.store.source_text("kotim-fgd")
    bappeda = turns[5]
    assert text[bappeda.start:bappeda.end].endswith("Jadi harus hati-hati.")
    info = project.store.source_info("kotim-fgd")
    assert info.method == "fgd" and len(info.informants) == 5


def test_docx_with_sidecar(project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pewawancara: Bagaimana koordinasi dengan Dinsos?")
    document.add_paragraph("DS1: Kami rapat tiap triwulan di forum.")
    document.add_paragraph("Biayanya ditanggung BPJS.")
    path = tmp_path / "banyuasin-dinsos.docx"
    document.save(str(path))
    write(tmp_path / "banyuasin-dinsos.meta.yaml",
          "site: Banyuasin\nmethod: interview\ninformants:\n  - id: DS1\n"
          "    organisation: Dinas Sosial\n")
    (src,) = import_files(project, [path])
    assert src.site == "Banyuasin"
    assert src.text == ("Pewawancara: Bagaimana koordinasi dengan Dinsos?\n"
                        "DS1: Kami rapat tiap triwulan di forum.\nBiayanya ditanggung BPJS.\n")
    assert [t.speaker for t in src.turns] == ["Pewawancara", "DS1"]
    assert project.store.informants("Banyuasin")["Banyuasin"][0].organisation == "Dinas Sosial"


def test_docx_options_override_missing_metadata(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Catatan lapangan hari pertama.")
    path = tmp_path / "obs.docx"
    document.save(str(path))
    src = read_transcript(path, Options(site="Madiun", method="observation"))
    assert (src.site, src.method, src.turns) == ("Madiun", "observation", [])


def test_vtt_cues_become_turns(tmp_path: Path) -> None:
    vtt = ("WEBVTT\n\nNOTE recorded on a phone\n\n1\n00:00:01.000 --> 00:00:04.000\n"
           "<v Moderator>Silakan, Bu.</v>\n\n00:01:02.500 --> 00:01:09.000\n"
           "<v DINSOS>Datanya kami perbarui\ntiap tiga bulan.</v>\n\n"
           "01:00:00.000 --> 01:00:03.000\nBPJS: Setuju.\n")
    path = write(tmp_path / "kotim-rekaman.vtt", vtt)
    write(tmp_path / "kotim-rekaman.meta.yaml", "site: Kotawaringin Timur\nmethod: fgd\n")
    src = read_transcript(path)
    assert src.text.splitlines() == [
        "[00:00:01] Moderator: Silakan, Bu.",
        "[00:01:02] DINSOS: Datanya kami perbarui tiap tiga bulan.",
        "[01:00:00] BPJS: Setuju."]
    assert [(t.speaker, t.is_researcher, t.timestamp) for t in src.turns] == [
        ("Moderator", True, "00:00:01"), ("DINSOS", False, "00:01:02"),
        ("BPJS", False, "01:00:00")]


def test_srt(tmp_path: Path) -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nQ: Apa kabar?\n\n2\n00:00:03,000 --> " \
          "00:00:05,000\nK1: Baik, Mbak.\n"
    src = read_transcript(write(tmp_path / "x.srt", srt), Options(site="Madiun"))
    assert [t.speaker for t in src.turns] == ["Q", "K1"]
    assert src.turns[0].is_researcher


def test_crlf_windows_1252_with_warning(project, tmp_path: Path) -> None:
    text = "---\nsite: Banyuasin\nmethod: document\n---\nNota dinas \u2013 \u201cMoU\u201d " \
           "belum diterima.\nBaris kedua.\n"
    path = write(tmp_path / "nota.txt", text, encoding="cp1252", newline="\r\n")
    (src,) = import_files(project, [path])
    assert src.text == "Nota dinas \u2013 \u201cMoU\u201d belum diterima.\nBaris kedua.\n"
    assert "\r" not in project.store.source_text("nota")
    assert any("Windows-1252" in w for w in src.warnings)


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff---\nsite: Madiun\n---\nP1: Halo.\n".encode())
    src = read_transcript(path)
    assert src.site == "Madiun" and src.text == "P1: Halo.\n"


def test_observation_labels_are_not_speakers(tmp_path: Path) -> None:
    text = ("---\nsite: Madiun\nmethod: observation\n---\nCatatan: kader datang pukul 09.00.\n"
            "Pewawancara: Ibu sudah bayar?\nWarga menjawab belum.\n")
    src = read_transcript(write(tmp_path / "obs.txt", text))
    assert [t.speaker for t in src.turns] == ["Pewawancara"]
    assert src.informants == []


def test_declared_researcher_label(tmp_path: Path) -> None:
    text = "---\nsite: Madiun\nresearchers: [Tim]\n---\nTim: Pertanyaan.\nP1: Jawaban.\n"
    src = read_transcript(write(tmp_path / "r.txt", text))
    assert [(t.speaker, t.is_researcher) for t in src.turns] == [("Tim", True), ("P1", False)]


def test_command_line_options_override_front_matter(tmp_path: Path) -> None:
    src = read_transcript(write(tmp_path / "m.txt", INTERVIEW),
                          Options(site="Ngawi", method="fgd", language="en"))
    assert (src.site, src.method, src.language) == ("Ngawi", "fgd", "en")


def test_offsets_are_code_points_with_emoji_and_combining_marks(project, tmp_path: Path,
                                                                cli) -> None:
    # "e" + combining acute (2 code points), an emoji outside the BMP (1 code point)
    body = "P1: Kade\u0301r \U0001F600 datang. Iuran dibayar lunas.\n"
    path = write(tmp_path / "emoji.txt", "---\nsite: Madiun\n---\n" + body)
    import_files(project, [path])
    text = project.store.source_text("emoji")
    start = text.index("Iuran")
    assert start == len("P1: Kade\u0301r \U0001F600 datang. ") == 21
    csv_path = write(tmp_path / "c.csv", "source,code,quote\n"
                     "emoji,heideneim/new-resources,Iuran dibayar lunas.\n"
                     "emoji,heideneim/loose-association,Kade\u0301r \U0001F600\n")
    project.close()
    assert cli("codings", "import", project.path, csv_path).code == 0
    out = tmp_path / "out.csv"
    assert cli("codings", "export", project.path, "-o", out).code == 0
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    spans = {r["quote"]: (int(r["start"]), int(r["end"])) for r in rows}
    assert spans["Iuran dibayar lunas."] == (21, 41)
    assert spans["Kade\u0301r \U0001F600"] == (4, 12)
