"""The Word appendix (`qualcode export --docx`), read back with python-docx: structure, the
core's figures at their place, Indonesian labels, anonymisation, determinism, bad input."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import export_docx as export
from conftest import file_line, snapshot_db, write
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from evidence_builder import add_source

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.matrices import matrix
from qualcode.analysis.sensitivity import Sensitivities
from qualcode.analysis.verdicts import judge, rests_on
from qualcode.ingest.codings import import_csv
from qualcode.ingest.sources import import_files
from qualcode.model import written_date
from qualcode.reports.build import build_report, report_of
from qualcode.reports.docx import write_appendix
from qualcode.reports.labels import LABELS
from qualcode.reports.scope import build_scope
from qualcode.store.project import Project

QUOTE = "Hubungannya ya hubungan kemitraan, diikat sama perjanjian kerja sama."
QUOTE_SOURCE = "madiun-bpjs-billing-head"


@pytest.fixture(scope="module")
def sample_copy(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("appendix") / "sample"
    shutil.copytree(sample_dir, copy)
    return copy


@pytest.fixture(scope="module")
def english(sample_copy: Path) -> docx.document.Document:
    return export(sample_copy, sample_copy.parent / "en.docx")


@pytest.fixture(scope="module")
def indonesian(sample_copy: Path) -> docx.document.Document:
    return export(sample_copy, sample_copy.parent / "id.docx", "--lang", "id")


@pytest.fixture(scope="module")
def anonymised(sample_copy: Path) -> docx.document.Document:
    return export(sample_copy, sample_copy.parent / "anon.docx", "--anonymise")


def texts_of(element) -> str:
    return "".join(element.xpath(".//w:t/text()"))


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def captioned(doc) -> dict[str, Table]:
    """Every table by its caption, without the 'Table N. ' label."""
    out, caption = {}, None
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p") and element.xpath("./w:pPr/w:pStyle[@w:val='Caption']"):
            caption = re.sub(r"^\S+ \d+\. ", "", texts_of(element))
        elif element.tag == qn("w:tbl"):
            out[caption] = Table(element, doc)
            caption = None
    return out


def rows_of(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def all_text(doc) -> str:
    parts = [texts_of(doc.element.body)]
    for section in doc.sections:
        parts += [texts_of(section.header._element), texts_of(section.footer._element)]
    props = doc.core_properties
    parts += [props.title, props.subject, props.keywords, props.author]
    return "\n".join(parts)


# ---------------------------------------------------------------------- structure

def test_word_structure(english, sample_copy: Path) -> None:
    assert [p.text for p in english.paragraphs if p.style.name == "Title"] == ["APPENDIX"]
    assert headings(english, 1) == [  # the sample has no memos: no empty memo part
        "Appendix 1. Codebook", "Appendix 2. Case site: Banyuasin",
        "Appendix 3. Case site: Kotawaringin Timur", "Appendix 4. Case site: Madiun",
        "Appendix 5. Figures", "Appendix 6. Cross-site comparison",
        "Appendix 7. Inter-coder agreement"]
    assert "Heideneim's partnership levels (heideneim)" in headings(english, 2)
    assert "Verdict summary" in headings(english, 2)
    assert "Theory triangulation" in headings(english, 2)
    assert "Investigator triangulation" in headings(english, 2)
    assert "Source triangulation matrix (informants)" in headings(english, 3)
    assert "Coded excerpts by indicator" in headings(english, 3)
    # one numbered caption per table, numbered 1..N by a SEQ field Word can update
    captions = [p for p in english.element.body.iterchildren()
                if p.tag == qn("w:p") and p.xpath("./w:pPr/w:pStyle[@w:val='Caption']")
                and texts_of(p).startswith("Table ")]  # (figures have their own, below them)
    assert len(captions) == len(english.tables) > 40
    for n, p in enumerate(captions, start=1):
        (field,) = p.xpath("./w:fldSimple")
        assert field.get(qn("w:instr")).split()[:2] == ["SEQ", "Table"]
        assert texts_of(p).startswith(f"Table {n}. ")
    assert {t.style.name for t in english.tables} == {"Table Grid"}
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in english.tables)
    footer = english.sections[0].footer._element
    assert "PAGE" in footer.xpath(".//w:fldSimple/@w:instr")[0]
    orientations = {s.orientation for s in english.sections}
    assert orientations == {WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE}
    for section in english.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        assert (section.page_width > section.page_height) == landscape
    props = english.core_properties
    settings = Project.open(sample_copy)
    assert props.title == "Appendix: qualcode sample project"
    assert props.author == settings.settings.author
    settings.close()


def test_a_known_quote_at_its_place(english, sample_copy: Path) -> None:
    table = captioned(english)["Coded excerpts: Heideneim's partnership levels, Madiun"]
    rows = rows_of(table)
    assert rows[0] == ["Quote", "Informant", "Method", "Source", "Position", "±"]
    group = next(i for i, r in enumerate(rows) if r[0].startswith("Formal contract ("))
    assert rows[group][0] == "Formal contract (formal-contract) — confirmed: 3 for, 0 against"
    block = []
    for row in rows[group + 1:]:
        if len(set(row)) == 1:  # the next indicator's group row spans the table
            break
        block.append(row)
    with Project.open(sample_copy) as project:
        text = project.store.source_text(QUOTE_SOURCE)
    line = file_line(QUOTE_SOURCE, text, text.index(QUOTE))  # as the transcript file says
    assert [QUOTE, "P1", "interview", QUOTE_SOURCE, f"l. {line}", "+"] in block
    assert len(block) == 3


def test_figures_are_the_cores(english, sample_copy: Path) -> None:
    tables = captioned(english)
    with Project.open(sample_copy) as project:
        base = EvidenceBase(project.store, None, project.settings.min_independent)
        book = next(b for b in project.store.codebooks() if b.id == "heideneim")
        verdict = judge(base, "Madiun", book)
        core = matrix(base, "Madiun", book, "informant")
    summary = rows_of(tables["Partnership verdicts at Madiun"])
    row = next(r for r in summary if r[0] == "Heideneim's partnership levels")
    assert row[1] == next(c for c in book.categories if c.id == verdict.verdict).name["en"]
    assert row[2] == f"{verdict.confidence:.2f}"
    assert row[4].split("\n") == [book.code(e.code).label["en"] for e in verdict.blocking]
    paragraphs = [p.text for p in english.paragraphs]
    assert verdict.explanation["en"] in paragraphs
    shown = rows_of(tables["Source triangulation matrix (informants): Heideneim's partnership "
                           "levels, Madiun"])
    assert shown[0][1:-2] == [c.label for c in core.columns]
    for shown_row, core_row in zip(shown[1:], core.rows, strict=True):
        assert shown_row[0] == book.code(core_row.code).label["en"]
        assert shown_row[1:-2] == [c.text for c in core_row.cells]
        assert shown_row[-2] == core_row.status


def test_indonesian_labels(indonesian) -> None:
    assert headings(indonesian, 1) == [
        "Lampiran 1. Buku Kode", "Lampiran 2. Lokasi penelitian: Banyuasin",
        "Lampiran 3. Lokasi penelitian: Kotawaringin Timur",
        "Lampiran 4. Lokasi penelitian: Madiun", "Lampiran 5. Gambar",
        "Lampiran 6. Perbandingan antarlokasi", "Lampiran 7. Kesepakatan antarpengode"]
    assert "Matriks triangulasi sumber (informan)" in headings(indonesian, 3)
    assert "Kutipan terkode per indikator" in headings(indonesian, 3)
    tables = captioned(indonesian)
    assert "Kutipan terkode: Tingkatan kemitraan menurut Heideneim, Madiun" in tables
    excerpt = rows_of(tables["Kutipan terkode: Tingkatan kemitraan menurut Heideneim, Madiun"])
    assert excerpt[0] == ["Kutipan", "Informan", "Metode", "Sumber", "Posisi", "±"]
    assert any(r[2] == "wawancara" and r[4].startswith("baris ") for r in excerpt)
    fields = indonesian.element.body.xpath(".//w:fldSimple/@w:instr")
    assert {tuple(f.split()[:2]) for f in fields} == {("SEQ", "Tabel"), ("SEQ", "Gambar")}
    text = all_text(indonesian)
    assert indonesian.core_properties.title.startswith("Lampiran: ")
    for english_label in ("Table ", "Coded excerpts", "Case site", "Verdict summary",
                          "Triangulation", "How to read"):
        assert english_label not in text


def test_every_label_in_both_languages() -> None:
    for key, texts in LABELS.items():
        assert set(texts) == {"en", "id"} and all(texts.values()), key


# ---------------------------------------------------------------------- readings, sensitivity

READ = ["vcoss/formal-agreement", "vcoss/shared-vision", "vcoss/role-clarity"]  # at Banyuasin
WORDS = {  # what the appendix calls things, in each language
    "en": {"read": "established by the researcher's reading", "sensitivity": "Sensitivity",
           "verdict": "Verdict: ", "robust": "robust", "date": "2025-10-06",
           "summary": "Partnership verdicts at Banyuasin",
           "matrix": "Method triangulation matrix: VCOSS Continuum of Joint Effort, Banyuasin",
           "excerpts": "Coded excerpts: VCOSS Continuum of Joint Effort, Banyuasin",
           "comparison": "Indicator status across sites: VCOSS Continuum of Joint Effort",
           "note": "Reading of {label} ({id}) at Banyuasin: established by the researcher's "
                   "reading. “{rationale}” (sample, 2025-10-06)."},
    "id": {"read": "terpenuhi menurut pembacaan peneliti", "sensitivity": "Kepekaan",
           "verdict": "Simpulan: ", "robust": "tahan uji", "date": "6 Oktober 2025",
           "summary": "Simpulan tipe kemitraan di Banyuasin",
           "matrix": "Matriks triangulasi metode: Kontinum Upaya Bersama (Continuum of Joint "
                     "Effort) VCOSS, Banyuasin",
           "excerpts": "Kutipan terkode: Kontinum Upaya Bersama (Continuum of Joint Effort) "
                       "VCOSS, Banyuasin",
           "comparison": "Status indikator antarlokasi: Kontinum Upaya Bersama (Continuum of "
                         "Joint Effort) VCOSS",
           "note": "Pembacaan atas {label} di Banyuasin: terpenuhi menurut pembacaan "
                   "peneliti. “{rationale}” (sample, 6 Oktober 2025)."},
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_readings_marked_where_the_indicator_is(request, sample_copy: Path, lang: str) -> None:
    doc = request.getfixturevalue("english" if lang == "en" else "indonesian")
    words = WORDS[lang]
    mark = words["read"]
    with Project.open(sample_copy) as project:
        base = EvidenceBase(project.store, None, project.settings.min_independent)
        book = next(b for b in project.store.codebooks() if b.id == "vcoss")
        readings = {r.code: r for r in project.store.readings() if r.site == "Banyuasin"}
    verdict = judge(base, "Banyuasin", book)
    assert [e.code for e in rests_on(verdict)] == READ and sorted(readings) == sorted(READ)
    assert written_date(readings[READ[0]].created_at, lang) == words["date"]

    def label(code: str) -> str:
        return book.code(code).label[lang]

    tables = captioned(doc)
    status = {e.code: LABELS[f"status.{e.status}"][lang] for e in verdict.indicators}
    assert {status[c] for c in READ} == {LABELS["status.contested"][lang]}  # read, not weighed
    # the summary table: the established indicators, the read ones marked
    (row,) = [r for r in rows_of(tables[words["summary"]]) if r[0] == book.name[lang]]
    level = next(lv for lv in verdict.levels if lv.id == verdict.verdict == "partnership")
    assert row[3].split("\n") == [f"{label(e.code)} — {mark}" if e.code in READ
                                   else label(e.code) for e in level.established]
    assert len(level.established) == 6
    # the matrices: the status of a read indicator says so, the others are only their status
    for table in (tables[words["matrix"]], tables[words["matrix"].replace(
            *(("Method triangulation matrix", "Source triangulation matrix (informants)")
              if lang == "en" else ("Matriks triangulasi metode",
                                    "Matriks triangulasi sumber (informan)"))
    )]):
        shown = {r[0]: r[-2] for r in rows_of(table)[1:]}
        for e in verdict.indicators:
            assert shown[label(e.code)] == (f"{status[e.code]}\n{mark}" if e.code in READ
                                            else status[e.code]), e.code
    # the excerpts: each read indicator's group row ends with the mark, no other does
    groups = [r[0] for r in rows_of(tables[words["excerpts"]]) if len(set(r)) == 1]
    marked = [g for g in groups if g.endswith(f"; {mark}")]
    assert [g.split(" (")[0] for g in marked] == [label(c) for c in READ]
    assert len(groups) > len(marked)
    # the cross-site comparison: marked at Banyuasin only
    comparison = {r[0]: r[1:] for r in rows_of(tables[words["comparison"]])}
    for code in READ:
        banyuasin, kotim, madiun, _ = comparison[label(code)]
        assert banyuasin == f"{status[code]}\n{mark}"
        assert mark not in kotim + madiun
    # the rationale, by whom and when, under the tables
    paragraphs = [p.text for p in doc.paragraphs]
    for code in READ:
        note = words["note"].format(label=label(code), id=code.split("/")[1],
                                    rationale=readings[code].rationale)
        assert note in paragraphs
    assert "The MoU on social security" in readings[READ[0]].rationale


@pytest.mark.parametrize("lang", ["en", "id"])
def test_sensitivity_after_every_verdict_line(request, sample_copy: Path, lang: str) -> None:
    doc = request.getfixturevalue("english" if lang == "en" else "indonesian")
    words = WORDS[lang]
    with Project.open(sample_copy) as project:
        base = EvidenceBase(project.store, None, project.settings.min_independent)
        books = [b for b in project.store.codebooks() if b.is_framework]
        weigh = Sensitivities(project.store, base)
    verdicts = [judge(base, site, b) for site in base.sites for b in books]
    expected = {(v.site, v.framework.id): weigh.of(v) for v in verdicts
                if any(e.supports or e.contradicts or e.reading for e in v.indicators)}
    paragraphs = [p.text for p in doc.paragraphs]
    after = [paragraphs[i + 1] for i, p in enumerate(paragraphs)
             if p.startswith(words["verdict"])]
    assert after == [f"{words['sensitivity']}: {s.summary(lang)}." for s in expected.values()]
    banyuasin, madiun = expected["Banyuasin", "vcoss"], expected["Madiun", "heideneim"]
    assert banyuasin.robust and banyuasin.readings == tuple(READ)
    assert not madiun.robust and (madiun.codings, madiun.sources) == (4, 1)
    assert after[list(expected).index(("Banyuasin", "vcoss"))].startswith(
        f"{words['sensitivity']}: {'robust to any single change' if lang == 'en' else 'tahan '}")
    # the summary table's column: robust, or what the verdict rests on
    tables = captioned(doc)
    (row,) = [r for r in rows_of(tables[words["summary"]]) if r[0] == books[-1].name[lang]]
    assert row[-1] == words["robust"]
    madiun_summary = words["summary"].replace("Banyuasin", "Madiun")
    (row,) = [r for r in rows_of(tables[madiun_summary]) if r[0] == books[0].name[lang]]
    assert row[-1] == ("rests on 4 coding(s) and 1 source(s)" if lang == "en" else
                       "bersandar pada 4 koding dan 1 sumber")


def test_sensitivity_and_readings_name_what_the_export_shows(project, tmp_path: Path) -> None:
    """Anonymised, the source a verdict rests on is named by its code, and informant labels in
    a reading's rationale are masked as in memos."""
    partnership = ["heideneim/formal-contract", "heideneim/new-resources",
                   "heideneim/shared-risk-reward"]
    add_source(project, "Solo", "interview",
               [(s, c, "supports") for s in ("A", "B", "C") for c in partnership],
               name="solo-kepala-dinas")
    add_source(project, "Solo", "fgd", [("D", c, "supports") for c in partnership],
               name="solo-fgd")
    project.store.set_reading("Solo", "heideneim/formal-contract", True,
                              "Informant C shows the signed contract.", "ana")
    named = build_report(project, sites=["Solo"], codebooks=["heideneim"])
    (section,) = named.site_sections[0].frameworks
    v = section.judgement
    assert v.sensitivity.startswith("rests on 2 source(s): removing source solo-fgd makes it "
                                    "insufficient-evidence")
    assert (v.pivotal_codings, v.pivotal_sources, v.robust) == (0, 2, False)
    assert v.rests_on == ("heideneim/formal-contract",)
    (read,) = [i for i in section.indicators if i.reading is not None]
    assert (read.reading.established, read.reading.rationale, read.reading.coder) == (
        True, "Informant C shows the signed contract.", "ana")

    scope = build_scope(project, sites=["Solo"], codebooks=["heideneim"], anonymise=True)
    hidden = report_of(scope)
    v = hidden.site_sections[0].frameworks[0].judgement
    shown = scope.names.source("solo-fgd")
    assert shown == "S2"
    assert v.sensitivity.startswith(f"rests on 2 source(s): removing source {shown} makes it")
    code = scope.names.informant("Solo", "C")
    assert f"“Informant {code} shows the signed contract.”" in v.explanation
    write_appendix(hidden, tmp_path / "anon.docx")
    text = all_text(docx.Document(str(tmp_path / "anon.docx")))
    assert f"Sensitivity: rests on 2 source(s): removing source {shown} makes it" in text
    assert (f"Reading of Formal contract (formal-contract) at Solo: established by the "
            f"researcher's reading. “Informant {code} shows the signed contract.” (ana, ") in text
    for identity in ("solo-fgd", "solo-kepala-dinas", "Informant C"):
        assert identity not in text


