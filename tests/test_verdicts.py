"""Verdict rules on small hand-built evidence sets (docs/verdicts.md)."""

from __future__ import annotations

import pytest
from evidence_builder import add_source, support

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.verdicts import judge
from qualcode.errors import QualcodeError
from qualcode.model import MONTHS_ID, NewCoding


def books(project):
    return {b.id: b for b in project.store.codebooks()}


def verdict(project, site, framework, **kwargs):
    base = EvidenceBase(project.store, **kwargs)
    return judge(base, site, books(project)[framework])


def indicator(v, code):
    return next(e for e in v.indicators if e.code == code)


FRAMEWORKS = ("heideneim", "vcoss", "sulistiyani-org", "sulistiyani-bio")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_category_is_reachable(project, framework) -> None:
    book = books(project)[framework]
    for category in book.categories:
        site = f"site-{category.id}"
        support(project, site, category.defining)
        v = verdict(project, site, framework)
        assert (v.verdict, v.status) == (category.id, "decided"), (category.id, v.explanation)
        assert v.confidence == 1.0


def test_no_evidence_is_insufficient(project) -> None:
    add_source(project, "Kosong", "interview", [("A", "factors/door-to-door", "supports")])
    v = verdict(project, "Kosong", "heideneim")
    assert (v.verdict, v.status, v.runner_up, v.confidence) == (
        None, "insufficient-evidence", None, 0.0)
    assert v.explanation["en"].startswith("No coded evidence for")


def test_single_source_is_not_enough_but_triangulated_is(project) -> None:
    codes = ["heideneim/formal-contract", "heideneim/new-resources",
             "heideneim/shared-risk-reward"]
    support(project, "Satu", codes, informants=("A",))
    single = verdict(project, "Satu", "heideneim")
    assert {indicator(single, c).status for c in codes} == {"supported"}
    assert single.status == "insufficient-evidence" and single.runner_up == "partnership"
    support(project, "Dua", codes, informants=("A", "B"))
    double = verdict(project, "Dua", "heideneim")
    assert {indicator(double, c).status for c in codes} == {"confirmed"}
    assert double.verdict == "partnership"


def test_two_methods_confirm_like_two_informants(project) -> None:
    code = "heideneim/formal-contract"
    add_source(project, "M", "interview", [("A", code, "supports")])
    add_source(project, "M", "document", [(None, code, "supports")])
    ev = EvidenceBase(project.store).indicator("M", code)
    assert ev.status == "confirmed" and ev.methods == ["document", "interview"]


def test_min_independent_is_settable(project) -> None:
    code = "heideneim/formal-contract"
    support(project, "K", [code], informants=("A", "B"))
    assert EvidenceBase(project.store, min_independent=3).indicator("K", code).status == \
        "supported"
    assert EvidenceBase(project.store, min_independent=2).indicator("K", code).status == \
        "confirmed"


def test_researchers_words_are_ignored(project) -> None:
    code = "heideneim/formal-contract"
    add_source(project, "R", "interview", [("Pewawancara", code, "supports"),
                                           ("Moderator", code, "supports")])
    ev = EvidenceBase(project.store).indicator("R", code)
    assert ev.status == "absent" and ev.ignored == 2


def test_overlapping_codings_count_once(project) -> None:
    code = "heideneim/formal-contract"
    name = add_source(project, "O", "interview", [("A", code, "supports")], coder="ana")
    text = project.store.source_text(name)
    start = text.index("pernyataan")
    project.store.add_codings([NewCoding(name, start + 3, start + 12, code, "supports", "budi")])
    ev = EvidenceBase(project.store).indicator("O", code)
    assert len(ev.supports) == 1 and ev.supports[0].coders == ("ana", "budi")
    assert ev.status == "supported"


def test_statuses_contested_and_refuted(project) -> None:
    add_source(project, "C", "interview", [("A", "heideneim/joint-budget", "supports"),
                                           ("A", "heideneim/shared-vision", "contradicts")])
    add_source(project, "C", "interview", [("B", "heideneim/joint-budget", "contradicts")])
    base = EvidenceBase(project.store)
    assert base.indicator("C", "heideneim/joint-budget").status == "contested"
    assert base.indicator("C", "heideneim/shared-vision").status == "refuted"
    assert base.indicator("C", "heideneim/written-agreement").status == "absent"


