"""Per-consumer purchase totals: grouped on the database side in one pass, summed while streaming.

The windows are applied here, per consumer, rather than in the database query: on
SecantusDB a date ``$match`` costs ten times a plain grouping (bench/bench_tiers.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from genome_store import Database, purchases_by_consumer
from loyalty.rules import LoyaltyPolicy, months_before
from loyalty.segments import Activity


@dataclass(frozen=True)
class Windows:
    """The time windows of one recompute, all ending at ``as_of`` (end inclusive)."""

    as_of: datetime
    value_from: datetime
    current_from: datetime
    comparison_from: datetime

    @classmethod
    def of(cls, as_of: datetime, policy: LoyaltyPolicy) -> Windows:
        """Windows for ``as_of`` under ``policy``."""
        current_from = months_before(as_of, policy.current_months)
        return cls(
            as_of=as_of,
            value_from=months_before(as_of, policy.value_months),
            current_from=current_from,
            comparison_from=months_before(current_from, policy.comparison_months),
        )


@dataclass(frozen=True)
class Totals:
    """What a consumer bought up to ``as_of``: trailing value, lifetime, and per period."""

    consumer_id: str
    value_12m: float = 0.0
    first_at: datetime | None = None
    current: Activity | None = None
    comparison: Activity | None = None
    category_values: Mapping[str, float] = field(default_factory=dict)


def parse(row: Mapping[str, Any], w: Windows) -> Totals:
    """A consumer's `Totals` from one row of `genome_store.purchases_by_consumer` (purchases after as_of ignored)."""
    value = 0.0
    first: datetime | None = None
    categories: dict[str, float] = {}
    current = _Period()
    comparison = _Period()
    for amount, at, category in row["p"]:
        if at > w.as_of:
            continue
        amount = float(amount)
        first = at if first is None or at < first else first
        if at > w.value_from:
            value += amount
            if category:
                categories[category] = categories.get(category, 0.0) + amount
        if at > w.current_from:
            current.add(amount, at)
        elif at > w.comparison_from:
            comparison.add(amount, at)
    return Totals(row["_id"], value, first, current.activity(), comparison.activity(), categories)


class _Period:
    """Running orders, value, first and last purchase of one period."""

    def __init__(self) -> None:
        self.orders = 0
        self.value = 0.0
        self.first: datetime | None = None
        self.last: datetime | None = None

    def add(self, amount: float, at: datetime) -> None:
        self.orders += 1
        self.value += amount
        self.first = at if self.first is None or at < self.first else self.first
        self.last = at if self.last is None or at > self.last else self.last

    def activity(self) -> Activity | None:
        if self.first is None or self.last is None:
            return None
        return Activity(self.orders, self.value, self.first, self.last)


def stream_totals(db: Database[Any], w: Windows, batch_size: int = 1000) -> Iterator[Totals]:
    """Every consumer's totals as the database groups them, in consumer-id order, streamed in batches."""
    for row in purchases_by_consumer(db, batch_size):
        totals = parse(row, w)
        if totals.first_at is not None:
            yield totals