# ---------------------------------------------------------------------- anonymising

def test_anonymised_sample_shows_no_identities(anonymised, sample_copy: Path) -> None:
    text = all_text(anonymised)
    with Project.open(sample_copy) as project:
        store = project.store
        sources = store.sources()
        turns = store.all_turns()
        texts = store.source_texts()
        informants = [i for people in store.informants().values() for i in people]
        shown = {p.shown("en") for p in store.pseudonyms()}
    body = "\n".join(texts.values())
    for inf in informants:
        opening = sum(t.speaker == inf.label for ts in turns.values() for t in ts)
        if inf.label in shown:  # also someone's pseudonym (K1: Madiun's K1 is T1 here)
            continue
        if len(re.findall(rf"\b{re.escape(inf.label)}\b", body)) == opening:
            # the label occurs only where it opens a turn: it must not appear at all
            assert not re.search(rf"\b{re.escape(inf.label)}\b", text), inf.label
        for field in (inf.role, inf.organisation):
            if field and field not in body:
                assert field not in text, field
    for src in sources:
        assert src.name not in text
        if src.title:
            assert src.title not in text
    assert "Identities are masked" in text
    informant_table = rows_of(captioned(anonymised)["Informants at Madiun"])
    assert informant_table[0] == ["Informant", "Sector", "Group"]
    # their stored pseudonyms, by group (key, main, supporting, triangulation) and numbered
    # across the project, in English exports' prefixes
    codes = [r[0] for r in informant_table[1:]]
    with Project.open(sample_copy) as project:
        stored = {p.label: p.shown("en") for p in project.store.pseudonyms()
                  if p.site == "Madiun"}
    assert codes == ["K8", "M6", "T1", "T2"]
    assert sorted(codes) == sorted(stored.values())


