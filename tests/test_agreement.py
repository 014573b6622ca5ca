"""Inter-coder agreement (docs/agreement.md): units, the unit rule, percent agreement, Cohen's
kappa, Krippendorff's alpha, the disagreement queue and its adjudication, the CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from conftest import snapshot_db, write
from sklearn.metrics import cohen_kappa_score

from qualcode.analysis.agreement import (
    CoderComparison,
    adjudicate,
    agreement,
    cohen_kappa,
    disagreements,
    krippendorff_alpha,
    split_units,
)
from qualcode.errors import QualcodeError
from qualcode.ingest.codings import find_quote
from qualcode.ingest.sources import import_files
from qualcode.model import NewCoding

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, missing values (None). Nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

INTERVIEW = (
    "Pewawancara: Bagaimana kontraknya?\n"
    "P1: Kontraknya satu tahun. Fee ditentukan BPJS! Kami tidak ikut menentukan?\n"
    "[00:01:10] K2: Kantornya di Kab. Madiun, kata H. Ahmad. Kami datang tiap bulan.\n"
    "P1: Iurannya naik 😟… Kami bingung. Dia bilang “sudah final.” Begitu.\n"
    "Baris lanjutan tanpa label. Masih giliran P1.\n"
)
OTHER = (
    "P1: Forum tiap triwulan. Notulen ada.\n"
    "K2: Data dari pusat tidak mutakhir. Kami tampung lewat Pemda.\n"
)
NOTE = (
    "Catatan: rapat tiap bulan. Notulen ada.\n"
    "\n"
    "Judul tanpa titik\n"
    "Isi paragraf terakhir.\n"
)
FRONT = "---\nsite: Madiun\nmethod: {method}\n---\n"


@pytest.fixture
def two(project, tmp_path: Path):
    """A project with an interview, a second interview and an observation note."""
    folder = tmp_path / "src"
    import_files(project, [
        write(folder / "wawancara.txt", FRONT.format(method="interview") + INTERVIEW),
        write(folder / "kedua.txt", FRONT.format(method="interview") + OTHER),
        write(folder / "catatan.txt", FRONT.format(method="observation") + NOTE)])
    return project


def code(project, coder: str, source: str, quote: str, code_id: str,
         stance: str = "supports", occurrence: int = 1) -> int:
    text = project.store.source_text(source)
    start, end = find_quote(text, quote, occurrence)
    (coding_id,) = project.store.add_codings(
        [NewCoding(source, start, end, code_id, stance, coder)])
    return coding_id


def texts(project, source: str, kind: str = "sentence") -> list[str]:
    text = project.store.source_text(source)
    return [text[u.start:u.end]
            for u in split_units(source, text, project.store.turns(source), kind)]


FC = "heideneim/formal-contract"
TD = "sulistiyani-org/top-down-control"
JD = "sulistiyani-org/joint-decision"


# ---------------------------------------------------------------------- statistics

def test_alpha_reproduces_krippendorff_2011() -> None:
    units = list(zip(*KRIPPENDORFF_2011, strict=True))
    assert round(krippendorff_alpha(units), 3) == 0.743
    # the same paper's two-observer binary example: alpha = 0.095
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(krippendorff_alpha(zip(a, b, strict=True)), 3) == 0.095


def test_alpha_ignores_units_with_a_single_value() -> None:
    units = list(zip(*KRIPPENDORFF_2011, strict=True))
    assert krippendorff_alpha(units + [(7, None, None, None)]) == krippendorff_alpha(units)


def test_kappa_matches_scikit_learn() -> None:
    rng = random.Random(3)
    for categories in (["", "supports"], ["", "supports", "contradicts", "both"], [0, 1, 2]):
        for _ in range(20):
            a = [rng.choice(categories) for _ in range(rng.randint(5, 80))]
            b = [x if rng.random() < 0.6 else rng.choice(categories) for x in a]
            if len(set(a) | set(b)) < 2:
                continue
            assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_identical_coders_agree_fully_and_no_variation_is_undefined() -> None:
    a = ["", "supports", "", "contradicts", ""]
    assert cohen_kappa(a, list(a)) == 1.0
    assert krippendorff_alpha(zip(a, a, a, strict=True)) == 1.0
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
    assert krippendorff_alpha([("x", "x"), ("x", "x")]) is None
    with pytest.raises(ValueError):
        cohen_kappa(["x"], ["x", "y"])


# ---------------------------------------------------------------------- units

def test_sentences_within_turns_without_labels(two) -> None:
    assert texts(two, "wawancara") == [
        "Bagaimana kontraknya?",
        "Kontraknya satu tahun.", "Fee ditentukan BPJS!", "Kami tidak ikut menentukan?",
        "Kantornya di Kab. Madiun, kata H. Ahmad.", "Kami datang tiap bulan.",
        "Iurannya naik 😟…", "Kami bingung.", "Dia bilang “sudah final.”",
        "Begitu.", "Baris lanjutan tanpa label.", "Masih giliran P1."]
    text = two.store.source_text("wawancara")
    units = split_units("wawancara", text, two.store.turns("wawancara"))
    assert [u.speaker for u in units[:5]] == ["Pewawancara", "P1", "P1", "P1", "K2"]
    # offsets are code points: the emoji counts as one
    bingung = units[7]
    assert bingung.start == text.index("Kami bingung") and bingung.end - bingung.start == 13


def test_text_outside_turns_is_split_by_line_then_sentence(two) -> None:
    assert two.store.turns("catatan") == []
    assert texts(two, "catatan") == ["Catatan: rapat tiap bulan.", "Notulen ada.",
                                     "Judul tanpa titik", "Isi paragraf terakhir."]
    assert texts(two, "catatan", "turn") == ["Catatan: rapat tiap bulan. Notulen ada.",
                                             "Judul tanpa titik", "Isi paragraf terakhir."]


def test_turn_units(two) -> None:
    assert texts(two, "wawancara", "turn") == [
        "Bagaimana kontraknya?",
        "Kontraknya satu tahun. Fee ditentukan BPJS! Kami tidak ikut menentukan?",
        "Kantornya di Kab. Madiun, kata H. Ahmad. Kami datang tiap bulan.",
        "Iurannya naik 😟… Kami bingung. Dia bilang “sudah final.” Begitu.\n"
        "Baris lanjutan tanpa label. Masih giliran P1."]


def test_unknown_unit_kind(two) -> None:
    with pytest.raises(QualcodeError, match="unit must be sentence or turn, not 'word'"):
        split_units("catatan", "x", [], "word")


# ---------------------------------------------------------------------- the unit rule

def coded_units(project, quotes: list[str]) -> list[str]:
    """Units that coder ana codes with FC, by the unit rule (budi codes elsewhere)."""
    for quote in quotes:
        code(project, "ana", "wawancara", quote, FC)
    code(project, "budi", "wawancara", "Bagaimana kontraknya?", TD)
    text = project.store.source_text("wawancara")
    return [text[d.unit.start:d.unit.end]
            for d in disagreements(project.store, ["ana", "budi"], codes=[FC])]


@pytest.mark.parametrize(("quote", "expected"), [
    # a short coding codes the sentence it lies in
    ("ikut", ["Kami tidak ikut menentukan?"]),
    # "tahun. Fee ditentukan BPJS!": 6 of the 20 non-space characters of sentence 1 (under half
    # of the unit, under half of the coding), all of sentence 2
    ("tahun. Fee ditentukan BPJS!", ["Fee ditentukan BPJS!"]),
    # "satu tahun. Fee": half of sentence 1 (10 of 20); 3 of its own 13 in sentence 2
    ("satu tahun. Fee", ["Kontraknya satu tahun."]),
    # split evenly (6 and 6 non-space characters): both sentences
    ("tahun. Fee dit", ["Kontraknya satu tahun.", "Fee ditentukan BPJS!"]),
    # a coding of a turn label only: no unit
    ("[00:01:10] K2:", []),
    # a turn and a half: the whole turn, and the half of the next turn's first sentence
    ("Pewawancara: Bagaimana kontraknya?\nP1: Kontraknya satu",
     ["Bagaimana kontraknya?", "Kontraknya satu tahun."]),
])
def test_the_unit_rule(two, quote: str, expected: list[str]) -> None:
    assert coded_units(two, [quote]) == expected


# ---------------------------------------------------------------------- agreement on the store

def test_identical_coders_give_one(two) -> None:
    for coder in ("ana", "budi"):
        code(two, coder, "wawancara", "Fee ditentukan BPJS!", TD)
        code(two, coder, "wawancara", "Kontraknya satu tahun.", FC)
        code(two, coder, "wawancara", "Kami tidak ikut menentukan?", JD, "contradicts")
    report = agreement(two.store, ["ana", "budi"])
    assert report.sources == ["wawancara"] and report.units == 3
    for figures in (*report.codes.values(), report.overall):
        assert (figures.percent, figures.kappa, figures.alpha) == (100.0, 1.0, 1.0)
    assert disagreements(two.store, ["ana", "budi"]) == []


def test_uncoded_text_does_not_enter(two, tmp_path: Path) -> None:
    code(two, "ana", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "budi", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "ana", "wawancara", "Kontraknya satu tahun.", TD)
    code(two, "budi", "wawancara", "Kami datang tiap bulan.", FC)
    before = agreement(two.store, ["ana", "budi"])
    # a long uncoded turn and a source only ana coded change nothing
    code(two, "ana", "kedua", "Forum tiap triwulan.", TD)
    import_files(two, [write(tmp_path / "x" / "panjang.txt", FRONT.format(method="interview")
                             + "P1: Kalimat tanpa kode. " * 500 + "\n")])
    after = agreement(two.store, ["ana", "budi"])
    assert after == before
    assert before.units == 3 and before.sources == ["wawancara"]
    td = before.codes[TD]
    # units: [TD both], [TD ana only], [FC budi only] -> TD values (s, s), (s, ""), ("", "")
    assert (td.units, td.agreed, td.coded) == (3, 2, {"ana": 2, "budi": 1})
    assert td.kappa == pytest.approx(cohen_kappa_score(["s", "s", ""], ["s", "", ""]))
    assert before.overall.units == 6  # 3 units × 2 codes applied


def test_a_coder_who_never_codes_a_code(two) -> None:
    code(two, "ana", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "ana", "wawancara", "Kontraknya satu tahun.", TD)
    code(two, "budi", "wawancara", "Kami datang tiap bulan.", FC)
    report = agreement(two.store, ["ana", "budi"])
    td = report.codes[TD]
    assert td.coded == {"ana": 2, "budi": 0}
    assert (td.agreed, td.kappa) == (1, 0.0)
    assert td.alpha < 0


def test_a_coder_who_never_codes_these_sources(two) -> None:
    code(two, "ana", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "budi", "kedua", "Notulen ada.", TD)
    report = agreement(two.store, ["ana", "budi"])
    assert report.sources == [] and report.codes == {}
    assert (report.overall.units, report.overall.percent, report.overall.kappa,
            report.overall.alpha) == (0, None, None, None)


def test_stance_is_part_of_the_value(two) -> None:
    code(two, "ana", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "budi", "wawancara", "Fee ditentukan BPJS!", TD, "contradicts")
    code(two, "ana", "wawancara", "Kontraknya satu tahun.", TD)
    code(two, "budi", "wawancara", "Kontraknya satu tahun.", TD)
    code(two, "budi", "wawancara", "satu tahun", TD, "contradicts")
    (first, second) = disagreements(two.store, ["ana", "budi"])
    assert [(d.coder, d.stance) for d in first.decisions] == [("ana", "supports"),
                                                               ("budi", "both")]
    assert [(d.coder, d.stance) for d in second.decisions] == [("ana", "supports"),
                                                                ("budi", "contradicts")]
    assert agreement(two.store, ["ana", "budi"]).codes[TD].agreed == 0


def test_more_than_two_coders_with_missing_data(two) -> None:
    # wawancara: ana, budi, citra; kedua: ana and citra only (budi missing there)
    for coder, quotes in (("ana", ["Fee ditentukan BPJS!", "Kami bingung."]),
                          ("budi", ["Fee ditentukan BPJS!"]),
                          ("citra", ["Fee ditentukan BPJS!", "Kami bingung."])):
        for quote in quotes:
            code(two, coder, "wawancara", quote, TD)
    code(two, "budi", "wawancara", "Kami datang tiap bulan.", FC)
    code(two, "ana", "kedua", "Notulen ada.", TD)
    code(two, "citra", "kedua", "Forum tiap triwulan.", TD)
    report = agreement(two.store, ["ana", "budi", "citra"])
    assert report.sources == ["wawancara", "kedua"]
    td = report.codes[TD]
    s, n = "supports", ""
    reliability = [(s, s, s), (s, n, s), (n, n, n),  # wawancara: Fee, bingung, datang
                   (s, None, n), (n, None, s)]       # kedua: Notulen, Forum
    assert td.alpha == pytest.approx(krippendorff_alpha(reliability))
    assert td.kappa is None and report.overall.kappa is None
    assert (td.units, td.agreed) == (5, 2)
    queue = disagreements(two.store, ["ana", "budi", "citra"], codes=[TD])
    assert [len(d.decisions) for d in queue] == [3, 2, 2]
    assert queue[1].decision("budi") is None


def test_filters_and_bad_input(two) -> None:
    code(two, "ana", "wawancara", "Fee ditentukan BPJS!", TD)
    code(two, "budi", "wawancara", "Kontraknya satu tahun.", FC)
    only_fc = agreement(two.store, ["ana", "budi"], codes=[FC])
    # both coded units enter, whichever code is compared: FC's figures do not depend on it
    assert list(only_fc.codes) == [FC] and only_fc.units == 2
    book = agreement(two.store, ["ana", "budi"], codes=["sulistiyani-org"])
    assert list(book.codes) == [TD]
    assert agreement(two.store, ["ana", "budi"], sources=["kedua"]).sources == []
    for kwargs, message in (
            ({"coders": ["ana"]}, "at least two different coders"),
            ({"coders": ["ana", "ana"]}, "at least two different coders"),
            ({"coders": ["ana", "zaki"]}, "no codings by coder(s) zaki"),
            ({"coders": ["ana", "budi"], "sources": ["nope"]}, "no source named 'nope'"),
            ({"coders": ["ana", "budi"], "codes": ["x/y"]}, "no code or codebook 'x/y'"),
            ({"coders": ["ana", "budi"], "unit": "word"}, "unit must be sentence or turn")):
        with pytest.raises(QualcodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
            agreement(two.store, **kwargs)


# ---------------------------------------------------------------------- the sample project

def test_sample_coders_figures(sample) -> None:
    """The figures reported for the sample project's `sample` and `sample-b` coders."""
    report = agreement(sample.store, ["sample", "sample-b"])
    assert report.sources == ["kotim-fgd-lintas-sektor", "madiun-bpjs-billing-head",
                              "madiun-cadre-kota"]
    assert (report.units, len(report.codes)) == (176, 54)
    o = report.overall
    assert (round(o.percent, 3), round(o.kappa, 3), round(o.alpha, 3)) == (98.937, 0.645, 0.645)
    figures = {code: (f.agreed, round(f.kappa, 3), round(f.alpha, 3))
               for code, f in report.codes.items()}
    assert figures["heideneim/formal-contract"] == (175, 0.886, 0.886)
    assert figures["sulistiyani-org/top-down-control"] == (174, 0.894, 0.894)
    assert figures["heideneim/shared-vision"] == (170, 0.235, 0.237)
    assert figures["vcoss/formal-agreement"] == (172, -0.006, -0.006)
    turns = agreement(sample.store, ["sample", "sample-b"], unit="turn")
    assert (turns.units, round(turns.overall.kappa, 3), round(turns.overall.alpha, 3)) == (
        76, 0.770, 0.770)
    assert len(disagreements(sample.store, ["sample", "sample-b"])) == 101


