"""Listing a consumer's stored events: projected, filtered by horizon and by consent, soonest first.

Events held for a steward are listed only when asked for (``include_pending``), marked
``pending``; they are never among what the recommender reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from genome_store import SENSITIVE_INFERENCE, Database, check_days, check_id, get_life_events, is_granted
from lifeevents.events import day_that_counts
from lifeevents.review import pending_events

_FAR = datetime.max.replace(tzinfo=UTC)


def when(event: Mapping[str, Any], as_of: datetime) -> datetime | None:
    """The date that counts at ``as_of`` for a stored event (``lifeevents.events.day_that_counts``)."""
    recurring = event.get("recurrence") == "recurring"
    return day_that_counts(event.get("date"), event.get("date_precision", "unknown"), recurring, as_of)


def select(
    events: Sequence[Mapping[str, Any]],
    genome: Mapping[str, Any],
    as_of: datetime,
    within_days: int,
    include_sensitive: bool,
) -> list[tuple[Mapping[str, Any], datetime | None]]:
    """(event, date that counts) pairs, soonest first, undated last.

    Sensitive events only when asked for *and* the consumer granted sensitive_inference;
    with ``within_days`` > 0 only events dated from the day of ``as_of`` to that many days on.
    """
    sensitive_ok = include_sensitive and is_granted(genome, SENSITIVE_INFERENCE)
    day = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    horizon = day + timedelta(days=within_days)
    out = []
    for event in events:
        if event.get("sensitive") and not sensitive_ok:
            continue
        at = when(event, as_of)
        if within_days > 0 and (at is None or not day <= at <= horizon):
            continue
        out.append((event, at))
    return sorted(out, key=lambda pair: (pair[1] or _FAR, -float(pair[0].get("confidence", 0))))


def list_life_events(
    db: Database[Any],
    consumer_id: str,
    as_of: datetime,
    within_days: int = 0,
    include_sensitive: bool = False,
    include_pending: bool = False,
) -> list[tuple[Mapping[str, Any], datetime | None]]:
    """The consumer's events as `select` picks them (and held ones too with ``include_pending``).

    NotFound without a genome.
    """
    check_days("upcoming_within_days", within_days)
    events, genome = get_life_events(db, check_id("consumer_id", consumer_id))
    if include_pending:
        events = [*events, *pending_events(db, consumer_id)]
    return select(events, genome, as_of, within_days, include_sensitive)
