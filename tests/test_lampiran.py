"""The Word appendix as a thesis supervisor reads it (issue 19): front matter and numbered
parts, one language throughout, no empty sections, long names, and a layout whose words do
not break mid-word."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import export_docx as export
from conftest import file_line
from docx.oxml.ns import qn
from evidence_builder import add_source

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.matrices import theory_matrix
from qualcode.cli.main import main
from qualcode.model import STATUS_ID
from qualcode.reports.wordml import fit_words, word_cm

FRAMEWORKS = ("heideneim", "vcoss", "sulistiyani-org", "sulistiyani-bio")


@pytest.fixture(scope="module")
def sample_copy(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("lampiran") / "sample"
    shutil.copytree(sample_dir, copy)
    return copy


@pytest.fixture(scope="module")
def indonesian(sample_copy: Path) -> docx.document.Document:
    return export(sample_copy, sample_copy.parent / "id.docx", "--lang", "id")


@pytest.fixture(scope="module")
def english(sample_copy: Path) -> docx.document.Document:
    return export(sample_copy, sample_copy.parent / "en.docx")


def running_text(doc) -> str:
    """The document's sentences: its paragraphs outside tables."""
    return "\n".join(p.text for p in doc.paragraphs)


def indicator_ids(project_dir: Path) -> tuple[set[str], set[str]]:
    """The frameworks' indicator ids and their Indonesian labels."""
    from qualcode.store.project import Project

    project = Project.open(project_dir)
    try:
        codes = [c for b in project.store.codebooks() if b.id in FRAMEWORKS for c in b.codes]
        return {c.local_id for c in codes}, {c.label["id"] for c in codes}
    finally:
        project.close()


def test_front_matter_contents_and_numbered_parts(indonesian) -> None:
    paragraphs = [p.text for p in indonesian.paragraphs if p.text.strip()]
    assert paragraphs[:2] == ["LAMPIRAN", "qualcode sample project"]
    assert "Daftar Isi" in paragraphs
    body = indonesian.element.body
    instr = " ".join(body.xpath(".//w:instrText/text()"))
    assert "TOC" in instr  # a field Word fills with page numbers
    settings = indonesian.settings.element
    assert settings.find(qn("w:updateFields")) is not None
    parts = [p.text for p in indonesian.paragraphs if p.style.name == "Heading 1"]
    assert parts[0] == "Lampiran 1. Buku Kode"
    assert [int(re.match(r"Lampiran (\d+)\. ", p)[1]) for p in parts] == list(
        range(1, len(parts) + 1))
    # the contents list every part by the same words before Word updates the field
    for part in parts:
        assert part in paragraphs[paragraphs.index("Daftar Isi"):]