def test_sample_figures_match_a_dense_recount(sample) -> None:
    """Recount every unit × code naively and check kappa against scikit-learn."""
    store = sample.store
    report = agreement(store, ["sample", "sample-b"])

    def solid(text: str, start: int, end: int) -> int:
        return sum(not ch.isspace() for ch in text[start:end])

    values: dict[tuple, dict[str, set]] = {}
    for name in report.sources:
        text = store.source_text(name)
        units = split_units(name, text, store.turns(name))
        for coding in store.codings(name):
            if coding.coder not in ("sample", "sample-b"):
                continue
            for u in units:
                overlap = solid(text, max(u.start, coding.start), min(u.end, coding.end))
                if overlap and 2 * overlap >= min(solid(text, u.start, u.end),
                                                  solid(text, coding.start, coding.end)):
                    stances = values.setdefault((name, u.start), {}).setdefault(
                        coding.code, {"sample": set(), "sample-b": set()})
                    stances[coding.coder].add(coding.stance)
    assert len(values) == report.units

    def value(stances: set) -> str:
        return "both" if len(stances) == 2 else next(iter(stances), "")

    pooled_a, pooled_b = [], []
    for code_id, figures in report.codes.items():
        a = [value(v.get(code_id, {}).get("sample", set())) for v in values.values()]
        b = [value(v.get(code_id, {}).get("sample-b", set())) for v in values.values()]
        assert figures.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-9), code_id
        assert figures.alpha == pytest.approx(krippendorff_alpha(zip(a, b, strict=True)))
        assert figures.agreed == sum(x == y for x, y in zip(a, b, strict=True))
        pooled_a += a
        pooled_b += b
    assert report.overall.kappa == pytest.approx(cohen_kappa_score(pooled_a, pooled_b))


