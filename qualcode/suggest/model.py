"""What a project's codings teach the suggestions: the training data, the learned model (one
logistic regression over every codebook's codes, blended per codebook with a calibrated cold
start) and the stance model.

Labels: a unit is a positive for code X when a coding of X covers at least half of the unit or
the unit holds at least half of the coding (the rule of qualcode.analysis.agreement). The
other units of a source that a person coded with X's codebook, up to the last such coding, are
negatives for X, and so is a rejected suggestion (a rejection says nothing about the rest of
its source).

Features of a (unit, code) pair: the cold-start evidence (codebook similarity, closest example,
keyword phrases), the context (the researcher's question, the neighbouring sentences), and what
the project adds: the unit's similarity to this code's coded units in other sources (and to
those of codes that mean the same in other codebooks), how often the code is used, and its
share of its codebook's codings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualcode.model import Coding
from qualcode.suggest.corpus import Corpus

MIN_POSITIVES = 10  # coded units before the learned model takes over from the cold start
BLEND_WEIGHT = 5  # a codebook with n coded units weighs n / (n + 5) on the learned model
NEGATIVE_UNITS = 20_000  # at most this many uncoded units are sampled for training
MIN_STANCES = 5  # of each stance, before the stance classifier replaces the negation rule
NEGATIVE_POLARITY = 2  # examples' votes for negation above which a code is read as negative
_CHUNK = 1024


def covered(corpus: Corpus, source: str, start: int, end: int) -> list[int]:
    """The units (corpus rows) that a coding of [start, end) labels."""
    units = corpus.units[source]
    starts = [u.start for u in units]
    out = []
    i = max(0, bisect_left(starts, start) - 1)
    while i < len(units) and units[i].start < end:
        u = units[i]
        overlap = min(u.end, end) - max(u.start, start)
        if overlap > 0 and (2 * overlap >= u.end - u.start or 2 * overlap >= end - start):
            out.append(corpus.first[source] + i)
        i += 1
    return out


@dataclass
class TrainingData:
    """Training units (whole sources) with, per code, labels and where they apply."""

    rows: object  # ndarray of corpus rows, grouped by source
    scope: object  # bool (rows x codes): the code's codebook was applied to the row's source
    positive: object  # bool (rows x codes)
    contradicts: object  # bool (rows x codes): a positive coded as contradicts
    supports: object  # bool (rows x codes): a positive coded as supports

    @property
    def positives(self) -> int:
        return int(self.positive.any(axis=1).sum())


def training_data(corpus: Corpus, codings: Iterable[Coding],
                  rejected: Iterable[tuple[str, int, int, str]],
                  sources: set[str] | None = None) -> TrainingData:
    """Labels from these codings and rejections (source, start, end, code), restricted to
    `sources` if given; sources with neither are left out.

    A source counts as read, for a codebook, up to the end of the last coding of that
    codebook in it that a person made (not an accepted suggestion: accepting one in a long
    transcript says nothing about the sentences nobody has read yet); its uncoded units up to
    there are the negatives. Every coding is a positive and every rejection a negative.
    """
    import numpy as np

    index = corpus.profiles.index
    book_of = {code.id: code.codebook for book in corpus.books for code in book.codes}
    books = corpus.profiles.codebook
    read: dict[str, dict[str, int]] = {}  # source -> codebook -> offset read up to
    pairs: list[tuple[int, int, str]] = []  # (row, code, stance); stance "" for a rejection
    for c in codings:
        if c.source not in corpus.first or (sources is not None and c.source not in sources):
            continue
        extent = read.setdefault(c.source, {})
        if c.code in book_of and c.origin != "suggestion":
            book = book_of[c.code]
            extent[book] = max(extent.get(book, 0), c.end)
        if c.code in index:
            pairs.extend((row, index[c.code], c.stance)
                         for row in covered(corpus, c.source, c.start, c.end))
    for source, start, end, code in rejected:
        if source in corpus.first and code in index and (sources is None or source in sources):
            read.setdefault(source, {})
            pairs.extend((row, index[code], "") for row in covered(corpus, source, start, end))
    names = [n for n in corpus.names if n in read]
    rows = np.concatenate([corpus.rows(n) for n in names]) if names else np.zeros(0, int)
    position = {int(r): i for i, r in enumerate(rows)}
    shape = (len(rows), len(corpus.profiles.ids))
    scope = np.zeros(shape, dtype=bool)
    for name in names:
        first = position[corpus.first[name]]
        starts = np.array([u.start for u in corpus.units[name]])
        for book, extent in read[name].items():
            cols = [j for j, b in enumerate(books) if b == book]
            upto = int(np.searchsorted(starts, extent))
            scope[first:first + upto, cols] = True
    positive = np.zeros(shape, dtype=bool)
    contradicts = np.zeros(shape, dtype=bool)
    supports = np.zeros(shape, dtype=bool)
    for row, j, stance in pairs:
        i = position[row]
        scope[i, j] = True
        if stance:
            positive[i, j] = True
            (contradicts if stance == "contradicts" else supports)[i, j] = True
    return TrainingData(rows, scope, positive, contradicts, supports)


class Logistic:
    """A fitted binary logistic regression, kept as its coefficients: scikit-learn fits it
    (imported only then) and the analysis cache keeps it between processes, keyed by the
    training data and parameters, so a session whose codings did not change predicts with
    numpy alone."""

    def __init__(self, coef, intercept: float) -> None:
        self.coef, self.intercept = coef, intercept

    @classmethod
    def fit(cls, x, y, **params) -> Logistic:
        import numpy as np

        from qualcode.store.analysis_cache import digest
        from qualcode.suggest.nlp import cache

        key = "logistic:" + digest(repr((x.shape, str(x.dtype), params)).encode("utf-8")
                                   + x.tobytes() + np.asarray(y, dtype=bool).tobytes())
        stored = np.frombuffer(cache().value(key, lambda: _fitted(x, y, params)),
                               dtype=np.float64)
        return cls(stored[:-1], float(stored[-1]))

    def probability(self, x):
        """P(positive) for each row of `x`, as scikit-learn's predict_proba(x)[:, 1]."""
        import numpy as np

        return 0.5 * (1 + np.tanh((x @ self.coef + self.intercept) / 2))  # the logistic, stably


