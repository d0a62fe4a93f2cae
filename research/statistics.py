"""The dashboard's estimates and their 95% intervals, in plain Python (docs/research.md).

- Proportions (a share of list views): Wilson's score interval.
- Counts per unit (switches per registration, refusals per 100 sessions): the exact
  (Garwood) Poisson interval on the count, divided by the units.
- Means of per-session counts and of feedback scores: the mean plus or minus 1.96
  standard errors (from the sample's standard deviation).
- Medians and 90th percentiles: the distribution-free interval between two order
  statistics, whose ranks come from the binomial distribution; where the sample is too
  small for one end, that end is open (None).
"""

import math
from dataclasses import dataclass

Z = 1.959963984540054  # the standard normal's 97.5th percentile
ALPHA = 0.05
TOO_FEW = 20  # below this many in a group, a figure is not compared


@dataclass(frozen=True)
class Estimate:
    """A figure for one group: its value, 95% interval, and the sample it comes from.

    ``n`` is the sample size the figure rests on (sessions, registrations, list views,
    answers); ``count`` is what was counted, where the figure is a rate.
    """

    value: float | None
    lower: float | None
    upper: float | None
    n: int
    count: int | None = None

    @property
    def too_few(self) -> bool:
        return self.n < TOO_FEW


def wilson(successes: int, n: int) -> Estimate:
    if n == 0:
        return Estimate(None, None, None, 0, successes)
    p = successes / n
    denominator = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denominator
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n, successes)


def poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), each term in log space."""
    if mean <= 0:
        return 1.0
    log_mean = math.log(mean)
    return min(1.0, sum(math.exp(i * log_mean - mean - math.lgamma(i + 1)) for i in range(k + 1)))


def _solve(function, low: float, high: float) -> float:
    """The root of a decreasing ``function`` between ``low`` and ``high`` (bisection)."""
    for _ in range(100):
        middle = (low + high) / 2
        if function(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def poisson_bounds(count: int) -> tuple[float, float]:
    """The exact (Garwood) 95% interval for a Poisson count: the means under which a
    count this high, or this low, has a 2.5% chance. Byar's approximation (within 0.1%)
    above 2,000, where summing the terms would be slow."""
    if count > 2000:
        lower = count * (1 - 1 / (9 * count) - Z / (3 * math.sqrt(count))) ** 3
        above = count + 1
        upper = above * (1 - 1 / (9 * above) + Z / (3 * math.sqrt(above))) ** 3
        return lower, upper
    high = count + 10 * math.sqrt(count + 1) + 10
    lower = 0.0
    if count > 0:
        # P(X >= count) rises with the mean: find where it reaches 2.5%.
        lower = _solve(lambda m: poisson_cdf(count - 1, m) - (1 - ALPHA / 2), 0.0, high)
    upper = _solve(lambda m: poisson_cdf(count, m) - ALPHA / 2, 0.0, high)
    return lower, upper


def rate(count: int, units: int, per: int = 1) -> Estimate:
    """``count`` per ``per`` units (sessions, registrations)."""
    if units == 0:
        return Estimate(None, None, None, 0, count)
    lower, upper = poisson_bounds(count)
    scale = per / units
    return Estimate(count * scale, lower * scale, upper * scale, units, count)


def mean_of(values_sum: float, squares_sum: float, n: int) -> Estimate:
    """A mean and its normal interval, from the sum and the sum of squares of n values."""
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = values_sum / n
    if n == 1:
        return Estimate(mean, None, None, 1)
    variance = max(0.0, (squares_sum - n * mean**2) / (n - 1))
    half = Z * math.sqrt(variance / n)
    return Estimate(mean, mean - half, mean + half, n)


def mean(values) -> Estimate:
    values = list(values)
    return mean_of(sum(values), sum(v * v for v in values), len(values))


def binomial_cdfs(n: int, p: float) -> list[float]:
    """P(B <= k) for k = 0..n, B ~ Binomial(n, p), each term in log space (any n)."""
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    cdfs, total = [], 0.0
    for k in range(n + 1):
        total += math.exp(
            log_n - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q
        )
        cdfs.append(min(total, 1.0))
    return cdfs


def quantile_ranks(n: int, q: float) -> tuple[int | None, int | None]:
    """The 1-based ranks of the order statistics that bound the q-quantile with at least
    95% confidence: the largest l with P(B < l) <= 2.5% and the smallest u with
    P(B >= u) <= 2.5%, B ~ Binomial(n, q). None where no rank is far enough out."""
    cdfs = binomial_cdfs(n, q)  # cdfs[k] = P(B <= k)
    lower = None
    for rank in range(1, n + 1):
        if cdfs[rank - 1] > ALPHA / 2:
            break
        lower = rank
    upper = next((rank for rank in range(1, n + 1) if 1 - cdfs[rank - 1] <= ALPHA / 2), None)
    return lower, upper


def sample_quantile(ordered: list, q: float) -> float:
    """Linear interpolation between order statistics (the "inclusive" method of
    statistics.quantiles, numpy's default): the median of an even sample is the mean of
    the middle two."""
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def quantile(values, q: float) -> Estimate:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return Estimate(None, None, None, 0)
    lower_rank, upper_rank = quantile_ranks(n, q)
    return Estimate(
        sample_quantile(ordered, q),
        ordered[lower_rank - 1] if lower_rank else None,
        ordered[upper_rank - 1] if upper_rank else None,
        n,
    )