# ---------------------------------------------------------------------- adjudication

@pytest.fixture
def disputed(two):
    """ana and budi disagree on three sentences of `wawancara`."""
    ids = {
        "ana-fee": code(two, "ana", "wawancara", "ditentukan BPJS", TD),
        "budi-fee": code(two, "budi", "wawancara", "Fee ditentukan BPJS! Kami tidak ikut", TD,
                         "contradicts"),
        "ana-kontrak": code(two, "ana", "wawancara", "Kontraknya satu tahun.", FC),
        "budi-datang": code(two, "budi", "wawancara", "Kami datang tiap bulan.", FC),
    }
    two.ids = ids
    return two


def queue(project) -> list:
    return disagreements(project.store, ["ana", "budi"])


def consensus(project) -> list[tuple[str, str, str]]:
    text = project.store.source_text("wawancara")
    return [(c.code, c.stance, text[c.start:c.end])
            for c in project.store.codings(coder="consensus")]


def test_disagreements_say_what_each_coder_did(disputed) -> None:
    ids = disputed.ids
    text = disputed.store.source_text("wawancara")
    found = [(text[d.unit.start:d.unit.end], d.code,
              [(x.coder, x.stance, x.coding_ids) for x in d.decisions]) for d in queue(disputed)]
    assert found == [
        ("Kontraknya satu tahun.", FC,
         [("ana", "supports", (ids["ana-kontrak"],)), ("budi", "", ())]),
        ("Fee ditentukan BPJS!", TD,
         [("ana", "supports", (ids["ana-fee"],)), ("budi", "contradicts", (ids["budi-fee"],))]),
        ("Kami tidak ikut menentukan?", TD,
         [("ana", "", ()), ("budi", "contradicts", (ids["budi-fee"],))]),
        ("Kami datang tiap bulan.", FC,
         [("ana", "", ()), ("budi", "supports", (ids["budi-datang"],))]),
    ]
    assert queue(disputed)[0].unit.speaker == "P1"


