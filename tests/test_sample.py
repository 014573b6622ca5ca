"""The bundled sample project: realistic, complete, and every coding resolves."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from qualcode.ingest.sample import TRANSCRIPTS_DIR
from qualcode.ingest.transcripts import read_transcript


def test_every_quote_resolves_and_every_code_exists(sample) -> None:
    rows = [r for path in sorted(TRANSCRIPTS_DIR.rglob("codings.csv"))
            for r in csv.DictReader(path.open(encoding="utf-8"))]
    stored = sample.store.codings()
    assert len(stored) == len(rows) > 300  # nothing was dropped as a duplicate
    codes = sample.store.code_ids()
    texts = sample.store.source_texts()
    for coding in stored:
        assert coding.code in codes
        quote = texts[coding.source][coding.start:coding.end]
        assert quote.strip() and quote == quote.strip()


def test_each_site_has_sources_methods_informants(sample) -> None:
    sources = sample.store.sources()
    informants = sample.store.informants()
    for site in ("Madiun", "Banyuasin", "Kotawaringin Timur"):
        mine = [s for s in sources if s.site == site]
        assert len(mine) >= 4, site
        assert len({s.method for s in mine}) >= 2, site
        assert len(informants[site]) >= 3, site
    assert {"interview", "fgd", "observation", "document"} <= {s.method for s in sources}


def test_both_coders_present(sample) -> None:
    by_coder = Counter(c.coder for c in sample.store.codings())
    assert set(by_coder) == {"sample", "sample-b"}
    double_coded = {c.source for c in sample.store.codings(coder="sample-b")}
    assert len(double_coded) >= 2


def test_fieldwork_shape() -> None:
    parsed = [read_transcript(p) for p in sorted(TRANSCRIPTS_DIR.rglob("*.txt"))]
    for src in parsed:
        if src.method in ("interview", "fgd"):
            assert len(src.text.split()) >= 1200, src.name
        for informant in src.informants:
            assert informant.role and informant.organisation and informant.group, (
                src.name, informant.label)
    assert sum(src.language == "en" for src in parsed) >= 2
    fgd = next(s for s in parsed if s.method == "fgd")
    speakers = {t.speaker for t in fgd.turns if not t.is_researcher}
    assert len(speakers) >= 5 and all(t.timestamp for t in fgd.turns)
    assert any(t.is_researcher for t in fgd.turns)


def test_both_stances_and_thematic_codes(sample) -> None:
    codings = sample.store.codings(coder="sample")
    assert {c.stance for c in codings} == {"supports", "contradicts"}
    prefixes = {c.code.split("/")[0] for c in codings}
    assert {"sulistiyani-org", "heideneim", "vcoss", "factors", "dimensions",
            "uhc-themes"} <= prefixes


def test_demo_command_and_refusal_to_overwrite(cli, tmp_path: Path) -> None:
    result = cli("demo", tmp_path / "demo")
    assert result.code == 0 and "Madiun" in result.out
    again = cli("demo", tmp_path / "demo")
    assert again.code == 1 and "already exists" in again.err