def _fitted(x, y, params: dict) -> bytes:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(**params).fit(x, y)
    return np.append(model.coef_[0], model.intercept_[0]).astype(np.float64).tobytes()


def learn(corpus: Corpus, data: TrainingData) -> LearnedModel | None:
    """The learned model, or None while the codings are too few to learn from (then the cold
    start serves)."""
    if data.positives < MIN_POSITIVES:
        return None
    model = LearnedModel(corpus, data)
    return model if model.ready else None


def cold_stance(corpus: Corpus, rows, codes) -> list[bool]:
    """The negation rule: a unit contradicts a code when it has a negation cue, unless the
    code's own examples clearly speak through negation ("no risk"); then when it has none."""
    polarity = corpus.profiles.polarity
    return [bool(corpus.unit(r)[1].cues) != (polarity[j] > NEGATIVE_POLARITY)
            for r, j in zip(rows, codes, strict=True)]


class LearnedModel:
    """The learned model of one project (or one evaluation fold)."""

    def __init__(self, corpus: Corpus, data: TrainingData) -> None:
        import numpy as np

        self.corpus = corpus
        codes = len(corpus.profiles.ids)
        pos_rows, pos_codes = np.nonzero(data.positive)
        order = np.argsort(pos_codes, kind="stable")
        self.pos_rows = data.rows[pos_rows[order]]
        self.pos_codes = pos_codes[order]
        self.pos_source = corpus.unit_source[self.pos_rows]
        self.pos_vectors = corpus.vectors[self.pos_rows]
        self.count = np.bincount(self.pos_codes, minlength=codes).astype(np.float32)
        book_ids = np.array(corpus.profiles.codebook)
        book_total = np.array([self.count[book_ids == b].sum() for b in book_ids])
        self.share = np.where(book_total > 0, self.count / np.maximum(book_total, 1), 0)
        self.weight = book_total / (book_total + BLEND_WEIGHT)
        self._stance_counts(data)
        # Codes of other codebooks that mean the same (the codebooks' `concept` crosswalk):
        # their codings are evidence for a code that has few of its own.
        concept = {c.id: c.concept for b in corpus.books for c in b.codes}
        ids, books = corpus.profiles.ids, corpus.profiles.codebook
        self.kin: dict[int, list[int]] = {}
        self.kin_count = np.zeros(codes, dtype=np.float32)
        for j, code in enumerate(ids):
            kin = [k for k, other in enumerate(ids)
                   if concept[code] and concept[other] == concept[code] and books[k] != books[j]]
            if kin:
                self.kin[j] = kin
                self.kin_count[j] = np.log1p(self.count[kin].sum())

        rng = np.random.default_rng(0)
        coded = data.positive.any(axis=1)
        keep = coded | ~coded & (rng.random(len(coded)) < NEGATIVE_UNITS / max(1, (~coded).sum()))
        cold_x, full_x, labels = [], [], []
        self.stance_sites: set[str] = set()
        stance_x, stance_y = [], []
        for rows, sl in self._by_source(data.rows):
            feats = self.features(rows)
            mask = data.scope[sl] & keep[sl, None]
            cold_x.append(feats[:6, mask].T)
            full_x.append(feats[:, mask].T)
            labels.append(data.positive[sl][mask])
            single = data.contradicts[sl] ^ data.supports[sl]
            if single.any():
                self.stance_sites.add(corpus.site[corpus.unit(rows[0])[0]])
                r, j = np.nonzero(single)
                stance_x.append(self._stance_features(rows[r], j))
                stance_y.append(data.contradicts[sl][r, j])
        y = np.concatenate(labels) if labels else np.zeros(0, bool)
        self.calibrated = self.full = None
        if y.any() and not y.all():
            self.calibrated = Logistic.fit(np.concatenate(cold_x), y, C=10, max_iter=2000)
            self.full = Logistic.fit(np.concatenate(full_x), y, C=10, max_iter=2000)
        self.stance = None
        if stance_y:
            sy = np.concatenate(stance_y)
            if min(sy.sum(), (~sy).sum()) >= MIN_STANCES:
                self.stance = Logistic.fit(np.concatenate(stance_x), sy, max_iter=1000)

    @property
    def ready(self) -> bool:
        return self.full is not None

    def _by_source(self, rows):
        """(rows of one source, slice into `rows`) for each source in `rows`."""
        import numpy as np

        src = self.corpus.unit_source[rows]
        cuts = np.nonzero(np.diff(src))[0] + 1
        bounds = [0, *cuts.tolist(), len(rows)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            yield rows[a:b], slice(a, b)

    def features(self, rows):
        """Feature planes (features x rows x codes) for consecutive units of one source; the
        first six are the cold start and context, the rest what the project adds (plane 6:
        similarity to coded units of the code)."""
        import numpy as np

        corpus = self.corpus
        cold = corpus.cold(rows)
        score = cold.score
        near = self.nearest(rows)
        prior = np.broadcast_to(np.log1p(self.count), score.shape)
        share = np.broadcast_to(self.share, score.shape)
        kin = np.zeros_like(near)
        for j, others in self.kin.items():
            kin[:, j] = near[:, others].max(axis=1)
        kin_prior = np.broadcast_to(self.kin_count, score.shape)
        return np.stack([score, cold.centroid, cold.example, cold.keyword, corpus.question(rows),
                         corpus.neighbours(rows, score), near, corpus.neighbours(rows, near),
                         prior, share, kin, kin_prior]).astype(np.float32)

    def nearest(self, rows):
        """Each unit's highest cosine to the coded units of each code in other sources."""
        import numpy as np

        codes = len(self.corpus.profiles.ids)
        out = np.zeros((len(rows), codes), dtype=np.float32)
        if not len(self.pos_rows):
            return out
        present = np.nonzero(self.count)[0]
        starts = np.searchsorted(self.pos_codes, present)
        same = self.pos_source == self.corpus.unit_source[rows[0]]
        vectors = self.corpus.vectors[rows]
        for a in range(0, len(rows), _CHUNK):
            sims = (vectors[a:a + _CHUNK] @ self.pos_vectors.T).toarray()
            sims[:, same] = 0
            out[a:a + _CHUNK, present] = np.maximum.reduceat(sims, starts, axis=1)
        return out

    def closest_codings(self, rows: Sequence[int], codes: Sequence[int]) -> list[str]:
        """For each (unit, code) pair, the text of the code's coded unit, in another source,
        most like the unit ("" when there is none)."""
        import numpy as np

        sims = (self.corpus.vectors[np.asarray(rows)] @ self.pos_vectors.T).toarray()
        out = []
        for i, (row, code) in enumerate(zip(rows, codes, strict=True)):
            columns = np.nonzero((self.pos_codes == code)
                                 & (self.pos_source != self.corpus.unit_source[row]))[0]
            if not len(columns):
                out.append("")
                continue
            name, unit = self.corpus.unit(int(self.pos_rows[columns[sims[i, columns].argmax()]]))
            out.append(self.corpus.texts[name][unit.start:unit.end])
        return out

    def predict(self, rows):
        """Probabilities (rows x codes) that each code applies to each unit, and the feature
        planes they came from."""
        feats = self.features(rows)
        flat = feats.reshape(len(feats), -1).T
        cal = self.calibrated.probability(flat[:, :6]).reshape(feats.shape[1:])
        full = self.full.probability(flat).reshape(feats.shape[1:])
        return self.weight * full + (1 - self.weight) * cal, feats

    def _stance_counts(self, data: TrainingData) -> None:
        """Contradicting and all single-stance codings of each code, in total and per source
        (so that a unit's own source can be left out of its code's rate)."""
        import numpy as np

        single = data.contradicts ^ data.supports
        src = self.corpus.unit_source[data.rows]
        sources = len(self.corpus.names)
        codes = single.shape[1]
        self.against = np.zeros((sources + 1, codes))
        self.stances = np.zeros((sources + 1, codes))
        np.add.at(self.against, src, data.contradicts & single)
        np.add.at(self.stances, src, single)
        self.against[sources] = self.against[:sources].sum(axis=0)
        self.stances[sources] = self.stances[:sources].sum(axis=0)

    def _stance_features(self, rows, codes):
        import numpy as np

        src = self.corpus.unit_source[rows]
        last = len(self.corpus.names)
        against = self.against[last, codes] - self.against[src, codes]
        total = self.stances[last, codes] - self.stances[src, codes]
        rate = (against + 0.5) / (total + 1)
        rule = np.array(cold_stance(self.corpus, rows, codes), dtype=float)
        negated = np.array([bool(self.corpus.unit(r)[1].cues) for r in rows], dtype=float)
        polarity = np.array([self.corpus.profiles.polarity[j] for j in codes], dtype=float)
        return np.stack([rule, negated, polarity, rate, np.log1p(total), negated * rate,
                         negated * polarity], axis=1)

    def classify(self, rows, codes) -> list[bool]:
        """The stance classifier's reading of (unit, code) pairs (True: contradicts)."""
        p = self.stance.probability(self._stance_features(rows, codes))
        return [bool(x >= 0.5) for x in p]

    def contradicts(self, rows, codes) -> list[bool]:
        """Stance of (unit, code) pairs: the classifier at sites whose stances it learned
        from, the negation rule elsewhere (it transfers better to a new site)."""
        rule = cold_stance(self.corpus, rows, codes)
        if self.stance is None or not len(rows):
            return rule
        known = [self.corpus.site[self.corpus.unit(r)[0]] in self.stance_sites for r in rows]
        if not any(known):
            return rule
        learned = self.classify(rows, codes)
        return [c if k else r for r, c, k in zip(rule, learned, known, strict=True)]
