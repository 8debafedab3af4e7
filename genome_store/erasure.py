"""Erasure (GDPR Art. 17): remove a consumer everywhere, keep one pseudonymous audit record.

The pseudonym is a keyed hash of the consumer id, so the audit record cannot be read
back to a person without the key, yet a steward holding the id and the key can find
it, and training can recognise and exclude an erased consumer
(`erased_pseudonyms`). The marker is the erasure's own audit entry, which is
append-only and survives every later sweep.

Every erasure also draws the next number of the ``erasures`` counter in its transaction
and keeps it in the entry (``details.seq``): a serving process or a model scrub that has
dealt with erasures up to ``n`` asks only for the ones after it (`erasures_since`,
`erasure_seq`), and stored models record the number they were cleaned up to.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store import audit, changes
from genome_store.checks import check_id, check_text, millis
from genome_store.counters import current_value, next_value
from genome_store.driver_errors import storage_call
from genome_store.schema import AUDIT_LOG, GENOMES, INTERACTIONS, POSTS, PURCHASES, REVIEW_ITEMS
from genome_store.transactions import in_transaction
from lifecue.errors import NotFound

PREFIX = "erased:"
MAX_REASON = 500
ERASURES = "erasures"  # the counter every erasure draws its number from
# Collections keyed by consumer_id whose documents belong to one consumer.
BY_CONSUMER = (POSTS, INTERACTIONS, PURCHASES, REVIEW_ITEMS, AUDIT_LOG)


@dataclass(frozen=True)
class Erasure:
    """The pseudonym left in the audit log and the documents deleted per collection."""

    pseudonym: str
    deleted: dict[str, int]


def pseudonym(consumer_id: str, key: str) -> str:
    """The stable pseudonym of ``consumer_id`` under ``key`` (HMAC-SHA256, 128 bits, prefixed)."""
    digest = hmac.new(key.encode(), consumer_id.encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:32]


@storage_call
def erased_pseudonyms(db: Database[Any]) -> set[str]:
    """Pseudonyms of every erased consumer, for training to exclude."""
    return {str(p) for p in db[AUDIT_LOG].distinct("consumer_id", {"action": audit.CONSUMER_ERASE})}


@dataclass(frozen=True)
class ErasureMark:
    """One erasure as the models see it: its number, the pseudonym and when it happened."""

    seq: int
    pseudonym: str
    at: datetime


@storage_call
def erasure_seq(db: Database[Any]) -> int:
    """The number of the latest erasure (0 when there was none)."""
    return current_value(db, ERASURES)


@storage_call
def erasures_since(db: Database[Any], seq: int = 0) -> list[ErasureMark]:
    """Erasures numbered after ``seq``, oldest first."""
    query = {"action": audit.CONSUMER_ERASE, "details.seq": {"$gt": seq}}
    return [
        ErasureMark(int(d["details"]["seq"]), str(d["consumer_id"]), d["at"])
        for d in db[AUDIT_LOG]
        .find(query, {"consumer_id": 1, "details.seq": 1, "at": 1})
        .sort("details.seq", 1)
    ]


@storage_call
def is_erased(db: Database[Any], consumer_id: str, key: str) -> bool:
    """Whether ``consumer_id`` was erased."""
    found = db[AUDIT_LOG].find_one(
        {"action": audit.CONSUMER_ERASE, "consumer_id": pseudonym(consumer_id, key)}
    )
    return found is not None


@storage_call
def erase_consumer(
    db: Database[Any],
    consumer_id: str,
    *,
    key: str,
    reason: str = "",
    actor: str = "anonymous",
    now: datetime | None = None,
) -> Erasure:
    """Delete the consumer from every collection and record the erasure under a pseudonym.

    One transaction: either everything goes and the record is written, or nothing
    changes. NotFound when nothing is held about the consumer.
    """
    check_id("consumer_id", consumer_id)
    check_text("reason", reason, MAX_REASON, required=False)
    moment = millis(now)
    alias = pseudonym(consumer_id, key)

    def work(session: ClientSession) -> Erasure:
        deleted = {GENOMES: db[GENOMES].delete_one({"_id": consumer_id}, session=session).deleted_count}
        for name in BY_CONSUMER:
            deleted[name] = db[name].delete_many({"consumer_id": consumer_id}, session=session).deleted_count
        if not any(deleted.values()):
            raise NotFound("consumer_id", consumer_id)
        details = {"reason": reason, "deleted": deleted, "seq": next_value(db, ERASURES, session)}
        audit.record(db, actor=actor, action=audit.CONSUMER_ERASE, consumer_id=alias,
                     details=details, at=moment, session=session)  # fmt: skip
        return Erasure(pseudonym=alias, deleted=deleted)

    result = in_transaction(db, work)
    changes.publish(consumer_id)
    changes.publish_erased(consumer_id)
    return result
