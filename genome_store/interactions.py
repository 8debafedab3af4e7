"""The append-only ``interactions`` collection: idempotent batch intake and reads for training."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.database import Database
from pymongo.errors import BulkWriteError

from genome_store.checks import check_id, check_time
from genome_store.driver_errors import storage_call
from genome_store.lookups import chunks, present
from genome_store.outcomes import ACCEPTED, DUPLICATE, INVALID, ItemOutcome, check_batch, judge
from genome_store.schema import GENOMES, INTERACTIONS, PRODUCTS, PURCHASES
from lifecue.errors import InvalidArgument

KINDS = ("VIEW", "CLICK", "ADD_TO_CART", "PURCHASE", "DISMISS", "OFFER_REDEEMED")
DUPLICATE_KEY = 11000
Outcome = ItemOutcome  # the name RecordInteractions' callers knew; one outcome type for every batch


@dataclass(frozen=True)
class NewInteraction:
    """One interaction as a caller sent it."""

    interaction_id: str
    consumer_id: str
    product_id: str
    kind: str
    occurred_at: datetime | None


def interaction_fields(item: NewInteraction, prefix: str, now: datetime) -> dict[str, Any]:
    """The stored document of ``item`` after checks; errors name ``<prefix><field>``."""
    doc = {
        "_id": check_id(prefix + "interaction_id", item.interaction_id),
        "consumer_id": check_id(prefix + "consumer_id", item.consumer_id),
        "product_id": check_id(prefix + "product_id", item.product_id),
    }
    if item.kind not in KINDS:
        raise InvalidArgument(prefix + "kind", f"use one of {', '.join(KINDS)}")
    return {**doc, "kind": item.kind, "occurred_at": check_time(prefix + "occurred_at", item.occurred_at, now),
            "recorded_at": now}  # fmt: skip


@storage_call
def record_interactions(
    db: Database[Any], given: Sequence[NewInteraction | ItemOutcome], now: datetime, max_batch: int = 1000
) -> list[ItemOutcome]:
    """Validate and store; a known interaction_id is a duplicate, never an overwrite.

    An `ItemOutcome` in ``given`` was already judged by the caller and is reported in place.
    Consumers must have a genome and products must be in the catalog.
    """
    check_batch("interactions", len(given), max_batch, allow_empty=True)
    judged = judge("interactions", given, lambda item, prefix: interaction_fields(item, prefix, now),
                   lambda item: item.interaction_id)  # fmt: skip
    fresh = [d for d in judged if not isinstance(d, ItemOutcome)]
    consumers = present(db[GENOMES], (d["consumer_id"] for d in fresh))
    products = present(db[PRODUCTS], (d["product_id"] for d in fresh))
    outcomes: list[ItemOutcome | None] = [None] * len(judged)
    docs: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    for n, doc in enumerate(judged):
        if isinstance(doc, ItemOutcome):
            outcomes[n] = doc
            continue
        at = f"interactions[{n}]."
        if doc["consumer_id"] not in consumers:
            problem = (
                f"{at}consumer_id: unknown consumer {doc['consumer_id']!r}; create its genome (consent) first"
            )
        elif doc["product_id"] not in products:
            problem = (
                f"{at}product_id: unknown product {doc['product_id']!r}; add it with UpsertProducts first"
            )
        else:
            problem = ""
        if problem:
            outcomes[n] = ItemOutcome(doc["_id"], INVALID, problem)
        elif doc["_id"] in seen:
            outcomes[n] = ItemOutcome(doc["_id"], DUPLICATE)
        else:
            seen.add(doc["_id"])
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
        outcomes[n] = ItemOutcome(str(doc["_id"]), DUPLICATE if k in failed else ACCEPTED)
    return [o for o in outcomes if o is not None]


@storage_call
def consumers_with_feedback_since(db: Database[Any], since: datetime) -> list[str]:
    """Consumers with interactions recorded, or purchases made, after ``since``."""
    found = set(db[INTERACTIONS].distinct("consumer_id", {"recorded_at": {"$gt": since}}))
    found |= set(db[PURCHASES].distinct("consumer_id", {"purchased_at": {"$gt": since}}))
    return sorted(found)


@storage_call
def feedback_rows(db: Database[Any], consumer_ids: Sequence[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """(source, consumer, product, kind, at) of interactions then purchases, optionally for some consumers.

    Some consumers are read in `genome_store.lookups` chunks (each chunk's interactions, then
    its purchases): one ``$in`` of 1,000 ids cost SecantusDB 94 s where chunks of 50 cost ~3 s.
    """
    if consumer_ids is None:
        yield from _feedback(db, {})
        return
    for chunk in chunks(consumer_ids):
        yield from _feedback(db, {"consumer_id": {"$in": chunk}})


def _feedback(db: Database[Any], query: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    fields = {"consumer_id": 1, "product_id": 1, "kind": 1, "occurred_at": 1}
    for d in db[INTERACTIONS].find(query, fields, batch_size=10000):
        yield ("interaction", d["consumer_id"], d["product_id"], d["kind"], d["occurred_at"])
    fields = {"consumer_id": 1, "product_id": 1, "purchased_at": 1, "category": 1}
    for d in db[PURCHASES].find(query, fields, batch_size=10000):
        yield ("purchase", d["consumer_id"], d["product_id"], d.get("category") or "", d["purchased_at"])