def test_accept_one_coder_clips_to_the_unit(disputed) -> None:
    kontrak, fee, ikut, datang = queue(disputed)
    adjudicate(disputed.store, fee, ["budi"])
    assert consensus(disputed) == [(TD, "contradicts", "Fee ditentukan BPJS!")]
    adjudicate(disputed.store, kontrak, ["ana"])
    adjudicate(disputed.store, datang, ["ana"])  # ana did not code it: nothing written
    done = adjudicate(disputed.store, ikut, ["budi"])
    assert [c.coder for c in done.added] == ["consensus"] and done.removed == []
    assert consensus(disputed) == [(FC, "supports", "Kontraknya satu tahun."),
                                   (TD, "contradicts", "Fee ditentukan BPJS!"),
                                   (TD, "contradicts", "Kami tidak ikut")]
    # the coders' own codings are untouched
    assert len(disputed.store.codings(coder="ana")) == 2
    assert len(disputed.store.codings(coder="budi")) == 2


def test_adjudicating_again_replaces_the_earlier_decision(disputed) -> None:
    _, fee, _, datang = queue(disputed)
    adjudicate(disputed.store, fee, ["budi"])
    adjudicate(disputed.store, datang, ["budi"])
    again = adjudicate(disputed.store, fee, ["ana"])
    assert [c.stance for c in again.removed] == ["contradicts"]
    assert consensus(disputed) == [(TD, "supports", "ditentukan BPJS"),
                                   (FC, "supports", "Kami datang tiap bulan.")]
    neither = adjudicate(disputed.store, fee, [])
    assert neither.added == [] and len(neither.removed) == 1
    assert consensus(disputed) == [(FC, "supports", "Kami datang tiap bulan.")]


