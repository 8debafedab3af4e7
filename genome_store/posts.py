"""The ``posts`` collection: consented raw posts, kept only for a limited time.

Posts are keyed by their connector-wide ``post_id`` so a post seen twice is stored once.
Every post carries ``expires_at``; `sweep_expired` (run by the scheduler) deletes the
expired ones. Events derived from a post live in the genome and outlive it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from pymongo.database import Database
from pymongo.errors import BulkWriteError

from genome_store.driver_errors import storage_call
from genome_store.lookups import chunks, present
from genome_store.schema import POSTS

_DUPLICATE_KEY = 11000


@storage_call
def existing_ids(db: Database[Any], post_ids: Iterable[str]) -> set[str]:
    """Which of ``post_ids`` are stored already."""
    return present(db[POSTS], post_ids)


def post_document(
    post_id: str,
    consumer_id: str,
    platform: str,
    text: str,
    posted_at: datetime,
    now: datetime,
    retention_days: int,
) -> dict[str, Any]:
    """The stored form of a post, expiring ``retention_days`` after it is stored."""
    return {
        "_id": post_id,
        "consumer_id": consumer_id,
        "platform": platform,
        "text": text,
        "posted_at": posted_at,
        "stored_at": now,
        "expires_at": now + timedelta(days=retention_days),
    }


@storage_call
def insert_posts(db: Database[Any], docs: Sequence[dict[str, Any]]) -> set[str]:
    """Insert ``docs`` (unordered); returns the ids that were already there (lost a race)."""
    if not docs:
        return set()
    try:
        db[POSTS].insert_many(list(docs), ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        others = [e for e in errors if e.get("code") != _DUPLICATE_KEY]
        if others:
            raise
        return {docs[e["index"]]["_id"] for e in errors}
    return set()


@storage_call
def delete_posts(db: Database[Any], post_ids: Iterable[str]) -> int:
    """Remove posts by id; returns how many went."""
    return sum(db[POSTS].delete_many({"_id": {"$in": chunk}}).deleted_count for chunk in chunks(post_ids))


@storage_call
def delete_for_consumer(db: Database[Any], consumer_id: str) -> int:
    """Remove every stored post of a consumer (consent revoked or erasure)."""
    return db[POSTS].delete_many({"consumer_id": consumer_id}).deleted_count


@storage_call
def sweep_expired(db: Database[Any], now: datetime) -> int:
    """Delete posts whose retention has run out; returns how many."""
    return db[POSTS].delete_many({"expires_at": {"$lte": now}}).deleted_count
