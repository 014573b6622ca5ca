"""Code suggestions that learn from the researcher (docs/suggestions.md).

A suggestion proposes a code (and a stance) for one unit, a sentence of an informant's turn or
of the text outside turns. It is never evidence: verdicts count stored codings only. Accepting
one stores a coding with origin `suggestion` and the model version; rejecting one remembers it,
so it is not suggested again and teaches the model what the code is not.

Until a project has codings, suggestions come from the codebooks alone (the cold start). From
`MIN_POSITIVES` coded units on, a learned model takes over (qualcode.suggest.model). Models and
the analysed text are cached per project and rebuilt only when codings, rejections, sources or
codebooks change; every function here may run in a worker thread (one at a time per project).
spaCy and scikit-learn are imported on first use, never when this module is imported.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.model import Coding, NewCoding
from qualcode.store import Store
from qualcode.store.project import Project

ALGORITHM = "s1"
COLD_THRESHOLD = 0.25  # cold-start score at which a code is suggested
LEARNED_THRESHOLD = 0.06  # learned probability at which a code is suggested
PER_UNIT = 2  # codes suggested for one unit at most


@dataclass(frozen=True)
class Suggestion:
    source: str
    start: int
    end: int
    text: str
    code: str
    stance: str
    score: float  # cold start: codebook match score; learned: probability that the code applies
    reason: str
    model_version: str

    @property
    def uncertainty(self) -> float:
        """1 when the model is torn (score 0.5), 0 when it is sure either way."""
        return 1 - abs(2 * min(self.score, 1.0) - 1)

    def new_coding(self, coder: str) -> NewCoding:
        """The coding that accepting this suggestion stores."""
        return NewCoding(self.source, self.start, self.end, self.code, self.stance, coder,
                         origin="suggestion", model_version=self.model_version)

    def to_json(self) -> dict:
        return {"source": self.source, "start": self.start, "end": self.end, "text": self.text,
                "code": self.code, "stance": self.stance, "score": self.score,
                "reason": self.reason}


@dataclass(frozen=True)
class ModelInfo:
    """What the suggestions of a project currently rest on."""

    version: str
    mode: str  # "cold" (codebooks only) or "learned"
    codings: int
    coded_units: int
    rejections: int
    stance: str  # "negation rule" or "classifier"
    seconds: float  # time the last (re)build took


class Engine:
    """The analysed sources and the model of one project, rebuilt when their inputs change."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.corpus = None
        self.corpus_key: str | None = None
        self.model = None
        self.model_key: str | None = None
        self.info: ModelInfo | None = None

    def corpus_for(self, store: Store):
        from qualcode.suggest.corpus import Corpus

        books = store.codebooks()
        key = _digest(store.source_signature(), repr(books))
        if key != self.corpus_key:
            self.corpus = Corpus(store.sources(), store.source_texts(), store.all_turns(), books)
            self.corpus_key, self.model_key = key, None
        return self.corpus

    def refresh(self, store: Store, coders: Collection[str] | None = None) -> ModelInfo:
        """The model learned from the codings of `coders` (all coders when None)."""
        from qualcode.suggest.model import learn, training_data

        began = time.perf_counter()
        corpus = self.corpus_for(store)
        codings = _of(store.codings(), coders)
        rejections = store.rejections()
        key = _digest(self.corpus_key, [(c.id, c.source, c.start, c.end, c.code, c.stance,
                                         c.origin, c.updated_at) for c in codings], rejections,
                      *(() if coders is None else (sorted(coders),)))
        if key == self.model_key:
            return self.info
        data = training_data(corpus, codings, rejections)
        model = learn(corpus, data)
        mode = "learned" if model else "cold"
        self.model, self.model_key = model, key
        self.info = ModelInfo(f"{ALGORITHM}:{mode}:{key[:10]}", mode, len(codings),
                              data.positives, len(rejections),
                              "classifier" if model and model.stance else "negation rule",
                              round(time.perf_counter() - began, 3))
        return self.info


_engines: OrderedDict[Path, Engine] = OrderedDict()
_engines_lock = threading.Lock()
_KEEP_ENGINES = 4