def test_a_refuting_contradiction_blocks_the_level(project) -> None:
    partnership = ["heideneim/formal-contract", "heideneim/new-resources",
                   "heideneim/shared-risk-reward"]
    coalition = ["heideneim/formal-agreement", "heideneim/all-members-involved",
                 "heideneim/new-resources", "heideneim/joint-budget"]
    support(project, "Madya", partnership + coalition[:3])
    add_source(project, "Madya", "document", [(None, "heideneim/joint-budget", "contradicts")])
    add_source(project, "Madya", "interview", [("C", "heideneim/joint-budget", "contradicts")])
    v = verdict(project, "Madya", "heideneim")
    assert v.verdict == "partnership"
    assert [e.code for e in v.blocking] == ["heideneim/joint-budget"]
    assert indicator(v, "heideneim/joint-budget").status == "refuted"
    assert "does not reach 'coalition'" in v.explanation["en"]
    assert "joint-budget (refuted" in v.explanation["en"]
    assert "Belum mencapai 'Koalisi': kurang: Anggaran bersama (terbantah" in v.explanation["id"]


TOP = ["vcoss/sustained-relationship", "vcoss/formal-agreement", "vcoss/shared-vision",
       "vcoss/interdependence", "vcoss/role-clarity", "vcoss/joint-planning"]


def test_a_gap_outweighed_by_support_is_tolerated_but_lowers_confidence(project) -> None:
    support(project, "Celah", TOP)
    add_source(project, "Celah", "interview", [("F", "vcoss/role-clarity", "supports")])
    # two agencies say the roles were never written down: contested, 3 for and 2 against
    for who in ("C", "D"):
        add_source(project, "Celah", "interview", [(who, "vcoss/role-clarity", "contradicts")])
    v = verdict(project, "Celah", "vcoss")
    role = indicator(v, "vcoss/role-clarity")
    assert (role.status, role.established) == ("contested", True)
    assert v.verdict == "partnership" and v.status == "decided"
    assert 0.5 < v.confidence < 1.0
    assert "Gaps (contradicted in part): role-clarity (contested" in v.explanation["en"]


def test_two_for_and_five_against_is_contested_and_blocks(project) -> None:
    """However triangulated, support that the evidence against outweighs does not establish
    an indicator, and the level it defines is not reached."""
    support(project, "Berat", TOP)  # A and B, each in their own interview: triangulated
    for who in "CDEFG":
        add_source(project, "Berat", "interview", [(who, "vcoss/role-clarity", "contradicts")])
    v = verdict(project, "Berat", "vcoss")
    role = indicator(v, "vcoss/role-clarity")
    assert (role.status, role.triangulated, role.established) == ("contested", True, False)
    assert v.verdict != "partnership"
    assert "role-clarity" in [e.code.split("/")[1] for e in v.blocking]


def test_two_speakers_of_one_focus_group_support_but_do_not_confirm(project) -> None:
    add_source(project, "Fgd", "fgd", [("K1", "vcoss/role-clarity", "supports"),
                                       ("K2", "vcoss/role-clarity", "supports")])
    role = indicator(verdict(project, "Fgd", "vcoss"), "vcoss/role-clarity")
    assert (role.status, role.triangulated, role.s, role.t) == ("supported", False, 2, 1)
    add_source(project, "Fgd", "document", [(None, "vcoss/role-clarity", "supports")])
    role = indicator(verdict(project, "Fgd", "vcoss"), "vcoss/role-clarity")
    assert (role.status, role.triangulated) == ("confirmed", True)