def test_both_merges_and_edit_writes_a_chosen_span(disputed) -> None:
    code(disputed, "ana", "wawancara", "Kantornya di Kab. Madiun", FC)
    code(disputed, "budi", "wawancara", "Madiun, kata H. Ahmad", FC)
    code(disputed, "citra", "wawancara", "Kantornya", TD)
    text = disputed.store.source_text("wawancara")
    unit = next(d for d in disagreements(disputed.store, ["ana", "budi", "citra"])
                if d.code == FC and text[d.unit.start:d.unit.end].startswith("Kantornya"))
    assert [d.stance for d in unit.decisions] == ["supports", "supports", ""]
    adjudicate(disputed.store, unit, ["ana", "budi"], consensus_coder="tim")
    assert [(c.stance, text[c.start:c.end]) for c in disputed.store.codings(coder="tim")] == [
        ("supports", "Kantornya di Kab. Madiun, kata H. Ahmad")]
    start = text.index("kata H. Ahmad")
    adjudicate(disputed.store, unit, [], consensus_coder="tim",
               edit=[(start, start + len("kata H. Ahmad"), "contradicts")])
    assert [(c.stance, text[c.start:c.end]) for c in disputed.store.codings(coder="tim")] == [
        ("contradicts", "kata H. Ahmad")]


