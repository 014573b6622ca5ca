"""Code suggestions (qualcode.suggest): the cold start from the codebooks, learning from the
researcher's codings, accept and reject, never evidence until accepted, the CLI and the
evaluation."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import snapshot_db, write

from qualcode.analysis.evidence import EvidenceBase
from qualcode.errors import QualcodeError
from qualcode.ingest.sources import import_files
from qualcode.model import NewCoding
from qualcode.store.project import Project
from qualcode.store.schema import MIGRATIONS, SCHEMA_VERSION
from qualcode.suggest import engine as sg

CONTRACT = "Sebelum mulai, kader teken perjanjian kerja yang berlaku satu tahun."
NO_CONTRACT = "Kami belum pernah tanda tangan apa-apa, cuma dikasih surat tugas."
WEATHER = "Cuacanya panas sekali waktu itu."
INTERVIEW = (
    "---\nsite: Desa Uji\nmethod: interview\nlanguage: id\n"
    "informants: [{id: P1}, {id: K2}]\n---\n"  # K2 speaks once: declared, so a speaker
    f"Pewawancara: {CONTRACT}\n"
    f"P1: {WEATHER} {CONTRACT}\n"
    f"K2: {NO_CONTRACT}\n"
)
DOCUMENT = (
    "---\nsite: Desa Uji\nmethod: document\nlanguage: en\n---\n"
    "Before starting, each cadre signs a work agreement valid for one year.\n"
    "The office is painted green.\n"
)

# A made-up word that no codebook knows: only the researcher's codings can teach it.
ZORBLAT = [
    "Kami pakai zorblat untuk mencatat kunjungan warga.",
    "Zorblat itu dibawa kader ke rumah peserta.",
    "Tanpa zorblat kami susah menagih iuran.",
    "Zorblat membantu kader menghitung tunggakan.",
    "Setiap pagi zorblat diisi sebelum keliling desa.",
    "Data zorblat dikirim ke kantor cabang.",
]
FILLER = [
    "Jalan ke kantor desa sedang diperbaiki.",
    "Pasar buka dari subuh sampai siang.",
    "Anak saya sekolah di kecamatan sebelah.",
    "Musim hujan tahun ini datang terlambat.",
    "Warung kopi di ujung jalan selalu ramai.",
    "Sawah di belakang rumah baru dipanen.",
]
TAUGHT = "factors/side-job"  # the code the researcher gives to zorblat sentences


def interview(site: str, lines: list[str]) -> str:
    return (f"---\nsite: {site}\nmethod: interview\nlanguage: id\n---\n"
            "Pewawancara: Bagaimana kegiatan sehari-hari?\n"
            + "".join(f"P1: {line}\n" for line in lines))


@pytest.fixture
def cold(project: Project, tmp_path: Path) -> Project:
    """A project with an Indonesian interview and an English document, no codings."""
    import_files(project, [write(tmp_path / "t" / "wawancara.txt", INTERVIEW),
                           write(tmp_path / "t" / "dokumen.txt", DOCUMENT)])
    return project


@pytest.fixture
def taught(project: Project, tmp_path: Path) -> Project:
    """Three interviews (a, b, e) in which the researcher coded every zorblat sentence with
    TAUGHT, and two uncoded ones (c, d) with the same sentences."""
    fresh = [*FILLER[:3], *ZORBLAT[:3], *FILLER[3:]]
    files = [write(tmp_path / "t" / f"{name}.txt", interview("Desa Uji", lines))
             for name, lines in (("a", ZORBLAT + FILLER), ("b", FILLER[::-1] + ZORBLAT[::-1]),
                                 ("e", ZORBLAT[3:] + FILLER + ZORBLAT[:3]),
                                 ("c", fresh), ("d", fresh))]
    import_files(project, files)
    texts = project.store.source_texts()
    project.store.add_codings(
        NewCoding(name, texts[name].index(line), texts[name].index(line) + len(line), TAUGHT,
                  coder="peneliti")
        for name in ("a", "b", "e") for line in ZORBLAT)
    return project


def by_text(found: list[sg.Suggestion]) -> dict[str, list[sg.Suggestion]]:
    out: dict[str, list[sg.Suggestion]] = {}
    for s in found:
        out.setdefault(s.text, []).append(s)
    return out


# ---------------------------------------------------------------------- cold start

def test_cold_start_suggests_from_codebook_examples_in_both_languages(cold: Project) -> None:
    found = sg.suggest(cold)
    assert sg.retrain(cold).mode == "cold"
    texts = by_text(found)
    contract = {s.code: s for s in texts[CONTRACT]}["heideneim/formal-contract"]
    assert contract.stance == "supports" and contract.score >= sg.COLD_THRESHOLD
    assert '"perjanjian kerja"' in contract.reason and "codebook example" in contract.reason
    assert contract.model_version.startswith("s1:cold:")
    text = cold.store.source_texts()["wawancara"]
    assert text[contract.start:contract.end] == CONTRACT
    assert contract.start > text.index("P1:")  # the informant's sentence, not the question
    against = {s.code: s for s in texts[NO_CONTRACT]}["heideneim/formal-contract"]
    assert against.stance == "contradicts" and 'negation "belum"' in against.reason
    english = "Before starting, each cadre signs a work agreement valid for one year."
    assert "heideneim/formal-contract" in {s.code for s in texts[english]}
    assert WEATHER not in texts and "The office is painted green." not in texts
    assert all(len(v) <= sg.PER_UNIT for v in texts.values())


def test_cold_start_scope_and_unknown_names(cold: Project) -> None:
    only = sg.suggest(cold, ["dokumen"], ["heideneim"])
    assert "heideneim/formal-contract" in {s.code for s in only}
    assert all(s.source == "dokumen" and s.code.startswith("heideneim/") for s in only)
    assert all(s.code.startswith("uhc-themes/") for s in sg.suggest(cold, None, ["uhc-themes"]))
    with pytest.raises(QualcodeError, match="no source 'nope'"):
        sg.suggest(cold, ["nope"])
    with pytest.raises(QualcodeError, match="no codebook 'nope'"):
        sg.suggest(cold, None, ["nope"])


def test_suggestions_for_a_source_come_most_informative_first(cold: Project) -> None:
    found = sg.suggest_for_source(cold, "wawancara")
    assert len(found) >= 3 and {s.source for s in found} == {"wawancara"}
    uncertainty = [s.uncertainty for s in found]
    assert uncertainty == sorted(uncertainty, reverse=True)
    assert sg.suggest_for_source(cold, "wawancara", limit=2) == found[:2]


# ---------------------------------------------------------------------- learning

def taught_scores(project: Project, source: str, lines: list[str]) -> list[float]:
    """Scores of TAUGHT suggestions for these sentences of a source (0 when not suggested)."""
    found = {s.text: s.score for s in sg.suggest_for_source(project, source)
             if s.code == TAUGHT}
    return [found.get(line, 0.0) for line in lines]


def test_learning_from_the_researchers_codings(taught: Project) -> None:
    info = sg.retrain(taught)
    assert info.mode == "learned" and info.coded_units == 3 * len(ZORBLAT)
    assert info.version.startswith("s1:learned:")
    texts = by_text(sg.suggest_for_source(taught, "c"))
    for line in ZORBLAT[:3]:
        best = max(texts[line], key=lambda s: s.score)
        assert best.code == TAUGHT and best.score >= 0.5, line
        assert "like your coding" in best.reason
        assert best.model_version == info.version
    learned = taught_scores(taught, "c", ZORBLAT[:3])
    filler = taught_scores(taught, "c", FILLER)
    assert min(learned) > 5 * max(filler)
    assert all(s.code.startswith("factors/") for v in texts.values() for s in v)  # site scope


def test_retrain_is_a_no_op_until_the_codings_change(taught: Project) -> None:
    first = sg.retrain(taught)
    assert sg.retrain(taught) is first
    text = taught.store.source_texts()["c"]
    start = text.index(FILLER[0])
    taught.store.add_coding(NewCoding("c", start, start + len(FILLER[0]), TAUGHT, coder="x"))
    assert sg.retrain(taught).version != first.version


def test_learned_model_on_the_sample_project(sample: Project) -> None:
    info = sg.retrain(sample)
    assert info.mode == "learned" and info.stance == "classifier"
    found = sg.suggest_for_source(sample, "madiun-cadre-ponorogo")
    assert found and all(s.model_version == info.version for s in found)
    assert any("like your coding" in s.reason for s in found)
    coded = {(c.start, c.end, c.code) for c in sample.store.codings("madiun-cadre-ponorogo")}
    assert not {(s.start, s.end, s.code) for s in found} & coded


def test_suggestions_can_be_made_in_a_worker_thread(taught: Project) -> None:
    results: list = []
    worker = threading.Thread(target=lambda: results.append(sg.suggest_for_source(taught, "c")))
    worker.start()
    worker.join()
    assert results[0] == sg.suggest_for_source(taught, "c")


# ---------------------------------------------------------------------- accept and reject

def test_accept_stores_a_coding_with_origin_and_model_version(cold: Project) -> None:
    found = [s for s in sg.suggest(cold) if s.text == CONTRACT
             and s.code == "heideneim/formal-contract"][0]
    coding = sg.accept(cold, found, "rina")
    assert (coding.source, coding.start, coding.end, coding.code, coding.stance) == (
        found.source, found.start, found.end, found.code, found.stance)
    assert coding.origin == "suggestion" and coding.model_version == found.model_version
    assert coding.coder == "rina"
    assert cold.store.coding(coding.id) == coding
    again = sg.suggest(cold)
    assert (found.start, found.code) not in {(s.start, s.code) for s in again}


def test_reject_is_remembered_and_never_suggested_again(cold: Project) -> None:
    found = [s for s in sg.suggest(cold) if s.text == CONTRACT
             and s.code == "heideneim/formal-contract"][0]
    before = len(cold.store.codings())
    sg.reject(cold, found, "rina")
    sg.reject(cold, found, "rina")  # twice: remembered once
    assert cold.store.rejections() == [(found.source, found.start, found.end, found.code)]
    row = cold.store.conn.execute("SELECT coder, model_version FROM rejections").fetchone()
    assert row == ("rina", found.model_version)
    assert len(cold.store.codings()) == before
    assert found not in sg.suggest(cold)
    assert any(s.text == CONTRACT for s in sg.suggest(cold))  # its other code still comes
    assert cold.store.undo("rina").action == "reject"  # undo forgets the rejection
    assert cold.store.rejections() == [] and found in sg.suggest(cold)


def test_rejections_teach_the_model(taught: Project) -> None:
    before = sg.retrain(taught)
    in_d = taught_scores(taught, "d", ZORBLAT[:3])
    assert min(in_d) >= 0.5
    for s in sg.suggest_for_source(taught, "c"):
        if s.code == TAUGHT and s.text in ZORBLAT:
            sg.reject(taught, s, "peneliti")
    after = sg.retrain(taught)
    assert after.version != before.version and after.rejections == 3
    assert taught_scores(taught, "c", ZORBLAT[:3]) == [0.0] * 3  # never suggested again
    lowered = taught_scores(taught, "d", ZORBLAT[:3])  # the same sentences elsewhere
    assert all(a < b for a, b in zip(lowered, in_d, strict=True))


def test_negatives_only_from_what_a_person_has_read(taught: Project) -> None:
    from qualcode.suggest.model import training_data

    corpus = sg.engine_for(taught).corpus_for(taught.store)
    side_job = corpus.profiles.index[TAUGHT]
    factors = [j for j, b in enumerate(corpus.profiles.codebook) if b == "factors"]
    text = taught.store.source_texts()["d"]
    line = ZORBLAT[0]  # the fourth sentence of d
    start = text.index(line)
    accepted = [s for s in sg.suggest_for_source(taught, "d") if s.text == line
                and s.code == TAUGHT][0]
    sg.accept(taught, accepted, "peneliti")
    data = training_data(corpus, taught.store.codings(), [])
    d = [i for i, r in enumerate(data.rows) if corpus.unit(r)[0] == "d"]
    assert data.scope[d].sum() == 1  # an accepted suggestion: its own pair, nothing else
    assert data.positive[d, side_job].tolist() == [False, False, False, True, False, False,
                                                   False, False, False]
    taught.store.add_coding(NewCoding("d", start, start + len(line), "factors/door-to-door",
                                      coder="peneliti"))
    data = training_data(corpus, taught.store.codings(), [])
    read = data.scope[d][:, factors].all(axis=1).tolist()
    assert read == [True] * 4 + [False] * 5  # read up to the person's last coding


def test_a_suggestion_is_never_evidence_until_accepted(cold: Project, cli) -> None:
    def formal_contract() -> dict:
        base = EvidenceBase(cold.store)
        result = cli("verdict", cold.path, "--site", "Desa Uji", "--framework", "heideneim",
                     "--json")
        (verdict,) = json.loads(result.out)
        indicator = {i["id"]: i for i in verdict["indicators"]}["heideneim/formal-contract"]
        assert base.indicator("Desa Uji", "heideneim/formal-contract").status == \
            indicator["status"]
        return indicator

    assert formal_contract()["status"] == "absent"
    found = [s for s in sg.suggest(cold) if s.text == CONTRACT
             and s.code == "heideneim/formal-contract"][0]
    assert formal_contract()["status"] == "absent"  # suggested, not evidence
    sg.reject(cold, found)
    cold.store.undo(cold.coder)
    assert formal_contract()["status"] == "absent"
    sg.accept(cold, found, "rina")
    accepted = formal_contract()
    assert accepted["status"] == "supported" and accepted["supports"] == 1
    assert accepted["coders"] == ["rina"]


# ---------------------------------------------------------------------- store

def test_an_older_store_gains_the_rejections_table(cold: Project) -> None:
    path = cold.store.path
    cold.close()
    path.unlink()  # a database as qualcode 2 made it: the shipped steps up to version 2
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        conn.executescript(step)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    conn.commit()
    conn.close()
    reopened = Project.open(path.parent)
    try:
        assert reopened.store.rejections() == []
        version = reopened.store.conn.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION >= 3
    finally:
        reopened.close()


# ---------------------------------------------------------------------- command line

def test_cli_suggest_json_and_text(cold: Project, cli) -> None:
    result = cli("suggest", cold.path, "--source", "wawancara", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    text = cold.store.source_texts()["wawancara"]
    assert rows and all(set(r) == {"source", "start", "end", "text", "code", "stance", "score",
                                   "reason"} for r in rows)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    assert "cold start" in result.err
    plain = cli("suggest", cold.path, "--order", "informative")
    assert plain.code == 0 and "heideneim/formal-contract" in plain.out
    assert f'"{CONTRACT}"' in plain.out


@pytest.mark.parametrize(("args", "message"), [
    (["suggest", "{p}", "--source", "nope"], "qualcode: no source 'nope'"),
    (["suggest", "{p}", "--codebook", "nope"], "qualcode: no codebook 'nope'"),
    (["suggest-eval", "{p}"], "no human codings in"),
    (["suggest-eval", "{p}", "--coders", "nobody"], "no human codings by nobody"),
])
def test_cli_bad_input(cold: Project, cli, args: list[str], message: str) -> None:
    before = snapshot_db(cold)
    result = cli(*[a.format(p=cold.path) for a in args])
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(message) or message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot_db(cold) == before


def test_cli_suggest_eval_learned_beats_cold_start(taught: Project, cli) -> None:
    result = cli("suggest-eval", taught.path, "--json")
    assert result.code == 0
    report = json.loads(result.out)
    assert report["coders"] == ["peneliti"] and report["folds"] == {"source": 3, "site": 1}
    by_source = report["leave_one_source_out"]
    assert by_source["learned"]["micro"]["f1"] > by_source["cold"]["micro"]["f1"]
    assert by_source["learned"]["codes"][TAUGHT]["tp"] >= len(ZORBLAT)
    assert by_source["cold"]["codes"].get(TAUGHT, {"tp": 0})["tp"] == 0  # only coding teaches it
    by_site = report["leave_one_site_out"]  # one site: nothing to train on, cold start only
    assert by_site["learned"]["micro"] == by_site["cold"]["micro"]
    table = cli("suggest-eval", taught.path)
    assert table.code == 0 and "leave one source out" in table.out and TAUGHT in table.out


def test_no_informant_words_is_a_clear_refusal_not_a_crash(project: Project,
                                                           tmp_path: Path) -> None:
    """Only the researcher's questions: an empty corpus, which scikit-learn cannot fit; the
    workbench's G shows this line instead of a traceback."""
    from qualcode.ingest.sources import import_files

    only = tmp_path / "hanya-pertanyaan.txt"
    only.write_text("---\nsite: Desa\nmethod: interview\n---\n"
                    "Pewawancara: Selamat pagi, Bu.\nPewawancara: Terima kasih.\n",
                    encoding="utf-8")
    import_files(project, [only])
    with pytest.raises(QualcodeError, match="hold no informant's words"):
        sg.suggest_for_source(project, "hanya-pertanyaan")


