"""What detection returns: plain event records, and the yearly projection of recurring ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lifeevents.dates import MONTH, UNKNOWN, YEAR

SELF, NETWORK = "self", "network"


@dataclass(frozen=True)
class PostText:
    """A text to classify and the moment relative dates are resolved against."""

    text: str
    posted_at: datetime


@dataclass(frozen=True)
class DetectedEvent:
    """One life event found in one text."""

    type: str
    recurrence: str
    subject: str
    relation: str | None
    date: datetime | None
    date_precision: str
    next_occurrence: datetime | None
    confidence: float
    sensitive: bool
    pending: bool = False  # under the acting threshold: held for review, never acted on
    # No date of its own and told as done or happening ("Welcome to the world, Olivia", "She said
    # yes!"): the day of the post, which the recommender counts from; never a claimed date.
    announced_on: datetime | None = None


def next_occurrence(when: datetime | None, precision: str, as_of: datetime) -> datetime | None:
    """The first yearly return of ``when`` on or after the day of ``as_of`` (None when unknowable)."""
    if when is None or precision in (UNKNOWN, YEAR):
        return None
    as_of_day = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    for year in (as_of.year, as_of.year + 1):
        day = min(when.day, 28) if (when.month == 2 and when.day == 29 and not _leap(year)) else when.day
        candidate = datetime(year, when.month, 1 if precision == MONTH else day, tzinfo=UTC)
        end = _month_end(candidate) if precision == MONTH else candidate
        if end >= as_of_day:
            return max(candidate, as_of_day) if precision == MONTH else candidate
    return None


def day_that_counts(
    when: datetime | None, precision: str, recurring: bool, as_of: datetime
) -> datetime | None:
    """The day an event counts from at ``as_of``: a recurring event's next return, else its own date.

    The one rule for listing a consumer's events and for the weekly outlook; None when the
    event has no usable date. (The recommender looks at the occurrence *nearest* ``as_of``,
    since its window runs on after the day: ``recommender.events.event_day``.)
    """
    if recurring:
        return next_occurrence(when, precision, as_of)
    if when is None or precision == UNKNOWN:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_end(first: datetime) -> datetime:
    nxt = datetime(first.year + (first.month == 12), first.month % 12 + 1, 1, tzinfo=UTC)
    return datetime.fromordinal(nxt.toordinal() - 1).replace(tzinfo=UTC)


def contract_rows(
    post_id: str, events: list[DetectedEvent], with_pending: bool = False
) -> list[dict[str, object]]:
    """The ``lifecue classify`` output lines of one post: one per event, or one ``none`` line.

    ``with_pending`` adds the ``pending`` field to every line (``--with-pending``).
    """
    rows = _rows(post_id, events)
    if with_pending:
        flags = [e.pending for e in sorted(events, key=lambda e: -e.confidence)] or [False]
        for row, pending in zip(rows, flags, strict=True):
            row["pending"] = pending
    return rows


def _rows(post_id: str, events: list[DetectedEvent]) -> list[dict[str, object]]:
    if not events:
        return [{"id": post_id, "event_type": "none", "subject": None, "relation": None, "recurrence": None,
                 "sensitive": False, "confidence": None, "event_date": None, "date_precision": None}]  # fmt: skip
    return [
        {
            "id": post_id,
            "event_type": e.type,
            "subject": e.subject,
            "relation": e.relation,
            "recurrence": e.recurrence,
            "sensitive": e.sensitive,
            "confidence": e.confidence,
            "event_date": e.date.date().isoformat() if e.date else None,
            "date_precision": e.date_precision,
        }
        for e in sorted(events, key=lambda e: -e.confidence)
    ]
