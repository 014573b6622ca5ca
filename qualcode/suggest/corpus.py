"""The text side of suggestions: every source's units in one TF-IDF space over lemmas, what the
codebooks say about each code in that space, and the features that compare the two.

Cold-start features need nothing but the codebooks: keyword and label phrases found in a unit
(matched on lemmas, weighted by how rare their words are), the unit's similarity to all of a
code's texts (label, keywords, definition, include note, examples) and to its closest example.
Context features add what a coder sees around a sentence: the researcher's question that the
turn answers, and the neighbouring sentences of the same turn.

numpy and scipy are imported when a corpus is built, never at import time; scikit-learn only
when a model is fitted that the analysis cache does not hold (model.Logistic).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.errors import QualcodeError
from qualcode.model import Codebook, SourceInfo, Turn
from qualcode.suggest import nlp

LANGUAGES = ("id", "en")
_CONTRADICTS = re.compile(r"^\s*\(contradicts\)\s*", re.IGNORECASE)
KEYWORD_CAP = 20.0  # idf mass of a keyword match that counts as a full match


def grams(terms: Sequence[str]) -> list[str]:
    """Lemmas and lemma bigrams: the features of a unit."""
    return [*terms, *(f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False))]


@dataclass
class Keyword:
    """A keyword or label phrase of a code: found in a unit when its content lemmas follow each
    other there; weighted by how rare they are."""

    code: int
    terms: tuple[str, ...]
    text: str
    weight: float = 0.0


@dataclass
class Profiles:
    """What the codebooks say about each suggestible code (leaf codes: a code with sub-codes
    groups them and is not suggested)."""

    ids: list[str]
    codebook: list[str]
    # How far the code's own examples speak through negation ("no risk": > 0) rather than
    # without it: one vote per example (and per label with a negation).
    polarity: list[int]
    texts: dict[str, list[list[str]]] = field(default_factory=dict)  # lang -> code -> grams
    examples: dict[str, list[tuple[int, str, tuple[str, ...]]]] = field(default_factory=dict)
    keywords: dict[str, list[Keyword]] = field(default_factory=dict)

    @property
    def index(self) -> dict[str, int]:
        return {code: j for j, code in enumerate(self.ids)}


def profiles(books: Sequence[Codebook]) -> Profiles:
    codes = [c for b in books for c in b.codes]
    parents = {c.parent for c in codes if c.parent}
    codes = [c for c in codes if c.id not in parents]
    out = Profiles([c.id for c in codes], [c.codebook for c in codes], [0] * len(codes))
    vote = [0] * len(codes)
    for lang in LANGUAGES:
        pipe = nlp.pipeline(lang)
        out.texts[lang], out.examples[lang], out.keywords[lang] = [], [], []
        for j, code in enumerate(codes):
            bag: list[str] = []
            for text in (_pick(code.label, lang), _pick(code.definition, lang),
                         _pick(code.include, lang)):
                bag += grams(pipe.analyse(text).terms)
            for phrase in [_pick(code.label, lang), *_picks(code.keywords, lang)]:
                unit = pipe.analyse(phrase)
                bag += grams(unit.terms)
                if unit.terms:
                    out.keywords[lang].append(Keyword(j, unit.terms, phrase))
            for example in _picks(code.examples, lang):
                against = bool(_CONTRADICTS.match(example))
                text = _CONTRADICTS.sub("", example)
                unit = pipe.analyse(text)
                bag += grams(unit.terms)
                out.examples[lang].append((j, text, tuple(grams(unit.terms))))
                vote[j] += (1 if unit.cues else -1) * (-1 if against else 1)
            if any(pipe.analyse(label).cues for label in code.label.values()):
                vote[j] += 1
            out.texts[lang].append(bag)
    out.polarity = vote
    return out


def _pick(texts: dict[str, str], lang: str) -> str:
    """The text in this language, or in the other one when the codebook lacks it."""
    return texts.get(lang) or next((t for t in texts.values() if t), "")


def _picks(lists: dict[str, list[str]], lang: str) -> list[str]:
    return lists.get(lang) or next((items for items in lists.values() if items), [])


@dataclass
class ColdFeatures:
    """Per unit (rows) and code (columns): the cold-start evidence."""

    centroid: object  # ndarray: cosine to all of the code's codebook texts
    example: object  # ndarray: cosine to the code's closest codebook example
    keyword: object  # ndarray: idf mass of matched keyword phrases, capped, in [0, 1]

    @property
    def score(self):
        """The cold-start score: codebook similarity, plus a quarter of the closest example's,
        plus up to a half for keyword phrases found in the unit."""
        return self.centroid + self.example / 4 + self.keyword / 2


class Corpus:
    """Every source's units, vectorised, with the codebooks' profiles in the same space."""

    def __init__(self, sources: Sequence[SourceInfo], texts: dict[str, str],
                 turns: dict[str, list[Turn]], books: Sequence[Codebook]) -> None:
        import numpy as np

        self.texts = texts
        self.site = {s.name: s.site for s in sources}
        self.language = {s.name: s.language if s.language in LANGUAGES else "id"
                         for s in sources}
        self.units: dict[str, list[nlp.Unit]] = {}
        self.first: dict[str, int] = {}
        unit_source: list[int] = []
        segment: list[int] = []
        question_of: list[int] = []
        questions: list[list[str]] = []
        question_text: list[str] = []
        for k, src in enumerate(sources):
            source_turns = turns.get(src.name, [])
            units = [u for u in nlp.source_units(src.name, texts[src.name], source_turns,
                                                 self.language[src.name]) if u.terms]
            self.units[src.name] = units
            self.first[src.name] = len(unit_source)
            asked = _questions(texts[src.name], source_turns)
            starts = [t.start for t in source_turns]
            lines = [m.start() for m in re.finditer("\n", texts[src.name])]
            pipe = nlp.pipeline(self.language[src.name])
            seen: dict[tuple[int, int], int] = {}
            for unit in units:
                unit_source.append(k)
                t = bisect_right(starts, unit.start) - 1
                inside = t >= 0 and unit.start < source_turns[t].end
                # Neighbours share a turn, or a line outside turns.
                segment.append(-(k << 32 | t) - 1 if inside
                               else k << 32 | bisect_right(lines, unit.start))
                span = asked.get(t) if inside else None
                if span is not None and span not in seen:
                    seen[span] = len(questions)
                    text = texts[src.name][span[0]:span[1]]
                    questions.append(grams(pipe.analyse(text).terms))
                    question_text.append(text)
                question_of.append(seen[span] if span is not None else -1)
        if not unit_source:  # an empty corpus: nothing for scikit-learn to fit
            raise QualcodeError("the sources hold no informant's words to suggest codes for "
                                "(only the researcher's, or no sources yet)")
        self.unit_source = np.array(unit_source, dtype=np.int32)
        self.segment = np.array(segment, dtype=np.int64)
        self.question_of = np.array(question_of, dtype=np.int32)
        self.question_text = question_text
        self.names = [s.name for s in sources]
        self.books = list(books)
        self.profiles = profiles(books)
        unit_grams = [grams(u.terms) for name in self.names for u in self.units[name]]
        code_grams = [g for lang in LANGUAGES for g in self.profiles.texts[lang]]
        self.vectorizer = Tfidf(unit_grams + code_grams)
        self.vectors = self.vectorizer.transform(unit_grams)
        self.question_vectors = self.vectorizer.transform(questions) if questions else None
        idf = dict(zip(self.vectorizer.terms, self.vectorizer.idf, strict=True))
        self.centroids = {}
        self.example_vectors = {}
        for lang in LANGUAGES:
            self.centroids[lang] = self.vectorizer.transform(self.profiles.texts[lang])
            examples = self.profiles.examples[lang]
            self.example_vectors[lang] = (
                self.vectorizer.transform([e[2] for e in examples]),
                np.array([e[0] for e in examples], dtype=np.int32))
            for kw in self.profiles.keywords[lang]:
                kw.weight = min(KEYWORD_CAP, sum(idf.get(t, 1.0) for t in kw.terms))
        self.keyword_index = {lang: _first_term_index(self.profiles.keywords[lang])
                              for lang in LANGUAGES}

    @property
    def size(self) -> int:
        return len(self.unit_source)

    def rows(self, source: str):
        import numpy as np

        first = self.first[source]
        return np.arange(first, first + len(self.units[source]))

    def unit(self, row: int) -> tuple[str, nlp.Unit]:
        name = self.names[self.unit_source[row]]
        return name, self.units[name][row - self.first[name]]

    def lang_of(self, rows):
        import numpy as np

        langs = np.array([self.language[n] for n in self.names])
        return langs[self.unit_source[rows]]

    def cold(self, rows) -> ColdFeatures:
        import numpy as np

        n, codes = len(rows), len(self.profiles.ids)
        centroid = np.zeros((n, codes), dtype=np.float32)
        example = np.zeros((n, codes), dtype=np.float32)
        keyword = np.zeros((n, codes), dtype=np.float32)
        langs = self.lang_of(rows)
        for lang in LANGUAGES:
            local = np.nonzero(langs == lang)[0]
            if not len(local):
                continue
            vectors = self.vectors[rows[local]]
            centroid[local] = (vectors @ self.centroids[lang].T).toarray()
            ex_vectors, ex_codes = self.example_vectors[lang]
            if len(ex_codes):
                sims = (vectors @ ex_vectors.T).toarray()
                block = np.zeros((len(local), codes), dtype=np.float32)
                np.maximum.at(block.T, ex_codes, sims.T)
                example[local] = block
            index = self.keyword_index[lang]
            for i, row in zip(local, rows[local], strict=True):
                for kw in _keyword_matches(self.unit(row)[1].terms, index):
                    keyword[i, kw.code] = max(keyword[i, kw.code], kw.weight / KEYWORD_CAP)
        return ColdFeatures(centroid, example, keyword)

    def question(self, rows):
        """Cosine of each unit's question (the researcher's last turn before the unit's turn)
        to each code's codebook texts; 0 without a question."""
        import numpy as np

        out = np.zeros((len(rows), len(self.profiles.ids)), dtype=np.float32)
        if self.question_vectors is None:
            return out
        q = self.question_of[rows]
        langs = self.lang_of(rows)
        for lang in LANGUAGES:
            local = np.nonzero((q >= 0) & (langs == lang))[0]
            if len(local):
                out[local] = (self.question_vectors[q[local]] @ self.centroids[lang].T).toarray()
        return out

    def neighbours(self, rows, values):
        """For each unit, the larger of the values of the units just before and after it in
        the same turn (rows must be consecutive units of whole sources)."""
        import numpy as np

        out = np.zeros_like(values)
        seg = self.segment[rows]
        same_prev = np.zeros(len(rows), dtype=bool)
        same_prev[1:] = (seg[1:] == seg[:-1]) & (rows[1:] == rows[:-1] + 1)
        out[1:][same_prev[1:]] = values[:-1][same_prev[1:]]
        same_next = np.zeros(len(rows), dtype=bool)
        same_next[:-1] = same_prev[1:]
        out[:-1][same_next[:-1]] = np.maximum(out[:-1][same_next[:-1]],
                                              values[1:][same_next[:-1]])
        return out

    def matched_keywords(self, row: int, code: int) -> list[str]:
        """The keyword phrases of `code` found in a unit (for the reason shown to the user)."""
        name, unit = self.unit(row)
        index = self.keyword_index[self.language[name]]
        return [kw.text for kw in _keyword_matches(unit.terms, index) if kw.code == code]

    def closest_examples(self, rows: Sequence[int], codes: Sequence[int]
                         ) -> list[tuple[float, str]]:
        """For each (unit, code) pair, the code's codebook example most like the unit (in the
        unit's language) and its cosine; (0, "") for a code without examples."""
        import numpy as np

        out = [(0.0, "")] * len(rows)
        langs = self.lang_of(np.asarray(rows))
        for lang in LANGUAGES:
            mine = np.nonzero(langs == lang)[0]
            vectors, owners = self.example_vectors[lang]
            if not len(mine) or not len(owners):
                continue
            sims = (self.vectors[np.asarray(rows)[mine]] @ vectors.T).toarray()
            for i, k in enumerate(mine):
                columns = np.nonzero(owners == codes[k])[0]
                if len(columns):
                    best = columns[sims[i, columns].argmax()]
                    out[k] = (float(sims[i, best]), self.profiles.examples[lang][best][1])
        return out


