"""Upcoming life events counted by week and type: the outlook a loyalty team or steward plans with.

Recurring events count at their next occurrence; one-off events at their date. Events
with no usable date are counted apart (``undated``). Sensitive events (pregnancy,
bereavement) are counted only for consumers who granted ``sensitive_inference``: the
others are left out entirely, not shown as a separate number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from genome_store import EventRow
from lifeevents.events import day_that_counts
from lifeevents.taxonomy import EVENT_LABELS, RECURRING

MAX_WEEKS = 52


@dataclass(frozen=True)
class Outlook:
    """Counts per (week start, event type) for ``weeks`` weeks from the Monday of ``as_of``'s week."""

    weeks: list[date]
    types: list[str]
    counts: dict[tuple[date, str], int] = field(default_factory=dict)
    undated: dict[str, int] = field(default_factory=dict)

    def total(self, week: date) -> int:
        """Events in one week, all types."""
        return sum(self.counts.get((week, t), 0) for t in self.types)


def upcoming_by_week(rows: Iterable[EventRow], as_of: datetime, weeks: int = 12) -> Outlook:
    """Count the events dated in the coming ``weeks`` weeks (1..52), week by week and type by type."""
    weeks = max(1, min(weeks, MAX_WEEKS))
    monday = as_of.date() - timedelta(days=as_of.weekday())
    starts = [monday + timedelta(weeks=k) for k in range(weeks)]
    end = monday + timedelta(weeks=weeks)
    counts: Counter[tuple[date, str]] = Counter()
    undated: Counter[str] = Counter()
    for row in rows:
        if row.sensitive and not row.sensitive_ok:
            continue
        day = day_that_counts(row.date, row.date_precision, row.recurrence == RECURRING, as_of)
        if day is None:
            undated[row.type] += 1
            continue
        d = day.date()
        if monday <= d < end:
            counts[(d - timedelta(days=d.weekday()), row.type)] += 1
    types = [t for t in EVENT_LABELS if any(counts.get((w, t)) for w in starts) or undated.get(t)]
    return Outlook(starts, types, dict(counts), dict(undated))
