"""How good the suggestions are, measured against the project's human codings
(docs/suggestions.md).

Leave-one-source-out and leave-one-site-out: for each source (or site), train on the codings
of all the others, suggest for the units of the held-out ones, and compare with their codings.
A (unit, code) pair is right when a held-out coding of that code labels the unit (the rule of
`suggest_model.covered`). Pairs are scored within the codebooks the coders applied to the
held-out source: a researcher chooses the frameworks; suggestions outside them are neither
right nor wrong. The cold start (codebooks alone) is the baseline. Stance is scored on the
right pairs whose codings agree on one stance, by the negation rule and (on the learned
model's pairs) by the stance classifier.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.errors import QualcodeError
from qualcode.store.project import Project

SCHEMES = ("source", "site")
METHODS = ("cold", "learned")
RULE, CLASSIFIER = "negation rule", "classifier"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Result:
    """One scheme (leave one source or site out) for one method (cold start or learned)."""

    codes: dict[str, Counts] = field(default_factory=dict)
    # Stance on the right pairs, by how it was guessed: [right, total]
    stances: dict[str, list[int]] = field(default_factory=dict)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.codes.values():
            total.add(counts)
        return total

    @property
    def macro(self) -> dict[str, float]:
        """Means over the codes that were coded or suggested."""
        seen = [c for c in self.codes.values() if c.tp + c.fp + c.fn]
        n = max(1, len(seen))
        return {"precision": round(sum(c.precision for c in seen) / n, 3),
                "recall": round(sum(c.recall for c in seen) / n, 3),
                "f1": round(sum(c.f1 for c in seen) / n, 3)}

    def stance_accuracy(self, how: str) -> float | None:
        right, total = self.stances.get(how, (0, 0))
        return right / total if total else None

    def to_json(self) -> dict:
        return {"micro": self.micro.to_json(), "macro": self.macro,
                "stance": {how: {"accuracy": round(self.stance_accuracy(how), 3),
                                 "pairs": total}
                           for how, (_, total) in sorted(self.stances.items()) if total},
                "codes": {code: c.to_json() for code, c in sorted(self.codes.items())}}


@dataclass
class Evaluation:
    coders: list[str]
    units: int
    codings: int
    results: dict[tuple[str, str], Result]  # (scheme, method)
    folds: dict[str, int]

    def to_json(self) -> dict:
        return {"coders": self.coders, "units": self.units, "codings": self.codings,
                "folds": self.folds,
                **{f"leave_one_{scheme}_out": {method: self.results[scheme, method].to_json()
                                               for method in METHODS}
                   for scheme in SCHEMES}}


def evaluate(project: Project, coders: Sequence[str] | None = None) -> Evaluation:
    """Leave-one-source-out and leave-one-site-out scores of the cold start and the learned
    model against the human codings (of these coders, or of everyone)."""
    from qualcode.suggest.engine import engine_for

    store = project.store
    codings = [c for c in store.codings() if c.origin != "suggestion"]
    if coders:
        unknown = sorted(set(coders) - {c.coder for c in codings})
        if unknown:
            raise QualcodeError(f"no human codings by {', '.join(unknown)} in {project.path}")
        codings = [c for c in codings if c.coder in coders]
    if not codings:
        raise QualcodeError(f"no human codings in {project.path} to measure suggestions "
                            "against")
    engine = engine_for(project)
    with engine.lock:
        corpus = engine.corpus_for(store)
    rejections = store.rejections()
    sources = sorted({c.source for c in codings}, key=corpus.names.index)
    results = {(s, m): Result() for s in SCHEMES for m in METHODS}
    folds = {}
    for scheme in SCHEMES:
        key = (lambda name: name) if scheme == "source" else corpus.site.get
        groups = list(dict.fromkeys(key(name) for name in sources))
        folds[scheme] = len(groups)
        for group in groups:
            held = [n for n in sources if key(n) == group]
            train = {n for n in corpus.names if key(n) != group}
            _fold(corpus, codings, rejections, train, held,
                  results[scheme, "cold"], results[scheme, "learned"])
    return Evaluation(sorted({c.coder for c in codings}), corpus.size, len(codings), results,
                      folds)


def _fold(corpus, codings, rejections, train: set[str], held: list[str], cold, learned
          ) -> None:
    """Train on `train`, score the cold start and the learned model on `held`."""
    from qualcode.suggest.engine import COLD_THRESHOLD, LEARNED_THRESHOLD, decide
    from qualcode.suggest.model import cold_stance, learn, training_data

    model = learn(corpus, training_data(corpus, codings, rejections, train))
    gold = training_data(corpus, codings, (), set(held))
    position = {int(r): i for i, r in enumerate(gold.rows)}
    for name in held:
        rows = corpus.rows(name)
        if not len(rows):
            continue
        sl = slice(position[int(rows[0])], position[int(rows[0])] + len(rows))
        scope, positive = gold.scope[sl], gold.positive[sl]
        in_scope = scope.any(axis=0)
        truth = {(int(rows[i]), int(j)) for i, j in zip(*positive.nonzero(), strict=True)}
        stance = {}
        single = (gold.contradicts[sl] ^ gold.supports[sl])
        for i, j in zip(*single.nonzero(), strict=True):
            stance[int(rows[i]), int(j)] = bool(gold.contradicts[sl][i, j])
        runs = [(cold, corpus.cold(rows).score, COLD_THRESHOLD, None)]
        if model is not None:
            runs.append((learned, model.predict(rows)[0], LEARNED_THRESHOLD, model))
        else:
            runs.append((learned, runs[0][1], COLD_THRESHOLD, None))
        for result, scores, threshold, fitted in runs:
            picked = set(decide(scores, rows, in_scope, threshold))
            _count(result, corpus, picked, truth)
            right = [p for p in picked & truth if p in stance]
            if not right:
                continue
            r, j = (list(x) for x in zip(*right, strict=True))
            guesses = {RULE: cold_stance(corpus, r, j)}
            if fitted is not None and fitted.stance is not None:
                guesses[CLASSIFIER] = fitted.classify(r, j)
            for how, guess in guesses.items():
                tally = result.stances.setdefault(how, [0, 0])
                tally[0] += sum(g == stance[p] for g, p in zip(guess, right, strict=True))
                tally[1] += len(right)


def _count(result: Result, corpus, picked: set, truth: set) -> None:
    ids = corpus.profiles.ids
    tally = {"tp": Counter(ids[j] for p in picked & truth for j in [p[1]]),
             "fp": Counter(ids[j] for p in picked - truth for j in [p[1]]),
             "fn": Counter(ids[j] for p in truth - picked for j in [p[1]])}
    for code in set(tally["tp"]) | set(tally["fp"]) | set(tally["fn"]):
        result.codes.setdefault(code, Counts()).add(
            Counts(tally["tp"][code], tally["fp"][code], tally["fn"][code]))
