"""The engine on the sample project and through the CLI (verdict, matrix, compare)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def verdicts(cli, sample_dir):
    result = cli("verdict", sample_dir, "--json")
    assert result.code == 0, result.err
    return {(v["site"], v["framework"]): v for v in json.loads(result.out)}


def test_madiun(verdicts) -> None:
    org = verdicts["Madiun", "sulistiyani-org"]
    assert (org["verdict"], org["status"]) == ("subordinate-union", "decided")
    heideneim = verdicts["Madiun", "heideneim"]
    assert (heideneim["verdict"], heideneim["status"]) == ("partnership", "decided")
    assert {"heideneim/joint-budget", "heideneim/all-members-involved"} & set(
        heideneim["blocking"])
    assert "does not reach 'coalition'" in heideneim["explanation"]
    statuses = {i["id"]: i for i in heideneim["indicators"]}
    assert statuses["heideneim/formal-contract"]["status"] == "confirmed"
    assert len(statuses["heideneim/new-resources"]["methods"]) >= 2


def test_banyuasin_gaps_are_visible(verdicts) -> None:
    v = verdicts["Banyuasin", "vcoss"]
    assert (v["verdict"], v["status"]) == ("partnership", "decided")
    statuses = {i["id"]: i["status"] for i in v["indicators"]}
    for gap in ("vcoss/shared-vision", "vcoss/formal-agreement", "vcoss/role-clarity"):
        assert statuses[gap] in ("contested", "refuted"), gap
        assert gap.split("/")[1] in v["explanation"]
    assert "Gaps (contradicted in part):" in v["explanation"]
    assert "Celah (sebagian dibantah):" in v["explanation_id"]


def test_banyuasin_rests_on_the_studys_readings(verdicts) -> None:
    """The accounts against the MoU, the vision and the roles outnumber those for them; the
    published reading (they concern dissemination and writing down, not existence) is
    recorded as the researcher's readings, and the verdict says it rests on them."""
    v = verdicts["Banyuasin", "vcoss"]
    read = {i["id"]: i["reading"] for i in v["indicators"] if i["reading"]}
    assert sorted(read) == ["vcoss/formal-agreement", "vcoss/role-clarity",
                            "vcoss/shared-vision"]
    assert all(r["established"] and r["coder"] == "sample" for r in read.values())
    assert sorted(o["indicator"] for o in v["overrides"]) == sorted(read)
    assert "It rests on the researcher's reading of formal-agreement" in v["explanation"]
    assert "Bersandar pada pembacaan peneliti" in v["explanation_id"]


def test_kotawaringin_timur_is_decided_with_reasons_or_says_what_is_missing(verdicts) -> None:
    for framework in ("vcoss", "heideneim"):
        v = verdicts["Kotawaringin Timur", framework]
        assert v["status"] in ("decided", "insufficient-evidence")
        if v["status"] == "decided":
            assert v["verdict"] and v["blocking"] and "does not reach" in v["explanation"]
        else:
            assert "missing" in v["explanation"]


def test_uncoded_framework_says_so(verdicts) -> None:
    v = verdicts["Banyuasin", "sulistiyani-bio"]
    assert v["status"] == "insufficient-evidence" and v["verdict"] is None
    assert v["explanation"].startswith("No coded evidence")


def test_matrix_by_informant_groups_and_convergence(cli, sample_dir) -> None:
    result = cli("matrix", sample_dir, "--site", "Banyuasin", "--framework", "vcoss", "--json")
    assert result.code == 0, result.err
    m = json.loads(result.out)
    assert {c["group"] for c in m["columns"]} >= {"BPJS Kesehatan Cabang Palembang"} or len(
        {c["group"] for c in m["columns"]}) >= 4
    rows = {r["indicator"]: r for r in m["rows"]}
    vision = rows["vcoss/shared-vision"]
    assert vision["convergence"] in ("dissonance", "partial agreement")
    assert sum(c["supports"] for c in vision["cells"]) >= 3
    assert rows["vcoss/no-cost"]["convergence"] in ("silence", "none", "agreement")


def test_matrix_csv_and_by_method(cli, sample_dir) -> None:
    result = cli("matrix", sample_dir, "--site", "Madiun", "--framework", "heideneim",
                 "--by", "method", "--csv")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split(",")[:3] == ["indicator", "interview", "observation"] or \
        lines[0].startswith("indicator,interview")
    contract = next(line for line in lines if line.startswith("heideneim/formal-contract"))
    assert "+" in contract and "agreement" in contract


def test_theory_and_investigator_triangulation(cli, sample_dir) -> None:
    theory = json.loads(cli("matrix", sample_dir, "--site", "Madiun", "--by", "theory",
                            "--json").out)
    assert {v["framework"] for v in theory["verdicts"]} >= {"heideneim", "sulistiyani-org"}
    concepts = {c["concept"]: c for c in theory["crosswalk"]}
    assert "formal-agreement" in concepts
    side_by_side = {(v["coder"], v["framework"]): v["verdict"] for v in theory["investigators"]}
    assert side_by_side["sample", "heideneim"] == "partnership"
    assert ("sample-b", "heideneim") in side_by_side
    coders = json.loads(cli("matrix", sample_dir, "--site", "Madiun", "--framework",
                            "heideneim", "--by", "coder", "--json").out)
    assert [c["key"] for c in coders["columns"]] == ["sample", "sample-b"]
    only_b = json.loads(cli("verdict", sample_dir, "--site", "Madiun", "--coders", "sample-b",
                            "--json").out)
    assert {v["framework"] for v in only_b} >= {"heideneim"}


def test_compare_marks_differences(cli, sample_dir) -> None:
    result = cli("compare", sample_dir, "--json")
    assert result.code == 0, result.err
    c = json.loads(result.out)
    assert c["sites"] == ["Banyuasin", "Kotawaringin Timur", "Madiun"] or len(c["sites"]) == 3
    indicators = {i["id"]: i for i in c["indicators"]}
    assert indicators["heideneim/joint-budget"]["differs"] is (
        len(set(indicators["heideneim/joint-budget"]["statuses"].values())) > 1)
    assert any(i["differs"] for i in c["indicators"])
    text = cli("compare", sample_dir, "--framework", "vcoss").out
    assert "≠" in text


def test_unknown_site_and_framework_are_one_line_errors(cli, sample_dir) -> None:
    for args in (("verdict", sample_dir, "--site", "Surabaya"),
                 ("verdict", sample_dir, "--framework", "hogue"),
                 ("matrix", sample_dir, "--site", "Madiun", "--framework", "factors"),
                 ("verdict", sample_dir, "--coders", "nobody")):
        result = cli(*args)
        assert result.code == 1 and len(result.err.strip().splitlines()) == 1, args
        assert "Traceback" not in result.err


def test_memos_on_sites_sources_and_codes(cli, sample) -> None:
    path = sample.path
    sample.close()
    assert cli("memo", path, "Forum rutin, tapi MoU tidak sampai.", "--site", "Banyuasin").code == 0
    assert cli("memo", path, "Catatan kader.", "--source", "madiun-cadre-kota").code == 0
    assert cli("memo", path, "Proyek percontohan.").code == 0
    listed = json.loads(cli("memo", path, "--list", "--json").out)
    assert [(m["about"], m["target"]) for m in listed] == [
        ("site", "Banyuasin"), ("source", "madiun-cadre-kota"), ("project", "")]
    bad = cli("memo", path, "x", "--site", "Surabaya")
    assert bad.code == 1 and "no site 'Surabaya'" in bad.err
    assert len(json.loads(cli("memo", path, "--list", "--json").out)) == 3