class Tfidf:
    """TF-IDF over lists of terms, as scikit-learn's TfidfVectorizer(sublinear_tf=True)
    computes it (terms in sorted order, idf = ln((1 + n) / (1 + df)) + 1, tf = 1 + ln(count),
    rows of unit length), with numpy and scipy only: importing scikit-learn costs more than a
    second at every start."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        import numpy as np

        frequency: Counter[str] = Counter()
        for doc in docs:
            frequency.update(set(doc))
        self.terms = sorted(frequency)
        self.index = {term: j for j, term in enumerate(self.terms)}
        df = np.array([frequency[t] for t in self.terms], dtype=np.float64)
        self.idf = np.log((1 + len(docs)) / (1 + df)) + 1

    def transform(self, docs: Sequence[Sequence[str]]):
        """The documents' rows (CSR, float32)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        rows: list[int] = []
        columns: list[int] = []
        counts: list[int] = []
        for i, doc in enumerate(docs):
            for j, n in Counter(self.index[t] for t in doc if t in self.index).items():
                rows.append(i)
                columns.append(j)
                counts.append(n)
        columns_ = np.array(columns, dtype=np.int64)
        values = (1 + np.log(np.array(counts, dtype=np.float64))) * self.idf[columns_]
        matrix = csr_matrix((values, (np.array(rows, dtype=np.int64), columns_)),
                            shape=(len(docs), len(self.terms)), dtype=np.float64)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        matrix = csr_matrix(matrix.multiply(1 / np.where(norms > 0, norms, 1)[:, None]))
        matrix.sort_indices()
        return matrix.astype(np.float32)


def _questions(text: str, turns: Sequence[Turn]) -> dict[int, tuple[int, int]]:
    """For each informant turn (by index), the words of the researcher's last turn before it."""
    from qualcode.ingest.textnav import content_start

    asked: dict[int, tuple[int, int]] = {}
    last = None
    for i, turn in enumerate(turns):
        if turn.is_researcher:
            last = (content_start(text, turn), turn.end)
        elif last is not None:
            asked[i] = last
    return asked


def _first_term_index(keywords: list[Keyword]) -> dict[str, list[Keyword]]:
    index: dict[str, list[Keyword]] = {}
    for kw in keywords:
        index.setdefault(kw.terms[0], []).append(kw)
    return index


def _keyword_matches(terms: tuple[str, ...], index: dict[str, list[Keyword]]
                     ) -> list[Keyword]:
    found = []
    for i, term in enumerate(terms):
        for kw in index.get(term, ()):
            if terms[i:i + len(kw.terms)] == kw.terms:
                found.append(kw)
    return found
