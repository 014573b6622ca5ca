"""The worked examples of docs/verdicts.md run as tests: every ```yaml verdict-example block is
built into a fresh project (bundled codebooks), judged, and checked against its `expect`; the
indicator tables of an example (| indicator | for | against | s | c | t | status | v |) are
checked against the engine's figures too. The rules: qualcode.analysis.rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from evidence_builder import add_source

from qualcode.analysis.evidence import EvidenceBase, IndicatorEvidence
from qualcode.analysis.verdicts import Verdict, judge
from qualcode.ingest.sample import init_project

DOC = Path(__file__).resolve().parent.parent / "docs" / "verdicts.md"
BLOCK = re.compile(r"^```yaml verdict-example\n(.*?)^```[ \t]*$", re.M | re.S)
TABLE_HEADER = ("indicator", "for", "against", "s", "c", "t", "status", "v")
KEYS = {"name", "framework", "site", "sources", "readings", "thresholds", "expect"}
EXPECT_KEYS = {"verdict", "status", "confidence", "runner_up", "tied", "indicators", "blocking",
               "explanation_contains"}


def _examples() -> list[tuple[dict, list[tuple[str, ...]]]]:
    """Each example block, parsed, with the indicator-table rows written since the block
    before it."""
    text = DOC.read_text(encoding="utf-8")
    found, previous_end = [], 0
    for match in BLOCK.finditer(text):
        found.append((yaml.safe_load(match.group(1)),
                      _table_rows(text[previous_end:match.start()])))
        previous_end = match.end()
    return found


def _table_rows(prose: str) -> list[tuple[str, ...]]:
    rows, in_table = [], False
    for line in prose.splitlines():
        cells = tuple(c.strip() for c in line.strip().strip("|").split("|"))
        if not line.startswith("|"):
            in_table = False
        elif cells == TABLE_HEADER:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows


EXAMPLES = _examples()


def test_the_doc_has_the_worked_examples() -> None:
    names = [example["name"] for example, _ in EXAMPLES]
    assert len(EXAMPLES) >= 6
    assert len(set(names)) == len(names), "example names must be unique"
    for example, _ in EXAMPLES:
        assert set(example) <= KEYS, f"{example['name']}: unknown keys {set(example) - KEYS}"
        assert set(example["expect"]) <= EXPECT_KEYS, \
            f"{example['name']}: unknown expect keys {set(example['expect']) - EXPECT_KEYS}"
        assert {"verdict", "status"} <= set(example["expect"]), example["name"]


def _local(code: str) -> str:
    return code.split("/", 1)[1]


def _said_by(items: list) -> set[str]:
    """Who a table names for a list of evidence: informants by label, text outside turns by
    its source's method."""
    return {label for e in items for label in (e.informants or (e.method,))}


def _judge(example: dict, tmp_path: Path) -> Verdict:
    framework, site = example["framework"], example.get("site", "Contoh")

    def full(code: str) -> str:
        return code if "/" in code else f"{framework}/{code}"

    project = init_project(tmp_path / example["name"])
    try:
        for source in example["sources"]:
            add_source(project, site, source["method"],
                       [(speaker, full(code), stance) for speaker, code, stance in source["say"]])
        for code, established, rationale in example.get("readings", []):
            project.store.set_reading(site, full(code), established, rationale, "tester")
        book = next(b for b in project.store.codebooks() if b.id == framework)
        return judge(EvidenceBase(project.store, thresholds=example.get("thresholds")), site,
                     book)
    finally:
        project.close()


@pytest.mark.parametrize(("example", "rows"), EXAMPLES,
                         ids=[example["name"] for example, _ in EXAMPLES])
def test_worked_example(example: dict, rows: list[tuple[str, ...]], tmp_path: Path) -> None:
    v = _judge(example, tmp_path)
    expect = example["expect"]
    explanation = v.explanation["en"]
    by_id: dict[str, IndicatorEvidence] = {_local(e.code): e for e in v.indicators}

    assert (v.verdict, v.status) == (expect["verdict"], expect["status"]), explanation
    if "confidence" in expect:
        assert v.confidence == pytest.approx(expect["confidence"]), explanation
    if "runner_up" in expect:
        assert v.runner_up == expect["runner_up"], explanation
    if "tied" in expect:
        assert v.tied == expect["tied"], explanation
    for code, status in (expect.get("indicators") or {}).items():
        assert code in by_id, f"no indicator '{code}' in {example['framework']}"
        assert by_id[code].status == status, f"{code}: {by_id[code].summary()}"
    if "blocking" in expect:
        assert [_local(e.code) for e in v.blocking] == expect["blocking"], explanation
    wanted = expect.get("explanation_contains") or []
    for part in [wanted] if isinstance(wanted, str) else wanted:
        assert part in explanation

    for code, said_for, said_against, s, c, t, status, score in rows:
        assert code in by_id, f"table row: no indicator '{code}' in {example['framework']}"
        e = by_id[code]
        names = {cell: {n.strip() for n in cell.split(",")} - {"—", ""}
                 for cell in (said_for, said_against)}
        assert (names[said_for], names[said_against]) == \
            (_said_by(e.supports), _said_by(e.contradicts)), f"table row {code}: for, against"
        assert (e.s, e.c, e.t, e.status) == (int(s), int(c), int(t), status), \
            f"table row {code}: {e.summary()}"
        assert e.score == pytest.approx(float(score.replace("−", "-")), abs=0.005), \
            f"table row {code}: v = {e.score:.3f}"
