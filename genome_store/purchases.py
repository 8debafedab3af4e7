"""Purchases: idempotent by ``purchase_id``, with the genome's purchase summary kept exact.

One call is one transaction: the new purchases are inserted, each buyer's genome is
created if needed, and each buyer's summary is recomputed from the purchases
collection inside the same transaction. Two concurrent calls touching one genome
conflict on it and the later one is retried, so no change is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from genome_store import changes
from genome_store.checks import check_amount, check_count, check_currency, check_id, check_time, millis
from genome_store.driver_errors import storage_call
from genome_store.genomes import new_genome_fields
from genome_store.lookups import by_ids
from genome_store.outcomes import ACCEPTED, DUPLICATE, ItemOutcome, check_batch, counts, judge
from genome_store.schema import GENOMES, PRODUCTS, PURCHASES
from genome_store.transactions import in_transaction

TRAILING = timedelta(days=365)
T = TypeVar("T")


@dataclass(frozen=True)
class PurchaseInput:
    """A purchase as an e-commerce backend sends it."""

    purchase_id: str
    consumer_id: str
    product_id: str
    quantity: int
    amount: float
    currency: str
    purchased_at: datetime | None


@dataclass(frozen=True)
class PurchaseReport:
    """Per-item outcomes in request order and the counts of stored and already-known purchases."""

    results: list[ItemOutcome]
    accepted: int
    duplicates: int


def purchase_fields(purchase: PurchaseInput, prefix: str, now: datetime) -> dict[str, Any]:
    """The stored document of ``purchase`` (category filled later); errors name ``<prefix><field>``."""
    return {
        "_id": check_id(prefix + "purchase_id", purchase.purchase_id),
        "consumer_id": check_id(prefix + "consumer_id", purchase.consumer_id),
        "product_id": check_id(prefix + "product_id", purchase.product_id),
        "quantity": check_count(prefix + "quantity", purchase.quantity),
        "amount": check_amount(prefix + "amount", purchase.amount),
        "currency": check_currency(prefix + "currency", purchase.currency),
        "purchased_at": check_time(prefix + "purchased_at", purchase.purchased_at, now),
    }


@storage_call
def record_purchases(
    db: Database[Any],
    purchases: Sequence[PurchaseInput | ItemOutcome],
    now: datetime | None = None,
    max_batch: int = 1000,
    default_currency: str = "EUR",
) -> PurchaseReport:
    """Store the new valid purchases and refresh their buyers' summaries, in one transaction.

    An `ItemOutcome` in ``purchases`` is an item the caller already judged (e.g. a
    malformed timestamp at the gRPC edge); it is reported as is, in its position.
    An empty currency means ``default_currency``.
    """
    check_batch("purchases", len(purchases), max_batch)
    moment = millis(now)

    def fields(purchase: PurchaseInput, prefix: str) -> dict[str, Any]:
        given = purchase if purchase.currency else replace(purchase, currency=default_currency)
        return purchase_fields(given, prefix, moment)

    judged = judge("purchases", purchases, fields, lambda p: p.purchase_id)
    invalid = {i: o for i, o in enumerate(judged) if isinstance(o, ItemOutcome)}
    docs = {i: d for i, d in enumerate(judged) if not isinstance(d, ItemOutcome)}

    def work(session: ClientSession) -> dict[int, ItemOutcome]:
        ids = [d["_id"] for d in docs.values()]
        known = by_ids(db[PURCHASES], ids, session=session)
        products = by_ids(db[PRODUCTS], (d["product_id"] for d in docs.values()), {"category": 1}, session)
        categories = {pid: p["category"] for pid, p in products.items()}
        outcomes: dict[int, ItemOutcome] = {}
        fresh: list[dict[str, Any]] = []
        for i, doc in docs.items():
            before = known.get(doc["_id"])
            if before is not None:
                same = all(before.get(k) == v for k, v in doc.items() if k != "purchased_at")
                note = "" if same else "already recorded with different content; the first record is kept"
                outcomes[i] = ItemOutcome(doc["_id"], DUPLICATE, note)
                continue
            stored = {**doc, "category": categories.get(doc["product_id"])}
            known[doc["_id"]] = stored
            fresh.append(stored)
            outcomes[i] = ItemOutcome(doc["_id"], ACCEPTED)
        if fresh:
            db[PURCHASES].insert_many(fresh, ordered=True, session=session)
            for consumer_id in dict.fromkeys(d["consumer_id"] for d in fresh):
                _refresh_summary(db, consumer_id, moment, session)
        return outcomes

    outcomes = _with_duplicate_retry(db, work) if docs else {}
    changes.publish_many(dict.fromkeys(d["consumer_id"] for d in docs.values()))  # summaries moved
    results = [invalid[i] if i in invalid else outcomes[i] for i in range(len(purchases))]
    accepted, duplicates = counts(results)
    return PurchaseReport(results=results, accepted=accepted, duplicates=duplicates)


def _with_duplicate_retry(db: Database[Any], work: Callable[[ClientSession], T], attempts: int = 3) -> T:
    """Run ``work`` in a transaction; if a purchase id was inserted meanwhile, re-read and retry."""
    for attempt in range(attempts):
        try:
            return in_transaction(db, work)
        except DuplicateKeyError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@storage_call
def refresh_summary(db: Database[Any], consumer_id: str, now: datetime | None = None) -> dict[str, Any]:
    """Recompute one consumer's purchase summary as of ``now`` (the 12-month window moves on)."""
    moment = millis(now)
    summary = in_transaction(db, lambda session: _refresh_summary(db, consumer_id, moment, session))
    changes.publish(consumer_id)
    return summary