def engine_for(project: Project) -> Engine:
    """The project's engine (a few recent projects are kept in memory)."""
    key = Path(project.store.path).resolve()
    with _engines_lock:
        engine = _engines.pop(key, None) or Engine()
        _engines[key] = engine
        while len(_engines) > _KEEP_ENGINES:
            _engines.popitem(last=False)
        return engine


def _digest(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def retrain(project: Project) -> ModelInfo:
    """Bring the project's model up to date with its codings and rejections (a no-op when
    nothing changed): what a background worker calls after the researcher codes."""
    engine = engine_for(project)
    with engine.lock:
        return engine.refresh(project.store)


def suggest_for_source(project: Project, source: str, codebooks: Sequence[str] | None = None,
                       limit: int | None = None, coders: Collection[str] | None = None
                       ) -> list[Suggestion]:
    """Suggestions for one source, most informative first (uncertainty sampling: those the
    model is least sure of teach it most when accepted or rejected); `coders` as in
    `suggest`."""
    found = suggest(project, [source], codebooks, coders)
    found.sort(key=lambda s: (-s.uncertainty, s.start, s.code))
    return found[:limit] if limit is not None else found


def suggest(project: Project, sources: Sequence[str] | None = None,
            codebooks: Sequence[str] | None = None, coders: Collection[str] | None = None
            ) -> list[Suggestion]:
    """Suggestions for these sources (default: all), in text order.

    Codes come from `codebooks` if given, else from the codebooks already used at the
    source's site, else in the project, else from every codebook. Spans already coded with a
    code (by anyone) and rejected suggestions are left out. With `coders` (a coder in blind
    mode: only themself) the model learns only from their codings, and only their codings
    choose the codebooks and the spans left out, so no other coder's work shows through.
    """
    store = project.store
    names = store.source_names()
    for name in sources or ():
        if name not in names:
            raise QualcodeError(f"no source '{name}' in {project.path}")
    known_books = [b.id for b in store.codebooks()]
    for book in codebooks or ():
        if book not in known_books:
            raise QualcodeError(f"no codebook '{book}' (have: {', '.join(known_books)})")
    engine = engine_for(project)
    with engine.lock:
        info = engine.refresh(store, coders)
        corpus, model = engine.corpus, engine.model
        wanted = list(sources) if sources else corpus.names
        used = _codebooks_in_use(store, coders)
        out: list[Suggestion] = []
        for name in wanted:
            scope = set(codebooks or used.get(corpus.site[name]) or used.get(None)
                        or known_books)
            out.extend(_for_source(store, corpus, model, info, name, scope, coders))
    return out


def _of(codings: list[Coding], coders: Collection[str] | None) -> list[Coding]:
    """The codings of `coders` (all when None)."""
    return codings if coders is None else [c for c in codings if c.coder in coders]


def _codebooks_in_use(store: Store, coders: Collection[str] | None = None
                      ) -> dict[str | None, set[str]]:
    """Codebooks with codings (of `coders`, if given), per site and (key None) in the whole
    project."""
    site = {s.name: s.site for s in store.sources()}
    used: dict[str | None, set[str]] = {}
    counts = (store.code_counts() if coders is None
              else {(c.code, c.source, 1) for c in _of(store.codings(), coders)})
    for code, source, _ in counts:
        book = code.split("/", 1)[0]
        used.setdefault(site[source], set()).add(book)
        used.setdefault(None, set()).add(book)
    return used


def _for_source(store: Store, corpus, model, info: ModelInfo, name: str, scope: set[str],
                coders: Collection[str] | None = None) -> list[Suggestion]:
    import numpy as np

    from qualcode.suggest.model import cold_stance, covered

    rows = corpus.rows(name)
    if not len(rows):
        return []
    if model is not None:
        scores, feats = model.predict(rows)
        threshold = LEARNED_THRESHOLD
    else:
        scores, feats = corpus.cold(rows).score, None
        threshold = COLD_THRESHOLD
    in_scope = np.array([b in scope for b in corpus.profiles.codebook])
    index = corpus.profiles.index
    skip = {(row, index[c.code]) for c in _of(store.codings(source=name), coders)
            if c.code in index
            for row in covered(corpus, name, c.start, c.end)}
    skip |= {(row, index[code]) for source, start, end, code in store.rejections()
             if source == name and code in index
             for row in covered(corpus, name, start, end)}
    picked = decide(scores, rows, in_scope, threshold, skip)
    if not picked:
        return []
    p_rows = [r for r, _ in picked]
    p_codes = [j for _, j in picked]
    against = (model.contradicts(p_rows, p_codes) if model is not None
               else cold_stance(corpus, p_rows, p_codes))
    text = corpus.texts[name]
    reasons = _reasons(corpus, model, feats, rows[0], p_rows, p_codes, against)
    out = []
    for (row, j), contra, reason in zip(picked, against, reasons, strict=True):
        unit = corpus.unit(row)[1]
        out.append(Suggestion(
            name, unit.start, unit.end, text[unit.start:unit.end], corpus.profiles.ids[j],
            "contradicts" if contra else "supports", round(float(scores[row - rows[0], j]), 3),
            reason, info.version))
    return out


def decide(scores, rows, in_scope, threshold: float, skip: set[tuple[int, int]] = frozenset()
           ) -> list[tuple[int, int]]:
    """(row, code) pairs to suggest: per unit, the `PER_UNIT` best codes in scope that reach
    the threshold and are not in `skip`."""
    import numpy as np

    masked = np.where(in_scope[None, :], scores, -1.0)
    picked = []
    for local, row in enumerate(rows):
        order = np.argsort(-masked[local], kind="stable")
        taken = 0
        for j in order:
            if masked[local, j] < threshold or taken == PER_UNIT:
                break
            if (int(row), int(j)) not in skip:
                picked.append((int(row), int(j)))
                taken += 1
    return picked


def _reasons(corpus, model, feats, first: int, rows: list[int], codes: list[int],
             against: list[bool]) -> list[str]:
    """Why each code was suggested, in a few words, strongest evidence first."""
    from qualcode.suggest.model import NEGATIVE_POLARITY

    examples = corpus.closest_examples(rows, codes)
    codings = model.closest_codings(rows, codes) if model is not None else [""] * len(rows)
    out = []
    for row, code, contradicts, (similarity, example), coding in zip(
            rows, codes, against, examples, codings, strict=True):
        parts = []
        keywords = corpus.matched_keywords(row, code)
        if keywords:
            parts.append("keywords " + ", ".join(f'"{k}"' for k in dict.fromkeys(keywords)))
        if model is not None and feats[6, row - first, code] >= 0.2 and coding:
            parts.append(f'like your coding "{_short(coding)}" '
                         f"({feats[6, row - first, code]:.2f})")
        if similarity >= 0.2:
            parts.append(f'like the codebook example "{_short(example)}" ({similarity:.2f})')
        if model is not None and feats[4, row - first, code] >= 0.15:
            parts.append(f'answers "{_short(corpus.question_text[corpus.question_of[row]])}"')
        if not parts:
            parts.append("close to the code's definition")
        cues = corpus.unit(row)[1].cues
        if contradicts and cues:
            parts.append(f'contradicts: negation "{cues[0]}"')
        elif contradicts:
            parts.append("contradicts: no negation, where this code's examples negate"
                         if corpus.profiles.polarity[code] > NEGATIVE_POLARITY
                         else "contradicts: as this code is often coded")
        out.append("; ".join(parts))
    return out


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def accept(project: Project, suggestion: Suggestion, coder: str | None = None) -> Coding:
    """Store the suggestion as a coding (origin `suggestion`, with the model version): from
    now on it is evidence like any other coding."""
    return project.store.add_coding(suggestion.new_coding(coder or project.coder))


def reject(project: Project, suggestion: Suggestion, coder: str | None = None) -> None:
    """Remember that this code does not apply here: it is not suggested again, and the model
    learns from it as a negative."""
    project.store.add_rejection(suggestion.source, suggestion.start, suggestion.end,
                                suggestion.code, coder or project.coder,
                                suggestion.model_version)