def test_a_reading_decides_the_indicator_and_the_verdict_says_so(project) -> None:
    support(project, "Baca", TOP)
    for who in "CDE":
        add_source(project, "Baca", "interview", [(who, "vcoss/role-clarity", "contradicts")])
    assert verdict(project, "Baca", "vcoss").verdict != "partnership"
    why = "roles agreed in the forum, orally; the accounts against say they are not written"
    project.store.set_reading("Baca", "vcoss/role-clarity", True, why, "ana")
    v = verdict(project, "Baca", "vcoss")
    role = indicator(v, "vcoss/role-clarity")
    assert (role.status, role.established) == ("contested", True)  # the evidence stays
    assert (v.verdict, v.status) == ("partnership", "decided")
    assert "established by the researcher's reading" in v.explanation["en"]
    assert why in v.explanation["en"] and why in v.explanation["id"]
    assert "menurut pembacaan peneliti" in v.explanation["id"]
    recorded = project.store.readings()[0].created_at[:10]
    assert recorded in v.explanation["en"] and recorded not in v.explanation["id"]
    year, month, day = recorded.split("-")
    assert f"{int(day)} {MONTHS_ID[int(month) - 1]} {year}" in v.explanation["id"]
    as_json = next(i for i in v.to_json()["indicators"] if i["id"] == "vcoss/role-clarity")
    assert as_json["reading"]["rationale"] == why and as_json["established"] is True
    project.store.set_reading("Baca", "vcoss/role-clarity", False, "not at all", "ana")
    assert verdict(project, "Baca", "vcoss").verdict != "partnership"
    project.store.undo("ana")  # back to the first reading
    assert verdict(project, "Baca", "vcoss").verdict == "partnership"
    project.store.undo("ana")  # no reading: the evidence decides
    assert project.store.readings() == []
    assert verdict(project, "Baca", "vcoss").verdict != "partnership"


def test_a_reading_needs_a_rationale_an_indicator_and_a_site(project) -> None:
    support(project, "Baca", TOP[:1])
    for site, code, why in (("Baca", "vcoss/role-clarity", "  "),
                            ("Nowhere", "vcoss/role-clarity", "why"),
                            ("Baca", "uhc-themes/budget-burden", "why")):
        with pytest.raises(QualcodeError):
            project.store.set_reading(site, code, True, why, "ana")
    assert project.store.readings() == []


def test_contradiction_outweighing_single_source_support_blocks(project) -> None:
    top = TOP
    support(project, "Rapuh", top[1:])
    add_source(project, "Rapuh", "interview", [("A", top[0], "supports")])
    add_source(project, "Rapuh", "interview", [("C", top[0], "contradicts")])
    v = verdict(project, "Rapuh", "vcoss")
    assert indicator(v, top[0]).status == "contested"
    assert not indicator(v, top[0]).established  # one for, one against: leans nowhere
    assert v.verdict != "partnership"
    assert v.status == "insufficient-evidence" and v.runner_up == "partnership"
    assert [e.code for e in v.blocking] == [top[0]]


def test_gap_share_is_settable(project) -> None:
    book = books(project)["vcoss"]
    top = [c for c in book.categories if c.id == "partnership"][0].defining
    support(project, "Longgar", top[1:])
    add_source(project, "Longgar", "interview", [("A", top[0], "supports")])
    add_source(project, "Longgar", "interview", [("C", top[0], "contradicts")])
    book.thresholds = {"min_share_established": 0.8}
    assert judge(EvidenceBase(project.store), "Longgar", book).verdict == "partnership"


def test_looseness_weighs_against_formal_levels(project) -> None:
    network = ["heideneim/loose-association", "heideneim/no-significant-demands"]
    partnership = ["heideneim/formal-contract", "heideneim/new-resources",
                   "heideneim/shared-risk-reward"]
    support(project, "Longgar", network + partnership)
    v = verdict(project, "Longgar", "heideneim")
    assert v.status == "tied" and v.verdict is None
    assert v.tied == ["network", "partnership"]
    # weaker looseness (one informant) is reported but does not overturn; the confidence
    # is the partnership level's score, which looseness does not move
    support(project, "Agak", partnership)
    add_source(project, "Agak", "interview", [("C", network[0], "supports")])
    v = verdict(project, "Agak", "heideneim")
    assert v.verdict == "partnership" and v.status == "decided"
    assert "does not outweigh its formal evidence" in v.explanation["en"]
    assert v.confidence == round(next(lv for lv in v.levels if lv.id == "partnership").score, 2)


