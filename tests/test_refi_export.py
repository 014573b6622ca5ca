"""REFI-QDA export: .qdpx and .qdc files that validate against the REFI XSDs, stable GUIDs, and
what each qualcode object becomes (docs/refi.md)."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import SHARED, snapshot_db
from lxml import etree

from qualcode.exchange.exporter import export_codebook, export_project
from qualcode.exchange.model import SHARED_NAMESPACE
from qualcode.ingest.sample import init_project
from qualcode.model import NewCoding
from qualcode.store.project import Project

REFI = SHARED / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}
CB = {"c": "urn:QDA-XML:codebook:1.0"}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REFI / name)))


def qde(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def add_memos(project: Project) -> None:
    store = project.store
    store.add_memo("project", "", "Catatan proyek: fokus pada kader.", "tim")
    store.add_memo("site", "Madiun", "Madiun: kontrak setahun.\nDiperpanjang.", "ana")
    store.add_memo("source", "madiun-cadre-kota", "Kader kota: wawancara kedua.", "tim")
    store.add_memo("code", "heideneim/formal-contract", "Cek PKS 2019.", "")


@pytest.fixture
def exported(sample: Project, tmp_path: Path) -> tuple[Project, Path]:
    add_memos(sample)
    out = tmp_path / "sample.qdpx"
    export_project(sample, out)
    return sample, out


def test_sample_export_validates_against_the_project_xsd(exported) -> None:
    _, out = exported
    xsd = schema("Project-mrt2019.xsd")
    assert xsd.validate(qde(out)), xsd.error_log


def test_codebook_export_validates_against_the_codebook_xsd(sample: Project,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "codes.qdc"
    count = export_codebook(sample, out, "id")
    xsd = schema("Codebook-mrt2019.xsd")
    root = etree.parse(str(out))
    assert xsd.validate(root), xsd.error_log
    assert count == sum(len(b.codes) for b in sample.store.codebooks())
    names = root.xpath("//c:Code/@name", namespaces=CB)
    assert "Kontrak formal" in names  # --lang id: Indonesian labels


def test_every_coding_is_a_selection_whose_offsets_hold_its_text(exported) -> None:
    project, out = exported
    root = qde(out)
    archive = zipfile.ZipFile(out)
    codings = {(c.source, c.start, c.end, c.code, c.coder): c for c in project.store.codings()}
    code_names = {c.get("guid"): c.get("name")
                  for c in root.iterfind(".//q:CodeBook//q:Code", NS)}
    users = {u.get("guid"): u.get("name") for u in root.iterfind(".//q:User", NS)}
    labels = {c.id: c.label["en"] for b in project.store.codebooks() for c in b.codes}
    seen = 0
    for source in root.iterfind(".//q:TextSource", NS):
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = archive.read(f"sources/{path.removeprefix('internal://')}").decode("utf-8")
        assert text == project.store.source_text(source.get("name"))
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            (coding,) = selection.iterfind("q:Coding", NS)
            code_guid = coding.find("q:CodeRef", NS).get("targetGUID")
            coder = users[coding.get("creatingUser")]
            match = [c for c in codings.values() if (c.source, c.start, c.end, c.coder) ==
                     (source.get("name"), start, end, coder)
                     and labels[c.code] == code_names[code_guid]]
            assert match, (source.get("name"), start, end)
            assert selection.get("name").rstrip(".") in " ".join(text[start:end].split())
            seen += 1
    assert seen == len(codings)


def test_stance_and_memo_go_in_the_selection_description(exported) -> None:
    project, out = exported
    contradicting = next(c for c in project.store.codings() if c.stance == "contradicts"
                         and c.memo)
    root = qde(out)
    selection = next(s for s in root.iterfind(".//q:PlainTextSelection", NS)
                     if int(s.get("startPosition")) == contradicting.start
                     and int(s.get("endPosition")) == contradicting.end
                     and s.findtext("q:Description", namespaces=NS, default="")
                     .startswith("[contradicts]"))
    assert selection.findtext("q:Description", namespaces=NS) == \
        f"[contradicts] {contradicting.memo}"


def test_coders_are_users_and_sites_are_cases_with_verdicts(exported) -> None:
    project, out = exported
    root = qde(out)
    users = [u.get("name") for u in root.iterfind(".//q:User", NS)]
    assert users == project.store.coders() + ["tim", "ana"]
    variables = {v.get("guid"): v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    cases = {c.get("name"): c for c in root.iterfind(".//q:Case", NS)}
    madiun = cases["Madiun"]
    values = {variables[v.find("q:VariableRef", NS).get("targetGUID")]:
              v.findtext("q:TextValue", namespaces=NS)
              for v in madiun.iterfind("q:VariableValue", NS)}
    assert values["verdict: heideneim"] == "partnership"
    refs = {r.get("targetGUID") for r in madiun.iterfind("q:SourceRef", NS)}
    sources = {s.get("guid"): s.get("name") for s in root.iterfind(".//q:TextSource", NS)}
    assert {sources[r] for r in refs} == {s.name for s in project.store.sources()
                                          if s.site == "Madiun"}
    notes = {n.get("guid"): n for n in root.iterfind(".//q:Note", NS)}
    linked = [notes[link.get("originGUID")] for link in root.iterfind(".//q:Link", NS)
              if link.get("targetGUID") == madiun.get("guid")]
    verdict = next(n for n in linked if n.get("name") == "verdict: heideneim")
    assert "Madiun is at the 'partnership' level" in verdict.findtext("q:PlainTextContent",
                                                                       namespaces=NS)
    memo = next(n for n in linked if n.get("name", "").startswith("Memo:"))
    assert memo.findtext("q:PlainTextContent", namespaces=NS) == \
        "Madiun: kontrak setahun.\nDiperpanjang."


def test_informants_are_cases_with_their_attributes(exported) -> None:
    _, out = exported
    root = qde(out)
    variables = {v.get("guid"): v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    case = next(c for c in root.iterfind(".//q:Case", NS) if c.get("name") == "P1 (Madiun)")
    values = {variables[v.find("q:VariableRef", NS).get("targetGUID")]:
              v.findtext("q:TextValue", namespaces=NS)
              for v in case.iterfind("q:VariableValue", NS)}
    assert values == {"site": "Madiun", "informant": "P1",
                      "role": "Kepala Bidang Penagihan dan Keuangan",
                      "organisation": "BPJS Kesehatan Cabang Madiun", "sector": "health",
                      "group": "key"}
    source_variables = {variables[v.find("q:VariableRef", NS).get("targetGUID")]:
                        v.findtext("q:TextValue", namespaces=NS)
                        for s in root.iterfind(".//q:TextSource", NS)
                        if s.get("name") == "madiun-bpjs-billing-head"
                        for v in s.iterfind("q:VariableValue", NS)}
    assert source_variables["method"] == "interview"
    assert source_variables["site"] == "Madiun"
    assert source_variables["date"] == "2020-11-03"


def test_memos_are_notes_referenced_from_their_target(exported) -> None:
    _, out = exported
    root = qde(out)
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", namespaces=NS)
             for n in root.iterfind(".//q:Note", NS)}
    (project_ref,) = root.findall("q:NoteRef", NS)
    assert notes[project_ref.get("targetGUID")] == "Catatan proyek: fokus pada kader."
    source = next(s for s in root.iterfind(".//q:TextSource", NS)
                  if s.get("name") == "madiun-cadre-kota")
    assert [notes[r.get("targetGUID")] for r in source.iterfind("q:NoteRef", NS)] == \
        ["Kader kota: wawancara kedua."]
    code = next(c for c in root.iterfind(".//q:Code", NS) if c.get("name") == "Formal contract")
    assert [notes[r.get("targetGUID")] for r in code.iterfind("q:NoteRef", NS)] == \
        ["Cek PKS 2019."]


def test_codebooks_are_uncodable_parents_and_categories_are_sets(exported) -> None:
    project, out = exported
    root = qde(out)
    top = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    books = [b for b in project.store.codebooks() if b.codes]
    assert [c.get("name") for c in top] == [b.name["en"] for b in books]
    assert {c.get("isCodable") for c in top} == {"false"}
    factors = next(c for c in top if c.get("name") == "Supporting and inhibiting factors")
    child = factors.find("q:Code/q:Code", NS)  # the thematic tree is kept
    assert child is not None and child.get("isCodable") == "true"
    assert all(c.get("color", "").startswith("#") for c in root.iterfind(".//q:Code", NS))
    sets = root.findall("q:Sets/q:Set", NS)
    assert len(sets) == sum(len(b.categories) for b in books if b.is_framework)
    network = next(s for s in sets if s.get("name") == "Heideneim's partnership levels: Network")
    assert "defining: loose-association, no-significant-demands" in \
        network.findtext("q:Description", namespaces=NS)


def test_no_empty_sets_or_sections(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "bare", lambda p: None)
    out = tmp_path / "bare.qdpx"
    export_project(project, out)
    root = qde(out)
    assert [etree.QName(e).localname for e in root] == []
    assert schema("Project-mrt2019.xsd").validate(root)
    project.close()


def test_the_same_project_gives_the_same_file_and_guids_stay(exported, tmp_path: Path) -> None:
    project, first = exported
    again = tmp_path / "again.qdpx"
    export_project(project, again)
    assert first.read_bytes() == again.read_bytes()
    before = set(qde(first).xpath("//@guid"))
    text = project.store.source_text("madiun-cadre-kota")
    project.store.add_coding(NewCoding("madiun-cadre-kota", 0, text.index("\n"),
                                       "factors/supporting", coder="baru"))
    export_project(project, again)
    after = set(qde(again).xpath("//@guid"))
    assert before <= after and len(after - before) >= 3  # selection, coding, user (+ notes)


def test_progress_reports_each_source(sample: Project, tmp_path: Path) -> None:
    calls = []
    export_project(sample, tmp_path / "p.qdpx", progress=lambda done, total: calls.append(
        (done, total)))
    total = len(sample.store.sources()) + 1
    assert calls[0] == (1, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cli_export_and_codebook(cli, sample_dir: Path, tmp_path: Path) -> None:
    run = cli("refi", "export", sample_dir, tmp_path / "s.qdpx")
    assert run.code == 0, run.err
    assert "17 sources" in run.err and (tmp_path / "s.qdpx").is_file()
    run = cli("refi", "codebook", sample_dir, tmp_path / "s.qdc")
    assert run.code == 0 and "codes" in run.err
    assert schema("Codebook-mrt2019.xsd").validate(etree.parse(str(tmp_path / "s.qdc")))


def test_cli_export_to_a_missing_folder_writes_nothing(cli, tmp_path: Path) -> None:
    project = init_project(tmp_path / "p")
    before = snapshot_db(project)
    project.close()
    run = cli("refi", "export", tmp_path / "p", tmp_path / "no" / "such" / "x.qdpx")
    assert run.code == 1
    assert run.err.count("\n") == 1 and "cannot write" in run.err
    assert not (tmp_path / "no").exists()
    with Project.open(tmp_path / "p") as again:
        assert snapshot_db(again) == before


def test_derived_guids_are_uuid5_and_never_change(exported) -> None:
    """Codes' GUIDs are uuid5 of a fixed namespace: the same in every project and release."""
    _, out = exported
    root = qde(out)
    guid = str(uuid.uuid5(SHARED_NAMESPACE, "code:heideneim/formal-contract"))
    assert guid == "994b5113-ce12-5dfb-9e9d-00a43b1e9041"
    (code,) = root.xpath("//q:Code[@guid=$g]", namespaces=NS, g=guid)
    assert code.get("name") == "Formal contract"
