"""The append-only ``interactions`` collection: idempotent batch intake and reads for training."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.database import Database
from pymongo.errors import BulkWriteError

from genome_store.schema import GENOMES, INTERACTIONS, PRODUCTS, PURCHASES
from lifecue.errors import InvalidArgument

KINDS = ("VIEW", "CLICK", "ADD_TO_CART", "PURCHASE", "DISMISS", "OFFER_REDEEMED")
MAX_ID = 128
DUPLICATE_KEY = 11000


@dataclass(frozen=True)
class NewInteraction:
    """One interaction as a caller sent it."""

    interaction_id: str
    consumer_id: str
    product_id: str
    kind: str
    occurred_at: datetime | None


@dataclass(frozen=True)
class Outcome:
    """What happened to one interaction: "accepted", "duplicate" or "invalid" (with why)."""

    id: str
    status: str
    error: str = ""


def _problem(item: NewInteraction, now: datetime, at: str) -> str:
    for name in ("interaction_id", "consumer_id", "product_id"):
        value = getattr(item, name)
        if not value or len(value) > MAX_ID:
            return f"{at}{name}: give a non-empty id of at most {MAX_ID} characters"
    if item.kind not in KINDS:
        return f"{at}kind: use one of {', '.join(KINDS)}"
    if item.occurred_at is None:
        return f"{at}occurred_at: set the time the interaction happened"
    if item.occurred_at.tzinfo is None:
        return f"{at}occurred_at: give a timezone-aware UTC time"
    if (item.occurred_at - now).total_seconds() > 86400:
        return f"{at}occurred_at: lies more than a day in the future; send the real time"
    return ""


def record_interactions(
    db: Database[Any], given: Sequence[NewInteraction | Outcome], now: datetime, max_batch: int = 1000
) -> list[Outcome]:
    """Validate and store; a known interaction_id is a duplicate, never an overwrite.

    An `Outcome` in ``given`` was already judged by the caller and is reported in place.
    """
    if len(given) > max_batch:
        raise InvalidArgument("interactions", f"{len(given)} given; send at most {max_batch} per call")
    items = [g for g in given if isinstance(g, NewInteraction)]
    consumers = {
        d["_id"] for d in db[GENOMES].find({"_id": {"$in": [i.consumer_id for i in items]}}, {"_id": 1})
    }
    products = {
        d["_id"] for d in db[PRODUCTS].find({"_id": {"$in": [i.product_id for i in items]}}, {"_id": 1})
    }
    outcomes: list[Outcome | None] = [None] * len(items)
    docs: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        at = f"interactions[{n}]."
        problem = _problem(item, now, at)
        if not problem and item.consumer_id not in consumers:
            problem = (
                f"{at}consumer_id: unknown consumer {item.consumer_id!r}; create its genome (consent) first"
            )
        if not problem and item.product_id not in products:
            problem = f"{at}product_id: unknown product {item.product_id!r}; add it with UpsertProducts first"
        if problem:
            outcomes[n] = Outcome(item.interaction_id, "invalid", problem)
        elif item.interaction_id in seen:
            outcomes[n] = Outcome(item.interaction_id, "duplicate")
        else:
            seen.add(item.interaction_id)
            doc = {
                "_id": item.interaction_id,
                "consumer_id": item.consumer_id,
                "product_id": item.product_id,
                "kind": item.kind,
                "occurred_at": item.occurred_at,
                "recorded_at": now,
            }
            docs.append((n, doc))
    failed: set[int] = set()
    if docs:
        try:
            db[INTERACTIONS].insert_many([d for _, d in docs], ordered=False)
        except BulkWriteError as exc:
            for err in exc.details.get("writeErrors", []):
                if err.get("code") != DUPLICATE_KEY:
                    raise
                failed.add(int(err["index"]))
    for k, (n, doc) in enumerate(docs):
        outcomes[n] = Outcome(str(doc["_id"]), "duplicate" if k in failed else "accepted")
    judged = iter(o for o in outcomes if o is not None)
    return [g if isinstance(g, Outcome) else next(judged) for g in given]


def consumers_with_feedback_since(db: Database[Any], since: datetime) -> list[str]:
    """Consumers with interactions recorded, or purchases made, after ``since``."""
    found = set(db[INTERACTIONS].distinct("consumer_id", {"recorded_at": {"$gt": since}}))
    found |= set(db[PURCHASES].distinct("consumer_id", {"purchased_at": {"$gt": since}}))
    return sorted(found)


def feedback_rows(db: Database[Any], consumer_ids: Sequence[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """(source, consumer, product, kind, at) of interactions then purchases, optionally for some consumers."""
    query: dict[str, Any] = {} if consumer_ids is None else {"consumer_id": {"$in": list(consumer_ids)}}
    fields = {"consumer_id": 1, "product_id": 1, "kind": 1, "occurred_at": 1}
    for d in db[INTERACTIONS].find(query, fields, batch_size=10000):
        yield ("interaction", d["consumer_id"], d["product_id"], d["kind"], d["occurred_at"])
    fields = {"consumer_id": 1, "product_id": 1, "purchased_at": 1, "category": 1}
    for d in db[PURCHASES].find(query, fields, batch_size=10000):
        yield ("purchase", d["consumer_id"], d["product_id"], d.get("category") or "", d["purchased_at"])