def _refresh_summary(
    db: Database[Any], consumer_id: str, now: datetime, session: ClientSession
) -> dict[str, Any]:
    """Recompute the summary from the purchases collection and store it in the genome."""
    since = now - TRAILING
    recent = {"$cond": [{"$gt": ["$purchased_at", since]}, "$amount", 0]}
    rows = db[PURCHASES].aggregate(
        [
            {"$match": {"consumer_id": consumer_id}},
            {"$group": {
                "_id": "$category",
                "value_12m": {"$sum": recent},
                "lifetime_value": {"$sum": "$amount"},
                "orders": {"$sum": 1},
                "first_at": {"$min": "$purchased_at"},
                "last_at": {"$max": "$purchased_at"},
            }},
        ],
        session=session,
    )  # fmt: skip
    summary: dict[str, Any] = {"value_12m": 0.0, "lifetime_value": 0.0, "orders": 0, "first_at": None,
                               "last_at": None, "per_category": {}, "as_of": now}  # fmt: skip
    for row in rows:
        summary["value_12m"] += row["value_12m"]
        summary["lifetime_value"] += row["lifetime_value"]
        summary["orders"] += row["orders"]
        summary["first_at"] = min(filter(None, (summary["first_at"], row["first_at"])))
        summary["last_at"] = max(filter(None, (summary["last_at"], row["last_at"])))
        if row["_id"] is not None:
            summary["per_category"][row["_id"]] = {
                "value_12m": round(float(row["value_12m"]), 6),
                "lifetime_value": round(float(row["lifetime_value"]), 6),
                "orders": int(row["orders"]),
            }
    summary["value_12m"] = round(float(summary["value_12m"]), 6)
    summary["lifetime_value"] = round(float(summary["lifetime_value"]), 6)
    db[GENOMES].update_one(
        {"_id": consumer_id},
        {"$set": {"purchases": summary, "updated_at": now}, "$setOnInsert": new_genome_fields(now)},
        upsert=True,
        session=session,
    )
    return summary


@storage_call
def purchases_by_consumer(db: Database[Any], batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Every buyer's purchases, grouped on the database side, in consumer-id order, streamed:
    ``{"_id": consumer_id, "p": [[amount, purchased_at, category], ...]}``.

    Time windows are left to the reader: on SecantusDB a ``$match`` on dates and ``$cond``
    accumulators cost ten times more than the plain ``$push`` (bench/bench_tiers.py), and
    one consumer's purchases are few enough to carry.
    """
    pipeline: list[dict[str, Any]] = [
        {"$group": {"_id": "$consumer_id", "p": {"$push": ["$amount", "$purchased_at", "$category"]}}},
        {"$sort": {"_id": 1}},
    ]
    with db[PURCHASES].aggregate(pipeline, allowDiskUse=True, batchSize=batch_size) as cursor:
        yield from cursor
