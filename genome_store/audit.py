"""The append-only audit log: who did what to whose data, when, with what counts.

Only `record` writes here (and erasure, which replaces a consumer's entries with one
pseudonymous record). Pages run newest first and are keyed on ``(at, _id)``, so
entries added while a steward pages never shift a page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import DESCENDING
from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store.checks import check_text, millis
from genome_store.driver_errors import storage_call
from genome_store.schema import AUDIT_LOG
from lifecue.errors import InvalidArgument

CONSENT_GRANT = "consent.grant"
CONSENT_REVOKE = "consent.revoke"
CONSENT_CASCADE = "consent.revoke.cascade"
CONSUMER_EXPORT = "consumer.export"
CONSUMER_ERASE = "consumer.erase"
REVIEW_RESOLVE = "review.resolve"

MAX_PAGE_SIZE = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry."""

    entry_id: str
    at: datetime
    actor: str
    action: str
    consumer_id: str | None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, newest first, and the token of the next page ('' on the last)."""

    entries: list[AuditEntry]
    next_page_token: str


@storage_call
def record(
    db: Database[Any],
    *,
    actor: str,
    action: str,
    consumer_id: str | None,
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
    session: ClientSession | None = None,
) -> str:
    """Append one entry; returns its id. Pass ``session`` to make it part of a transaction."""
    doc: dict[str, Any] = {
        "at": millis(at),
        "actor": actor or "anonymous",
        "action": action,
        "details": dict(details or {}),
    }
    if consumer_id is not None:
        doc["consumer_id"] = consumer_id
    return str(db[AUDIT_LOG].insert_one(doc, session=session).inserted_id)


@storage_call
def list_entries(
    db: Database[Any],
    *,
    consumer_id: str = "",
    action: str = "",
    page_size: int = 50,
    page_token: str = "",
) -> AuditPage:
    """Entries matching the optional filters, newest first, ``page_size`` at a time."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidArgument("page_size", f"is {page_size}; use 1 to {MAX_PAGE_SIZE}")
    query: dict[str, Any] = {}
    if consumer_id:
        query["consumer_id"] = check_text("consumer_id", consumer_id, 128)
    if action:
        query["action"] = check_text("action", action, 100)
    if page_token:
        at, oid = _decode(page_token)
        query["$or"] = [{"at": {"$lt": at}}, {"at": at, "_id": {"$lt": oid}}]
    docs = list(
        db[AUDIT_LOG].find(query, sort=[("at", DESCENDING), ("_id", DESCENDING)], limit=page_size + 1)
    )
    entries = [_entry(d) for d in docs[:page_size]]
    token = _encode(docs[page_size - 1]) if len(docs) > page_size else ""
    return AuditPage(entries=entries, next_page_token=token)


def _entry(doc: Mapping[str, Any]) -> AuditEntry:
    return AuditEntry(
        entry_id=str(doc["_id"]),
        at=doc["at"].astimezone(UTC),
        actor=doc["actor"],
        action=doc["action"],
        consumer_id=doc.get("consumer_id"),
        details=dict(doc.get("details") or {}),
    )


def _encode(doc: Mapping[str, Any]) -> str:
    millis = (doc["at"] - _EPOCH) // timedelta(milliseconds=1)
    return base64.urlsafe_b64encode(f"{millis}:{doc['_id']}".encode()).decode()


def _decode(token: str) -> tuple[datetime, ObjectId]:
    """The (at, _id) a page token points after; InvalidArgument when it was not ours."""
    try:
        millis, oid = base64.urlsafe_b64decode(token.encode()).decode().split(":")
        return _EPOCH + timedelta(milliseconds=int(millis)), ObjectId(oid)
    except (ValueError, binascii.Error, InvalidId, UnicodeDecodeError, OverflowError, OSError) as exc:
        raise InvalidArgument("page_token", "is not a token from a previous response; omit it") from exc
