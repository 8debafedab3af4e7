"""Data portability (GDPR Art. 20): everything held about one consumer as one JSON document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING
from pymongo.database import Database

from genome_store import audit
from genome_store.checks import check_id, millis
from genome_store.driver_errors import storage_call
from genome_store.genomes import get_genome
from genome_store.schema import AUDIT_LOG, INTERACTIONS, POSTS, PURCHASES, REVIEW_ITEMS
from lifecue.errors import NotFound

FORMAT = "lifecue.export/1"


@dataclass(frozen=True)
class Export:
    """The JSON text and when it was made."""

    consumer_id: str
    json: str
    exported_at: datetime


@storage_call
def collect(db: Database[Any], consumer_id: str) -> dict[str, Any]:
    """Every document held about the consumer, by collection; NotFound when there is none."""
    check_id("consumer_id", consumer_id)
    held: dict[str, Any] = {"genome": get_genome(db, consumer_id)}
    for name, order in ((POSTS, "posted_at"), (PURCHASES, "purchased_at"), (INTERACTIONS, "occurred_at"),
                        (REVIEW_ITEMS, "held_at"), (AUDIT_LOG, "at")):  # fmt: skip
        held[name] = list(
            db[name].find({"consumer_id": consumer_id}, sort=[(order, ASCENDING), ("_id", ASCENDING)])
        )
    if held["genome"] is None and not any(
        held[name] for name in (POSTS, PURCHASES, INTERACTIONS, REVIEW_ITEMS)
    ):
        raise NotFound("consumer_id", consumer_id)
    return held


@storage_call
def export_consumer(
    db: Database[Any], consumer_id: str, *, actor: str = "anonymous", now: datetime | None = None
) -> Export:
    """The consumer's data as one JSON document; the export itself is audited."""
    moment = millis(now)
    held = collect(db, consumer_id)
    document = {"format": FORMAT, "consumer_id": consumer_id, "exported_at": moment, **held}
    text = json.dumps(document, default=_plain, sort_keys=True, ensure_ascii=False)
    counts = {name: len(held[name]) for name in (POSTS, PURCHASES, INTERACTIONS, REVIEW_ITEMS, AUDIT_LOG)}
    audit.record(db, actor=actor, action=audit.CONSUMER_EXPORT, consumer_id=consumer_id,
                 details={"counts": counts, "bytes": len(text.encode())}, at=moment)  # fmt: skip
    return Export(consumer_id=consumer_id, json=text, exported_at=moment)


def _plain(value: Any) -> Any:
    """JSON form of BSON values: ISO 8601 UTC times, ids as strings."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot export {type(value).__name__}")
