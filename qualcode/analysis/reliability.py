"""The statistics of inter-coder reliability (docs/agreement.md): the additive tally of a
comparison, Cohen's kappa and Krippendorff's nominal alpha, and their 95% percentile bootstrap
intervals over units (seeded, so the output is reproducible)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np

BOOTSTRAP_REPLICATES = 1000  # the default; 0 turns the intervals off
BOOTSTRAP_SEED = 1729  # fixed: the same data give the same intervals
CONFIDENCE = 0.95
_CHUNK = 2_000_000  # at most this many replicate × cluster counts in memory at once

Interval = tuple[float, float]

class Tally:
    """The sufficient figures of one comparison, filled unit by unit (additive).

    For alpha: the coincidences on the diagonal (sum of o_cc) and the value totals n_c; for
    kappa: the two coders' pair table; for percent agreement: units and units agreed on.
    """

    def __init__(self) -> None:
        self.units = 0
        self.agreed = 0
        self.diagonal = 0.0
        self.totals: Counter = Counter()
        self.pairs: Counter = Counter()

    def add(self, values: Sequence[Hashable | None], times: int = 1) -> None:
        """One unit's values, one per coder (None: missing); `times` identical units."""
        counts: dict = {}
        for value in values:
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        m = sum(counts.values())
        if m < 2 or times <= 0:
            return
        self.units += times
        if len(counts) == 1:
            self.agreed += times
        self.diagonal += times * sum(k * (k - 1) for k in counts.values()) / (m - 1)
        for value, k in counts.items():
            self.totals[value] += k * times
        if len(values) == 2:
            self.pairs[values[0], values[1]] += times

    def merge(self, other: Tally) -> None:
        self.units += other.units
        self.agreed += other.agreed
        self.diagonal += other.diagonal
        self.totals.update(other.totals)
        self.pairs.update(other.pairs)

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.units if self.units else None

    @property
    def alpha(self) -> float | None:
        """Krippendorff's nominal alpha; None when there is no variation to judge."""
        n = sum(self.totals.values())
        expected = sum(k * (k - 1) for k in self.totals.values())
        denominator = n * (n - 1) - expected
        if n < 2 or denominator <= 0:
            return None
        return ((n - 1) * self.diagonal - expected) / denominator

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa of two coders; None when chance agreement is total."""
        n = sum(self.pairs.values())
        if not n:
            return None
        rows: Counter = Counter()
        cols: Counter = Counter()
        for (a, b), k in self.pairs.items():
            rows[a] += k
            cols[b] += k
        observed = sum(k for (a, b), k in self.pairs.items() if a == b) / n
        chance = sum(rows[v] * cols[v] for v in rows) / (n * n)
        if chance >= 1:
            return None
        return (observed - chance) / (1 - chance)


def krippendorff_alpha(data: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Nominal alpha of reliability data given unit by unit (one value per coder, None missing)."""
    tally = Tally()
    for values in data:
        tally.add(values)
    return tally.alpha


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' values on the same units."""
    if len(a) != len(b):
        raise ValueError("both coders need a value for every unit")
    tally = Tally()
    for pair in zip(a, b, strict=True):
        tally.add(pair)
    return tally.kappa


# ---------------------------------------------------------------------- confidence intervals

class Intervals(NamedTuple):
    """Percentile bootstrap intervals; None where there is none (see `bootstrap_intervals`)."""

    kappa: Interval | None = None
    alpha: Interval | None = None


NO_INTERVALS = Intervals()


def unit_tally(values: Sequence[Hashable | None]) -> Tally:
    """The tally of one unit: the resampling unit of a code's bootstrap."""
    tally = Tally()
    tally.add(values)
    return tally