def test_agreement_with_the_consensus_after_adjudication(disputed) -> None:
    for d in queue(disputed):
        adjudicate(disputed.store, d, ["ana"] if d.code == FC else ["budi"])
    with_budi = agreement(disputed.store, ["budi", "consensus"])
    with_ana = agreement(disputed.store, ["ana", "consensus"])
    assert with_budi.codes[TD].percent == 100.0
    assert with_ana.codes[FC].percent == 100.0
    assert with_ana.codes[TD].percent < 100.0


@pytest.mark.parametrize(("accept", "kwargs", "message"), [
    (["ana", "budi"], {}, "cannot both support and contradict"),
    (["zaki"], {}, "coder 'zaki' has no decision on this unit"),
    (["ana"], {"consensus_coder": "budi"}, "'budi' is one of the compared coders"),
    (["ana"], {"consensus_coder": "  "}, "the consensus coder needs a name"),
    ([], {"edit": [(0, 5, "supports")]}, "is not within the unit"),
    ([], {"edit": [(None, None, "maybe")]}, "stance must be supports or contradicts"),
])
def test_bad_adjudications_write_nothing(disputed, accept, kwargs, message) -> None:
    code(disputed, "ana", "wawancara", "Kontraknya satu tahun. Fee ditentukan BPJS!", TD)
    adjudicate(disputed.store, queue(disputed)[0], ["ana"])
    fee = next(d for d in queue(disputed)
               if d.code == TD and d.decision("budi").stance == "contradicts"
               and d.decision("ana").stance == "supports")
    before = snapshot_db(disputed)
    with pytest.raises(QualcodeError, match=message):
        adjudicate(disputed.store, fee, accept, **kwargs)
    assert snapshot_db(disputed) == before


def test_a_comparison_serves_figures_and_queue_at_once(disputed) -> None:
    comparison = CoderComparison(disputed.store, ["ana", "budi"])
    assert comparison.report() == agreement(disputed.store, ["ana", "budi"])
    assert comparison.disagreements() == queue(disputed)