def test_indonesian_throughout(indonesian, sample_copy: Path) -> None:
    said = running_text(indonesian)
    ids, labels = indicator_ids(sample_copy)
    unlabelled = said
    for label in sorted(labels, key=len, reverse=True):  # an id inside a label is the label's
        unlabelled = unlabelled.replace(label, "")
    found = [i for i in ids if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", unlabelled)]
    assert not found, found
    assert re.search(r"Keyakinan 0,\d\d", said) and not re.search(r"Keyakinan 0\.\d\d", said)
    for english_word in ("contradicts", "(contradicts)", "confirmed", "contested"):
        assert english_word not in said
    everything = said + "\n".join(c.text for t in indonesian.tables for r in t.rows
                                  for c in r.cells)
    assert "(contradicts)" not in everything and "(membantah)" in everything
    assert "Putusan" not in everything and "Terbukti" not in everything
    assert "Simpulan" in everything and "Terpenuhi" in everything
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", everything)  # dates in words
    assert re.search(r"\b\d{1,2} (September|Oktober|November) 20\d\d\b", everything)


def test_english_has_no_indonesian_terms(english) -> None:
    everything = running_text(english) + "\n".join(
        c.text for t in english.tables for r in t.rows for c in r.cells)
    for term in (*STATUS_ID.values(), "terpenuhi", "Simpulan", "bukti belum cukup"):
        assert term not in everything, term


def test_no_empty_sections(indonesian) -> None:
    parts = [p.text for p in indonesian.paragraphs if p.style.name == "Heading 1"]
    assert not any(p.endswith("Memo") for p in parts)  # the sample has no memos
    # Banyuasin is coded against VCOSS only: no Heideneim section there, a line saying so
    texts = [p.text for p in indonesian.paragraphs]
    heads = [n for n, p in enumerate(indonesian.paragraphs) if p.style.name == "Heading 1"]
    start = next(n for n in heads if texts[n].endswith("Lokasi penelitian: Banyuasin"))
    banyuasin = texts[start:heads[heads.index(start) + 1]]
    assert "Tingkatan kemitraan menurut Heideneim" not in banyuasin
    assert any(t.startswith("Tidak dikodekan di lokasi ini: ") and "Heideneim" in t
               for t in banyuasin)


def test_long_site_names_and_title_export(project, tmp_path: Path) -> None:
    """Word refuses document properties over 255 characters: nine 60-character site names
    and a 300-character title used to crash the export."""
    sites = [f"Kabupaten {chr(65 + n)}" + "x" * 49 for n in range(9)]
    for site in sites:
        add_source(project, site, "interview", [("A", "heideneim/formal-contract",
                                                 "supports")])
    settings = project.path / "qualcode.yaml"
    title = "Kemitraan BPJS Kesehatan " + "dan pemerintah daerah " * 13
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "name: ", f"name: {title.strip()!r}\n# was: ", 1), encoding="utf-8")
    project.close()
    doc = export(project.path, tmp_path / "long.docx", "--lang", "id")
    props = doc.core_properties
    assert len(props.title) <= 255 and len(props.keywords) <= 255
    assert props.title.endswith("…")
    assert title.strip() in running_text(doc)  # the content is never cut
    assert all(any(site in p.text for p in doc.paragraphs) for site in sites)


def test_columns_hold_their_longest_word() -> None:
    rows = [["Kami diundang rapat.", "P1", "wawancara", "madiun-cadre-agreement-document",
             "20 September 2016"]] * 3
    headers = ["Kutipan", "Informan", "Metode", "Sumber", "Tanggal"]
    widths = fit_words(headers, rows, [5.2, 1.5, 1.5, 4.0, 1.8], 9, tight=False)
    assert sum(widths) == pytest.approx(14.0)
    assert widths[2] >= word_cm("wawancara", 9) + 0.42
    assert widths[4] >= word_cm("September", 9) + 0.42
    # a file name may break after its hyphens: it does not take the quote's room
    assert widths[3] < word_cm("madiun-cadre-agreement-document", 9)


def test_group_rows_stay_with_their_first_excerpt(indonesian) -> None:
    spans = [tr for t in indonesian.tables for tr in t._tbl.tr_lst
             if tr.xpath("./w:tc/w:tcPr/w:gridSpan")]
    assert spans and all(tr.xpath(".//w:keepNext") for tr in spans)


def test_theory_convergence_needs_two_frameworks_with_evidence(project) -> None:
    """A concept coded in one framework only is not 'agreement' between frameworks."""
    add_source(project, "Satu", "interview", [("A", "heideneim/formal-contract", "supports"),
                                              ("B", "heideneim/formal-contract", "supports")])
    books = project.store.codebooks()
    matrix = theory_matrix(EvidenceBase(project.store), "Satu", books)
    row = next(r for r in matrix.concepts
               if "heideneim/formal-contract" in [i["id"] for i in r["indicators"]])
    assert row["convergence"] == "single"


def test_chosen_sections_in_order_with_transcripts_numbered_as_the_files(
        sample_copy: Path, tmp_path: Path) -> None:
    doc = export(sample_copy, tmp_path / "t.docx", "--lang", "id", "--site", "Madiun",
                 "--sections", "transcripts,agreement")
    parts = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert parts == ["Lampiran 1. Transkrip terkode", "Lampiran 2. Kesepakatan antarpengode"]
    from qualcode.store.project import Project

    project = Project.open(sample_copy)
    try:
        text = project.store.source_text("madiun-bpjs-billing-head")
    finally:
        project.close()
    quote = "Hubungannya ya hubungan kemitraan, diikat sama perjanjian kerja sama."
    expected = file_line("madiun-bpjs-billing-head", text, text.index(quote))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    (row,) = [r for r in rows if quote in r[1]]
    assert row[0] == str(expected)  # the line of the transcript file, front matter counted
    assert "Kontrak formal +" in row[2]  # the codes on that line, by label, with their stance
    agreement = next(r for r in rows if r[0] == "Keseluruhan")
    assert re.fullmatch(r"0,\d{3} \[-?\d,\d\d; \d,\d\d\]", agreement[3])  # kappa [95% CI]


