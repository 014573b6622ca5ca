"""REFI-QDA import: the real exports in ../shared/refi-qda/samples, the round trip, and the
dialects other tools write (docs/refi.md)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import SHARED, snapshot_db
from docx import Document
from lxml import etree
from test_refi_export import add_memos

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.verdicts import judge_all
from qualcode.exchange.exporter import export_codebook, export_project
from qualcode.exchange.importer import import_refi
from qualcode.model import Code, Codebook, NewCoding, ParsedSource
from qualcode.store.project import Project

SAMPLES = sorted((SHARED / "refi-qda" / "samples").glob("*.qdpx"))
G = "0000000{}-aaaa-4bbb-8ccc-00000000000{}"  # G.format(kind digit, n): readable test GUIDs


def guid(kind: int, n: int) -> str:
    return G.format(kind, n)


def make_qdpx(path: Path, xml: str | bytes, files: dict[str, str | bytes] | None = None,
              qde: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde, xml)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def project_xml(body: str, origin: str = "TestTool 1.0",
                namespace: str = "urn:QDA-XML:project:1.0") -> str:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Project{xmlns} name="test" origin="{origin}">{body}</Project>')


CODES = (f'<CodeBook><Codes><Code guid="{guid(1, 1)}" name="Trust" isCodable="true" '
         f'color="#aa0000"><Description>Trust between partners</Description>'
         f'<Code guid="{guid(1, 2)}" name="Distrust" isCodable="true"/></Code>'
         f'<Code guid="{guid(1, 3)}" name="Never used" isCodable="true"/></Codes></CodeBook>')
USERS = f'<Users><User guid="{guid(2, 1)}" name="supervisor"/></Users>'


def selection(n: int, start: int, end: int, code: int = 1, name: str = "", inner: str = ""
              ) -> str:
    coding = (f'<Coding guid="{guid(4, n)}" creatingUser="{guid(2, 1)}">'
              f'<CodeRef targetGUID="{guid(1, code)}"/></Coding>') if code else ""
    return (f'<PlainTextSelection guid="{guid(3, n)}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}">{inner}{coding}</PlainTextSelection>')


def coded_texts(project: Project) -> list[tuple[str, str, str]]:
    texts = project.store.source_texts()
    return [(c.source, c.code, texts[c.source][c.start:c.end]) for c in project.store.codings()]


# ---------------------------------------------------------------------- the samples

def _local(root: etree._Element, tag: str) -> list[etree._Element]:
    return root.xpath(f"//*[local-name()='{tag}']")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_imports_with_all_its_sources_codes_and_codings(project: Project,
                                                                     path: Path) -> None:
    result = import_refi(project, path)
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    store = project.store
    recorded = store.refi_guids()
    by_guid = {(kind, g): key for (kind, key), g in recorded.items()}
    # codes: every one, with its name and its parent
    codes = root.xpath("//*[local-name()='CodeBook']//*[local-name()='Code']")
    assert result.codes == len(codes)
    imported = {c.id: c for b in store.codebooks() for c in b.codes}
    for element in codes:
        code = imported[by_guid["code", element.get("guid").lower()]]
        assert code.label["en"] == element.get("name")
        parent = element.getparent()
        if etree.QName(parent).localname == "Code":
            assert code.parent == by_guid["code", parent.get("guid").lower()]
    # sources: every one, with the text the other tool stored
    sources = _local(root, "TextSource")
    assert result.sources == len(sources) == len(store.sources())
    texts = store.source_texts()
    names = {e.filename.lower(): e.filename for e in archive.infolist()}
    expected = []
    for element in sources:
        name = by_guid["source", element.get("guid").lower()]
        path_ = element.get("plainTextPath").removeprefix("internal://")
        raw = archive.read(names[f"sources/{path_}".lower()]).decode("utf-8")
        assert "\r" not in raw and texts[name] == raw
        # codings: every one, and the text at its offsets is what the other tool coded
        for sel in element.xpath("*[local-name()='PlainTextSelection']"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            for coding in sel.xpath("*[local-name()='Coding']"):
                target = coding.xpath("*[local-name()='CodeRef']")[0].get("targetGUID")
                expected.append((name, by_guid["code", target.lower()], raw[start:end]))
    assert result.codings == len(expected)
    assert sorted(coded_texts(project)) == sorted(expected)


def test_qc_selections_hold_the_lines_qc_named(project: Project) -> None:
    """qc names each selection after the (0-based) line it coded."""
    path = next(p for p in SAMPLES if p.stem == "qc-demo")
    import_refi(project, path)
    lines = project.store.source_text("board_2017").split("\n")
    root = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    codings = {(c.start, c.end) for c in project.store.codings("board_2017")}
    selections = _local(root, "PlainTextSelection")
    assert len(selections) == 158
    for element in selections:
        line = int(element.get("name").removeprefix("line:"))
        start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        assert (start, end) in codings
        assert project.store.source_text("board_2017")[start:end] == lines[line] + "\n"
    assert {c.coder for c in project.store.codings()} == {"cp"}
    assert {c.origin for c in project.store.codings()} == {"import"}


def test_maxqda_descriptions_and_colours_come_along(project: Project) -> None:
    result = import_refi(project, next(p for p in SAMPLES if p.stem == "maxqda24"))
    book = next(b for b in project.store.codebooks() if b.id == "refi-maxqda24")
    assert result.codebook == "refi-maxqda24" and book.kind == "thematic"
    code = next(c for c in book.codes if c.label["en"] == "THEME - Affordances")
    assert code.definition == {"en": "This code is applied when a paper includes the idea "
                                     "of affordances."}
    assert code.color == "#ef8256"
    assert code.parent == next(c.id for c in book.codes
                               if c.label["en"] == "Additional Themes and Ideas")
    assert any("set 'ICLS 2024' (5 members) not imported" in w for w in result.warnings)
    assert any("10 files in the archive that no source or note refers to" in w
               for w in result.warnings)


def test_same_names_in_different_branches_get_distinct_ids(project: Project) -> None:
    import_refi(project, next(p for p in SAMPLES if p.stem == "nvivo15-mac"))
    book = next(b for b in project.store.codebooks() if b.id == "refi-nvivo15-mac")
    programming = [c for c in book.codes if c.label["en"] == "programming"]
    assert len(programming) == 2 and len({c.id for c in programming}) == 2
    assert len({c.id for c in book.codes}) == 262


# ---------------------------------------------------------------------- round trips

def _content(project: Project) -> dict:
    store = project.store
    base = EvidenceBase(store)
    return {
        "sources": [(s.name, s.site, s.method, s.title, s.date, s.language, s.informants)
                    for s in store.sources()],
        "texts": store.source_texts(),
        "informants": store.informants(),
        "turns": store.all_turns(),
        "codings": [(c.source, c.start, c.end, c.code, c.stance, c.coder, c.memo, c.created_at)
                    for c in store.codings()],
        "memos": [(m.target_kind, m.target, m.text, m.author, m.created_at, m.updated_at)
                  for m in store.memos()],
        "verdicts": [v.to_json() for v in judge_all(base, store.codebooks())],
    }


def test_round_trip_loses_nothing_and_keeps_guids(sample: Project, project: Project,
                                                  tmp_path: Path) -> None:
    add_memos(sample)
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_project(sample, first)
    result = import_refi(project, first)
    assert result.codes == 0 and result.codebook is None  # the bundled codes, by GUID
    assert result.warnings == [f"{first}: 12 verdicts in the file not imported: qualcode "
                               "computes its own"]
    export_project(project, second)
    a, b = zipfile.ZipFile(first), zipfile.ZipFile(second)
    assert a.namelist() == b.namelist()
    qde_a = a.read("project.qde").decode().replace('name="qualcode sample project"',
                                                   'name="proj"')
    assert b.read("project.qde").decode() == qde_a
    for name in a.namelist()[1:]:
        assert a.read(name) == b.read(name)
    assert _content(project) == _content(sample)


def test_round_trip_into_a_project_without_codebooks_keeps_guids(sample: Project,
                                                                  tmp_path: Path) -> None:
    first, second = tmp_path / "a.qdpx", tmp_path / "c.qdpx"
    export_project(sample, first)
    bare = Project.create(tmp_path / "bare", lambda p: None)
    result = import_refi(bare, first)
    assert result.codes == len(_local(etree.fromstring(zipfile.ZipFile(first).read(
        "project.qde")), "Code"))  # every code, the codebooks' parent codes too
    export_project(bare, second)

    def guids(path: Path) -> set[str]:
        """GUIDs of all but what needs frameworks: their categories' sets and verdicts."""
        root = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
        return {e.get("guid") for e in root.iter() if e.get("guid")
                and etree.QName(e).localname != "Set"
                and not e.get("name", "").startswith("verdict")}

    assert guids(first) == guids(second)
    assert len(bare.store.codings()) == len(sample.store.codings())
    bare.close()