# ---------------------------------------------------------------------- CLI

def test_cli_table_and_json(cli, sample_dir) -> None:
    result = cli("agreement", sample_dir, "--coders", "sample,sample-b")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "sample · sample-b: 3 sources, 176 sentence units coded by at least one " \
                       "of them"
    assert lines[1].split() == ["code", "units", "sample", "sample-b", "agreement", "kappa",
                                "alpha"]
    assert lines[-1].split() == ["overall", "(54", "codes)", "176", "124", "153", "98.9%",
                                 "0.645", "0.645"]
    assert "heideneim/formal-contract" in result.out
    data = json.loads(cli("agreement", sample_dir, "--coders", "sample,sample-b", "--json",
                          "--code", "heideneim", "--unit", "turn",
                          "--source", "madiun-bpjs-billing-head").out)
    assert data["coders"] == ["sample", "sample-b"] and data["unit"] == "turn"
    assert data["sources"] == ["madiun-bpjs-billing-head"]
    assert {c["code"].split("/")[0] for c in data["codes"]} == {"heideneim"}
    assert set(data["overall"]) == {"units", "agreed", "percent_agreement", "kappa", "alpha",
                                    "coded"}


def test_cli_three_coders_has_no_kappa_column(cli, disputed) -> None:
    code(disputed, "citra", "wawancara", "Kontraknya satu tahun.", FC)
    result = cli("agreement", disputed.path, "--coders", "ana,budi,citra")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].split() == ["code", "units", "ana", "budi", "citra",
                                                  "agreement", "alpha"]


@pytest.mark.parametrize(("args", "message"), [
    (["--coders", "sample,nobody"], "qualcode: no codings by coder(s) nobody in the project "
                                    "(coders: sample, sample-b)"),
    (["--coders", "sample,sample-b", "--source", "nope"],
     "qualcode: no source named 'nope' in the project"),
    (["--coders", "sample,sample-b", "--code", "heideneim/nope"],
     "qualcode: no code or codebook 'heideneim/nope' in the project"),
    (["--coders", "sample"], "qualcode: agreement needs at least two different coders"),
])
def test_cli_bad_input_is_one_line(cli, sample, args, message) -> None:
    before = snapshot_db(sample)
    result = cli("agreement", sample.path, *args)
    assert (result.code, result.out, result.err) == (1, "", message + "\n")
    assert snapshot_db(sample) == before


def test_cli_says_when_nothing_is_compared(cli, sample_dir) -> None:
    result = cli("agreement", sample_dir, "--coders", "sample,sample-b", "--source",
                 "banyuasin-dinkes")
    assert result.code == 0
    assert "no source was coded by at least two of sample, sample-b" in result.err
    assert result.out.splitlines()[-1].split()[-4:] == ["0", "—", "—", "—"]


def test_the_splitter_knows_indonesian_titles_and_abbreviations() -> None:
    """Degrees and titles (S.Kep., M.Kes.), company forms (PT.) never end a sentence; a list's
    end (dll., dsb.) does only before a capital."""
    from qualcode.ingest.textnav import units

    text = ("Ibu Sri, S.Kep., M.Kes. memimpin rapat. Data dari PT. Sawit Jaya, Dinsos, dll. "
            "dikirim ke kami. Kami kirim surat, dsb. Lalu mereka datang. Terima kasih, Bu. "
            "Pak H. Ahmad ikut.")
    assert [text[s:e] for s, e, _ in units(text, [])] == [
        "Ibu Sri, S.Kep., M.Kes. memimpin rapat.",
        "Data dari PT. Sawit Jaya, Dinsos, dll. dikirim ke kami.",
        "Kami kirim surat, dsb.", "Lalu mereka datang.", "Terima kasih, Bu.",
        "Pak H. Ahmad ikut."]


def test_a_codes_figures_do_not_depend_on_the_other_codes_compared(sample) -> None:
    coders = ["sample", "sample-b"]
    every = agreement(sample.store, coders)
    for code in ("heideneim/formal-contract", "vcoss/joint-planning"):
        alone = agreement(sample.store, coders, codes=[code])
        assert alone.codes[code].to_json() == every.codes[code].to_json()
        assert alone.units == every.units