CROSSING = ("---\nsite: Desa\nmethod: fgd\ninformants:\n"
            "  - {id: Bu Sari, role: Kader Posyandu Melati, organisation: Posyandu Melati, "
            "sector: community, group: main}\n"
            "  - {id: Pak Budi, role: Kepala Desa Sukamaju, organisation: Desa Sukamaju}\n"
            "---\n"
            "Moderator: Bagaimana kerja samanya?\n"
            "Bu Sari: Kami rapat tiap bulan dengan puskesmas.\n"
            "[00:02:10] Pak Budi: Betul, dananya dari desa.\n")


@pytest.fixture
def crossing(project, tmp_path: Path) -> Project:
    """A quote that runs over two informants' turns, so a speaker label is inside it."""
    import_files(project, [write(tmp_path / "t" / "desa-fgd.txt", CROSSING)])
    import_csv(project, write(tmp_path / "c.csv", (
        "source,code,quote\n"
        'desa-fgd,heideneim/task-coordination,"Kami rapat tiap bulan dengan puskesmas. '
        '[00:02:10] Pak Budi: Betul, dananya dari desa."\n')))
    return project


def test_anonymised_quote_across_turns(crossing, tmp_path: Path) -> None:
    write_appendix(build_report(crossing, anonymise=True), tmp_path / "anon.docx")
    doc = docx.Document(str(tmp_path / "anon.docx"))
    excerpts = rows_of(captioned(doc)["Coded excerpts: Heideneim's partnership levels, Desa"])
    assert excerpts[2] == ["Kami rapat tiap bulan dengan puskesmas.\n"
                           "[00:02:10] I1: Betul, dananya dari desa.",
                           "M1, I1", "FGD", "S1", "l. 9", "+"]  # the file's line 9
    text = all_text(doc)
    for identity in ("Sari", "Budi", "Posyandu Melati", "Sukamaju", "desa-fgd"):
        assert identity not in text
    assert rows_of(captioned(doc)["Informants at Desa"])[1:] == [
        ["M1", "community", "main"], ["I1", "", ""]]

    write_appendix(build_report(crossing), tmp_path / "named.docx")
    named = rows_of(captioned(docx.Document(str(tmp_path / "named.docx")))[
        "Coded excerpts: Heideneim's partnership levels, Desa"])
    assert named[2][:2] == ["Kami rapat tiap bulan dengan puskesmas.\n"
                            "[00:02:10] Pak Budi: Betul, dananya dari desa.", "Bu Sari, Pak Budi"]


