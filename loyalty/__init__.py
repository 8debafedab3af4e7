"""Loyalty: tiers with qualification and grace periods, RFM(T) groups, behaviour groups.

The tier names (`TIERS`) and the tier rule (`Thresholds.earned`, on values rounded to
cents) live here and nowhere else; the recommender's offers read them. Storage goes
through `genome_store` (standings, tier runs, purchases grouped per consumer).

The public surface is listed in ``__all__``; the modules behind it are one concept each
(rules, standing, segments, totals, recompute, assignments).
"""

from __future__ import annotations

from loyalty.assignments import (
    Assignment,
    CategoryTier,
    Filters,
    Page,
    Summary,
    get_assignment,
    iter_assignments,
    last_summary,
    list_assignments,
)
from loyalty.recompute import Recompute, RunResult
from loyalty.rules import NONE, TIERS, LoyaltyPolicy, Thresholds, cents
from loyalty.segments import BEHAVIOURS, GROUPS
from loyalty.standing import Change, Standing, assess

__all__ = [
    "BEHAVIOURS",
    "GROUPS",
    "NONE",
    "TIERS",
    "Assignment",
    "CategoryTier",
    "Change",
    "Filters",
    "LoyaltyPolicy",
    "Page",
    "Recompute",
    "RunResult",
    "Standing",
    "Summary",
    "Thresholds",
    "assess",
    "cents",
    "get_assignment",
    "iter_assignments",
    "last_summary",
    "list_assignments",
]
