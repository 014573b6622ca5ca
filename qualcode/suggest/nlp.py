"""Language pipelines for Indonesian and English, and the units that suggestions work on.

Trained spaCy models are not available offline, so each pipeline is `spacy.blank(lang)` with a
lookup lemmatizer (spacy-lookups-data), tokenizer special cases for abbreviations (Kab., Kec.,
tgl. stay one token and read as kabupaten, kecamatan, tanggal), stop words that include
colloquial Indonesian, and spelling norms: the `lexeme_norm` table plus a colloquial → standard
map (nggak → tidak, udah → sudah). Words are looked up in lower case after NFKC normalisation;
Indonesian words the lemma table lacks are tried without their affixes (disepakati → sepakat).

A *unit* is a sentence as the workbench and inter-coder agreement see it
(`qualcode.ingest.textnav.units`: sentences within a turn's words, or within a line outside
turns), so that a suggestion is exactly what a coder selects with `s`; researcher turns are
left out. The text is never changed: unit offsets are code points into the stored source text.

Pipelines are built once per process, lazily and under a lock (the TUI builds them in a worker
thread), and only when a text was never analysed before: units are kept in memory per source
and text, and between processes in the analysis cache (qualcode.store.analysis_cache).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from qualcode.model import Turn
from qualcode.store.analysis_cache import AnalysisCache

NEGATION_CUES = {
    "id": frozenset({"tidak", "belum", "bukan", "tanpa", "jangan", "kurang", "jarang", "minim",
                     "tiada", "mustahil"}),
    "en": frozenset({"not", "no", "never", "without", "none", "nobody", "nothing", "neither",
                     "nor", "lack", "rarely", "hardly", "barely", "seldom"}),
}

# Colloquial (and SMS) spellings → standard Indonesian, beyond spaCy's lexeme_norm table.
COLLOQUIAL_NORMS = {
    "nggak": "tidak", "ngga": "tidak", "gak": "tidak", "ga": "tidak", "enggak": "tidak",
    "engga": "tidak", "ndak": "tidak", "nda": "tidak", "tak": "tidak", "kagak": "tidak",
    "tdk": "tidak", "gk": "tidak", "blm": "belum", "belom": "belum",
    "udah": "sudah", "udh": "sudah", "dah": "sudah", "sdh": "sudah", "kalo": "kalau",
    "klo": "kalau", "gimana": "bagaimana", "gmn": "bagaimana", "gitu": "begitu",
    "gini": "begini", "aja": "saja", "emang": "memang", "banget": "sangat", "bener": "benar",
    "dapet": "dapat", "kayak": "seperti", "karna": "karena",
    "krn": "karena", "trus": "terus", "terusan": "terus", "sampe": "sampai", "tau": "tahu",
    "pengen": "ingin", "pingin": "ingin", "bareng": "bersama", "barengan": "bersama",
    "duit": "uang", "yg": "yang", "dgn": "dengan", "utk": "untuk", "tsb": "tersebut",
    "jg": "juga", "sm": "sama", "bgt": "sangat", "lg": "lagi", "kmrn": "kemarin",
    "kemaren": "kemarin", "ntar": "nanti", "entar": "nanti", "gede": "besar", "bikin": "buat",
    "nyampe": "sampai", "ketemu": "temu", "ngomong": "bicara", "ngobrol": "obrol",
    "nggih": "ya", "abis": "habis", "makasih": "",
}

# Fillers, particles and pronouns of spoken Indonesian that spaCy's list lacks.
COLLOQUIAL_STOP = frozenset({
    "nggak", "ngga", "gak", "ga", "enggak", "ndak", "ya", "iya", "yah", "kalo", "sih", "dong",
    "deh", "kok", "gitu", "gini", "udah", "aja", "banget", "emang", "eh", "ehm", "em", "hmm",
    "mm", "oh", "nah", "lha", "loh", "lho", "kan", "tuh", "nih", "gimana", "kayak", "pak",
    "bu", "bapak", "ibu", "mbak", "mas", "bang", "dek", "kak", "nggih", "ok", "oke", "aduh",
    "wah", "yaa", "terus", "trus", "pas", "gue", "gw", "lu", "lo", "kalian", "apa-apa",
    "pokoknya", "istilahnya", "namanya", "sebenernya", "soalnya", "makanya", "biar",
})

# Stop words of spaCy's Indonesian list that mean something in partnership talk.
KEEP_ID = frozenset({
    "bersama", "bersama-sama", "sama-sama", "sepihak", "saling", "bekerja", "pihak", "masalah",
    "persoalan", "bagian", "naik", "lama", "jauh", "penting", "kasus", "rata",
    "kembali", "anggota", "jumlah", "keinginan", "mampu", "keluar", "tepat", "umum",
})

# Abbreviations kept whole by the tokenizer (their full stop is not a token of its own), with
# the word they stand for ("": a stop word).
ABBREVIATIONS = {
    "id": {"kab.": "kabupaten", "kec.": "kecamatan", "kel.": "kelurahan", "ds.": "desa",
           "prov.": "provinsi", "tgl.": "tanggal", "dr.": "dokter", "drg.": "dokter",
           "no.": "nomor", "bpk.": "bapak", "bp.": "bapak", "sdr.": "saudara",
           "sdri.": "saudari", "jl.": "jalan", "jln.": "jalan", "rp.": "rupiah",
           "hlm.": "halaman", "thn.": "tahun", "bln.": "bulan", "kep.": "keputusan",
           "perbup.": "peraturan", "perwali.": "peraturan", "pt.": "perusahaan",
           "dll.": "", "dsb.": "", "dst.": "", "ybs.": "", "yth.": "", "a.n.": "", "u.p.": "",
           "s.kep.": "", "s.k.m.": "", "m.kes.": "", "s.sos.": "", "s.e.": "", "s.h.": ""},
    "en": {"approx.": "approximately", "dept.": "department",
           "govt.": "government", "e.g.": "", "i.e.": "", "etc.": "", "vs.": "",
           "jan.": "january", "feb.": "february", "aug.": "august", "sept.": "september",
           "oct.": "october", "nov.": "november", "dec.": "december"},
}

# Affixes tried, in order, on an Indonesian word the lemma table does not know (e.g.
# "disepakati" → "sepakat", "kontraknya" → "kontrak", "nentuin" → "tentu"): a candidate is
# taken only when it is a known lemma.
_ID_SUFFIXES = ("nya", "lah", "kah", "pun", "kan", "an", "in", "i")
_ID_PREFIXES = (("diper", ""), ("memper", ""), ("di", ""), ("ter", ""), ("ber", ""),
                ("be", ""), ("ke", ""), ("se", ""), ("meng", ""), ("meny", "s"), ("mem", "p"),
                ("men", "t"), ("me", ""), ("peng", ""), ("peny", "s"), ("pem", "p"),
                ("pen", "t"), ("pe", ""), ("nge", ""), ("ng", ""), ("ny", "s"), ("n", "t"),
                ("m", "p"))

# What decides a text's units besides spaCy: a change here (or RULES, raised when the code
# that reads tokens changes) makes the analysis cache read no older entry.
RULES = (1, sorted((k, sorted(v)) for k, v in NEGATION_CUES.items()),
         sorted(COLLOQUIAL_NORMS.items()), sorted(COLLOQUIAL_STOP), sorted(KEEP_ID),
         sorted((k, sorted(v.items())) for k, v in ABBREVIATIONS.items()),
         _ID_SUFFIXES, _ID_PREFIXES)
_cache = AnalysisCache(RULES)


def cache() -> AnalysisCache:
    """The analysis cache of this process (the fitted models are kept there too)."""
    return _cache


class Unit(NamedTuple):
    """A sentence: [start, end) in code points of the source text, its content lemmas (no
    stop words, punctuation or numbers) in order, and the negation cues in it as written."""

    start: int
    end: int
    terms: tuple[str, ...]
    cues: tuple[str, ...]


class Words(NamedTuple):
    """What a pipeline makes of a word (lower-cased surface form)."""

    lemma: str
    stop: bool
    cue: bool


class Pipeline:
    """One language's spaCy pipeline with qualcode's lemma, norm and stop-word rules."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lock = threading.RLock()
        self.nlp = None  # spaCy's pipeline, built the first time a text is not in the cache

    def _ready(self) -> None:
        with self.lock:
            if self.nlp is None:
                self._load()

    def _load(self) -> None:
        import spacy
        from spacy.lookups import load_lookups
        from spacy.symbols import ORTH

        lang = self.lang
        nlp = spacy.blank(lang)
        for abbreviation in ABBREVIATIONS[lang]:
            for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        self.lemmas = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        norms = load_lookups(lang, ["lexeme_norm"], strict=False)
        self.norms = norms.get_table("lexeme_norm") if norms.has_table("lexeme_norm") else {}
        self.extra_norms = {**ABBREVIATIONS[lang],
                            **(COLLOQUIAL_NORMS if lang == "id" else {})}
        stop = set(nlp.Defaults.stop_words)
        if lang == "id":
            stop = (stop - KEEP_ID) | COLLOQUIAL_STOP
        self.stop = frozenset(stop)
        self.cues = NEGATION_CUES[lang]
        self.roots = frozenset(self.lemmas.values()) if lang == "id" else frozenset()
        self._memo: dict[str, Words] = {}
        self.nlp = nlp

    def word(self, text: str) -> Words:
        """Lemma, stop-word and negation-cue status of one token's text (memoised)."""
        self._ready()
        known = self._memo.get(text)
        if known is None:
            known = self._memo[text] = self._analyse(text)
        return known

    def _analyse(self, text: str) -> Words:
        lower = unicodedata.normalize("NFKC", text).lower()
        norm = self.extra_norms.get(lower)
        if norm is None:
            norm = self.norms.get(lower) or lower
        cue = norm in self.cues or norm == "n't"
        stop = cue or not norm or lower in self.stop or norm in self.stop
        return Words(self._lemma(norm) if norm else lower, stop, cue)

    def _lemma(self, word: str) -> str:
        lemma = self.lemmas.get(word)
        if lemma is not None or self.lang != "id" or word in self.roots:
            return lemma or word
        for stem in _id_stems(word):
            if stem in self.roots:
                return stem
            lemma = self.lemmas.get(stem)
            if lemma is not None:
                return lemma
        return word

    def units(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Unit]:
        """The units of these spans of `text`, with their lemmas and negation cues (read from
        the analysis cache when this text was analysed before, in any process)."""
        return [Unit(*unit) for unit in _cache.units(self.lang, text, spans,
                                                     lambda: self._analyse_spans(text, spans))]

    def _analyse_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Unit]:
        with self.lock:
            self._ready()
            docs = list(self.nlp.tokenizer.pipe(text[s:e] for s, e in spans))
            return [Unit(s, e, *self._words(doc))
                    for (s, e), doc in zip(spans, docs, strict=True)]

    def _words(self, tokens) -> tuple[tuple[str, ...], tuple[str, ...]]:
        terms: list[str] = []
        cues: list[str] = []
        for token in tokens:
            text = token.text
            if token.like_num or not any(ch.isalpha() for ch in text):
                continue
            word = self.word(text)
            if word.cue:
                cues.append(text.lower())
            elif not word.stop:
                terms.append(word.lemma)
        return tuple(terms), tuple(cues)

    def analyse(self, text: str) -> Unit:
        """One short text (a keyword, an example, a question) as a single unit."""
        return self.units(text, [(0, len(text))])[0]


