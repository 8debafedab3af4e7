"""The steward review queue: why an event is held, listing what waits, and a steward's decision.

An event is held instead of acted on when its calibrated confidence is under the acting
threshold (the classifier marks it ``pending``) or, while ``review_sensitive`` is on (the
default), when its type is sensitive. Held events wait in ``review_items`` with their post as
evidence and are used for nothing; `lifeevents.holding` puts them there during ingest. A
steward then confirms one (it joins the genome as detected), corrects it (the corrected event
joins, with confidence 1.0 and model version ``review``: a person's statement, not the model's)
or rejects it (nothing joins). Either way the item stays as a labelled example
(`lifeevents.reviewed`) until its retention ends or the consent behind it goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from genome_store import (
    REVIEW_CONFIRMED,
    REVIEW_CORRECTED,
    REVIEW_REJECTED,
    Database,
    check_id,
    check_text,
    get_review_item,
    list_pending_reviews,
    pending_reviews_of,
    resolve_review_item,
)
from lifecue.errors import InvalidArgument
from lifeevents.dates import DAY, MONTH, UNKNOWN, YEAR
from lifeevents.events import NETWORK, SELF, DetectedEvent, next_occurrence
from lifeevents.taxonomy import EVENT_LABELS, TAXONOMY

LOW_CONFIDENCE, SENSITIVE = "low_confidence", "sensitive"
REASONS: tuple[str, ...] = (LOW_CONFIDENCE, SENSITIVE)
CONFIRM, CORRECT, REJECT = "confirm", "correct", "reject"
DECISIONS: tuple[str, ...] = (CONFIRM, CORRECT, REJECT)
STATE_OF = {CONFIRM: REVIEW_CONFIRMED, CORRECT: REVIEW_CORRECTED, REJECT: REVIEW_REJECTED}
REVIEWER_VERSION = "review"  # model_version of a corrected event: a steward said so
MAX_RELATION = 64
_EARLIEST, _LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(2199, 12, 31, tzinfo=UTC)


def reasons_held(event: DetectedEvent, review_sensitive: bool) -> tuple[str, ...]:
    """Why ``event`` must wait for a steward; empty when it may be acted on now."""
    reasons = [LOW_CONFIDENCE] if event.pending else []
    if event.sensitive and review_sensitive:
        reasons.append(SENSITIVE)
    return tuple(reasons)


@dataclass(frozen=True)
class ReviewItem:
    """One held event: the post it came from, the event as detected, why it is held, where it stands."""

    item_id: str
    consumer_id: str
    post_id: str
    post_text: str
    platform: str
    posted_at: datetime | None
    event: Mapping[str, Any]
    reasons: tuple[str, ...]
    state: str
    held_at: datetime
    expires_at: datetime
    resolved_by: str = ""
    resolved_at: datetime | None = None
    resolved: Mapping[str, Any] | None = None
    event_id: str = ""

    @property
    def event_type(self) -> str:
        """The proposed event type."""
        return str(self.event["type"])

    @property
    def subject(self) -> str:
        """Whose event it was detected to be: ``self`` or ``network``."""
        return str(self.event["subject"])

    @property
    def relation(self) -> str:
        """The detected relation of a network event ('' when none)."""
        return str(self.event.get("relation") or "")

    @property
    def event_date(self) -> date | None:
        """The detected day of the event, if any."""
        when = self.event.get("date")
        return when.date() if when is not None else None

    @property
    def confidence(self) -> float:
        """The classifier's calibrated confidence."""
        return float(self.event.get("confidence", 0.0))

    @property
    def reason(self) -> str:
        """The reasons as one phrase, for people."""
        return " and ".join(r.replace("_", " ") for r in self.reasons)


@dataclass(frozen=True)
class ReviewPage:
    """A page of pending items, oldest first, and the token of the next ('' on the last)."""

    items: list[ReviewItem]
    next_page_token: str = ""


@dataclass(frozen=True)
class Resolution:
    """A steward's decision; a correction states the whole event (type, whose, relation, date)."""

    decision: str
    event_type: str = ""
    subject: str = ""
    relation: str = ""
    event_date: date | None = None
    date_precision: str = ""  # with a date: day (default), month or year


@dataclass(frozen=True)
class ResolveOutcome:
    """The item as resolved, whether this call changed it, and the genome event it became (or None)."""

    item: ReviewItem
    changed: bool
    event: dict[str, Any] | None


def list_review_items(
    db: Database[Any],
    *,
    event_type: str = "",
    reason: str = "",
    consumer_id: str = "",
    page_size: int = 50,
    page_token: str = "",
) -> ReviewPage:
    """Pending items, oldest first, optionally of one event type, one reason and one consumer."""
    if event_type and event_type not in EVENT_LABELS:
        raise InvalidArgument(
            "event_type", f"is {event_type!r}; choose one of {', '.join(EVENT_LABELS)} or none"
        )
    if reason and reason not in REASONS:
        raise InvalidArgument("reason", f"is {reason!r}; choose one of {', '.join(REASONS)} or none")
    if consumer_id:
        check_id("consumer_id", consumer_id)
    docs, token = list_pending_reviews(db, event_type=event_type, reason=reason, consumer_id=consumer_id,
                                       page_size=page_size, page_token=page_token)  # fmt: skip
    return ReviewPage([review_item(d) for d in docs], token)