def bootstrap_intervals(clusters: Iterable[tuple[Tally, int]],
                        replicates: int = BOOTSTRAP_REPLICATES,
                        seed: int = BOOTSTRAP_SEED) -> Intervals:
    """95% percentile intervals of kappa and alpha by resampling units with replacement.

    `clusters` are the resampling units as (tally, multiplicity): a tally holds what one unit
    adds (for one code: its values; overall: all its codes' decisions), identical units come
    once with their count. A replicate draws as many units as there are, so its multiplicities
    are one multinomial draw over the distinct clusters, and the statistics of every replicate
    follow from the clusters' sufficient figures at once (no data are rebuilt). Replicates with
    an undefined statistic (no variation) are left out; when more than half are, there is no
    interval. Units with fewer than two values carry nothing and are not drawn.
    """
    import numpy as np

    if replicates < 0:
        raise ValueError("the number of bootstrap replicates cannot be negative")
    kept = [(tally, times) for tally, times in clusters if times > 0 and tally.units]
    if not replicates or not kept:
        return NO_INTERVALS
    figures = _ClusterFigures(kept)
    total = int(figures.weights.sum())
    shares = figures.weights / total
    rng = np.random.default_rng(seed)
    step = max(1, _CHUNK // len(kept))
    kappas, alphas = [], []
    for start in range(0, replicates, step):
        counts = rng.multinomial(total, shares, size=min(step, replicates - start))
        kappa, alpha = figures.statistics(counts)
        kappas.append(kappa)
        alphas.append(alpha)
    return Intervals(_percentiles(np.concatenate(kappas), replicates),
                     _percentiles(np.concatenate(alphas), replicates))


def bootstrap_statistics(clusters: Sequence[tuple[Tally, int]], counts: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Kappa and alpha (NaN: undefined) of each row of `counts`, a replicate's multiplicity of
    each cluster: the vectorised core of `bootstrap_intervals`, exposed so that it can be
    checked against `Tally`."""
    return _ClusterFigures(clusters).statistics(counts)


class _ClusterFigures:
    """The clusters' sufficient figures as arrays, one row per cluster: the diagonal
    coincidences, the value totals and the two coders' pair table, flattened."""

    def __init__(self, clusters: Sequence[tuple[Tally, int]]) -> None:
        import numpy as np

        values = sorted({v for tally, _ in clusters for v in tally.totals}
                        | {v for tally, _ in clusters for pair in tally.pairs for v in pair},
                        key=repr)
        index = {v: i for i, v in enumerate(values)}
        size = len(values)
        self.size = size
        self.weights = np.array([times for _, times in clusters], dtype=np.int64)
        self.diagonal = np.array([tally.diagonal for tally, _ in clusters], dtype=np.float64)
        self.totals = np.zeros((len(clusters), size), dtype=np.int64)
        self.pairs = np.zeros((len(clusters), size * size), dtype=np.int64)
        for row, (tally, _) in enumerate(clusters):
            for value, k in tally.totals.items():
                self.totals[row, index[value]] = k
            for (a, b), k in tally.pairs.items():
                self.pairs[row, index[a] * size + index[b]] = k
        self.has_pairs = bool(self.pairs.any())

    def statistics(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tally.kappa and Tally.alpha of the data in which cluster i occurs counts[r, i] times,
        for every row r, in integer arithmetic where Tally's tests are exact comparisons."""
        import numpy as np

        counts = np.asarray(counts, dtype=np.int64)
        totals = counts @ self.totals
        n = totals.sum(axis=1)
        expected = (totals * (totals - 1)).sum(axis=1)
        denominator = n * (n - 1) - expected
        numerator = (n - 1) * (counts @ self.diagonal) - expected
        defined = (n >= 2) & (denominator > 0)
        alpha = np.full(len(counts), np.nan)
        alpha[defined] = numerator[defined] / denominator[defined]
        kappa = np.full(len(counts), np.nan)
        if self.has_pairs:
            pairs = (counts @ self.pairs).reshape(len(counts), self.size, self.size)
            units = pairs.sum(axis=(1, 2))
            same = np.trace(pairs, axis1=1, axis2=2)
            chance = (pairs.sum(axis=2) * pairs.sum(axis=1)).sum(axis=1)  # p_e · N²
            square = units * units
            defined = (units > 0) & (chance < square)
            kappa[defined] = ((same * units - chance)[defined]
                              / (square - chance)[defined])
        return kappa, alpha


def _percentiles(values: np.ndarray, replicates: int) -> Interval | None:
    import numpy as np

    defined = values[~np.isnan(values)]
    if 2 * len(defined) < replicates:
        return None
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(defined, [tail, 100 - tail])
    return float(low), float(high)


def krippendorff_alpha_ci(data: Iterable[Sequence[Hashable | None]],
                          replicates: int = BOOTSTRAP_REPLICATES,
                          seed: int = BOOTSTRAP_SEED) -> Interval | None:
    """95% interval of `krippendorff_alpha(data)`, resampling units (`bootstrap_intervals`)."""
    return bootstrap_intervals(_clusters(data), replicates, seed).alpha


def cohen_kappa_ci(a: Sequence[Hashable], b: Sequence[Hashable],
                   replicates: int = BOOTSTRAP_REPLICATES,
                   seed: int = BOOTSTRAP_SEED) -> Interval | None:
    """95% interval of `cohen_kappa(a, b)`, resampling units (`bootstrap_intervals`)."""
    if len(a) != len(b):
        raise ValueError("both coders need a value for every unit")
    return bootstrap_intervals(_clusters(zip(a, b, strict=True)), replicates, seed).kappa


def _clusters(data: Iterable[Sequence[Hashable | None]]) -> list[tuple[Tally, int]]:
    """Units as resampling clusters: identical units once, with their count, in a fixed order
    (the intervals depend only on the data, not on the order the units come in)."""
    seen = Counter(tuple(values) for values in data)
    return [(unit_tally(values), times)
            for values, times in sorted(seen.items(), key=lambda item: repr(item[0]))]
