"""Which life events may boost a ranking, and how strongly as their day approaches.

The event types, their windows and which of them are sensitive come from the taxonomy
(`lifeevents.taxonomy`, their one home); this module adds what only the recommender
needs: which events are usable at a moment and the proximity curve (which products
serve each event is `recommender.affinity`'s).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from genome_store import SENSITIVE_INFERENCE, is_granted
from lifeevents.taxonomy import SENSITIVE_LABELS, TAXONOMY


@dataclass(frozen=True)
class Window:
    """Days before the event day the boost starts, and days after it still lasts."""

    before: int
    after: int = 0


WINDOWS: dict[str, Window] = {
    label: Window(row.window_before_days, row.window_after_days) for label, row in TAXONOMY.items()
}

SENSITIVE_TYPES: frozenset[str] = SENSITIVE_LABELS

# What people buy when the event is someone else's.
GIFT_CATEGORIES: tuple[str, ...] = ("gifts", "flowers", "jewelry")

EVENT_TYPES: tuple[str, ...] = tuple(WINDOWS)
SUBJECTS: tuple[str, ...] = ("self", "network")


@dataclass(frozen=True)
class UsableEvent:
    """A life event that may boost items now, with how close it is."""

    event_id: str
    type: str
    subject: str
    relation: str
    days_until: int
    proximity: float


def proximity(days_until: float, window: Window) -> float:
    """0 outside the window; rises linearly to 1 on the day, then fades over ``after`` days."""
    if days_until > window.before or days_until < -window.after:
        return 0.0
    if days_until >= 0:
        return 0.25 + 0.75 * (1.0 - days_until / (window.before + 1))
    return 1.0 - 0.75 * (-days_until) / (window.after + 1)


def event_day(event: Mapping[str, Any], as_of: datetime) -> datetime | None:
    """The day that matters: the occurrence nearest ``as_of`` for recurring events, else the date.

    An event with no date of its own counts from the day of the post that told of it as done or
    happening (``announced_on``: "Welcome to the world, Olivia" is a birth that day; a birthday
    greeted on the day returns on that day every year); one told as ahead has no day.
    """
    date = event.get("date") or event.get("next_occurrence")
    if event.get("recurrence") == "recurring":
        date = date or event.get("announced_on")
        if date is None:
            return None
        # Recurring events return every year; look at the occurrence nearest to as_of.
        candidates = []
        for year in (as_of.year - 1, as_of.year, as_of.year + 1):
            try:
                candidates.append(date.replace(year=year))
            except ValueError:  # 29 February
                candidates.append(date.replace(year=year, day=28))
        return min(candidates, key=lambda d: abs((d - as_of).total_seconds()))
    return date or event.get("announced_on")


def usable_events(
    genome: Mapping[str, Any] | None, as_of: datetime, windows: Mapping[str, Window]
) -> list[UsableEvent]:
    """Events of ``genome`` inside their window at ``as_of``; sensitive ones only with consent."""
    if not genome:
        return []
    sensitive_ok = is_granted(genome, SENSITIVE_INFERENCE)
    found = []
    for event in genome.get("life_events") or []:
        kind = event.get("type")
        if kind not in windows:
            continue
        if (event.get("sensitive") or kind in SENSITIVE_TYPES) and not sensitive_ok:
            continue
        day = event_day(event, as_of)
        if day is None:
            continue
        days = _whole_days(as_of, day)
        weight = proximity(days, windows[kind])
        if weight <= 0:
            continue
        found.append(
            UsableEvent(
                event_id=str(event.get("event_id", "")),
                type=kind,
                subject="network" if event.get("subject") == "network" else "self",
                relation=str(event.get("relation") or ""),
                days_until=days,
                proximity=weight,
            )
        )
    return found


def _whole_days(as_of: datetime, day: datetime) -> int:
    """Calendar days (UTC) from ``as_of`` to ``day``: an event is dated to a day, so whatever the
    hour, everything derived from it stays the same all day (`recommender.ranking_cache` relies on it)."""
    return (utc_day(day) - utc_day(as_of)).days


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of ``moment`` (naive times are taken as UTC)."""
    return (moment.astimezone(UTC) if moment.tzinfo is not None else moment).date()


def merged_windows(overrides: Mapping[str, Any]) -> dict[str, Window]:
    """WINDOWS with per-type overrides (objects with ``before``/``after``) applied."""
    out = dict(WINDOWS)
    for kind, w in overrides.items():
        out[kind] = Window(int(w.before), int(w.after))
    return out
