"""The genome document: created on first use, read upgraded to the current schema version.

Creation happens in one place (`new_genome_fields`, used by every upsert that may create a
genome), so each genome carries `GENOME_SCHEMA_VERSION` and its creation time whoever made it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store import changes
from genome_store.checks import check_id, millis
from genome_store.driver_errors import storage_call
from genome_store.lookups import by_ids
from genome_store.migrations import upgrade
from genome_store.schema import GENOME_SCHEMA_VERSION, GENOMES
from lifecue.errors import NotFound


def new_genome_fields(now: datetime) -> dict[str, Any]:
    """The fields a genome gets when it is created (for ``$setOnInsert``)."""
    return {"schema_version": GENOME_SCHEMA_VERSION, "created_at": now}


@storage_call
def ensure_genome(
    db: Database[Any],
    consumer_id: str,
    now: datetime | None = None,
    session: ClientSession | None = None,
) -> dict[str, Any]:
    """The consumer's genome, created empty if missing; atomic, safe under concurrent callers."""
    check_id("consumer_id", consumer_id)
    moment = millis(now)
    created = db[GENOMES].update_one(
        {"_id": consumer_id},
        {"$setOnInsert": {**new_genome_fields(moment), "updated_at": moment}},
        upsert=True,
        session=session,
    )
    if created.upserted_id is not None and session is None:  # in a caller's transaction, the caller publishes
        changes.publish(consumer_id)
    doc = get_genome(db, consumer_id, session=session)
    assert doc is not None  # just upserted
    return doc


@storage_call
def get_genome(
    db: Database[Any], consumer_id: str, session: ClientSession | None = None
) -> dict[str, Any] | None:
    """The consumer's genome upgraded to the current schema version, or None if there is none."""
    check_id("consumer_id", consumer_id)
    doc = db[GENOMES].find_one({"_id": consumer_id}, session=session)
    return None if doc is None else upgrade(doc)


@storage_call
def require_genome(
    db: Database[Any], consumer_id: str, session: ClientSession | None = None
) -> dict[str, Any]:
    """The consumer's genome; NotFound naming ``consumer_id`` when there is none."""
    doc = get_genome(db, consumer_id, session=session)
    if doc is None:
        raise NotFound("consumer_id", consumer_id)
    return doc


@storage_call
def genome_fields(db: Database[Any], consumer_id: str, fields: Mapping[str, int]) -> dict[str, Any] | None:
    """Only ``fields`` of the consumer's genome (a projection, as stored), or None without a genome."""
    return db[GENOMES].find_one({"_id": consumer_id}, dict(fields))


@storage_call
def genomes_fields(
    db: Database[Any], consumer_ids: Iterable[str], fields: Mapping[str, int]
) -> dict[str, dict[str, Any]]:
    """``fields`` of many genomes, keyed by consumer id (consumers without a genome are absent)."""
    return by_ids(db[GENOMES], consumer_ids, dict(fields))


@storage_call
def scan_genomes(db: Database[Any], fields: Mapping[str, int], limit: int) -> dict[str, dict[str, Any]]:
    """``fields`` of up to ``limit`` genomes, keyed by consumer id (to warm a cache)."""
    return {str(d["_id"]): d for d in db[GENOMES].find({}, dict(fields)).limit(limit)}
