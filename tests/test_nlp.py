"""The language pipelines (qualcode.suggest.nlp): lemmas, stop words, norms and abbreviations in
Indonesian and English, units with exact offsets, caching, and lazy imports of spaCy and
scikit-learn."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT

from qualcode.ingest.transcripts import TURN_LINE
from qualcode.model import Turn
from qualcode.suggest import nlp


@pytest.fixture(scope="session")
def id_pipe() -> nlp.Pipeline:
    """The Indonesian pipeline, built once for the whole test session (it takes seconds)."""
    return nlp.pipeline("id")


@pytest.fixture(scope="session")
def en_pipe() -> nlp.Pipeline:
    return nlp.pipeline("en")


def turns_of(text: str) -> list[Turn]:
    """Turns of a small transcript: one per labelled line (no continuation lines)."""
    turns, pos = [], 0
    for line in text.splitlines(keepends=True):
        match = TURN_LINE.match(line)
        if match:
            label = match.group("label")
            turns.append(Turn(pos, pos + len(line.rstrip("\n")), label,
                              label.lower() == "pewawancara"))
        pos += len(line)
    return turns


@pytest.mark.parametrize(("word", "lemma"), [
    ("menentukan", "tentu"),
    ("Kemitraan", "mitra"),          # capitalised: looked up in lower case
    ("KONTRAKNYA", "kontrak"),       # not in the table: the suffix comes off
    ("disepakati", "sepakat"),       # prefix and suffix
    ("nentuin", "tentu"),            # colloquial prefix and -in
    ("ngikut", "ikut"),
    ("iuran", "iur"),
    ("Kab.", "kabupaten"),           # abbreviation norm
    ("tgl.", "tanggal"),
])
def test_indonesian_lemmas(id_pipe: nlp.Pipeline, word: str, lemma: str) -> None:
    assert id_pipe.word(word).lemma == lemma


@pytest.mark.parametrize("word", ["nggak", "gak", "ga", "enggak", "ya", "kalo", "sih", "dong",
                                  "deh", "kok", "gitu", "udah", "aja", "banget", "emang",
                                  "eh", "ehm", "yang", "Mbak"])
def test_indonesian_stop_words_include_colloquial(id_pipe: nlp.Pipeline, word: str) -> None:
    assert id_pipe.word(word).stop


@pytest.mark.parametrize("word", ["kader", "anggaran", "bersama", "sepihak", "saling", "fee"])
def test_indonesian_content_words_are_kept(id_pipe: nlp.Pipeline, word: str) -> None:
    assert not id_pipe.word(word).stop


def test_indonesian_negation_cues_after_norms(id_pipe: nlp.Pipeline) -> None:
    for word in ("tidak", "nggak", "gak", "enggak", "belum", "bukan", "tanpa", "Tdk"):
        assert id_pipe.word(word).cue, word
    assert not id_pipe.word("sudah").cue
    unit = id_pipe.analyse("Kami nggak ikut nentuin fee, udah ditentukan BPJS.")
    assert unit.terms == ("tentu", "fee", "tentu", "bpjs")
    assert unit.cues == ("nggak",)


def test_colloquial_spellings_meet_standard_ones(id_pipe: nlp.Pipeline) -> None:
    colloquial = id_pipe.analyse("Kalo udah bareng gitu, nggak ada masalah.")
    standard = id_pipe.analyse("Kalau sudah bersama begitu, tidak ada masalah.")
    assert colloquial.terms == standard.terms == ("sama", "masalah")
    assert colloquial.cues == ("nggak",) and standard.cues == ("tidak",)


def test_english_lemmas_norms_and_stop_words(en_pipe: nlp.Pipeline) -> None:
    unit = en_pipe.analyse("The cadres weren't paid; no agreements were signed by the "
                           "organisations.")
    assert unit.terms == ("cadre", "pay", "agreement", "sign", "organization")
    assert unit.cues == ("n't", "no")
    assert en_pipe.word("The").stop and not en_pipe.word("budget").stop
    assert en_pipe.word("Organisations").lemma == "organization"


def test_abbreviations_stay_in_their_sentence() -> None:
    text = "P1: Kantornya di Kab. Madiun, dekat Kec. Taman. Tgl. 5 Mei kami rapat.\n"
    units = nlp.source_units("abbr", text, turns_of(text), "id")
    assert [text[u.start:u.end] for u in units] == [
        "Kantornya di Kab. Madiun, dekat Kec. Taman.", "Tgl. 5 Mei kami rapat."]
    spelled = nlp.pipeline("id").analyse("Kantornya di kabupaten Madiun, dekat kecamatan Taman.")
    assert units[0].terms == spelled.terms == ("kantor", "kabupaten", "madiun", "camat", "taman")


def test_units_have_exact_code_point_offsets_with_emoji_and_combining_marks() -> None:
    text = ("Pewawancara: Bagaimana kafe\u0301nya?\n"
            "P1: Kafe\u0301 itu 😀 tempat rapat kami. Nggak ada anggaran 👍🏽 bersama.\n"
            "Ruang rapat di Kab. Madiun 🙂 kecil. Di luar giliran.\n")
    units = nlp.source_units("emoji", text, turns_of(text), "id")
    assert [text[u.start:u.end] for u in units] == [
        "Kafe\u0301 itu 😀 tempat rapat kami.", "Nggak ada anggaran 👍🏽 bersama.",
        "Ruang rapat di Kab. Madiun 🙂 kecil.", "Di luar giliran."]
    first = units[0]
    assert first.start == text.index("Kafe\u0301 itu")  # code points, not bytes or graphemes
    assert first.terms[0] == unicodedata.normalize("NFC", "kafe\u0301") == "kafé"
    assert units[1].cues == ("nggak",) and units[1].terms == ("anggar", "sama")


def test_researcher_turns_are_not_units() -> None:
    text = "Pewawancara: Apakah ada kontrak?\nP1: Ada kontrak setahun.\n"
    units = nlp.source_units("researcher", text, turns_of(text), "id")
    assert [text[u.start:u.end] for u in units] == ["Ada kontrak setahun."]


def test_units_are_cached_per_source_and_text() -> None:
    text = "P1: Ada kontrak.\n"
    first = nlp.source_units("cached", text, turns_of(text), "id")
    assert nlp.source_units("cached", text, turns_of(text), "id") is first
    changed = text.replace("kontrak", "kontrak kerja")
    again = nlp.source_units("cached", changed, turns_of(changed), "id")
    assert again is not first and again[0].terms == ("kontrak", "kerja")


def test_pipelines_are_built_once(id_pipe: nlp.Pipeline) -> None:
    assert nlp.pipeline("id") is id_pipe
    assert nlp.pipeline("jv") is id_pipe  # another language reads as Indonesian


def test_spacy_and_sklearn_are_imported_lazily() -> None:
    code = ("import sys\n"
            "import qualcode.cli, qualcode.suggest.nlp, qualcode.suggest.engine, "
            "qualcode.suggest.corpus, qualcode.suggest.model, qualcode.suggest.evaluate\n"
            "print(','.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('spacy', 'sklearn', 'scipy', 'numpy'))))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_a_text_analysed_once_is_read_back_without_spacy(tmp_path, monkeypatch, id_pipe) -> None:
    """The analysis cache: a second process (here a fresh pipeline and cache object on the
    same file) reads the units back, equal to the analysis, and never loads spaCy."""
    from qualcode.store.analysis_cache import AnalysisCache

    text = "Kontraknya disepakati bersama. Kami nggak ikut menentukan fee-nya, dll."
    spans = [(0, 30), (31, len(text))]
    expected = id_pipe.units(text, spans)
    monkeypatch.setattr(nlp, "_cache", AnalysisCache(nlp.RULES, tmp_path / "a.sqlite"))
    assert nlp.Pipeline("id").units(text, spans) == expected  # analysed and stored
    monkeypatch.setattr(nlp, "_cache", AnalysisCache(nlp.RULES, tmp_path / "a.sqlite"))
    fresh = nlp.Pipeline("id")
    assert fresh.units(text, spans) == expected and fresh.nlp is None
    assert fresh.units(text, spans[:1]) == expected[:1] and fresh.nlp is not None  # new spans
    changed = (*nlp.RULES, "another rule")
    monkeypatch.setattr(nlp, "_cache", AnalysisCache(changed, tmp_path / "a.sqlite"))
    other = nlp.Pipeline("id")
    assert other.units(text, spans) == expected and other.nlp is not None  # rules changed


def test_an_unusable_cache_only_costs_time(tmp_path, monkeypatch, id_pipe) -> None:
    from qualcode.store.analysis_cache import AnalysisCache

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(nlp, "_cache", AnalysisCache(nlp.RULES, blocked / "a.sqlite"))
    text = "Fee kami ditentukan dari BPJS."
    assert nlp.Pipeline("id").units(text, [(0, len(text))]) == \
        id_pipe.units(text, [(0, len(text))])
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr(nlp, "_cache", AnalysisCache(nlp.RULES, garbage))
    assert nlp.Pipeline("id").units(text, [(0, len(text))]) == \
        id_pipe.units(text, [(0, len(text))])
