"""Sensitivity: the pivotal evidence of a verdict is exactly the set of single changes
(removing a coding, flipping its stance, removing a source) that change it, checked by brute
force: each change made in the database, the verdict judged again from scratch, the change
rolled back."""

from __future__ import annotations

import pytest
from evidence_builder import add_source, support

from qualcode.analysis.evidence import EvidenceBase
from qualcode.analysis.sensitivity import Sensitivities
from qualcode.analysis.verdicts import judge
from qualcode.model import NewCoding

PARTNERSHIP = ["heideneim/formal-contract", "heideneim/new-resources",
               "heideneim/shared-risk-reward"]


def book(project, framework: str):
    return next(b for b in project.store.codebooks() if b.id == framework)


def outcome(v) -> str:
    return v.verdict or v.status


def brute_force(project, site: str, framework: str) -> set[tuple]:
    """Every (coding or source, change, verdict it becomes) that changes the verdict, by
    trying each."""
    fw = book(project, framework)
    before = outcome(judge(EvidenceBase(project.store), site, fw))
    sources = {s.name for s in project.store.sources() if s.site == site}
    conn = project.store.conn
    changes = []
    for coding in project.store.codings():
        if coding.source in sources and coding.code.startswith(f"{framework}/"):
            changes += [(coding.id, "remove", "DELETE FROM codings WHERE id = ?", coding.id),
                        (coding.id, "flip", "UPDATE codings SET stance = CASE stance WHEN "
                         "'supports' THEN 'contradicts' ELSE 'supports' END WHERE id = ?",
                         coding.id)]
    changes += [(name, "remove", "DELETE FROM codings WHERE source_id = "
                 "(SELECT id FROM sources WHERE name = ?)", name) for name in sources]
    found = set()
    for what, change, sql, key in changes:
        conn.execute("SAVEPOINT probe")
        conn.execute(sql, (key,))
        after = outcome(judge(EvidenceBase(project.store), site, fw))
        conn.execute("ROLLBACK TO probe")
        conn.execute("RELEASE probe")
        if after != before:
            found.add((what, change, after))
    return found


def pivots(project, site: str, framework: str) -> set[tuple]:
    base = EvidenceBase(project.store)
    v = judge(base, site, book(project, framework))
    found = Sensitivities(project.store, base).of(v).pivots
    return {(p.source or p.coding, p.change, p.becomes) for p in found}


def small_sites(project) -> None:
    # Firm: triangulated partnership, a lone contradiction: robust.
    support(project, "Firm", PARTNERSHIP, informants=("A", "B", "C", "E"))
    add_source(project, "Firm", "interview", [("D", PARTNERSHIP[2], "contradicts")])
    # Fragile: shared-risk-reward 2 for / 1 against, one for from a focus group of two.
    support(project, "Fragile", PARTNERSHIP[:2])
    add_source(project, "Fragile", "interview", [("A", PARTNERSHIP[2], "supports")])
    add_source(project, "Fragile", "fgd", [("K1", PARTNERSHIP[2], "supports"),
                                           ("K2", PARTNERSHIP[2], "supports"),
                                           ("Moderator", PARTNERSHIP[2], "supports")])
    add_source(project, "Fragile", "interview", [("C", PARTNERSHIP[2], "contradicts")])
    add_source(project, "Fragile", "document", [(None, "heideneim/loose-association",
                                                 "supports")])
    # Overlap: a second coder marks the same passage, so removing one coding changes nothing.
    name = add_source(project, "Overlap", "interview",
                      [("A", c, "supports") for c in PARTNERSHIP])
    add_source(project, "Overlap", "document", [(None, c, "supports") for c in PARTNERSHIP])
    first = next(c for c in project.store.codings() if c.source == name)
    project.store.add_codings([NewCoding(name, first.start, first.end, first.code,
                                         "supports", "budi")])


@pytest.mark.parametrize("site", ["Firm", "Fragile", "Overlap"])
def test_the_pivotal_codings_are_exactly_the_changes_that_flip_the_verdict(project, site
                                                                          ) -> None:
    small_sites(project)
    expected = brute_force(project, site, "heideneim")
    assert pivots(project, site, "heideneim") == expected
    if site == "Firm":
        assert expected == set()  # robust to any single change
    else:
        assert expected  # the fixture is meant to be fragile here


def test_the_sample_verdicts_match_brute_force_at_madiun(sample) -> None:
    assert pivots(sample, "Madiun", "heideneim") == brute_force(sample, "Madiun", "heideneim")


def test_the_summary_says_robust_or_what_it_rests_on(project) -> None:
    small_sites(project)
    base = EvidenceBase(project.store)
    weigh = Sensitivities(project.store, base)
    firm = weigh.of(judge(base, "Firm", book(project, "heideneim")))
    fragile = weigh.of(judge(base, "Fragile", book(project, "heideneim")))
    assert firm.robust and firm.summary().startswith("robust to any single change")
    assert firm.to_json() == {"robust": True, "pivotal": [], "summary": firm.summary(),
                              "summary_id": firm.summary("id")}
    assert not fragile.robust and fragile.summary().startswith("rests on ")
    assert fragile.summary("id").startswith("bersandar pada ")
    assert {"coding", "change", "verdict_becomes"} <= set(fragile.to_json()["pivotal"][0])
    by_source = [p for p in fragile.to_json()["pivotal"] if p["coding"] is None]
    assert by_source and {"source", "change", "verdict_becomes"} <= set(by_source[0])


def test_the_summary_names_the_readings_and_says_when_there_is_nothing_to_weigh(sample
                                                                               ) -> None:
    base = EvidenceBase(sample.store)
    weigh = Sensitivities(sample.store, base)
    banyuasin = weigh.of(judge(base, "Banyuasin", book(sample, "vcoss")))
    assert banyuasin.readings == ("vcoss/formal-agreement", "vcoss/shared-vision",
                                  "vcoss/role-clarity")
    assert banyuasin.summary().endswith("it also rests on the researcher's reading of "
                                        "formal-agreement, shared-vision, role-clarity")
    said = banyuasin.summary("id")
    assert "pembacaan peneliti" in said and "formal-agreement" not in said
    unused = weigh.of(judge(base, "Madiun", book(sample, "vcoss")))
    assert unused.weighed == 0 and unused.summary() == "no coding to weigh yet"