def test_confidence_is_monotone_in_the_evidence(project) -> None:
    """More support for the verdict's indicators never lowers the confidence, more evidence
    against never raises it, and evidence for another category does not move it."""
    support(project, "Mono", TOP)
    add_source(project, "Mono", "interview", [("C", "vcoss/role-clarity", "contradicts")])
    before = verdict(project, "Mono", "vcoss")
    assert before.verdict == "partnership"
    add_source(project, "Mono", "document", [(None, "vcoss/role-clarity", "supports")])
    more_for = verdict(project, "Mono", "vcoss")
    assert more_for.verdict == "partnership" and more_for.confidence >= before.confidence
    add_source(project, "Mono", "interview", [("G", "vcoss/role-clarity", "contradicts")])
    more_against = verdict(project, "Mono", "vcoss")
    assert more_against.confidence <= more_for.confidence
    other = next(c for c in books(project)["vcoss"].codes
                 if not any(c.id in cat.defining for cat in books(project)["vcoss"].categories
                            if cat.id == "partnership"))
    add_source(project, "Mono", "interview", [("H", other.id, "supports")])
    assert verdict(project, "Mono", "vcoss").confidence == more_against.confidence


def test_looseness_that_outweighs_keeps_the_site_low(project) -> None:
    alliance = ["heideneim/semi-formal", "heideneim/some-new-resources",
                "heideneim/task-coordination"]
    partnership = ["heideneim/formal-contract", "heideneim/new-resources",
                   "heideneim/shared-risk-reward"]
    support(project, "Semi", alliance + partnership[:2])
    # reward sharing: one for, one against (contested); the contract from one witness only
    add_source(project, "Semi", "interview", [("A", partnership[2], "supports"),
                                              ("C", partnership[2], "contradicts")])
    add_source(project, "Semi", "interview", [("D", partnership[2], "supports")])
    v = verdict(project, "Semi", "heideneim")
    partnership_level = next(lv for lv in v.levels if lv.id == "partnership")
    assert partnership_level.reached and partnership_level.score < 1.0
    assert (v.verdict, v.status, v.outweighed) == ("alliance", "decided", "partnership")
    assert v.runner_up == "partnership"
    assert "outweighs its formal evidence" in v.explanation["en"]
    # reached, then outweighed: never said to be unreached
    assert "reached too" in v.explanation["en"]
    assert "Not confirmed at 'partnership'" in v.explanation["en"]
    assert "does not reach 'partnership'" not in v.explanation["en"]


def test_nominal_excluding_indicator_rules_a_category_out(project) -> None:
    subordinate = ["sulistiyani-org/unequal-standing", "sulistiyani-org/top-down-control"]
    support(project, "Atas", subordinate + ["sulistiyani-org/joint-decision"])
    v = verdict(project, "Atas", "sulistiyani-org")
    # joint decisions exclude a subordinate union; nothing else is reached
    assert v.verdict != "subordinate-union"
    assert v.status == "insufficient-evidence" and v.runner_up == "subordinate-union"
    # the excluding indicator is named as what it is, not as something missing
    assert "missing: joint-decision" not in v.explanation["en"]
    assert "ruled out by the excluding indicator(s): joint-decision" in v.explanation["en"]
    assert "tertutup oleh indikator pengecualian" in v.explanation["id"]


def test_nominal_tie(project) -> None:
    pseudo = ["sulistiyani-bio/formal-only", "sulistiyani-bio/unclear-purpose"]
    mutualism = ["sulistiyani-bio/mutual-benefit", "sulistiyani-bio/mutual-awareness"]
    support(project, "Seri", pseudo + mutualism)
    v = verdict(project, "Seri", "sulistiyani-bio")
    assert v.status == "tied" and sorted(v.tied) == ["mutualism", "pseudo"]
    assert v.verdict is None


def test_nominal_runner_up_and_blocking(project) -> None:
    support(project, "Linear", ["sulistiyani-org/similar-parties",
                                "sulistiyani-org/horizontal-relation"])
    v = verdict(project, "Linear", "sulistiyani-org")
    assert v.verdict == "linear-union" and v.runner_up == "linear-collaborative"
    assert [e.code for e in v.blocking] == ["sulistiyani-org/complementary-vision",
                                            "sulistiyani-org/joint-decision"]


