"""The genome document: created on first use, read upgraded to the current schema version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store import changes
from genome_store.checks import check_id, millis
from genome_store.migrations import upgrade
from genome_store.schema import GENOME_SCHEMA_VERSION, GENOMES
from lifecue.errors import NotFound


def new_genome_fields(now: datetime) -> dict[str, Any]:
    """The fields a genome gets when it is created (for ``$setOnInsert``)."""
    return {"schema_version": GENOME_SCHEMA_VERSION, "created_at": now}


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


def get_genome(
    db: Database[Any], consumer_id: str, session: ClientSession | None = None
) -> dict[str, Any] | None:
    """The consumer's genome upgraded to the current schema version, or None if there is none."""
    check_id("consumer_id", consumer_id)
    doc = db[GENOMES].find_one({"_id": consumer_id}, session=session)
    return None if doc is None else upgrade(doc)


def require_genome(
    db: Database[Any], consumer_id: str, session: ClientSession | None = None
) -> dict[str, Any]:
    """The consumer's genome; NotFound naming ``consumer_id`` when there is none."""
    doc = get_genome(db, consumer_id, session=session)
    if doc is None:
        raise NotFound("consumer_id", consumer_id)
    return doc
