"""Loyalty standings in the genome: ``genome.loyalty`` (tier, grace, history) and ``genome.segments``.

The `loyalty` package decides tiers and groups; this module is where they are read and
written: one consumer, filtered pages in consumer-id order (keyset on ``_id``), the one
forward pass over every standing a recompute reads, and bulk writes that create a minimal genome for a buyer who
has none yet and keep only the newest `HISTORY_LIMIT` history entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, UpdateOne
from pymongo.database import Database

from genome_store import changes
from genome_store.checks import check_id, millis
from genome_store.driver_errors import storage_call
from genome_store.genomes import new_genome_fields
from genome_store.schema import GENOMES, PURCHASES

HISTORY_LIMIT = 100  # newest changes kept per genome, so documents stay bounded
LOYALTY_FIELDS = ("tier", "since", "grace_until", "assessed_period", "value_12m", "next_tier", "next_tier_gap",
                  "category_tiers")  # fmt: skip
_PROJECTION = {**{f"loyalty.{k}": 1 for k in LOYALTY_FIELDS}, "segments.rfm": 1, "segments.behaviour": 1}


@dataclass(frozen=True)
class StoredStanding:
    """What a genome holds about loyalty: every `LOYALTY_FIELDS` key (None when unset), the groups,
    and the history when it was asked for."""

    consumer_id: str
    loyalty: dict[str, Any]
    rfm: str | None = None
    behaviour: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def tier(self) -> str | None:
        """The stored tier, None before any recompute saw the consumer."""
        return self.loyalty.get("tier") or None


@dataclass(frozen=True)
class StandingWrite:
    """A recompute's decision for one consumer: every loyalty field, the groups, new history entries."""

    consumer_id: str
    loyalty: Mapping[str, Any]
    rfm: str | None
    behaviour: str | None
    history: Sequence[Mapping[str, Any]] = ()


def _standing(doc: Mapping[str, Any]) -> StoredStanding:
    loyalty = doc.get("loyalty") or {}
    segments = doc.get("segments") or {}
    return StoredStanding(
        consumer_id=str(doc["_id"]),
        loyalty={k: loyalty.get(k) for k in LOYALTY_FIELDS},
        rfm=segments.get("rfm"),
        behaviour=segments.get("behaviour"),
        history=list(loyalty.get("history") or ()),
    )


@storage_call
def get_standing(db: Database[Any], consumer_id: str) -> StoredStanding | None:
    """The consumer's standing with its history, or None when there is no genome."""
    check_id("consumer_id", consumer_id)
    doc = db[GENOMES].find_one({"_id": consumer_id}, {**_PROJECTION, "loyalty.history": 1})
    return None if doc is None else _standing(doc)


@storage_call
def list_standings(
    db: Database[Any], *, tier: str = "", rfm: str = "", behaviour: str = "", after: str | None = None,
    limit: int = 100,
) -> list[StoredStanding]:  # fmt: skip
    """Consumers with a computed tier matching the filters ('' = any), by consumer id, after ``after``."""
    query: dict[str, Any] = {"loyalty.tier": tier or {"$exists": True}}
    if rfm:
        query["segments.rfm"] = rfm
    if behaviour:
        query["segments.behaviour"] = behaviour
    if after is not None:
        query["_id"] = {"$gt": after}
    return [_standing(d) for d in db[GENOMES].find(query, _PROJECTION).sort("_id", ASCENDING).limit(limit)]


@storage_call
def standings_in_order(db: Database[Any], batch_size: int = 1000) -> Iterator[StoredStanding]:
    """Every genome's standing in consumer-id order, read by one cursor (a recompute's merge join).

    One pass over the collection, where a range query per batch would make some servers scan
    the collection once per batch (SecantusDB: quadratic in the number of consumers).
    """
    for doc in db[GENOMES].find({}, _PROJECTION).sort("_id", ASCENDING).batch_size(batch_size):
        yield _standing(doc)


@storage_call
def with_purchases(db: Database[Any], consumer_ids: Iterable[str]) -> set[str]:
    """Which of ``consumer_ids`` still have purchases stored.

    One indexed lookup each: a recompute asks only about buyers without a genome, rare once
    RecordPurchases has created genomes, and far faster than ``$in`` on SecantusDB.
    """
    return {c for c in consumer_ids if db[PURCHASES].find_one({"consumer_id": c}, {"_id": 1})}


@storage_call
def write_standings(db: Database[Any], writes: Sequence[StandingWrite], now: datetime) -> int:
    """Store the decisions in one unordered bulk write (creating minimal genomes); returns how many."""
    if not writes:
        return 0
    moment = millis(now)
    ops = []
    for w in writes:
        update: dict[str, Any] = {
            "$set": {
                **{f"loyalty.{k}": w.loyalty.get(k) for k in LOYALTY_FIELDS},
                "segments.rfm": w.rfm,
                "segments.behaviour": w.behaviour,
                "segments.computed_at": moment,
                "updated_at": moment,
            },
            "$setOnInsert": new_genome_fields(moment),
        }
        if w.history:
            update["$push"] = {
                "loyalty.history": {"$each": [dict(h) for h in w.history], "$slice": -HISTORY_LIMIT}
            }
        ops.append(UpdateOne({"_id": w.consumer_id}, update, upsert=True))
    db[GENOMES].bulk_write(ops, ordered=False)
    changes.publish_many(w.consumer_id for w in writes)
    return len(ops)