def test_per_codebook_thresholds(project) -> None:
    book = books(project)["heideneim"]
    book.thresholds = {"min_share_confirmed": 1.0}
    codes = ["heideneim/formal-contract", "heideneim/new-resources",
             "heideneim/shared-risk-reward"]
    support(project, "Ketat", codes[:2])
    add_source(project, "Ketat", "interview", [("A", codes[2], "supports")])
    base = EvidenceBase(project.store)
    assert judge(base, "Ketat", book).status == "insufficient-evidence"
    book.thresholds = {}
    assert judge(base, "Ketat", book).verdict == "partnership"


def test_coder_filter(project) -> None:
    codes = ["heideneim/formal-contract", "heideneim/new-resources",
             "heideneim/shared-risk-reward"]
    for who in ("A", "B"):
        add_source(project, "Dua", "interview", [(who, c, "supports") for c in codes],
                   coder="budi")
    assert verdict(project, "Dua", "heideneim", coders={"budi"}).verdict == "partnership"
    assert verdict(project, "Dua", "heideneim", coders={"ana"}).status == \
        "insufficient-evidence"


def test_a_loose_level_is_not_weighed_against_lower_looseness(project) -> None:
    network = ["vcoss/dialogue", "vcoss/no-risk", "vcoss/low-commitment"]
    cooperation = ["vcoss/low-risk", "vcoss/low-investment", "vcoss/low-commitment",
                   "vcoss/no-cost"]
    support(project, "Kerja", network + cooperation)
    v = verdict(project, "Kerja", "vcoss")
    assert (v.verdict, v.status, v.looseness) == ("cooperation", "decided", 0.0)


def test_nominal_close_call_goes_to_the_better_evidenced_category(project) -> None:
    mutualism = ["sulistiyani-bio/mutual-benefit", "sulistiyani-bio/mutual-awareness"]
    conjugation = ["sulistiyani-bio/capacity-fusion", "sulistiyani-bio/capacity-growth"]
    support(project, "Tumbuh", mutualism + conjugation)
    support(project, "Tumbuh", conjugation, informants=("C",))
    v = verdict(project, "Tumbuh", "sulistiyani-bio")
    assert (v.verdict, v.status, v.runner_up) == ("conjugation", "decided", "mutualism")


def test_every_indicator_refuted_is_not_no_evidence(project) -> None:
    for who in "AB":
        add_source(project, "Tolak", "interview",
                   [(who, c, "contradicts") for c in TOP])
    v = verdict(project, "Tolak", "vcoss")
    assert v.status == "insufficient-evidence"
    assert "No coded evidence" not in v.explanation["en"]
    assert "supports no category: sustained-relationship (refuted" in v.explanation["en"]
    assert "Belum ada bukti" not in v.explanation["id"]


def test_indonesian_explanations_use_indonesian_labels_and_decimal_commas(project) -> None:
    support(project, "Celah", TOP)
    add_source(project, "Celah", "interview", [("F", "vcoss/role-clarity", "supports")])
    for who in ("C", "D"):
        add_source(project, "Celah", "interview", [(who, "vcoss/role-clarity", "contradicts")])
    v = verdict(project, "Celah", "vcoss")
    said = v.explanation["id"]
    ids = [c.id.split("/", 1)[1] for c in books(project)["vcoss"].codes]
    assert not [i for i in ids if i in said], said
    assert f"{v.confidence:.2f}".replace(".", ",") in said
    assert f"{v.confidence:.2f}" not in said
    assert "'partnership'" not in said


def test_a_reading_without_coded_evidence_is_not_no_evidence(project) -> None:
    add_source(project, "Baru", "interview", [("A", "uhc-themes/budget-burden", "supports")])
    project.store.set_reading("Baru", "heideneim/formal-contract", True,
                              "the yearly contract signed by the branch head", "rina")
    v = verdict(project, "Baru", "heideneim")
    assert "No coded evidence" not in v.explanation["en"]
    assert "the yearly contract signed by the branch head" in v.explanation["en"]