# ---------------------------------------------------------------------- selection, memos

def test_site_and_framework_selection(sample_copy: Path, tmp_path: Path) -> None:
    doc = export(sample_copy, tmp_path / "one.docx", "--site", "Madiun", "--framework",
                 "heideneim", "--framework", "factors")
    assert headings(doc, 1) == ["Appendix 1. Codebook", "Appendix 2. Case site: Madiun",
                                "Appendix 3. Figures", "Appendix 4. Inter-coder agreement"]
    books = [h for h in headings(doc, 2) if h.endswith(")")]
    assert books == ["Heideneim's partnership levels (heideneim)",
                     "Supporting and inhibiting factors (factors)"]
    assert "Coded excerpts: Supporting and inhibiting factors" in headings(doc, 2)
    assert "Theory triangulation" not in headings(doc, 2)  # needs two frameworks
    assert "Banyuasin" not in all_text(doc)


def test_memos(sample, tmp_path: Path) -> None:
    store = sample.store
    store.add_memo("project", "", "Catatan umum\x0c proyek: KUP, P1.", "peneliti")
    store.add_memo("source", QUOTE_SOURCE, "P1 menilai kader sebagai mitra (P10?).",
                   "peneliti")
    store.add_memo("site", "Banyuasin", "Tidak terpilih.", "peneliti")
    scope = build_scope(sample, sites=["Madiun"], anonymise=True)
    write_appendix(report_of(scope), tmp_path / "memo.docx")
    rows = rows_of(captioned(docx.Document(str(tmp_path / "memo.docx")))["Memos"])
    assert rows[0] == ["About", "Author", "Date", "Memo"]
    source_code = scope.names.source(QUOTE_SOURCE)
    assert [r[0] for r in rows[1:]] == ["project", f"source: {source_code}"]
    # the form feed is not XML and is dropped; KUP is one informant, P1 is one per site
    assert rows[1][3] == "Catatan umum proyek: K1, I?."
    assert rows[2][3] == f"{scope.names.informant('Madiun', 'P1')} menilai kader sebagai mitra " \
        "(P10?)."
    assert scope.names.informant("Madiun", "P1") == "K8"