def test_importing_a_file_again_adds_nothing(sample: Project, tmp_path: Path) -> None:
    add_memos(sample)
    out = tmp_path / "a.qdpx"
    export_project(sample, out)
    before = [t for t in snapshot_db(sample) if t[0] != "refi_guids"]
    result = import_refi(sample, out)
    assert (result.sources, result.codings, result.codes, result.memos) == (0, 0, 0, 0)
    assert result.sources_present == 17 and result.codings_present == 403
    assert [t for t in snapshot_db(sample) if t[0] != "refi_guids"] == before


def test_codings_and_codes_made_in_another_tool_come_back(sample: Project,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "shared.qdpx"
    export_project(sample, out)
    archive = zipfile.ZipFile(out)
    root = etree.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    q = "{urn:QDA-XML:project:1.0}"
    etree.SubElement(root.find("q:Users", ns), q + "User", guid=guid(2, 1), name="supervisor")
    factors = next(c for c in root.iterfind("q:CodeBook/q:Codes/q:Code", ns)
                   if c.get("name") == "Supporting and inhibiting factors")
    etree.SubElement(factors, q + "Code", guid=guid(1, 9), name="Rasa percaya",
                     isCodable="true")
    source = next(s for s in root.iterfind(".//q:TextSource", ns)
                  if s.get("name") == "madiun-cadre-kota")
    text = sample.store.source_text("madiun-cadre-kota")
    start = text.index("kader")
    new = etree.fromstring(selection(1, start, start + 5, 9).replace(
        "<PlainTextSelection", f'<PlainTextSelection xmlns="{ns["q"]}"'))
    source.insert(0, new)
    back = make_qdpx(tmp_path / "back.qdpx", etree.tostring(root),
                     {n: archive.read(n) for n in archive.namelist()[1:]})
    result = import_refi(sample, back)
    assert (result.sources, result.codings, result.codes) == (0, 1, 1)
    (coding,) = sample.store.codings(coder="supervisor")
    assert coding.code == "refi-back/rasa-percaya" and coding.origin == "import"
    assert text[coding.start:coding.end] == "kader"


def test_codebook_round_trip(sample: Project, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "codes.qdc"
    export_codebook(sample, out)
    assert import_refi(project, out).codes == 0
    bare = Project.create(tmp_path / "bare", lambda p: None)
    result = import_refi(bare, out)
    assert result.codebook == "refi-codes"
    (book,) = bare.store.codebooks()
    factors = next(c for c in book.codes if c.label["en"] == "Supporting and inhibiting factors")
    children = [c for c in book.codes if c.parent == factors.id]
    assert [c.label["en"] for c in children] == ["Supporting factors", "Inhibiting factors"]
    again = tmp_path / "again.qdc"
    export_codebook(bare, again)
    codes = "//*[local-name()='Code']/@guid"
    assert set(etree.parse(str(out)).xpath(codes)) == set(etree.parse(str(again)).xpath(codes))
    bare.close()


def test_awkward_characters_survive_the_round_trip(tmp_path: Path) -> None:
    """Quotes, ampersands, angle brackets, tabs, CR and control characters in names, texts and
    memos: the file stays valid XML and the import gets them back (control characters, which
    XML cannot carry, are dropped from names and memos; source texts are files, kept whole)."""
    name = 'Desa "A" & <B>\tC'
    text = "P1: Kami & mereka <bersama>\x0b \"setuju\".\n"
    book = Codebook("tema", "thematic", {"en": "Tema & <lain>"}, codes=[
        Code("tema/kerja", "tema", {"en": 'Kerja "sama" & <lain>'})])

    def fill(p: Project) -> None:
        p.store.save_codebooks([book])
        p.store.add_sources([ParsedSource(name, "Desa & Kota", "interview", text)])
        p.store.add_coding(NewCoding(name, 4, 9, "tema/kerja", "contradicts", 'ana "b"',
                                     "memo <1> & \x0c\r\nbaris"))

    first = Project.create(tmp_path / "a", fill)
    out = tmp_path / "a.qdpx"
    export_project(first, out)
    xsd = etree.XMLSchema(etree.parse(str(SHARED / "refi-qda" / "Project-mrt2019.xsd")))
    assert xsd.validate(etree.fromstring(zipfile.ZipFile(out).read("project.qde")))
    second = Project.create(tmp_path / "b", lambda p: None)
    import_refi(second, out)
    (info,) = second.store.sources()
    assert (info.name, info.site) == (name, "Desa & Kota")
    assert second.store.source_text(name) == text
    (coding,) = second.store.codings()
    assert (coding.coder, coding.stance, coding.memo) == ('ana "b"', "contradicts",
                                                          "memo <1> & \r\nbaris")
    labels = [c.label["en"] for b in second.store.codebooks() for c in b.codes]
    assert labels == ["Tema & <lain>", 'Kerja "sama" & <lain>']
    first.close()
    second.close()


# ---------------------------------------------------------------------- dialects

TEXT = "Pewawancara: Apa kabar?\nP1: Kami percaya pada BPJS.\nP1: Tapi datanya kacau.\n"


def _source(body: str, path: str = "internal://s1.txt", name: str = "wawancara",
            n: int = 1) -> str:
    return (f'<Sources><TextSource guid="{guid(5, n)}" name="{name}" plainTextPath="{path}">'
            f'{body}</TextSource></Sources>')


@pytest.mark.parametrize("namespace", ["", "urn:QDA-XML:project:1:0",
                                       "urn:QDA-XML:codebook:1.0"])
def test_namespace_variants(project: Project, tmp_path: Path, namespace: str) -> None:
    start = TEXT.index("Kami")
    xml = project_xml(USERS + CODES + _source(selection(1, start, start + 12)),
                      namespace=namespace)
    path = make_qdpx(tmp_path / "ns.qdpx", xml, {"sources/s1.txt": TEXT})
    result = import_refi(project, path)
    assert coded_texts(project) == [("wawancara", "refi-ns/trust", "Kami percaya")]
    assert result.codes == 3 and project.store.codings()[0].coder == "supervisor"


def test_capital_sources_folder_and_guids_in_braces(project: Project, tmp_path: Path) -> None:
    start = TEXT.index("BPJS")
    body = selection(1, start, start + 4).replace(
        f'targetGUID="{guid(1, 1)}"', f'targetGUID="{{{guid(1, 1).upper()}}}"')
    xml = project_xml(USERS + CODES.replace(f'guid="{guid(1, 1)}"', f'guid="{{{guid(1, 1)}}}"')
                      + _source(body, "internal://S1.TXT"))
    path = make_qdpx(tmp_path / "braces.qdpx", xml, {"Sources/s1.txt": TEXT})
    import_refi(project, path)
    assert coded_texts(project) == [("wawancara", "refi-braces/trust", "BPJS")]
    assert project.store.refi_guids()["code", "refi-braces/trust"] == guid(1, 1)


CRLF = TEXT.replace("\n", "\r\n")


@pytest.mark.parametrize("origin, counted", [
    ("NVivo 14.23 (Windows)", "file"), ("MAXQDA 2022", "file"),
    ("ATLAS.ti for Windows 23.2", "lf")])
def test_crlf_offsets_by_origin(project: Project, tmp_path: Path, origin: str,
                                counted: str) -> None:
    text = CRLF if counted == "file" else TEXT
    start = text.index("Tapi")
    xml = project_xml(USERS + CODES + _source(selection(1, start, start + 19)), origin)
    path = make_qdpx(tmp_path / "crlf.qdpx", xml, {"sources/s1.txt": CRLF})
    import_refi(project, path)
    assert project.store.source_text("wawancara") == TEXT
    assert coded_texts(project) == [("wawancara", "refi-crlf/trust", "Tapi datanya kacau.")]


def test_crlf_offsets_settled_by_the_selections_names(project: Project, tmp_path: Path) -> None:
    """A tool unknown to qualcode that counts a line end as one character, and says so by
    naming selections after their text."""
    starts = [TEXT.index("Kami"), TEXT.index("Tapi")]
    body = selection(1, starts[0], starts[0] + 12, name="Kami percaya") + \
        selection(2, starts[1], starts[1] + 4, name="Tapi")
    xml = project_xml(USERS + CODES + _source(body), "Some QDA tool 2.0")
    path = make_qdpx(tmp_path / "names.qdpx", xml, {"sources/s1.txt": CRLF})
    import_refi(project, path)
    assert [t for _, _, t in coded_texts(project)] == ["Kami percaya", "Tapi"]


def test_docx_source(project: Project, tmp_path: Path) -> None:
    document = Document()
    for line in TEXT.rstrip("\n").split("\n"):
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    start = TEXT.index("datanya")
    xml = project_xml(USERS + CODES + _source(selection(1, start, start + 13),
                                              path="").replace(
        'plainTextPath=""', 'richTextPath="internal://s1.docx"'))
    path = make_qdpx(tmp_path / "docx.qdpx", xml, {"sources/s1.docx": data.getvalue()})
    result = import_refi(project, path)
    assert project.store.source_text("wawancara") == TEXT.rstrip("\n")
    assert coded_texts(project) == [("wawancara", "refi-docx/trust", "datanya kacau")]
    assert any("text read from its .docx" in w for w in result.warnings)


def test_inline_text_codes_without_codings_and_whole_source_codings(project: Project,
                                                                     tmp_path: Path) -> None:
    body = (f"<PlainTextContent>{TEXT}</PlainTextContent>"
            f'<Coding guid="{guid(4, 7)}"><CodeRef targetGUID="{guid(1, 2)}"/></Coding>')
    xml = project_xml(CODES + _source(body))
    result = import_refi(project, make_qdpx(tmp_path / "inline.qdpx", xml))
    assert result.codes == 3  # "Never used" too
    assert coded_texts(project) == [("wawancara", "refi-inline/distrust", TEXT)]
    assert project.store.codings()[0].coder == project.coder


def test_selections_without_codings_become_source_memos(project: Project,
                                                        tmp_path: Path) -> None:
    start = TEXT.index("Kami")
    body = (selection(1, start, start + 12, code=0,
                      inner="<Description>Dikutip di bab 4</Description>")
            + selection(2, 0, 5, code=0))
    xml = project_xml(CODES + _source(body))
    result = import_refi(project, make_qdpx(tmp_path / "sel.qdpx", xml,
                                            {"sources/s1.txt": TEXT}))
    (memo,) = project.store.memos()
    assert (memo.target_kind, memo.target) == ("source", "wawancara")
    assert memo.text == f'[{start}–{start + 12}] "Kami percaya": Dikutip di bab 4'
    assert any("1 selections without codings or notes not imported" in w
               for w in result.warnings)


def test_notes_linked_through_links_and_refs(project: Project, tmp_path: Path) -> None:
    def note(n: int, text: str, name: str = "") -> str:
        return (f'<Note guid="{guid(6, n)}" name="{name}" creatingUser="{guid(2, 1)}" '
                f'creationDateTime="2024-05-01T08:00:00Z"><PlainTextContent>{text}'
                '</PlainTextContent></Note>')

    def link(n: int, origin: str, target: str) -> str:
        return f'<Link guid="{guid(7, n)}" originGUID="{origin}" targetGUID="{target}"/>'

    start = TEXT.index("Kami")
    coded = selection(1, start, start + 12).replace(
        "</Coding>", f'<NoteRef targetGUID="{guid(6, 4)}"/></Coding>')
    cases = (f'<Cases><Case guid="{guid(8, 1)}" name="Desa Maju">'
             f'<SourceRef targetGUID="{guid(5, 1)}"/></Case></Cases>')
    notes = ("<Notes>" + note(1, "Tentang sumber ini") + note(2, "Tentang desa")
             + note(3, "Isi jurnal", "Jurnal lapangan") + note(4, "Memo coding") + "</Notes>")
    links = ("<Links>" + link(1, guid(6, 1), guid(5, 1)) + link(2, guid(8, 1), guid(6, 2))
             + "</Links>")
    xml = project_xml(USERS + CODES + cases + _source(coded) + notes + links)
    import_refi(project, make_qdpx(tmp_path / "notes.qdpx", xml, {"sources/s1.txt": TEXT}))
    memos = {(m.target_kind, m.target): m for m in project.store.memos()}
    assert memos["source", "wawancara"].text == "Tentang sumber ini"
    assert memos["site", "Desa Maju"].text == "Tentang desa"
    assert memos["project", ""].text == "Jurnal lapangan\n\nIsi jurnal"
    assert memos["project", ""].author == "supervisor"
    assert memos["project", ""].created_at == "2024-05-01T08:00:00+00:00"
    assert project.store.codings()[0].memo == "Memo coding"
    assert len(memos) == 3


def test_site_from_case_else_option_else_file_name(project: Project, tmp_path: Path) -> None:
    cases = (f'<Cases><Case guid="{guid(8, 1)}" name="Desa Maju">'
             f'<SourceRef targetGUID="{guid(5, 1)}"/></Case></Cases>')
    two = _source("", name="satu").replace("</Sources>", "") + _source(
        "", "internal://s2.txt", "dua", 2).replace("<Sources>", "")
    xml = project_xml(cases + two)
    files = {"sources/s1.txt": TEXT, "sources/s2.txt": "Catatan."}
    import_refi(project, make_qdpx(tmp_path / "kasus.qdpx", xml, files), site="Desa Lain",
                method="document")
    assert [(s.name, s.site, s.method) for s in project.store.sources()] == [
        ("satu", "Desa Maju", "document"), ("dua", "Desa Lain", "document")]
    import_refi(project, make_qdpx(tmp_path / "tanpa.qdpx", project_xml(
        _source("", name="tiga", n=3)), {"sources/s1.txt": TEXT}))
    assert project.store.source_info("tiga").site == "tanpa"


def test_what_cannot_be_mapped_is_reported(project: Project, tmp_path: Path) -> None:
    variables = (f'<Variables><Variable guid="{guid(9, 1)}" name="gender" '
                 'typeOfVariable="Text"/></Variables>')
    value = (f'<VariableValue><VariableRef targetGUID="{guid(9, 1)}"/>'
             '<TextValue>f</TextValue></VariableValue>')
    cases = f'<Cases><Case guid="{guid(8, 1)}" name="Desa">{value}</Case></Cases>'
    body = (selection(1, 0, 5, code=3) + selection(2, 0, 500) + selection(3, 2, 4)
            .replace(f'"{guid(1, 1)}"', f'"{guid(1, 8)}"'))
    sources = _source(body + value).replace(
        "</Sources>", f'<PictureSource guid="{guid(5, 2)}" name="foto"/></Sources>')
    sets = (f'<Sets><Set guid="{guid(8, 2)}" name="Kelompok">'
            f'<MemberSource targetGUID="{guid(5, 1)}"/></Set></Sets>')
    xml = project_xml(CODES + variables + cases + sources + sets)
    result = import_refi(project, make_qdpx(tmp_path / "lost.qdpx", xml,
                                            {"sources/s1.txt": TEXT}))
    assert result.codings == 1
    warnings = "\n".join(result.warnings)
    for expected in ("case variable 'gender' not imported (1 values)",
                     "source variable 'gender' not imported (1 values)",
                     "1 selections outside their source's text not imported",
                     "1 codings of codes the file does not define not imported",
                     "1 picture source(s) not imported",
                     "set 'Kelompok' (1 members) not imported"):
        assert expected in warnings


def test_the_text_of_a_pdf_source_is_imported(project: Project, tmp_path: Path) -> None:
    start = TEXT.index("Kami")
    representation = _source(selection(1, start, start + 4)).replace(
        "<Sources><TextSource", "<Representation").replace("</TextSource></Sources>",
                                                            "</Representation>")
    pdf = (f'<Sources><PDFSource guid="{guid(5, 9)}" name="laporan" path="internal://l.pdf">'
           f'<PDFSelection guid="{guid(3, 9)}" page="1" firstX="0" firstY="0" secondX="9" '
           f'secondY="9"><Coding guid="{guid(4, 9)}"><CodeRef targetGUID="{guid(1, 1)}"/>'
           f'</Coding></PDFSelection>{representation}</PDFSource></Sources>')
    xml = project_xml(USERS + CODES + pdf)
    result = import_refi(project, make_qdpx(tmp_path / "pdf.qdpx", xml,
                                            {"sources/s1.txt": TEXT, "sources/l.pdf": b"%PDF"}))
    assert coded_texts(project) == [("laporan", "refi-pdf/trust", "Kami")]
    assert "1 codings of PDF areas not imported" in "\n".join(result.warnings)


def test_a_different_source_of_the_same_name_is_renamed(sample: Project, tmp_path: Path
                                                        ) -> None:
    xml = project_xml(_source("", name="madiun-cadre-kota"))
    result = import_refi(sample, make_qdpx(tmp_path / "clash.qdpx", xml,
                                           {"sources/s1.txt": TEXT}))
    assert sample.store.source_text("madiun-cadre-kota (2)") == TEXT
    assert "imported as 'madiun-cadre-kota (2)'" in result.warnings[0]


def test_a_file_outside_the_archive_is_never_read(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia")
    xml = project_xml(_source(selection(1, 0, 3, code=0), path=f"file://{secret}"))
    result = import_refi(project, make_qdpx(tmp_path / "ext.qdpx", xml))
    assert project.store.sources() == []
    assert "refers to a file outside the project file" in result.warnings[0]


def test_progress_reports_each_source(project: Project, tmp_path: Path) -> None:
    calls = []
    import_refi(project, next(p for p in SAMPLES if p.stem == "maxqda24"),
                progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1, 11) and calls[-1] == (11, 11) and len(calls) == 11


def test_cli_import(cli, project: Project, tmp_path: Path) -> None:
    project.close()
    path = next(p for p in SAMPLES if p.stem == "qc-demo")
    run = cli("--coder", "saya", "refi", "import", tmp_path / "proj", path, "--site", "Kota")
    assert run.code == 0, run.err
    assert run.err.strip().endswith(
        "2 sources, 205 codings, 262 new codes (new codes in codebook refi-qc-demo), 0 memos")
    run = cli("refi", "import", tmp_path / "proj", path)
    assert "already in the project: 2 sources, 205 codings" in run.err
    run = cli("sources", tmp_path / "proj", "--json")
    assert '"site": "Kota"' in run.out


def test_bad_options_are_refused_before_anything_is_read(cli, project: Project,
                                                         tmp_path: Path) -> None:
    before = snapshot_db(project)
    project.close()
    path = next(p for p in SAMPLES if p.stem == "qc-demo")
    run = cli("refi", "import", tmp_path / "proj", path, "--method", "survey")
    assert run.code == 1 and run.err == ("qualcode: --method: unknown method 'survey' (use one "
                                         "of: interview, fgd, observation, document)\n")
    with Project.open(tmp_path / "proj") as again:
        assert snapshot_db(again) == before


def test_cli_import_old_order_still_works_with_a_note(cli, project: Project,
                                                      tmp_path: Path) -> None:
    project.close()
    path = next(p for p in SAMPLES if p.stem == "qc-demo")
    run = cli("refi", "import", path, tmp_path / "proj", "--site", "Kota")
    assert run.code == 0, run.err
    assert "'refi import FILE PROJECT' is the old order" in run.err
    assert "2 sources, 205 codings" in run.err


def test_readings_travel_through_refi_and_never_overwrite_the_projects(sample: Project,
                                                                       tmp_path: Path) -> None:
    """A reading goes out as a note on its site's case and comes back as a reading, with its
    coder and time; a project's own reading of the same indicator is kept (with a warning);
    a project without the framework keeps it as a site memo, so nothing is lost."""
    from qualcode.ingest.sample import init_project

    out = tmp_path / "a.qdpx"
    export_project(sample, out)
    fresh = init_project(tmp_path / "fresh")
    import_refi(fresh, out)
    assert fresh.store.readings() == sample.store.readings() and sample.store.readings()
    fresh.close()

    mine = init_project(tmp_path / "mine")
    mine.store.add_sources([ParsedSource("x", "Banyuasin", "document", "Teks.\n")])
    mine.store.set_reading("Banyuasin", "vcoss/role-clarity", False, "my own reading", "ana")
    result = import_refi(mine, out)
    kept = {r.code: r for r in mine.store.readings()}
    assert kept["vcoss/role-clarity"].rationale == "my own reading"
    assert len(kept) == 3
    assert any("differs from the project's" in w for w in result.warnings)
    mine.close()

    bare = Project.create(tmp_path / "bare", lambda p: None)
    import_refi(bare, out)
    assert bare.store.readings() == []
    memos = [m.text for m in bare.store.memos() if m.target_kind == "site"]
    assert sum(m.startswith("reading: vcoss/") for m in memos) == 3
    bare.close()
