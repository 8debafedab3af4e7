"""Loyalty: tiers with qualification and grace periods, RFM(T) groups, behaviour groups.

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
from loyalty.rules import TIERS, LoyaltyPolicy, Thresholds
from loyalty.segments import BEHAVIOURS, GROUPS
from loyalty.standing import Change, Standing, assess

__all__ = [
    "BEHAVIOURS",
    "GROUPS",
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
    "get_assignment",
    "iter_assignments",
    "last_summary",
    "list_assignments",
]
