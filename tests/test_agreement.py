"""Inter-coder agreement (docs/agreement.md): units, the unit rule, percent agreement, Cohen's
kappa, Krippendorff's alpha, the disagreement queue and its adjudication, the CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import snapshot_db, write
from sklearn.metrics import cohen_kappa_score

from qualcode.analysis.agreement import (
    CoderComparison,
    adjudicate,
    agreement,
    disagreements,
    split_units,
)
from qualcode.analysis.reliability import (
    BOOTSTRAP_REPLICATES,
    Tally,
    _percentiles,
    bootstrap_intervals,
    bootstrap_statistics,
    cohen_kappa,
    cohen_kappa_ci,
    krippendorff_alpha,
    krippendorff_alpha_ci,
    unit_tally,
)
from qualcode.cli import main
from qualcode.cli.agreement import DEFAULT_REPLICATES
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


# ---------------------------------------------------------------------- confidence intervals

# Two coders on 40 units: both code 10, only one of them 3 and 2, neither 25.
S, N = "supports", ""
TWO_CODERS = [(S, S)] * 10 + [(S, N)] * 3 + [(N, S)] * 2 + [(N, N)] * 25


def contains(interval: tuple[float, float] | None, value: float | None) -> bool:
    return interval is not None and interval[0] - 1e-12 <= value <= interval[1] + 1e-12


def width(interval: tuple[float, float]) -> float:
    return interval[1] - interval[0]


def test_the_vectorised_replicates_equal_the_tally_of_the_resampled_data() -> None:
    """Each replicate's kappa and alpha, computed from the clusters' figures at once, equal
    those of the data rebuilt unit by unit (undefined: NaN there, None here)."""
    rng = np.random.default_rng(0)
    krippendorff = list(zip(*KRIPPENDORFF_2011, strict=True))
    for data in (krippendorff, TWO_CODERS, [("x", "x"), ("x", "y"), ("y", "y")]):
        distinct = list(dict.fromkeys(data))
        clusters = [(unit_tally(values), data.count(values)) for values in distinct]
        counts = rng.integers(0, 4, size=(200, len(distinct)))
        kappas, alphas = bootstrap_statistics(clusters, counts)
        for row, kappa, alpha in zip(counts, kappas, alphas, strict=True):
            tally = Tally()
            for values, times in zip(distinct, row, strict=True):
                tally.add(values, int(times))
            for got, expected in ((alpha, tally.alpha),
                                  (kappa, tally.kappa if len(data[0]) == 2 else None)):
                if expected is None:
                    assert np.isnan(got)
                else:
                    assert got == pytest.approx(expected, abs=1e-12)


def test_the_interval_contains_the_estimate_and_narrows_with_more_units() -> None:
    a, b = zip(*TWO_CODERS, strict=True)
    kappa, alpha = cohen_kappa(a, b), krippendorff_alpha(TWO_CODERS)
    kappa_ci, alpha_ci = cohen_kappa_ci(a, b), krippendorff_alpha_ci(TWO_CODERS)
    assert contains(kappa_ci, kappa) and contains(alpha_ci, alpha)
    assert 0.4 < width(kappa_ci) < 0.8  # 15 coded units out of 40: a wide interval
    # the same proportions on four times the units: about half as wide (1/√4)
    assert contains(cohen_kappa_ci(a * 4, b * 4), kappa)
    assert width(cohen_kappa_ci(a * 4, b * 4)) < 0.6 * width(kappa_ci)
    assert width(krippendorff_alpha_ci(TWO_CODERS * 4)) < 0.6 * width(alpha_ci)
    # four coders with missing values (Krippendorff 2011)
    units = list(zip(*KRIPPENDORFF_2011, strict=True))
    once, four = krippendorff_alpha_ci(units), krippendorff_alpha_ci(units * 4)
    assert contains(once, 0.743421) and contains(four, 0.743421)
    assert width(four) < 0.6 * width(once)


def test_the_interval_agrees_with_a_naive_bootstrap_over_units() -> None:
    """An independent, slow bootstrap: draw the units one by one with another generator and
    recompute alpha from scratch. The percentiles agree within the two simulations' noise."""
    units = [u for u in zip(*KRIPPENDORFF_2011, strict=True)
             if sum(v is not None for v in u) >= 2]  # the unit with one value is not drawn
    rng = random.Random(11)
    naive = [krippendorff_alpha(rng.choices(units, k=len(units))) for _ in range(4000)]
    low, high = np.percentile([a for a in naive if a is not None], [2.5, 97.5])
    got = krippendorff_alpha_ci(units, replicates=4000)
    assert got[0] == pytest.approx(low, abs=0.04) and got[1] == pytest.approx(high, abs=0.02)


