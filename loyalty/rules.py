"""Tier rules: thresholds, the tier a value earns, the gap to the next one, period boundaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dateutil.relativedelta import relativedelta

TIERS: tuple[str, ...] = ("none", "silver", "gold", "platinum")
NONE = "none"


def rank(tier: str) -> int:
    """Position of ``tier`` in `TIERS` (none = 0, platinum = 3)."""
    return TIERS.index(tier)


def cents(value: float) -> float:
    """Money rounded to cents, so sums like 100.10 + 149.90 meet a 250 threshold exactly."""
    return round(float(value), 2)


@dataclass(frozen=True)
class Thresholds:
    """Trailing 12-month value that earns silver, gold and platinum (a value at a threshold earns it)."""

    silver: float
    gold: float
    platinum: float

    def __post_init__(self) -> None:
        if not 0 < self.silver < self.gold < self.platinum:
            raise ValueError(f"thresholds must rise above 0: {self.silver} < {self.gold} < {self.platinum}")

    def of(self, tier: str) -> float:
        """The value that earns ``tier`` (0 for none)."""
        return {NONE: 0.0, "silver": self.silver, "gold": self.gold, "platinum": self.platinum}[tier]

    def earned(self, value: float) -> str:
        """The highest tier whose threshold ``value`` reaches."""
        value = cents(value)
        best = NONE
        for tier in TIERS[1:]:
            if value >= self.of(tier):
                best = tier
        return best

    def next_above(self, tier: str, value: float) -> tuple[str | None, float]:
        """The tier above ``tier`` and the value still missing to earn it; (None, 0) at the top."""
        if tier == TIERS[-1]:
            return None, 0.0
        above = TIERS[rank(tier) + 1]
        return above, max(0.0, cents(self.of(above) - cents(value)))


@dataclass(frozen=True)
class LoyaltyPolicy:
    """Everything a recompute needs to know, built once from the loyalty settings."""

    thresholds: Thresholds
    categories: Mapping[str, Thresholds] = field(default_factory=dict)
    qualification_months: int = 3
    grace_months: int = 3
    value_months: int = 12
    current_months: int = 12
    comparison_months: int = 36
    batch_size: int = 1000
    quantile_sample: int = 50_000
    seed: int = 7

    def __post_init__(self) -> None:
        if self.qualification_months not in (1, 2, 3, 4, 6, 12):
            raise ValueError("qualification_months must divide a year: 1, 2, 3, 4, 6 or 12")

    @classmethod
    def from_settings(cls, section: Any) -> LoyaltyPolicy:
        """Build from a `lifecue.config.LoyaltySettings` (or anything with its attributes)."""

        def rules(t: Any) -> Thresholds:
            return Thresholds(float(t.silver), float(t.gold), float(t.platinum))

        return cls(
            thresholds=rules(section),
            categories={name: rules(t) for name, t in section.categories.items()},
            qualification_months=section.qualification_months,
            grace_months=section.grace_months,
            current_months=section.current_months,
            comparison_months=section.comparison_months,
            batch_size=section.batch_size,
            quantile_sample=section.quantile_sample,
            seed=section.seed,
        )


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` minus calendar months (the 31st falls back to the month's last day)."""
    return moment - relativedelta(months=months)


def period_start(moment: datetime, months: int) -> datetime:
    """Start of the calendar-aligned qualification period of ``months`` that holds ``moment``."""
    index = (moment.year * 12 + moment.month - 1) // months * months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)