def _id_stems(word: str) -> list[str]:
    """Candidate stems of an Indonesian word, stripping a suffix, a prefix, or both."""
    stems = []
    bases = [word] + [word[:-len(s)] for s in _ID_SUFFIXES
                      if word.endswith(s) and len(word) - len(s) >= 3]
    for base in bases:
        if base != word:
            stems.append(base)
        for prefix, initial in _ID_PREFIXES:
            rest = base[len(prefix):]
            if base.startswith(prefix) and len(rest) >= 3:
                stems.append(initial + rest if initial and rest[0] in "aeiou" else rest)
    return stems


_pipelines: dict[str, Pipeline] = {}
_pipelines_lock = threading.Lock()


def pipeline(lang: str) -> Pipeline:
    """The pipeline of a language ('id' or 'en'; anything else reads as 'id'), built on first
    use (the Indonesian one takes a second or two)."""
    lang = lang if lang in NEGATION_CUES else "id"
    with _pipelines_lock:
        if lang not in _pipelines:
            _pipelines[lang] = Pipeline(lang)
        return _pipelines[lang]


def spans(text: str, turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """The sentences of a source that can hold evidence: those of informants' turns and of the
    text outside turns (what a researcher says is never evidence)."""
    from qualcode.ingest.textnav import units

    researchers = {t.speaker for t in turns if t.is_researcher}
    return [(start, end) for start, end, speaker in units(text, turns)
            if speaker is None or speaker not in researchers]


_units: dict[tuple[str, str, str], list[Unit]] = {}
_units_lock = threading.Lock()


def source_units(name: str, text: str, turns: Sequence[Turn], lang: str) -> list[Unit]:
    """The units of a source, in text order, cached by name, language and text."""
    key = (name, lang, hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest())
    with _units_lock:
        cached = _units.get(key)
    if cached is None:
        cached = pipeline(lang).units(text, spans(text, turns))
        with _units_lock:
            for old in [k for k in _units if k[0] == name and k != key]:
                del _units[old]
            _units[key] = cached
    return cached
