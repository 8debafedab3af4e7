"""Aggregate reads for the console's insight pages: when consumers buy, which life events lie ahead.

Only counts and event fields leave this module (no texts, no post evidence); which
sensitive events may be counted is decided by the caller from ``sensitive_ok``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.database import Database

from genome_store.driver_errors import storage_call
from genome_store.purposes import SENSITIVE_INFERENCE, is_granted
from genome_store.schema import GENOMES, PURCHASES


@dataclass(frozen=True)
class EventRow:
    """One stored life event, reduced to what an aggregate needs."""

    type: str
    recurrence: str
    date: datetime | None
    date_precision: str
    sensitive: bool
    sensitive_ok: bool  # the consumer granted sensitive_inference


@storage_call
def purchase_hours(db: Database[Any], since: datetime, until: datetime) -> dict[tuple[int, int], int]:
    """Purchases in ``[since, until)`` counted by (ISO weekday 1=Mon..7=Sun, hour 0-23, UTC)."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"purchased_at": {"$gte": since, "$lt": until}}},
        {
            "$group": {
                "_id": {"d": {"$isoDayOfWeek": "$purchased_at"}, "h": {"$hour": "$purchased_at"}},
                "n": {"$sum": 1},
            }
        },
    ]
    return {(int(d["_id"]["d"]), int(d["_id"]["h"])): int(d["n"]) for d in db[PURCHASES].aggregate(pipeline)}


@storage_call
def life_event_rows(db: Database[Any]) -> Iterator[EventRow]:
    """Every stored life event of every consumer, with whether its consumer allows sensitive use."""
    projection = {"life_events": 1, f"consents.{SENSITIVE_INFERENCE}": 1}
    for doc in db[GENOMES].find({"life_events.0": {"$exists": True}}, projection):
        ok = is_granted(doc, SENSITIVE_INFERENCE)
        for event in doc.get("life_events") or ():
            yield EventRow(
                type=str(event.get("type", "")),
                recurrence=str(event.get("recurrence", "one_off")),
                date=event.get("date"),
                date_precision=str(event.get("date_precision", "unknown")),
                sensitive=bool(event.get("sensitive")),
                sensitive_ok=ok,
            )