def test_tfidf_is_scikit_learns(tmp_path) -> None:
    """The corpus's TF-IDF (numpy and scipy only) equals scikit-learn's TfidfVectorizer with
    sublinear tf and unit rows, unknown terms and empty documents included."""
    import random

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from qualcode.suggest.corpus import Tfidf

    rng = random.Random(3)
    words = [f"w{i}" for i in range(200)]
    docs = [[rng.choice(words) for _ in range(rng.randint(0, 15))] for _ in range(300)]
    theirs = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True).fit(docs)
    ours = Tfidf(docs)
    assert ours.terms == list(theirs.get_feature_names_out())
    probe = docs[:40] + [["unknown"], []]
    assert np.allclose(ours.transform(probe).toarray(), theirs.transform(probe).toarray(),
                       atol=1e-6)


def test_a_fitted_model_is_read_back_without_fitting_again(tmp_path, monkeypatch) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qualcode.store.analysis_cache import AnalysisCache
    from qualcode.suggest import model, nlp

    monkeypatch.setattr(nlp, "_cache", AnalysisCache(nlp.RULES, tmp_path / "c.sqlite"))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    y = x[:, 0] + 0.5 * rng.normal(size=200) > 0
    fitted = model.Logistic.fit(x, y, C=10, max_iter=2000)
    reference = LogisticRegression(C=10, max_iter=2000).fit(x, y)
    assert np.allclose(fitted.probability(x), reference.predict_proba(x)[:, 1])

    def refit(*args):
        raise AssertionError("fitted again")

    monkeypatch.setattr(model, "_fitted", refit)
    again = model.Logistic.fit(x, y, C=10, max_iter=2000)
    assert np.array_equal(again.coef, fitted.coef) and again.intercept == fitted.intercept
    with pytest.raises(AssertionError, match="fitted again"):
        model.Logistic.fit(x, ~y, C=10, max_iter=2000)  # other labels: another model
