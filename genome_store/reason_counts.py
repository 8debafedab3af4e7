"""Daily counts of the recommender's reasons: how often each kind of reason was given, per event type.

Aggregate only: a row is (UTC day, reason kind, event type) and a count; no consumer id,
no product, no text. Serving processes add their tallies with ``$inc`` upserts, so any
number of processes add up into the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.schema import REASON_COUNTS


@dataclass(frozen=True)
class ReasonCount:
    """How many times reasons of ``kind`` (about ``event_type``, '' when none) were given on ``day``."""

    day: date
    kind: str
    event_type: str
    count: int


@storage_call
def add_counts(
    db: Database[Any], counts: Mapping[tuple[date, str, str], int], now: datetime | None = None
) -> int:
    """Add ``{(day, kind, event_type): n}`` to the stored rows; returns the rows touched."""
    moment = millis(now)
    ops = [
        UpdateOne(
            {"_id": f"{day.isoformat()}|{kind}|{event_type}"},
            {
                "$inc": {"count": int(n)},
                "$set": {"updated_at": moment},
                "$setOnInsert": {"day": day.isoformat(), "kind": kind, "event_type": event_type},
            },
            upsert=True,
        )
        for (day, kind, event_type), n in counts.items()
        if n > 0
    ]
    if ops:
        db[REASON_COUNTS].bulk_write(ops, ordered=False)
    return len(ops)


@storage_call
def daily_counts(db: Database[Any], since: date) -> list[ReasonCount]:
    """Every row from ``since`` (a UTC day) on, oldest day first."""
    rows = db[REASON_COUNTS].find({"day": {"$gte": since.isoformat()}}).sort([("day", 1), ("kind", 1)])
    return [
        ReasonCount(date.fromisoformat(r["day"]), r["kind"], r.get("event_type", ""), int(r["count"]))
        for r in rows
    ]