def test_a_unit_is_resampled_with_all_its_decisions() -> None:
    """The overall interval draws units, each with all its codes' decisions: when a unit's
    decisions go together (a coder who codes a sentence codes it with five codes), that
    interval is the wider, honest one; drawing the decisions one by one would treat five
    correlated decisions as five independent units."""
    kinds = [((S, S), 30), ((S, N), 10), ((N, N), 60)]  # per unit, the same on all 5 codes
    units = []
    for values, times in kinds:
        tally = Tally()
        tally.add(values, 5)
        units.append((tally, times))
    decisions = [(unit_tally(values), 5 * times) for values, times in kinds]
    by_unit, one_by_one = bootstrap_intervals(units), bootstrap_intervals(decisions)
    assert contains(by_unit.alpha, krippendorff_alpha([v for v, t in kinds for _ in range(t)]))
    assert width(by_unit.alpha) > 1.8 * width(one_by_one.alpha)  # about √5 = 2.2
    assert width(by_unit.kappa) > 1.8 * width(one_by_one.kappa)


def test_intervals_are_reproducible() -> None:
    a, b = zip(*TWO_CODERS, strict=True)
    assert cohen_kappa_ci(a, b) == cohen_kappa_ci(a, b)
    assert krippendorff_alpha_ci(TWO_CODERS, seed=5) == krippendorff_alpha_ci(TWO_CODERS, seed=5)
    # the seed is what fixes them (another seed, another draw), not the order of the units
    assert krippendorff_alpha_ci(TWO_CODERS, seed=5) != krippendorff_alpha_ci(TWO_CODERS, seed=6)
    assert krippendorff_alpha_ci(TWO_CODERS[::-1]) == krippendorff_alpha_ci(TWO_CODERS)


def test_undefined_replicates_are_left_out() -> None:
    # 99 units both code "a", one they split: a resample without that unit has no variation.
    data = [("a", "a")] * 99 + [("a", "b")]
    assert krippendorff_alpha(data) == pytest.approx(0.0, abs=1e-12)
    low, high = krippendorff_alpha_ci(data)
    # such resamples (about a third) are dropped, not counted as 0 or 1: every kept one has the
    # split unit, so alpha ≤ 0 (0 with one copy of it, below with more)
    assert low < 0 and high == pytest.approx(0.0, abs=1e-12)
    # no variation at all: no estimate and no interval
    assert krippendorff_alpha_ci([("a", "a")] * 5) is None
    assert cohen_kappa_ci(["a"] * 5, ["a"] * 5) is None
    # more than half the replicates undefined: no interval
    assert _percentiles(np.array([np.nan] * 501 + [0.5] * 499), 1000) is None
    assert _percentiles(np.array([np.nan] * 500 + [0.5] * 500), 1000) == (0.5, 0.5)
    # no replicates: no interval
    assert bootstrap_intervals([(unit_tally(u), 1) for u in data], replicates=0) == (None, None)
    with pytest.raises(ValueError):
        krippendorff_alpha_ci(data, replicates=-1)


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