# ---------------------------------------------------------------------- same content, atomic

def test_same_project_same_document(sample_copy: Path, tmp_path: Path) -> None:
    def data(project: Project) -> list:  # all but the pseudonyms an export may assign once
        return [(t, [r for r in rows if "'pseudonyms'" not in r])
                for t, rows in snapshot_db(project) if t != "pseudonyms"]

    with Project.open(sample_copy) as project:
        before = data(project)
    export(sample_copy, tmp_path / "a.docx", "--lang", "id", "--anonymise")
    with Project.open(sample_copy) as project:
        assigned = snapshot_db(project)
    export(sample_copy, tmp_path / "b.docx", "--lang", "id", "--anonymise")
    a, b = zipfile.ZipFile(tmp_path / "a.docx"), zipfile.ZipFile(tmp_path / "b.docx")
    assert a.namelist() == b.namelist()
    for name in a.namelist():
        assert a.read(name) == b.read(name), name
    with Project.open(sample_copy) as project:
        assert data(project) == before
        assert snapshot_db(project) == assigned


def test_progress_and_no_half_written_file(sample, tmp_path: Path) -> None:
    out = tmp_path / "appendix.docx"
    out.write_bytes(b"the previous appendix")
    calls: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def stop_halfway(done: int, total: int) -> None:
        calls.append((done, total))
        if done == total // 2:
            raise Stop

    with pytest.raises(Stop):
        write_appendix(build_report(sample, progress=stop_halfway), out)
    assert out.read_bytes() == b"the previous appendix"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix.docx", "sample"]

    calls.clear()
    write_appendix(build_report(sample, progress=lambda d, t: calls.append((d, t))), out)
    total = calls[-1][1]
    assert calls == [(n, total) for n in range(1, total + 1)]
    assert docx.Document(str(out)).core_properties.title.startswith("Appendix: ")


