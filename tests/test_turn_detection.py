"""Turn detection that does not invent people: header blocks, once-only labels, labels with
spaces, generic labels across sources, folders imported whole."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import snapshot_db, write

from qualcode.ingest.transcripts import header_date, read_transcript

HEADER = """Hari/Tanggal: Senin, 3 Mei 2021
Waktu: 09.00 - 10.15 WIB
Lokasi: Kantor Dinas Sosial
Informan: Kepala Seksi Jaminan Sosial

Pewawancara: Selamat pagi, Bu. Bagaimana peran Dinas Sosial?
Informan: Kami verifikasi data PBI tiap bulan.
Catatan: informan menunjukkan SK.
Pewawancara: Ada perjanjian tertulis?
Informan: Ada, PKS dengan BPJS sejak 2019.
Bu Sri: Saya tambahkan, Pak.
"""


def test_header_block_is_metadata_not_speakers(tmp_path: Path) -> None:
    src = read_transcript(write(tmp_path / "dinsos.txt", "---\nsite: Madiun\n---\n" + HEADER))
    assert src.metadata == {"Hari/Tanggal": "Senin, 3 Mei 2021", "Waktu": "09.00 - 10.15 WIB",
                            "Lokasi": "Kantor Dinas Sosial",
                            "Informan": "Kepala Seksi Jaminan Sosial"}
    assert [t.speaker for t in src.turns] == ["Pewawancara", "Informan", "Pewawancara",
                                              "Informan"]
    assert [i.label for i in src.informants] == ["Informan"]
    assert src.date == "2021-05-03"  # from the header, when the front matter has none
    # "Catatan:" stays inside the answer, "Bu Sri:" inside the last one
    text = src.text
    first_answer = src.turns[1]
    assert text[first_answer.start:first_answer.end].endswith("Catatan: informan menunjukkan SK.")
    assert text[src.turns[3].start:src.turns[3].end].endswith("Bu Sri: Saya tambahkan, Pak.")
    path = tmp_path / "dinsos.txt"
    assert src.warnings == [
        f"{path}: 'Hari/Tanggal', 'Waktu', 'Lokasi', 'Informan' read as metadata (the header "
        "block), not speakers",
        f"{path}:11: 'Catatan:' read as text, not a speaker: it opens only one line; declare it "
        "under 'informants' if it is a speaker",
        f"{path}:14: 'Bu Sri:' read as text, not a speaker: a label with spaces or '/' is a "
        "speaker only when declared under 'informants'"]


def test_declared_labels_with_spaces_speak(tmp_path: Path) -> None:
    text = ("---\nsite: Madiun\ninformants:\n  - id: Bu Sri\n---\n"
            "Pewawancara: Bagaimana, Bu?\nBu Sri: Kami kader.\n")
    src = read_transcript(write(tmp_path / "sri.txt", text))
    assert [t.speaker for t in src.turns] == ["Pewawancara", "Bu Sri"]
    assert src.warnings == [] and src.metadata == {}


def test_a_label_that_only_answers_once_is_a_guess_reported(tmp_path: Path) -> None:
    text = "---\nsite: Madiun\n---\nPewawancara: Bagaimana?\nK7: Baik.\n"
    src = read_transcript(write(tmp_path / "k7.txt", text))
    assert [t.speaker for t in src.turns] == ["Pewawancara", "K7"]
    assert src.warnings == [f"{tmp_path / 'k7.txt'}:5: 'K7:' opens only one line; read as a "
                            "speaker since it answers the researcher (declare it under "
                            "'informants' to be sure)"]


def test_no_header_when_the_dialogue_starts_at_once(tmp_path: Path) -> None:
    text = "---\nsite: Madiun\n---\nP1: Sejak 2017.\nPewawancara: Lalu?\nP1: Diperpanjang.\n"
    src = read_transcript(write(tmp_path / "p1.txt", text))
    assert [t.speaker for t in src.turns] == ["P1", "Pewawancara", "P1"]
    assert src.metadata == {} and src.warnings == []


def test_notes_and_documents_warn_about_nothing(tmp_path: Path) -> None:
    text = ("---\nsite: Madiun\nmethod: observation\n---\nLokasi: Desa Sukorejo\n"
            "Catatan: kader berkunjung ke rumah peserta.\n")
    src = read_transcript(write(tmp_path / "obs.txt", text))
    assert src.turns == [] and src.metadata == {"Lokasi": "Desa Sukorejo",
                                                "Catatan": "kader berkunjung ke rumah peserta."}
    assert src.warnings == [f"{tmp_path / 'obs.txt'}: 'Lokasi', 'Catatan' read as metadata "
                            "(the header block), not speakers"]


def test_header_dates_read_the_indonesian_way() -> None:
    assert header_date({"Hari/Tanggal": "Kamis, 12 Agustus 2021"}) == "2021-08-12"
    assert header_date({"Tanggal": "03/05/2021"}) == "2021-05-03"
    assert header_date({"Date": "2021-05-03"}) == "2021-05-03"
    assert header_date({"Tgl": "5 Nop. 2020"}) == "2020-11-05"
    assert header_date({"Waktu": "3 Mei 2021"}) == ""  # not a date field
    assert header_date({"Tanggal": "bulan depan"}) == ""


def test_generic_label_in_two_sources_of_a_site_is_warned(cli, project, tmp_path: Path) -> None:
    body = "---\nsite: Madiun\n---\nPewawancara: Bagaimana?\nInforman: Baik.\n" \
           "Pewawancara: Lalu?\nInforman: Lanjut.\n"
    first = write(tmp_path / "a.txt", body)
    second = write(tmp_path / "b.txt", body)
    assert cli("import", project.path, first).code == 0
    result = cli("import", project.path, second)
    assert result.code == 0
    assert (f"qualcode: warning: {second}: 'Informan' also speaks in a at Madiun; qualcode "
            "counts one label at one site as one person") in result.err
    other_site = write(tmp_path / "c.txt", body.replace("Madiun", "Banyuasin"))
    assert "also speaks" not in cli("import", project.path, other_site).err


def test_import_a_folder_with_sidecars_all_or_nothing(cli, project, tmp_path: Path) -> None:
    folder = tmp_path / "lapangan"
    write(folder / "madiun" / "k1.txt", "---\nsite: Madiun\n---\nPewawancara: A?\nK1: B.\n")
    write(folder / "madiun" / "obs.md", "---\nsite: Madiun\nmethod: observation\n---\nCatatan.\n")
    write(folder / "rapat.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bu Ani>Halo.\n")
    write(folder / "rapat.meta.yaml", "site: Banyuasin\nmethod: fgd\n")
    write(folder / "foto.jpg", "x")
    write(folder / ".DS_Store", "x")
    result = cli("import", project.path, folder)
    assert result.code == 0, result.err
    assert {s["name"]: s["site"] for s in json.loads(cli("sources", project.path, "--json").out)
            } == {"k1": "Madiun", "obs": "Madiun", "rapat": "Banyuasin"}
    assert (f"skipped 1 file that is not a transcript: {folder / 'foto.jpg'}") in result.err

    # one bad file in a folder: nothing from the folder is imported
    again = tmp_path / "again"
    write(again / "x1.txt", "---\nsite: Madiun\n---\nPewawancara: A?\nK1: B.\n")
    write(again / "x2.txt", "---\nsite: Madiun\nmethod: wawancara\n---\nPewawancara: A?\n")
    before = snapshot_db(project)
    bad = cli("import", project.path, again)
    assert bad.code == 1 and "Traceback" not in bad.err
    assert bad.err.strip() == (f"qualcode: {again / 'x2.txt'}:3: unknown method 'wawancara' "
                               "(use one of: interview, fgd, observation, document)")
    assert snapshot_db(project) == before


def test_a_folder_without_transcripts_is_refused(cli, project, tmp_path: Path) -> None:
    write(tmp_path / "foto" / "a.jpg", "x")
    (tmp_path / "kosong").mkdir()
    for folder, message in ((tmp_path / "foto", "no transcript files in this folder"),
                            (tmp_path / "kosong", "empty folder, nothing to import")):
        result = cli("import", project.path, folder)
        assert result.code == 1
        assert result.err.strip().startswith(f"qualcode: {folder}: {message}")


def test_sources_json_shows_the_header_block(cli, project, tmp_path: Path) -> None:
    path = write(tmp_path / "dinsos.txt", "---\nsite: Madiun\n---\n" + HEADER)
    assert cli("import", project.path, path).code == 0
    (source,) = json.loads(cli("sources", project.path, "--json").out)
    assert source["metadata"]["Lokasi"] == "Kantor Dinas Sosial"
    assert source["informants"] == ["Informan"] and source["date"] == "2021-05-03"


def test_timestamped_labels_speak_even_with_spaces(tmp_path: Path) -> None:
    text = ("---\nsite: Madiun\nmethod: fgd\n---\n[00:00:05] Speaker 1: Selamat pagi.\n"
            "[00:00:09] Bu Ani: Pagi.\nLokasi: tertulis di papan.\n")
    src = read_transcript(write(tmp_path / "fgd.txt", text))
    assert [t.speaker for t in src.turns] == ["Speaker 1", "Bu Ani"]
    assert [i.label for i in src.informants] == ["Speaker 1", "Bu Ani"]


def test_a_title_above_the_header_block(tmp_path: Path) -> None:
    text = "---\nsite: Madiun\n---\nTRANSKRIP WAWANCARA\nPenelitian Kemitraan JKN\n\n" + HEADER
    src = read_transcript(write(tmp_path / "judul.txt", text))
    assert list(src.metadata) == ["Hari/Tanggal", "Waktu", "Lokasi", "Informan"]
    assert [t.speaker for t in src.turns][:2] == ["Pewawancara", "Informan"]