def test_sample_intervals(sample) -> None:
    """Every interval of the sample contains its estimate; the resampling units add up to the
    figures (overall: a unit carries all its codes' decisions); the same run, the same
    intervals; no replicates, no intervals."""
    coders = ["sample", "sample-b"]
    report = agreement(sample.store, coders)
    for figures in (*report.codes.values(), report.overall):
        assert contains(figures.kappa_ci, figures.kappa)
        assert contains(figures.alpha_ci, figures.alpha)
    o = report.overall
    assert [round(x, 2) for x in (*o.kappa_ci, *o.alpha_ci)] == [0.57, 0.71, 0.57, 0.71]
    contract = report.codes["heideneim/formal-contract"]
    assert [round(x, 2) for x in contract.alpha_ci] == [0.50, 1.00]
    assert agreement(sample.store, coders).to_json() == report.to_json()
    per_code, overall = CoderComparison(sample.store, coders).clusters()
    assert sum(times for _, times in overall) == report.units == 176
    for clusters, figures in ((overall, o), *((per_code[c], f) for c, f in report.codes.items())):
        tally = Tally()
        for cluster, times in clusters:
            for _ in range(times):
                tally.merge(cluster)
        assert (tally.units, tally.agreed) == (figures.units, figures.agreed)
        assert tally.alpha == pytest.approx(figures.alpha, abs=1e-12)
        assert tally.kappa == pytest.approx(figures.kappa, abs=1e-12)
    plain = agreement(sample.store, coders, bootstrap=0)
    assert (plain.overall.kappa, plain.overall.kappa_ci, plain.overall.alpha_ci) == (
        o.kappa, None, None)
    with pytest.raises(QualcodeError, match="cannot be negative"):
        agreement(sample.store, coders, bootstrap=-1)


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
    assert lines[1].split() == ["code", "sample", "sample-b", "agreed", "kappa", "[95%", "CI]",
                                "alpha", "[95%", "CI]"]
    assert lines[-1].split() == ["overall", "(54", "codes)", "124", "153", "98.9%",
                                 "0.645", "[.57–.71]", "0.645", "[.57–.71]"]
    assert "heideneim/formal-contract" in result.out
    assert max(len(line) for line in lines) <= 100
    data = json.loads(cli("agreement", sample_dir, "--coders", "sample,sample-b", "--json",
                          "--code", "heideneim", "--unit", "turn",
                          "--source", "madiun-bpjs-billing-head").out)
    assert data["coders"] == ["sample", "sample-b"] and data["unit"] == "turn"
    assert data["sources"] == ["madiun-bpjs-billing-head"]
    assert {c["code"].split("/")[0] for c in data["codes"]} == {"heideneim"}
    assert set(data["overall"]) == {"units", "agreed", "percent_agreement", "kappa", "alpha",
                                    "coded", "kappa_ci", "alpha_ci"}
    assert data["bootstrap"] == {"replicates": 1000, "seed": 1729, "confidence": 0.95}


def test_cli_three_coders_has_no_kappa_column(cli, disputed) -> None:
    code(disputed, "citra", "wawancara", "Kontraknya satu tahun.", FC)
    result = cli("agreement", disputed.path, "--coders", "ana,budi,citra")
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].split() == ["code", "ana", "budi", "citra", "agreed",
                                                  "alpha", "[95%", "CI]"]


def test_cli_bootstrap_option(cli, capsys, sample_dir) -> None:
    assert DEFAULT_REPLICATES == BOOTSTRAP_REPLICATES == 1000  # the parser's copy (no import)
    args = ("agreement", sample_dir, "--coders", "sample,sample-b")
    off = cli(*args, "--bootstrap", "0")
    assert off.code == 0, off.err
    assert off.out.splitlines()[1].split() == ["code", "sample", "sample-b", "agreed", "kappa",
                                               "alpha"]
    assert off.out.splitlines()[-1].split()[-2:] == ["0.645", "0.645"]
    data = json.loads(cli(*args, "--json", "--bootstrap", "0").out)
    assert data["overall"]["kappa_ci"] is None and data["bootstrap"]["replicates"] == 0
    data = json.loads(cli(*args, "--json", "--bootstrap", "200").out)
    low, high = data["overall"]["alpha_ci"]
    assert low < data["overall"]["alpha"] < high and data["bootstrap"]["replicates"] == 200
    assert json.loads(cli(*args, "--json", "--bootstrap", "200").out) == data
    for bad in ("-1", "x", "1.5"):
        with pytest.raises(SystemExit) as exit_:
            main([str(a) for a in args] + ["--bootstrap", bad])
        assert exit_.value.code == 1
        out, err = capsys.readouterr()
        assert out == "" and err == (
            "qualcode: agreement: argument --bootstrap: the number of replicates must be a "
            f"whole number, 0 or more (0: no intervals), not '{bad}' (see 'qualcode agreement "
            "--help')\n")


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
