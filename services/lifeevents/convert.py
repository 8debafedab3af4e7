"""Protobuf <-> domain for LifeEventService: posts in, life events out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2
from lifeevents.events import DetectedEvent
from lifeevents.records import event_record
from services import timestamps
from services.timestamps import to_timestamp

RECURRENCE = {"recurring": common_pb2.RECURRING, "one_off": common_pb2.ONE_OFF}
SUBJECT = {"self": common_pb2.SUBJECT_SELF, "network": common_pb2.SUBJECT_NETWORK}
PRECISION = {"day": common_pb2.DAY, "month": common_pb2.MONTH, "year": common_pb2.YEAR,
             "unknown": common_pb2.UNKNOWN}  # fmt: skip


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
    )


def detected_event(event: DetectedEvent, model_version: str) -> common_pb2.LifeEvent:
    """The message of an event detected by ClassifyText (nothing stored, so no id)."""
    return stored_event(event_record(event, model_version, source_post_ids=[]))
