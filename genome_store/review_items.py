"""``review_items``: life events held for a steward, each with the post it came from as evidence.

Pending events live here and nowhere else until a steward confirms them, rather than as
``status: pending`` entries of ``genome.life_events``: everything that reads the genome's
events (ranking, offers, learned lift, insights, listings, the genome cache) then sees usable
events only, with no filter to forget, and a confirmed event joins the genome through the
same merge as any detected one (`genome_store.review_resolution`).

One document per (post, event type), its id derived from both, so holding again is a no-op::

    { _id, consumer_id, post_id, post: {text, platform, posted_at}, event: {the detected event},
      reasons: [low_confidence | sensitive], acted: [types the same post was acted on for],
      sensitive, state: pending | confirmed | corrected | rejected, held_at, expires_at,
      resolved_at, resolved_by, resolved: {the event that joined the genome} | null, event_id }

A resolved item stays as a labelled example (for training, and to measure the model on live
traffic) until ``expires_at``. The consent rules cover this collection like the genome:
revocations (`genome_store.revocation`), erasure, export and the retention sweep.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from genome_store.driver_errors import storage_call
from genome_store.lookups import by_ids
from genome_store.purposes import SOCIAL_ANALYSIS, is_granted
from genome_store.schema import GENOMES, REVIEW_ITEMS
from lifecue.errors import InvalidArgument, NotFound

PENDING, CONFIRMED, CORRECTED, REJECTED = "pending", "confirmed", "corrected", "rejected"
RESOLVED_STATES: tuple[str, ...] = (CONFIRMED, CORRECTED, REJECTED)
MAX_PAGE_SIZE = 500
_DUPLICATE_KEY = 11000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ORDER = [("held_at", ASCENDING), ("_id", ASCENDING)]


def review_item_id(post_id: str, event_type: str) -> str:
    """The id of the item holding ``event_type`` detected in ``post_id`` (stable, so holding is idempotent)."""
    return "ri-" + hashlib.sha256(f"{post_id}\x00{event_type}".encode()).hexdigest()[:24]


def review_item_document(
    *,
    consumer_id: str,
    post_id: str,
    text: str,
    platform: str,
    posted_at: datetime,
    event: Mapping[str, Any],
    reasons: Sequence[str],
    acted: Sequence[str],
    now: datetime,
    retention_days: int,
) -> dict[str, Any]:
    """The stored form of one held event; its evidence goes ``retention_days`` after ``now`` unless reviewed."""
    return {
        "_id": review_item_id(post_id, event["type"]),
        "consumer_id": consumer_id,
        "post_id": post_id,
        "post": {"text": text, "platform": platform, "posted_at": posted_at},
        "event": dict(event),
        "reasons": list(reasons),
        "acted": list(acted),
        "state": PENDING,
        "sensitive": bool(event.get("sensitive")),
        "held_at": now,
        "expires_at": now + timedelta(days=retention_days),
        "resolved_at": None,
        "resolved_by": None,
        "resolved": None,
        "event_id": None,
    }


@storage_call
def hold_items(db: Database[Any], docs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Store ``docs`` (unordered); an item held before is kept as it is. Returns the stored items."""
    if not docs:
        return []
    try:
        db[REVIEW_ITEMS].insert_many([dict(d) for d in docs], ordered=False)
    except BulkWriteError as exc:
        if any(e.get("code") != _DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
            raise
        held = by_ids(db[REVIEW_ITEMS], [d["_id"] for d in docs])
        return [held.get(d["_id"], d) for d in docs]
    return list(docs)


@storage_call
def get_item(db: Database[Any], item_id: str) -> dict[str, Any]:
    """One item, whatever its state; NotFound when there is none (never held, resolved and expired, or deleted)."""
    doc = db[REVIEW_ITEMS].find_one({"_id": item_id})
    if doc is None:
        raise NotFound("review item", item_id)
    return doc


@storage_call
def list_pending(
    db: Database[Any],
    *,
    event_type: str = "",
    reason: str = "",
    consumer_id: str = "",
    page_size: int = 50,
    page_token: str = "",
) -> tuple[list[dict[str, Any]], str]:
    """Pending items matching the optional filters, oldest first, and the next page's token ('' on the last)."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidArgument("page_size", f"is {page_size}; use 1 to {MAX_PAGE_SIZE}")
    query: dict[str, Any] = {"state": PENDING}
    if event_type:
        query["event.type"] = event_type
    if reason:
        query["reasons"] = reason
    if consumer_id:
        query["consumer_id"] = consumer_id
    if page_token:
        at, last = _decode(page_token)
        query["$or"] = [{"held_at": {"$gt": at}}, {"held_at": at, "_id": {"$gt": last}}]
    docs = list(db[REVIEW_ITEMS].find(query, sort=_ORDER, limit=page_size + 1))
    token = _encode(docs[page_size - 1]) if len(docs) > page_size else ""
    return docs[:page_size], token


@storage_call
def pending_of(db: Database[Any], consumer_id: str) -> list[dict[str, Any]]:
    """The consumer's pending items, oldest first."""
    return list(db[REVIEW_ITEMS].find({"consumer_id": consumer_id, "state": PENDING}, sort=_ORDER))


@storage_call
def reviewed_items(db: Database[Any], model_version: str = "") -> list[dict[str, Any]]:
    """Resolved items (of one model version, or all) of consumers whose ``social_analysis`` consent holds now.

    Revocation deletes the items already; the check here keeps a labelled example out of
    training even if it raced a revocation.
    """
    query: dict[str, Any] = {"state": {"$in": list(RESOLVED_STATES)}}
    if model_version:
        query["event.model_version"] = model_version
    docs = list(db[REVIEW_ITEMS].find(query, sort=[("resolved_at", ASCENDING), ("_id", ASCENDING)]))
    consents = by_ids(db[GENOMES], {d["consumer_id"] for d in docs}, {f"consents.{SOCIAL_ANALYSIS}": 1})
    return [d for d in docs if is_granted(consents.get(d["consumer_id"]), SOCIAL_ANALYSIS)]


@storage_call
def pending_post_ids(db: Database[Any]) -> set[str]:
    """Posts with at least one held event still waiting for a steward."""
    return {str(p) for p in db[REVIEW_ITEMS].distinct("post_id", {"state": PENDING})}


@storage_call
def sweep_expired(db: Database[Any], now: datetime) -> int:
    """Delete items past ``expires_at`` (unreviewed evidence, old labelled examples); returns how many."""
    return db[REVIEW_ITEMS].delete_many({"expires_at": {"$lte": now}}).deleted_count


def _encode(doc: Mapping[str, Any]) -> str:
    millis = (doc["held_at"] - _EPOCH) // timedelta(milliseconds=1)
    return base64.urlsafe_b64encode(f"{millis}:{doc['_id']}".encode()).decode()


def _decode(token: str) -> tuple[datetime, str]:
    """The (held_at, _id) a page token points after; InvalidArgument when it was not ours."""
    try:
        millis, last = base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)
        if not last.startswith("ri-"):
            raise ValueError(last)
        return _EPOCH + timedelta(milliseconds=int(millis)), last
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError) as exc:
        raise InvalidArgument("page_token", "is not a token from a previous response; omit it") from exc
