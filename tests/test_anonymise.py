"""Anonymised exports (issue 19): stored pseudonyms that never renumber, the researcher's own
codes (`qualcode pseudonyms --set`), masking of labels, declared names, names after honorifics
and extra terms in every text an export prints, and `qualcode anonymise --review`."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import snapshot_db, write

from qualcode.errors import QualcodeError
from qualcode.ingest.codings import import_csv
from qualcode.ingest.informants import import_informants
from qualcode.ingest.sources import import_files
from qualcode.reports.masking import Masker, Person
from qualcode.store.project import SETTINGS, Project

LINES = (  # the focus group's dialogue; the codings below code parts of it
    "Moderator: Bagaimana kerja sama dengan BPJS Kesehatan?",
    "K2: Kami di Sukamaju dibina Pak Budi Santoso dari BPJS. Bu Sri yang mencatat, kata Sri "
    "Wahyuni sendiri.",
    "BPJS: Betul, BPJS Kesehatan tahu Sri Wahyuni kader paling aktif. Dananya dari Puskesmas "
    "Kartoharjo, Ibu kota kabupaten jauh.",
    "P1: Kami rapat dengan Mas Agus dan dr. Andi tiap bulan; drainase desa juga dibahas, Pak.",
    "K2: Saya setuju dengan P1, Pak. Menurut Wibowo, H. (2019) kader itu mitra, kata Pak Kades.",
)
FGD = """\
---
title: FGD Kader Desa Sukamaju
site: Lor
method: fgd
informants:
  - id: K2
    role: Kader JKN-KIS Posyandu Melati
    organisation: Posyandu Melati Sukamaju
    group: main
    names: [Sri Wahyuni, Bu Sri]
  - id: BPJS
    role: Staf Penagihan Cabang Lor
    organisation: BPJS Kesehatan Cabang Lor
    group: key
    names: Budi Santoso; Pak Budi
  - id: P1
    role: Kepala Puskesmas Kartoharjo
    group: supporting
---
""" + "\n".join(LINES) + "\n"
INTERVIEW = """\
---
site: Kidul
method: interview
informants:
  - {id: P1, group: key}
  - {id: P2, group: main}
---
Pewawancara: Siapa yang menandatangani kontrak?
P1: Kepala dinas, bersama P2. Kontraknya setahun.
P2: Betul, ditandatangani tiap Januari.
"""


def _codings() -> str:
    rows = [("lor-fgd", "heideneim/task-coordination", LINES[1][4:], "K2 = Sri Wahyuni"),
            ("lor-fgd", "heideneim/formal-contract", LINES[2][6:] + "\n" + LINES[3], ""),
            ("lor-fgd", "heideneim/joint-budget", LINES[4][4:], "Lihat lor-fgd baris 5"),
            ("kidul-interview", "heideneim/formal-contract",
             "Kepala dinas, bersama P2. Kontraknya setahun.", "")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([("source", "code", "quote", "memo"), *rows])
    return out.getvalue()


CODINGS = _codings()
TERMS = """\
anonymise:
  terms:
    Sukamaju: "[desa]"
    Puskesmas Kartoharjo: "[puskesmas]"
    Melati:
