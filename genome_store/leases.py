"""Leases in the ``leases`` collection: which worker may run a kind of job right now.

A lease is one document per name: ``{_id: name, holder, expires_at, acquired_at}``.

- `acquire` is one atomic ``find_one_and_update`` with ``upsert``: it matches only when the
  lease is free (expired) or already ours; when another holder's unexpired lease is there,
  the filter misses, the upsert tries to insert the same ``_id`` and fails on the unique
  key, so exactly one of any number of racing workers gets it.
- `renew` pushes ``expires_at`` on while the job runs; it fails once somebody else holds
  the lease (we were presumed dead), and the holder then knows it lost it.
- `release` lets the lease go at once; a worker that dies never releases, and its lease
  simply expires ``ttl`` after the last renewal.

Times are the workers' clocks: keep them in sync (NTP) and the ttl well above the skew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from genome_store.driver_errors import storage_call
from genome_store.schema import LEASES


@dataclass(frozen=True)
class Lease:
    """A lease as stored."""

    name: str
    holder: str
    expires_at: datetime
    acquired_at: datetime | None = None


@storage_call
def acquire(db: Database[Any], name: str, holder: str, ttl: timedelta, now: datetime) -> Lease | None:
    """Take (or keep) the lease ``name`` for ``holder`` until ``now + ttl``; None when another holds it."""
    free_or_ours = {"_id": name, "$or": [{"holder": holder}, {"expires_at": {"$lte": now}}]}
    try:
        doc = db[LEASES].find_one_and_update(
            free_or_ours,
            {"$set": {"holder": holder, "expires_at": now + ttl, "acquired_at": now}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
    except DuplicateKeyError:  # held by someone else and not expired
        return None
    if doc is None:  # SecantusDB may answer a racing upsert without the document: look it up
        found = current(db, name)
        return found if found is not None and found.holder == holder and found.expires_at >= now else None
    return _lease(doc)


@storage_call
def renew(db: Database[Any], name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Extend our lease to ``now + ttl``; False when it is no longer ours."""
    done = db[LEASES].update_one({"_id": name, "holder": holder}, {"$set": {"expires_at": now + ttl}})
    return done.matched_count == 1


@storage_call
def release(db: Database[Any], name: str, holder: str, now: datetime) -> bool:
    """Give the lease up now (it expires at ``now``); False when it was not ours."""
    done = db[LEASES].update_one({"_id": name, "holder": holder}, {"$set": {"expires_at": now}})
    return done.matched_count == 1


@storage_call
def current(db: Database[Any], name: str) -> Lease | None:
    """The stored lease ``name`` (expired or not), or None when it never existed."""
    doc = db[LEASES].find_one({"_id": name})
    return None if doc is None else _lease(doc)


def _lease(doc: dict[str, Any]) -> Lease:
    return Lease(str(doc["_id"]), str(doc["holder"]), doc["expires_at"], doc.get("acquired_at"))
