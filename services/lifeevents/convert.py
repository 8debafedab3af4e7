"""Protobuf <-> domain for LifeEventService: posts in, life events and review items out, decisions in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents.events import DetectedEvent
from lifeevents.records import event_record
from lifeevents.review import CONFIRM, CORRECT, LOW_CONFIDENCE, REJECT, SENSITIVE, Resolution, ReviewItem
from services import timestamps
from services.timestamps import to_timestamp

RECURRENCE = {"recurring": common_pb2.RECURRING, "one_off": common_pb2.ONE_OFF}
SUBJECT = {"self": common_pb2.SUBJECT_SELF, "network": common_pb2.SUBJECT_NETWORK}
PRECISION = {"day": common_pb2.DAY, "month": common_pb2.MONTH, "year": common_pb2.YEAR,
             "unknown": common_pb2.UNKNOWN}  # fmt: skip
REASON = {LOW_CONFIDENCE: pb.REVIEW_REASON_LOW_CONFIDENCE, SENSITIVE: pb.REVIEW_REASON_SENSITIVE}
STATE = {"pending": pb.REVIEW_STATE_PENDING, "confirmed": pb.REVIEW_STATE_CONFIRMED,
         "corrected": pb.REVIEW_STATE_CORRECTED, "rejected": pb.REVIEW_STATE_REJECTED}  # fmt: skip
DECISION = {pb.REVIEW_DECISION_CONFIRM: CONFIRM, pb.REVIEW_DECISION_CORRECT: CORRECT,
            pb.REVIEW_DECISION_REJECT: REJECT}  # fmt: skip


def to_datetime(field: str, ts: Timestamp) -> datetime:
    """A post-side time (1900 to 2199, as every time); INVALID_ARGUMENT naming ``field`` outside that."""
    return timestamps.to_datetime(field, ts)


def optional_time(field: str, holder: Any, name: str, default: datetime) -> datetime:
    """The post-side timestamp field ``name`` of ``holder`` if set, else ``default``."""
    return to_datetime(field, getattr(holder, name)) if holder.HasField(name) else default


def stored_event(event: Mapping[str, Any], projected: datetime | None = None) -> common_pb2.LifeEvent:
    """The message of a stored genome event (``projected`` overrides its next occurrence)."""
    return common_pb2.LifeEvent(
        event_id=event.get("event_id", ""),
        type=event["type"],
        recurrence=RECURRENCE.get(event.get("recurrence", ""), common_pb2.RECURRENCE_UNSPECIFIED),
        subject=SUBJECT.get(event.get("subject", ""), common_pb2.SUBJECT_UNSPECIFIED),
        relation=event.get("relation") or "",
        date=to_timestamp(event.get("date")),
        date_precision=PRECISION.get(event.get("date_precision", ""), common_pb2.DATE_PRECISION_UNSPECIFIED),
        next_occurrence=to_timestamp(projected if projected is not None else event.get("next_occurrence")),
        confidence=float(event.get("confidence", 0.0)),
        sensitive=bool(event.get("sensitive")),
        source_post_ids=list(event.get("source_post_ids") or ()),
        model_version=event.get("model_version") or "",
        detected_at=to_timestamp(event.get("detected_at")),
        pending=bool(event.get("pending")),
        review_item_id=event.get("review_item_id") or "",
    )


def detected_event(event: DetectedEvent, model_version: str) -> common_pb2.LifeEvent:
    """The message of an event detected by ClassifyText (nothing stored, so no id)."""
    return stored_event(event_record(event, model_version, source_post_ids=[]))


def review_item(item: ReviewItem) -> pb.ReviewItem:
    """The message of a review item (the proposed event marked pending; the resolved one when there is one)."""
    message = pb.ReviewItem(
        item_id=item.item_id,
        consumer_id=item.consumer_id,
        post_id=item.post_id,
        post_text=item.post_text,
        platform=item.platform,
        posted_at=to_timestamp(item.posted_at),
        proposed=stored_event({**item.event, "pending": True, "review_item_id": item.item_id}),
        reasons=[REASON[r] for r in item.reasons],
        state=STATE[item.state],
        held_at=to_timestamp(item.held_at),
        expires_at=to_timestamp(item.expires_at),
        resolved_by=item.resolved_by,
        resolved_at=to_timestamp(item.resolved_at),
    )
    if item.resolved is not None:
        message.resolved_event.CopyFrom(stored_event({**item.resolved, "event_id": item.event_id}))
    return message


def reason_name(value: int) -> str:
    """The domain reason of a ListReviewItems filter ('' for any)."""
    if value == pb.REVIEW_REASON_UNSPECIFIED:
        return ""
    for name, number in REASON.items():
        if number == value:
            return name
    raise InvalidArgument("reason", f"unknown value {value}; send a ReviewReason or leave it unset")


def resolution(request: pb.ResolveReviewItemRequest) -> Resolution:
    """The domain decision of a ResolveReviewItem request (the correction only with CORRECT)."""
    decision = DECISION.get(request.decision)
    if decision is None:
        raise InvalidArgument("decision", "is unset or unknown; send CONFIRM, CORRECT or REJECT")
    if decision != CORRECT:
        return Resolution(decision)
    if not request.HasField("correction"):
        raise InvalidArgument("correction", "is required with REVIEW_DECISION_CORRECT; state the whole event")
    c = request.correction
    when = timestamps.optional_datetime("correction.date", c, "date", None)
    precision = {v: k for k, v in PRECISION.items()}.get(c.date_precision, "")
    subject = {v: k for k, v in SUBJECT.items()}.get(c.subject, "")
    return Resolution(CORRECT, c.event_type, subject, c.relation, when.date() if when else None, precision)