def test_figures_are_embedded_with_numbered_captions(indonesian) -> None:
    pictures = indonesian.inline_shapes
    captions = ["".join(p._p.xpath(".//w:t/text()")) for p in indonesian.paragraphs
                if p.text.startswith("Gambar ") and p.style.name == "Caption"]
    assert len(pictures) == len(captions) > 5
    assert [int(re.match(r"Gambar (\d+)\. ", c)[1]) for c in captions] == list(
        range(1, len(captions) + 1))
    assert any("Tingkatan yang dicapai antarlokasi" in c for c in captions)


def test_time_triangulation_when_sources_span_periods(project, tmp_path: Path) -> None:
    """Sources of two months: a time matrix with the months in order, each source's
    evidence under its month; and no author named where none is set."""
    from qualcode.ingest.sources import import_files
    from qualcode.model import NewCoding

    for n, (date, who, stance) in enumerate((("2020-11-03", "A", "supports"),
                                             ("2021-02-10", "B", "contradicts"))):
        path = tmp_path / "t" / f"waktu-{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\nsite: Waktu\nmethod: interview\ndate: {date}\n---\n"
                        f"{who}: Kami punya perjanjian kerja sama tertulis.\n", encoding="utf-8")
        import_files(project, [path])
        text = project.store.source_text(f"waktu-{n}")
        project.store.add_coding(NewCoding(f"waktu-{n}", text.index("Kami"),
                                           len(text.rstrip()), "heideneim/formal-contract",
                                           stance, "ana"))
    project.close()
    doc = export(project.path, tmp_path / "w.docx", "--lang", "id")
    assert "Matriks triangulasi waktu" in [p.text for p in doc.paragraphs]
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    header = next(r for r in rows if "November 2020" in r)
    assert header.index("November 2020") < header.index("Februari 2021")
    (row,) = [r for r in rows if r[0] == "Kontrak formal" and "+1 / −0" in r]
    assert row[header.index("Februari 2021")] == "+0 / −1"
    assert doc.core_properties.author == ""  # no author set, none named


@pytest.mark.parametrize(("args", "message"), [
    (["--docx", "{out}", "--sections", "sites,nothing"], "'sites,nothing': give parts once"),
    (["--docx", "{out}", "--sections", "sites,sites"], "'sites,sites': give parts once"),
    (["--xlsx", "{out}", "--sections", "sites"], "--sections chooses the parts of the Word "
                                                  "appendix: add --docx FILE"),
])
def test_bad_sections(capsys, sample_copy: Path, tmp_path: Path, args: list[str],
                      message: str) -> None:
    out = tmp_path / "x.docx"
    try:
        code = main(["export", str(sample_copy), *[a.replace("{out}", str(out)) for a in args]])
    except SystemExit as exit_:  # argparse's own one line
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_title_page_names_the_author_and_institution_when_set(project, tmp_path: Path) -> None:
    add_source(project, "Sukamaju", "interview", [("A", "heideneim/formal-contract",
                                                   "supports")])
    settings = project.path / "qualcode.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "author: Rina Wulandari\ninstitution: Universitas Airlangga\n",
                        encoding="utf-8")
    project.close()
    doc = export(project.path, tmp_path / "a.docx", "--lang", "id")
    front = [p.text for p in doc.paragraphs[:20] if p.text.strip()]
    assert front[:2] == ["LAMPIRAN", project.settings.name]
    assert "Rina Wulandari" in front and "Universitas Airlangga" in front
    assert front.index("Universitas Airlangga") < front.index("Daftar Isi")
    assert doc.core_properties.author == "Rina Wulandari"
