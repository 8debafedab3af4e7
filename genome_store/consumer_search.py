"""Finding consumers by id for the steward console: exact id or id prefix, in id order.

A prefix search is a range on ``_id`` (``prefix <= _id < prefix + U+FFFF``), which every
MongoDB answers from the primary key index; no regular expression reaches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.database import Database

from genome_store.checks import check_text
from genome_store.driver_errors import storage_call
from genome_store.purposes import PURPOSES, is_granted
from genome_store.schema import GENOMES

MAX_RESULTS = 100
_PROJECTION = {"consents": 1, "life_events.type": 1, "loyalty.tier": 1, "created_at": 1, "updated_at": 1}


@dataclass(frozen=True)
class ConsumerSummary:
    """One consumer as a search result: consents granted, life events held, tier."""

    consumer_id: str
    granted: tuple[str, ...]
    life_events: int
    tier: str
    created_at: datetime | None
    updated_at: datetime | None


@storage_call
def find_consumers(db: Database[Any], prefix: str, limit: int = 20) -> list[ConsumerSummary]:
    """Consumers whose id starts with ``prefix`` (the exact id first), at most ``limit``."""
    check_text("consumer", prefix, 128, required=False)
    limit = max(1, min(limit, MAX_RESULTS))
    query = {"_id": {"$gte": prefix, "$lt": prefix + "\uffff"}}
    docs = list(db[GENOMES].find(query, _PROJECTION).sort("_id", 1).limit(limit))
    return [summary(d) for d in docs]


@storage_call
def get_summary(db: Database[Any], consumer_id: str) -> ConsumerSummary | None:
    """The summary of one consumer, or None when no genome is held."""
    doc = db[GENOMES].find_one({"_id": consumer_id}, _PROJECTION)
    return None if doc is None else summary(doc)


def summary(doc: Mapping[str, Any]) -> ConsumerSummary:
    """The summary of a genome document."""
    return ConsumerSummary(
        consumer_id=doc["_id"],
        granted=tuple(p for p in PURPOSES if is_granted(doc, p)),
        life_events=len(doc.get("life_events") or ()),
        tier=(doc.get("loyalty") or {}).get("tier") or "none",
        created_at=doc.get("created_at"),
        updated_at=doc.get("updated_at"),
    )