def resolve_review(
    db: Database[Any],
    item_id: str,
    resolution: Resolution,
    *,
    actor: str,
    labelled_days: int,
    now: datetime | None = None,
) -> ResolveOutcome:
    """Apply a steward's decision (audited with ``actor``); the item is then kept ``labelled_days``.

    Repeating a decision changes nothing (``changed`` False); a different decision on an item
    already resolved is FailedPrecondition; NotFound when the item is gone.
    """
    check_id("item_id", item_id)
    if resolution.decision not in DECISIONS:
        raise InvalidArgument("decision", f"is {resolution.decision!r}; choose one of {', '.join(DECISIONS)}")
    moment = now or datetime.now(UTC)
    final = None
    if resolution.decision != REJECT:
        doc = get_review_item(db, item_id)
        final = dict(doc["event"]) if resolution.decision == CONFIRM else corrected_event(resolution, moment)
        final["source_post_ids"] = [doc["post_id"]]
    done = resolve_review_item(db, item_id, STATE_OF[resolution.decision], final, actor=actor,
                               labelled_days=labelled_days, now=moment)  # fmt: skip
    return ResolveOutcome(review_item(done.item), done.changed, done.event)


def corrected_event(resolution: Resolution, now: datetime) -> dict[str, Any]:
    """The event a correction states, checked field by field (errors name ``correction.<field>``)."""
    kind = resolution.event_type
    if kind not in EVENT_LABELS:
        raise InvalidArgument("correction.event_type", f"is {kind!r}; choose one of {', '.join(EVENT_LABELS)} "
                              "(to say there is no event, reject the item)")  # fmt: skip
    if resolution.subject not in (SELF, NETWORK):
        raise InvalidArgument("correction.subject", f"is {resolution.subject!r}; choose {SELF} or {NETWORK}")
    relation = check_text("correction.relation", resolution.relation.strip(), MAX_RELATION, required=False)
    when, precision = _date(resolution)
    row = TAXONOMY[kind]
    return {
        "type": kind,
        "recurrence": row.recurrence,
        "subject": resolution.subject,
        "relation": relation or None,
        "date": when,
        "date_precision": precision,
        "next_occurrence": next_occurrence(when, precision, now) if row.recurring else None,
        "confidence": 1.0,
        "sensitive": row.sensitive,
        "source_post_ids": [],
        "model_version": REVIEWER_VERSION,
    }


def _date(resolution: Resolution) -> tuple[datetime | None, str]:
    """(date at midnight UTC, precision) of a correction; (None, unknown) without a date."""
    precision = resolution.date_precision
    if resolution.event_date is None:
        if precision not in ("", UNKNOWN):
            raise InvalidArgument("correction.date", f"is missing; a precision of {precision!r} needs a date")
        return None, UNKNOWN
    if precision not in ("", DAY, MONTH, YEAR):
        raise InvalidArgument(
            "correction.date_precision", f"is {precision!r}; with a date use day, month or year"
        )
    day = resolution.event_date
    when = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if not _EARLIEST <= when <= _LATEST:
        raise InvalidArgument("correction.date", f"is {day.isoformat()}; use a date from 1900 to 2199")
    return when, precision or DAY


def pending_events(db: Database[Any], consumer_id: str) -> list[dict[str, Any]]:
    """The consumer's held events in the genome's event form, marked ``pending`` (for listings)."""
    return [pending_record(doc) for doc in pending_reviews_of(db, consumer_id)]


def pending_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A stored review item as a pending event: no event id, the item's id, detected when held."""
    return {**doc["event"], "event_id": "", "pending": True, "review_item_id": doc["_id"],
            "detected_at": doc["held_at"]}  # fmt: skip


def review_item(doc: Mapping[str, Any]) -> ReviewItem:
    """The domain form of a stored item."""
    post = doc.get("post") or {}
    return ReviewItem(
        item_id=doc["_id"],
        consumer_id=doc["consumer_id"],
        post_id=doc["post_id"],
        post_text=post.get("text", ""),
        platform=post.get("platform", ""),
        posted_at=post.get("posted_at"),
        event=dict(doc["event"]),
        reasons=tuple(doc.get("reasons") or ()),
        state=doc["state"],
        held_at=doc["held_at"],
        expires_at=doc["expires_at"],
        resolved_by=doc.get("resolved_by") or "",
        resolved_at=doc.get("resolved_at"),
        resolved=doc.get("resolved"),
        event_id=doc.get("event_id") or "",
    )
