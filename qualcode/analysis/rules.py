"""The verdict rules, stated once. This docstring is the specification; docs/verdicts.md states
the same rules for readers and its worked examples run as tests (tests/test_verdict_docs.py).

Evidence (qualcode.analysis.evidence)
    Every coding of an indicator at a site is evidence for (`supports`) or against
    (`contradicts`) it. Codings of one source, code and stance whose spans overlap count once,
    whoever coded them. What the researcher says (Pewawancara, Moderator, ...) is not evidence.
    A *witness* is an informant (a speaker label at the site) or, for text outside any turn
    (a document, an observation note), that source.

An indicator at a site
    s  = max(witnesses for it, methods for it)            how strongly it is supported
    c  = max(witnesses against it, methods against it)    how strongly it is contradicted
    t  = max(sources for it, methods for it)              how independently it is supported
         (two speakers of one focus group are one source)
    k  = min_independent

    status      absent (no evidence), refuted (only against), contested (both ways),
                confirmed (only for, t >= k), supported (only for, t < k)
    triangulated  t >= k (also when contradicted)
    established   the researcher's recorded reading when there is one (established or not,
                  with its rationale); else support outweighs the evidence against: s > c.
                  2 for and 5 against is contested and not established; so is 1 for and 1
                  against; triangulated support that is outweighed is not established either.
    score       v = (s - c) / max(s + c, k), in [-1, 1]

A category (a level of an ordinal framework, an alternative of a nominal one) is reached when
    1. every defining indicator has support (s > 0) or is established by a reading,
    2. at least `min_share_established` of its defining indicators are established (default 1:
       one outweighed indicator blocks the level),
    3. at least `min_share_confirmed` of them are triangulated (default 0.5), and
    4. none of its excluding indicators is established (an excluding indicator rules the
       category out only when its support outweighs the evidence against it).
    Its score is the mean v of its defining indicators.

The verdict (qualcode.analysis.verdicts); a category is chosen only with a score above
`min_score`.
    Ordinal: the highest reached level. Its looseness is the strongest mean max(v, 0) of the
    looseness indicators (codebook `loose: true`) of a lower level that do not define the
    verdict level or a higher one. When that lower level is itself reached, looseness within
    `decide_margin` of the verdict level's formal score (mean v of its indicators that are not
    loose) is a tie, and looseness above it keeps the site at the lower level; otherwise it
    is reported and the verdict stands.
    Nominal: the reached category with the best score; a reached rival whose score is less
    than `decide_margin` below it competes: the category with more established defining
    indicators wins, then the one with more support (sum of s); equal on both: tied.
    Confidence: the verdict category's score, floored at 0 (0 when undecided). It is
    monotone in the evidence: another witness or method for one of the category's defining
    indicators never lowers it, one against never raises it; evidence for other categories
    does not move it. How fragile the verdict is, is its sensitivity
    (qualcode.analysis.sensitivity), not this figure.
    No category reached: insufficient-evidence, naming the nearest category and what it
    lacks (`blocking` lists its indicators not established and its excluding ones that are;
    when only triangulation is short, `blocking` is empty and the explanation says so).

Thresholds (qualcode.model.THRESHOLD_LIMITS: defaults and bounds, checked where a value is
read, a bad one being one line naming the file and line): the project's `min_independent`
setting is k unless a codebook's `thresholds:` sets it for its framework; a codebook's
`thresholds:` override the defaults for that framework; a project's `thresholds:` in
qualcode.yaml (for every framework, or under a framework's id) override both.
"""

from __future__ import annotations

from collections.abc import Mapping

from qualcode.model import THRESHOLD_LIMITS

DEFAULTS: dict[str, float] = {key: default for key, (default, _, _) in THRESHOLD_LIMITS.items()
                              if key != "min_independent"}


def indicator_status(s: int, c: int, triangulated: bool) -> str:
    if not s and not c:
        return "absent"
    if not s:
        return "refuted"
    if c:
        return "contested"
    return "confirmed" if triangulated else "supported"


def outweighs(s: int, c: int) -> bool:
    """Support outweighs the evidence against: what establishes an indicator (without a
    reading) and what it takes for an excluding indicator to rule a category out."""
    return s > c


def score(s: int, c: int, k: int) -> float:
    total = s + c
    return (s - c) / max(total, k) if total else 0.0


def thresholds_for(book_thresholds: Mapping[str, float], project: Mapping[str, object],
                   book_id: str) -> dict[str, float]:
    """The thresholds of one framework: the defaults, then the codebook's, then the project's
    for every framework, then the project's for this framework."""
    general = {k: v for k, v in project.items() if k in THRESHOLD_LIMITS}
    own = project.get(book_id)
    return {**DEFAULTS, **book_thresholds, **general, **(own if isinstance(own, dict) else {})}
