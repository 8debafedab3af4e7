"""RFM(T) groups A-E by quintile scoring, and behaviour groups from two periods.

Each of recency, frequency, monetary value and tenure is scored 1-5 by the quintile
it falls in among the consumers active in the period (recency reversed: recent is
better); the four scores add up to 4-20 and five equal bands of that sum give the
groups A (most valuable) to E. Quintile cut points come from a seeded reservoir sample,
so a recompute needs bounded memory however many consumers there are (exact while the
population fits in the sample).
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime

GROUPS: tuple[str, ...] = ("A", "B", "C", "D", "E")
LOWEST = GROUPS[-1]
TOP, NEW, NEEDS_ATTENTION, GROWING, LOYAL, SLEEPING = (
    "top", "new", "needs_attention", "growing", "loyal", "sleeping",
)  # fmt: skip
BEHAVIOURS: tuple[str, ...] = (TOP, NEW, NEEDS_ATTENTION, GROWING, LOYAL, SLEEPING)
DAYS_PER_MONTH = 30.4375
# recency is better when smaller; frequency, monetary value and tenure when larger
_HIGHER_IS_BETTER = (False, True, True, True)


@dataclass(frozen=True)
class Activity:
    """A consumer's purchases within one period."""

    orders: int
    value: float
    first_at: datetime
    last_at: datetime


Metrics = tuple[float, float, float, float]


def rfmt(activity: Activity, first_ever: datetime, end: datetime) -> Metrics:
    """Recency (days since the last purchase), frequency (orders per month since the first),
    monetary (value) and tenure (days as a customer), all measured at ``end``."""
    recency = (end - activity.last_at).total_seconds() / 86400
    months = max(1.0, (end - activity.first_at).total_seconds() / 86400 / DAYS_PER_MONTH)
    tenure = (end - first_ever).total_seconds() / 86400
    return recency, activity.orders / months, float(activity.value), tenure


class Quintiles:
    """Reservoir sample of RFM(T) metrics that yields quintile cut points per metric."""

    def __init__(self, capacity: int, seed: int) -> None:
        self.capacity = capacity
        self.seen = 0
        self._rng = random.Random(seed)
        self._columns = [array("d") for _ in range(4)]

    def add(self, metrics: Metrics) -> None:
        """Offer one consumer's metrics to the sample (Algorithm R)."""
        self.seen += 1
        if self.seen <= self.capacity:
            for column, value in zip(self._columns, metrics, strict=True):
                column.append(value)
            return
        slot = self._rng.randrange(self.seen)
        if slot < self.capacity:
            for column, value in zip(self._columns, metrics, strict=True):
                column[slot] = value

    def cuts(self) -> list[list[float]]:
        """Four cut points (20th-80th percentile) per metric; empty lists when nothing was added."""
        result = []
        for column in self._columns:
            ordered = sorted(column)
            n = len(ordered)
            result.append([ordered[min(n - 1, k * n // 5)] for k in range(1, 5)] if n else [])
        return result


def score(value: float, cuts: list[float], higher_is_better: bool) -> float:
    """1-5 by quintile; a value tied with cut points gets the middle of the scores it spans."""
    if not cuts:
        return 3.0
    below = (bisect_left(cuts, value) + bisect_right(cuts, value)) / 2
    return 1 + below if higher_is_better else 5 - below


def group_for(metrics: Metrics, cuts: list[list[float]]) -> str:
    """The RFM(T) group A-E of one consumer's metrics against the period's cut points."""
    total = sum(
        score(value, metric_cuts, better)
        for value, metric_cuts, better in zip(metrics, cuts, _HIGHER_IS_BETTER, strict=True)
    )
    band = min(4, int((total - 4) / 16 * 5))
    return GROUPS[4 - band]


def behaviour_for(before: str | None, now: str) -> str:
    """Behaviour group from the comparison-period group ``before`` (None: first bought in the
    current period) and the current-period group ``now``."""
    if before is None:
        return NEW
    if now == LOWEST:
        return SLEEPING
    if before == now == GROUPS[0]:
        return TOP
    if GROUPS.index(now) < GROUPS.index(before):
        return GROWING
    if GROUPS.index(now) > GROUPS.index(before):
        return NEEDS_ATTENTION
    return LOYAL