"""
# What must not appear anywhere in an anonymised export of the project.
IDENTITIES = ("Sri Wahyuni", "Bu Sri", "Wahyuni", "Budi", "Santoso", "Sukamaju", "Kartoharjo",
              "Agus", "Andi", "Melati", "lor-fgd", "kidul-interview", "Staf Penagihan",
              "Kepala Puskesmas", "FGD Kader")
LABELS = ("K2", "P1", "P2")  # labels that are codes: never shown
# What masking must leave as it is.
SURVIVORS = ("BPJS Kesehatan", "Ibu kota kabupaten", "dibahas, Pak.", "Wibowo, H. (2019)",
             "drainase", "kata Pak Kades", "setuju dengan")


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Project:
    """Two sites (Lor, Kidul): a focus group whose quotes name people, a village and a
    puskesmas, an interview; codings with memos, memos, a reading, extra terms."""
    import_files(project, [write(tmp_path / "t" / "lor-fgd.txt", FGD),
                           write(tmp_path / "t" / "kidul-interview.txt", INTERVIEW)])
    import_csv(project, write(tmp_path / "c.csv", CODINGS))
    store = project.store
    store.add_memo("project", "", "Bu Sri (K2) dan P1 di Sukamaju; lihat lor-fgd.", "peneliti")
    store.add_memo("site", "Lor", "Pak Budi Santoso hadir; BPJS menjelaskan.", "peneliti")
    store.add_memo("source", "lor-fgd", "K2 alias Sri; Posyandu Melati.", "peneliti")
    store.set_reading("Lor", "heideneim/formal-contract", True,
                      "Sri Wahyuni menunjukkan kontrak dari Puskesmas Kartoharjo.", "peneliti")
    settings = project.path / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8") + TERMS, encoding="utf-8")
    path = project.path
    project.close()
    reopened = Project.open(path)
    yield reopened
    reopened.close()


def parts_of(path: Path) -> tuple[str, str]:
    """Every part of a .docx or .xlsx (document, headers, notes, properties, shared strings,
    ...): as stored, and its text without the tags (where P1 is no cell address)."""
    with zipfile.ZipFile(path) as z:
        xml = "\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                        if n.endswith((".xml", ".rels")))
        other = "\n".join(z.read(n).decode("latin-1") for n in z.namelist()
                          if not n.endswith((".xml", ".rels")))  # a thumbnail
    return xml + "\n" + other, re.sub(r"<[^>]+>", " ", xml)


def exported(cli, project: Path, out: Path, *args: str
             ) -> tuple[dict[str, str], dict[str, str]]:
    """Export the Word appendix, the workbook and the CSV files: (every byte as text, the text
    a reader sees) by format."""
    out.mkdir(parents=True, exist_ok=True)
    result = cli("export", project, "--docx", out / "a.docx", "--xlsx", out / "a.xlsx",
                 "--csv", out / "csv", "--anonymise", *args)
    assert result.code == 0, result.err
    files = "\n".join(p.read_text(encoding="utf-8-sig")
                      for p in sorted((out / "csv").iterdir()))
    docx, xlsx = parts_of(out / "a.docx"), parts_of(out / "a.xlsx")
    return ({"docx": docx[0], "xlsx": xlsx[0], "csv": files},
            {"docx": docx[1], "xlsx": xlsx[1], "csv": files})


# ---------------------------------------------------------------------- exports

@pytest.mark.parametrize("lang", ["en", "id"])
def test_no_identity_in_any_part_of_any_export(cli, study: Project, tmp_path: Path,
                                               lang: str) -> None:
    raw, texts = exported(cli, study.path, tmp_path, "--lang", lang)
    unknown = "[name]" if lang == "en" else "[nama]"
    codes = {p.shown(lang) for p in study.store.pseudonyms()}  # K2 is IK2 in English
    for form, text in texts.items():
        for identity in IDENTITIES:
            assert identity not in raw[form] and identity not in text, (form, identity)
        for label in set(LABELS) - codes:
            assert not re.search(rf"(?<![\w-]){label}(?![\w-])", text), (form, label)
        for survivor in SURVIVORS:  # the workbook and CSV list every coding's quote
            assert survivor in text, (form, survivor)
        assert "[desa]" in text and "[puskesmas]" in text
        assert f"Mas {unknown}" in text and f"dr. {unknown}" in text
    key, main, supporting = ("K1", "M1", "SP1") if lang == "en" else ("IK1", "IU1", "IP1")
    tables = texts["csv"]
    # names after an honorific keep it; declared names become the pseudonym
    assert f"dibina Pak {key} dari {key}. Bu {main} yang mencatat, kata {main} sendiri" in tables
    assert f"{supporting}: Kami rapat" in tables  # a speaker label inside a quote
    assert f"Saya setuju dengan {supporting}, Pak." in tables
    assert f"{main} = {main}" in tables  # a coding's memo
    assert "Lihat S1 baris 5" in tables  # a source's name
    assert f"Bu {main} ({main}) dan I? di [desa]; lihat S1." in texts["docx"]  # project memo


def test_the_informants_table_is_ordered_by_pseudonym(cli, study: Project,
                                                      tmp_path: Path) -> None:
    _, texts = exported(cli, study.path, tmp_path, "--lang", "id")
    people = [line.split(",")[:3] for line in
              (tmp_path / "csv" / "informants.csv").read_text(encoding="utf-8-sig").splitlines()]
    assert [row[1] for row in people[1:]] == ["IK1", "IU1", "IP1", "IK2", "IU2"]
    assert "Sri" not in texts["csv"]


def test_pseudonyms_never_renumber_when_data_are_added(cli, study: Project,
                                                       tmp_path: Path) -> None:
    before = json.loads(cli("pseudonyms", study.path, "--json").out)
    assert [(p["site"], p["label"], p["pseudonym"], p["pseudonym_en"]) for p in before] == [
        ("Lor", "K2", "IU1", "M1"), ("Lor", "BPJS", "IK1", "K1"), ("Lor", "P1", "IP1", "SP1"),
        ("Kidul", "P1", "IK2", "K2"), ("Kidul", "P2", "IU2", "M2")]
    # a new key informant at the first site, and an undeclared speaker
    later = ("---\nsite: Lor\nmethod: interview\ninformants:\n  - {id: KAPUS, group: key}\n"
             "---\nPewawancara: Bagaimana?\nKAPUS: Baik.\nKAPUS: Rapat tiap bulan.\n"
             "BIDAN: Ya.\nBIDAN: Betul.\n")
    assert cli("import", study.path, write(tmp_path / "lor-kapus.txt", later)).code == 0
    after = json.loads(cli("pseudonyms", study.path, "--json").out)
    assert [p for p in after if p in before] == before  # listed by site: Lor's first
    assert [(p["label"], p["pseudonym"]) for p in after if p not in before] == [
        ("KAPUS", "IK3"), ("BIDAN", "I1")]
    sources = json.loads(cli("pseudonyms", study.path, "--sources", "--json").out)
    assert sources == [{"source": "lor-fgd", "pseudonym": "S1"},
                       {"source": "kidul-interview", "pseudonym": "S2"},
                       {"source": "lor-kapus", "pseudonym": "S3"}]
    # a source deleted, and the speaker gone with it (no details) keeps the number taken
    assert cli("source", "delete", study.path, "lor-kapus", "--yes").code == 0
    again = ("---\nsite: Lor\ninformants:\n  - {id: DOKTER, group: key}\n---\nDOKTER: Ya.\n"
             "KADER: Ya.\nKADER: Ya.\n")
    assert cli("import", study.path, write(tmp_path / "lor-dokter.txt", again)).code == 0
    listed = {p["label"]: p["pseudonym"] for p in
              json.loads(cli("pseudonyms", study.path, "--site", "Lor", "--json").out)}
    assert "BIDAN" not in listed
    assert (listed["KAPUS"], listed["DOKTER"], listed["KADER"]) == ("IK3", "IK4", "I2")
    assert json.loads(cli("pseudonyms", study.path, "--sources", "--json").out)[-1] == {
        "source": "lor-dokter", "pseudonym": "S4"}


def test_a_label_that_is_a_code_keeps_its_number(project: Project, tmp_path: Path) -> None:
    text = ("---\nsite: Lor\ninformants:\n  - {id: Ani, group: key}\n  - {id: IK1, group: key}\n"
            "  - {id: IU3, group: main}\n---\nAni: Ya.\nIK1: Ya.\nIU3: Ya.\n")
    import_files(project, [write(tmp_path / "a.txt", text)])
    codes = {p.label: p.shown() for p in project.store.assign_pseudonyms()
             if p.kind == "informant"}
    assert codes == {"Ani": "IK2", "IK1": "IK1", "IU3": "IU3"}


def test_a_changed_group_moves_the_default_code(cli, study: Project, tmp_path: Path) -> None:
    assert cli("pseudonyms", study.path).code == 0
    assert cli("source", "set", study.path, "lor-fgd", "--informant", "P1", "--group",
               "key").code == 0
    rows = {p["label"]: p for p in
            json.loads(cli("pseudonyms", study.path, "--site", "Lor", "--json").out)}
    assert (rows["P1"]["pseudonym"], rows["P1"]["was"]) == ("IK3", ["IP1"])
    listed = cli("pseudonyms", study.path, "--site", "Lor").out
    assert re.search(r"Lor\s+P1\s+key\s+IK3\s+K3\s+IP1", listed)
    # IP1 is never given again
    later = ("---\nsite: Kidul\ninformants:\n  - {id: P9, group: supporting}\n---\nP9: Ya.\n")
    assert cli("import", study.path, write(tmp_path / "k.txt", later)).code == 0
    rows = json.loads(cli("pseudonyms", study.path, "--site", "Kidul", "--json").out)
    assert rows[-1]["pseudonym"] == "IP2"


# ---------------------------------------------------------------------- --set

def test_set_a_code_of_ones_own(cli, study: Project, tmp_path: Path) -> None:
    result = cli("pseudonyms", study.path, "--set", "K2=Kader-1", "--set", "BPJS=IK7",
                 "--site", "Lor")
    assert result.code == 0, result.err
    assert "K2 at Lor: IU1 → Kader-1" in result.err and "BPJS at Lor: IK1 → IK7" in result.err
    rows = {p["label"]: p for p in
            json.loads(cli("pseudonyms", study.path, "--site", "Lor", "--json").out)}
    assert (rows["K2"]["pseudonym"], rows["K2"]["pseudonym_en"], rows["K2"]["by_hand"]) == (
        "Kader-1", "Kader-1", True)
    assert rows["P1"]["by_hand"] is False
    _, texts = exported(cli, study.path, tmp_path, "--lang", "en")
    assert "Bu Kader-1 yang mencatat, kata Kader-1 sendiri" in texts["csv"]
    assert "dibina Pak IK7 dari IK7" in texts["csv"]  # verbatim in English too
    # undo takes the whole --set back; the default returns
    assert cli("undo", study.path).code == 0
    rows = {p["label"]: p["pseudonym"] for p in
            json.loads(cli("pseudonyms", study.path, "--site", "Lor", "--json").out)}
    assert rows["K2"] == "IU1" and rows["BPJS"] == "IK1"
    assert cli("redo", study.path).code == 0
    assert cli("pseudonyms", study.path, "--site", "Lor", "--set", "K2=-").code == 0
    rows = {p["label"]: p["pseudonym"] for p in
            json.loads(cli("pseudonyms", study.path, "--site", "Lor", "--json").out)}
    assert rows == {"K2": "IU1", "BPJS": "IK7", "P1": "IP1"}
    assert [e.action for e in study.store.journal()][-4:] == ["pseudonym", "undo", "redo",
                                                              "pseudonym"]


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "P1=IK9"], "informant 'P1' is at Lor and Kidul: say which with --site"),
    (["--set", "K2=IK1"], "IK1 is already the pseudonym of BPJS at Lor, so it cannot be K2 at "
                          "Lor's"),
    (["--set", "K2=K1"], "K1 is already the pseudonym of BPJS at Lor in English exports"),
    (["--set", "K2=S2"], "'S2' cannot be an informant's pseudonym: S1, S2, … name the sources"),
    (["--set", "K2=IK 9"], "'IK 9' cannot be a pseudonym: use one word"),
    (["--set", "K2"], "--set K2: write LABEL=CODE"),
    (["--set", "K2="], "no code after '='"),
    (["--set", "K9=X1"], "no informant 'K9' (labels: BPJS, K2, P1, P2)"),
    (["--site", "Wetan", "--set", "K2=X1"], "no site 'Wetan' (have: Lor, Kidul)"),
    (["--set", "K2=X1", "--set", "BPJS=X1"], "X1 is already the pseudonym of"),
    (["--sources", "--set", "K2=X1"], "--set sets informants' codes"),
])
def test_set_refusals(cli, study: Project, args: list[str], message: str) -> None:
    cli("pseudonyms", study.path)  # assigned
    before = snapshot_db(study)
    result = cli("pseudonyms", study.path, *args)
    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert snapshot_db(study) == before


def test_two_codes_swap_in_one_command(cli, study: Project) -> None:
    result = cli("pseudonyms", study.path, "--site", "Lor", "--set", "K2=IK1", "--set",
                 "BPJS=IU1")
    assert result.code == 0, result.err
    rows = {p.label: (p.shown("id"), p.shown("en")) for p in study.store.pseudonyms()
            if p.site == "Lor"}
    assert rows["K2"] == ("IK1", "IK1") and rows["BPJS"] == ("IU1", "IU1")
    assert cli("undo", study.path).code == 0
    rows = {p.label: p.shown() for p in study.store.pseudonyms() if p.site == "Lor"}
    assert (rows["K2"], rows["BPJS"]) == ("IU1", "IK1")


def test_an_undo_that_would_repeat_a_code_is_refused(cli, study: Project) -> None:
    assert cli("--coder", "ana", "pseudonyms", study.path, "--site", "Lor",
               "--set", "K2=X1").code == 0
    assert cli("--coder", "budi", "pseudonyms", study.path, "--site", "Lor",
               "--set", "BPJS=IU1").code == 0  # K2's default, free while K2 is X1
    result = cli("--coder", "ana", "undo", study.path)
    assert result.code == 1 and "nothing undone" in result.err
    assert {p.label: p.shown() for p in study.store.pseudonyms()
            if p.site == "Lor"}["K2"] == "X1"


def test_renames_keep_the_pseudonyms(cli, study: Project) -> None:
    before = {(p.label, p.shown()) for p in study.store.assign_pseudonyms()}
    assert cli("site", "rename", study.path, "Lor", "Lor Baru").code == 0
    assert cli("source", "rename", study.path, "lor-fgd", "fgd-1").code == 0
    after = study.store.assign_pseudonyms()
    assert {(p.label, p.shown()) for p in after} == {
        ("fgd-1" if label == "lor-fgd" else label, code) for label, code in before}
    assert {p.site for p in after if p.label == "K2"} == {"Lor Baru"}
    assert cli("undo", study.path).code == 0 and cli("undo", study.path).code == 0
    assert {(p.label, p.shown()) for p in study.store.assign_pseudonyms()} == before


# ---------------------------------------------------------------------- --review

def test_review_lists_every_replacement(cli, study: Project) -> None:
    cli("pseudonyms", study.path)
    before = snapshot_db(study)
    result = cli("anonymise", study.path, "--review", "--lang", "id", "--json")
    assert result.code == 0, result.err
    review = json.loads(result.out)
    found = {(r["where"], r["name"], r["original"], r["replacement"], r["kind"])
             for r in review["replacements"]}
    assert {("source", "lor-fgd", "Pak Budi Santoso", "Pak IK1", "honorific"),
            ("source", "lor-fgd", "Bu Sri", "Bu IU1", "honorific"),
            ("source", "lor-fgd", "Sri Wahyuni", "IU1", "name"),
            ("source", "lor-fgd", "Sukamaju", "[desa]", "term"),
            ("source", "lor-fgd", "Puskesmas Kartoharjo", "[puskesmas]", "term"),
            ("source", "lor-fgd", "P1", "IP1", "speaker"),
            ("source", "lor-fgd", "P1", "IP1", "label"),
            ("source", "lor-fgd", "dr. Andi", "dr. [nama]", "honorific"),
            ("source", "kidul-interview", "P2", "IU2", "label")} <= found
    assert ("memo", "1", "P1", "I?", "label") in found  # a project memo: P1 at two sites
    assert any(r[0] == "coding memo" and r[2] == "Sri Wahyuni" for r in found)
    assert ("coding memo", "3", "lor-fgd", "S1", "source") in found
    assert any(r[0] == "reading" and r[2] == "Puskesmas Kartoharjo" for r in found)
    assert not any(r[2] in ("Pak", "BPJS Kesehatan", "Ibu", "Wibowo", "Kades") for r in found)
    pak = next(r for r in review["replacements"] if r["original"] == "Pak Budi Santoso")
    assert pak["line"] == 21  # as the transcript file numbers it (its front matter counted)
    assert pak["context"] == ("…? K2: Kami di Sukamaju dibina Pak Budi "
                                                    "Santoso dari BPJS. Bu Sri yang mencat…")
    counted = review["counts"]
    assert counted == {k: sum(r["kind"] == k for r in review["replacements"]) for k in counted}
    assert sum(counted.values()) == len(review["replacements"])
    assert list(counted.values()) == sorted(counted.values(), reverse=True)
    text = cli("anonymise", study.path, "--review", "--site", "Kidul")
    assert text.code == 0
    assert "source kidul-interview" in text.out and "source lor-fgd" not in text.out
    assert re.search(r"^\d+ replacements: .*label", text.out, re.MULTILINE)
    assert snapshot_db(study) == before  # nothing written


def test_review_needs_review(cli, study: Project) -> None:
    result = cli("anonymise", study.path)
    assert result.code == 1 and "say --review" in result.err


def test_review_on_an_empty_project(cli, tmp_path: Path) -> None:
    assert cli("init", tmp_path / "empty").code == 0
    result = cli("anonymise", tmp_path / "empty", "--review")
    assert result.code == 0 and result.out.startswith("0 replacements")
    assert "no sources yet" in result.err
    listed = cli("pseudonyms", tmp_path / "empty")
    assert listed.code == 0 and "no informants yet" in listed.err


# ---------------------------------------------------------------------- declaring names

def test_names_in_the_informants_sheet(cli, study: Project, tmp_path: Path) -> None:
    sheet = write(tmp_path / "informan.csv",
                  'site,label,names\nKidul,P2,"Rina Marlina ; Bu Rina"\n')
    import_informants(study.store, sheet)
    (p2,) = [i for i in study.store.informants("Kidul")["Kidul"] if i.label == "P2"]
    assert p2.attributes["names"] == "Rina Marlina; Bu Rina" and p2.names == [
        "Rina Marlina", "Bu Rina"]
    # written out by `informants --csv` and read back the same
    out = cli("informants", study.path, "--site", "Kidul", "--csv").out
    assert "Rina Marlina; Bu Rina" in out
    study.store.add_memo("site", "Kidul", "Bu Rina dan Rina Marlina sepakat.", "peneliti")
    _, texts = exported(cli, study.path, tmp_path / "out", "--lang", "id")
    assert "Bu IU2 dan IU2 sepakat." in texts["docx"] and "Rina" not in texts["docx"]


def test_names_declared_later_are_added(project: Project, tmp_path: Path) -> None:
    first = "---\nsite: Lor\ninformants:\n  - {id: K2, names: [Bu Sri]}\n---\nK2: Ya.\n"
    second = ("---\nsite: Lor\ninformants:\n  - {id: K2, names: [Sri Wahyuni, Bu Sri]}\n"
              "---\nK2: Betul.\n")
    import_files(project, [write(tmp_path / "a.txt", first)])
    import_files(project, [write(tmp_path / "b.txt", second)])
    (k2,) = project.store.informants()["Lor"]
    assert k2.names == ["Bu Sri", "Sri Wahyuni"]


def test_bad_names_in_front_matter(project: Project, tmp_path: Path) -> None:
    text = "---\nsite: Lor\ninformants:\n  - id: K2\n    names: {first: Sri}\n---\nK2: Ya.\n"
    path = write(tmp_path / "a.txt", text)
    with pytest.raises(QualcodeError) as caught:
        import_files(project, [path])
    assert str(caught.value) == (f"{path}:5: 'names' of informant 'K2' must be a list of "
                                 "names, e.g. names: [Sri Wahyuni, Bu Sri]")
    assert project.store.sources() == []


@pytest.mark.parametrize(("setting", "message"), [
    ("anonymise: [Sukamaju]\n", "qualcode.yaml:4: 'anonymise' must be a mapping with 'terms'"),
    ("anonymise:\n  terms: Sukamaju\n", "qualcode.yaml:5: 'terms' must be a list of terms or"),
    ("anonymise:\n  words: [Sukamaju]\n", "qualcode.yaml:5: unknown anonymise setting 'words'"),
    ("anonymise:\n  terms:\n    Sukamaju: 3\n", "qualcode.yaml:6: 'Sukamaju' must become a "
                                                 "text"),
    ("anonymise:\n  terms:\n    Sukamaju: x\n    SUKAMAJU: y\n",
     "qualcode.yaml:7: 'SUKAMAJU' is listed twice"),
    ("anonymise:\n  terms: [Sukamaju, 12]\n", "qualcode.yaml:5: a term to mask must be a text"),
])
def test_bad_terms_setting(cli, project: Project, setting: str, message: str) -> None:
    settings = project.path / SETTINGS
    lines = [x for x in settings.read_text(encoding="utf-8").splitlines()
             if not x.startswith("#")]
    assert len(lines) == 2  # name, min_independent
    lines.insert(1, "author: Rina")  # so the setting starts on line 4
    settings.write_text("\n".join(lines) + "\n" + setting, encoding="utf-8")
    result = cli("export", project.path, "--csv", project.path.parent / "out", "--anonymise")
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert message in result.err and str(settings) in result.err
    assert not (project.path.parent / "out").exists()


def test_terms_as_a_plain_list(cli, study: Project, tmp_path: Path) -> None:
    settings = study.path / SETTINGS
    text = settings.read_text(encoding="utf-8").replace(TERMS, "anonymize:\n  terms: "
                                                        "[Sukamaju, Kartoharjo, Melati]\n")
    settings.write_text(text, encoding="utf-8")
    _, texts = exported(cli, study.path, tmp_path)
    assert "Kami di […] dibina" in texts["csv"] and "Puskesmas […]" in texts["csv"]


# ---------------------------------------------------------------------- the rules, alone

def masker(lang: str = "id") -> Masker:
    return Masker([Person("Lor", "K2", "IU1", ("Sri Wahyuni", "Bu Sri")),
                   Person("Lor", "BPJS", "IK1", ("Budi Santoso",)),
                   Person("Lor", "Pak Budi", "IK2"),
                   Person("Lor", "P1", "IP1"), Person("Kidul", "P1", "IK3"),
                   Person("Kidul", "K1", "IT1", ("Sri Rahayu",))],
                  {"lor-fgd": "S1"}, {"Sukamaju": "[desa]", "Puskesmas Kartoharjo": "[pkm]",
                                      "Kartoharjo": "[…]"}, lang)


@pytest.mark.parametrize("text", [
    "BPJS Kesehatan", "Kantor BPJS Kesehatan Cabang Lor", "Ibu kota kabupaten",
    "Terima kasih, Pak.", "Pak", "Santoso, H. (2019) menulis", "H. Wibowo (2020)",
    "Wibowo, H., & Rahayu, S. (2021)", "drainase dr", "saluran drainase", "Bapak Ibu sekalian",
    "Pak Kades dan Bu Bidan", "Pak Sekda", "JKN-KIS", "COVID-19", "BPJS-Kesehatan", "KP1",
    "P10", "p1", "ibu-ibu kader", "Mas, tolong", "Desa Sukamajuan", "K2O", "ke Lor-fgd",
])
def test_words_that_survive(text: str) -> None:
    assert masker().mask(text, "Lor") == text


@pytest.mark.parametrize(("text", "shown"), [
    ("kata BPJS, lalu BPJS.", "kata IK1, lalu IK1."),
    ("K2-nya setuju; P1/K2 hadir", "IU1-nya setuju; IP1/IU1 hadir"),
    ("P1 Kemarin datang", "IP1 Kemarin datang"),  # a code with a digit, always
    ("Bu Sri Wahyuni dan Sri Wahyuni, SRI WAHYUNI", "Bu IU1 dan IU1, IU1"),
    ("Bu Wahyuni datang", "Bu IU1 datang"),  # one word of one person's name
    ("bu Sri bilang", "bu IU1 bilang"),
    ("Pak Budi Santoso, Pak Budi dan Budi Santoso", "Pak IK1, Pak IK2 dan IK1"),
    ("Mas Agus Setiawan Kades", "Mas [nama] Kades"),
    ("Bu Sri Rahayu dan Bu Sri", "Bu IT1 dan Bu IU1"),
    ("dr. Andi dan Hj. Siti Aminah", "dr. [nama] dan Hj. [nama]"),
    ("lalu H. Ahmad datang", "lalu H. [nama] datang"),
    ("di Puskesmas Kartoharjo, Kartoharjo, KARTOHARJO", "di [pkm], […], […]"),
    ("Sukamaju-nya", "[desa]-nya"),
    ("lihat lor-fgd.", "lihat S1."),
])
def test_what_is_masked(text: str, shown: str) -> None:
    assert masker().mask(text, "Lor") == shown


def test_labels_by_site_and_in_project_texts() -> None:
    m = masker("en")
    assert m.mask("P1 dan K1", "Kidul") == "IK3 dan IT1"
    assert m.mask("P1 dan K1", None) == "I? dan IT1"
    assert m.mask("Bu Ani datang", None) == "Bu [name] datang"


def test_a_label_used_as_a_word_is_masked_only_where_it_speaks(project: Project,
                                                              tmp_path: Path) -> None:
    fgd = ("---\nsite: Lor\nmethod: fgd\ninformants:\n  - {id: BPJS, group: key}\n"
           "  - {id: KUP, group: key}\n---\nModerator: Siapa?\nBPJS: Kami dari BPJS, dengan KUP."
           "\nKUP: Ya, BPJS dan KUP.\n")
    document = ("---\nsite: Lor\nmethod: document\n---\nPerjanjian antara Dinas Kesehatan dan "
                "BPJS tahun 2020.\n")
    import_files(project, [write(tmp_path / "fgd.txt", fgd),
                           write(tmp_path / "doc.txt", document)])
    from qualcode.reports.scope import build_scope

    scope = build_scope(project, anonymise=True, lang="id")
    text = project.store.source_text("fgd")
    assert scope.quote("fgd", 0, len(text) - 1) == ("Moderator: Siapa?\nIK1: Kami dari BPJS, "
                                                   "dengan IK2.\nIK2: Ya, BPJS dan IK2.")


def test_a_quote_cut_inside_a_name_shows_no_part_of_it(study: Project) -> None:
    from qualcode.reports.scope import build_scope

    scope = build_scope(study, anonymise=True, lang="id")
    text = study.store.source_text("lor-fgd")
    start = text.index("Wahyuni sendiri")
    assert scope.quote("lor-fgd", start, start + 15) == "IU1 sendiri"
    start = text.index("Budi Santoso")
    assert scope.quote("lor-fgd", start, start + 20) == "Pak IK1 dari IK1"


def test_a_read_only_project_shows_the_codes_it_would_give(study: Project) -> None:
    from qualcode.store.project import DATABASE
    from qualcode.store.sqlite import SQLiteStore, _connect

    path = study.path / DATABASE
    study.close()
    store = SQLiteStore(_connect(path, read_only=True), path, read_only=True)
    try:
        shown = [(p.label, p.shown()) for p in store.assign_pseudonyms()]
        assert shown[:3] == [("K2", "IU1"), ("BPJS", "IK1"), ("P1", "IP1")]
        assert store.pseudonyms() == []  # nothing stored
    finally:
        store.close()