@pytest.mark.parametrize(("args", "message"), [
    ([], "qualcode: export needs --docx FILE, --xlsx FILE or --csv DIR"),
    (["--docx", "{tmp}/out.docx", "--site", "Jember"],
     "qualcode: no site 'Jember' in {project} (have: Banyuasin, Kotawaringin Timur, Madiun)"),
    (["--docx", "{tmp}/out.docx", "--framework", "hogue"],
     "qualcode: no codebook 'hogue' in {project} (have: heideneim, sulistiyani-bio, "
     "sulistiyani-org, vcoss, dimensions, factors, uhc-themes)"),
    (["--docx", "{tmp}/missing/out.docx"],
     "qualcode: {tmp}/missing/out.docx: cannot write (no directory {tmp}/missing)"),
    (["--docx", "{tmp}"], "qualcode: {tmp}: is a directory"),
    (["--docx", "{tmp}/out.docx", "--xlsx", "{tmp}/missing/out.xlsx"],
     "qualcode: {tmp}/missing/out.xlsx: cannot write (no directory {tmp}/missing)"),
])
def test_bad_input(cli, sample, tmp_path: Path, args: list[str], message: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = snapshot_db(sample)
    fill = {"tmp": str(out_dir), "project": str(sample.path)}
    result = cli("export", sample.path, *[a.format(**fill) for a in args])
    assert result.code == 1
    assert result.err.strip() == message.format(**fill)
    assert list(out_dir.iterdir()) == []
    assert snapshot_db(sample) == before


def test_not_a_project(cli, tmp_path: Path) -> None:
    result = cli("export", tmp_path, "--docx", tmp_path / "out.docx")
    assert result.code == 1
    assert result.err.startswith(f"qualcode: {tmp_path}: not a qualcode project")
    assert not (tmp_path / "out.docx").exists()
