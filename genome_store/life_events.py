"""``genome.life_events``: merging detected events into a consumer's genome, with provenance.

The same event seen in several posts is one event with more evidence: an incoming event
merges into a stored one of the same type, subject and relation whose date is compatible
(either unknown, or equal at the coarser of the two precisions; recurring events compare
month and day only). A merge keeps the more precise date, adds the post ids and raises
the confidence (noisy-or); an undated event keeps the day of the first post that told of it
(``announced_on``), which the recommender counts from. The array is rewritten under an optimistic check on
``updated_at`` so concurrent ingests never lose each other's events.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from genome_store import changes
from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.lookups import by_ids
from genome_store.schema import GENOMES
from lifecue.errors import NotFound, StorageUnavailable

_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
_RETRIES = 8


@storage_call
def get_events(db: Database[Any], consumer_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The stored events of a consumer and their genome's consents; NotFound without a genome."""
    doc = db[GENOMES].find_one({"_id": consumer_id}, {"life_events": 1, "consents": 1})
    if doc is None:
        raise NotFound("consumer", consumer_id)
    return list(doc.get("life_events") or []), doc


def compatible_dates(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two events' dates can describe the same occasion."""
    pa, pb = a.get("date_precision", "unknown"), b.get("date_precision", "unknown")
    da, db_ = a.get("date"), b.get("date")
    if pa == "unknown" or pb == "unknown" or da is None or db_ is None:
        return True
    coarse = pa if _RANK[pa] <= _RANK[pb] else pb
    if a.get("recurrence") == "recurring":
        if coarse == "year":
            return True
        return da.month == db_.month and (coarse == "month" or da.day == db_.day)
    if coarse == "year":
        return bool(da.year == db_.year)
    if coarse == "month":
        return bool((da.year, da.month) == (db_.year, db_.month))
    return bool(da.date() == db_.date())


def same_event(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same type, subject and relation, compatible date."""
    return (
        a["type"] == b["type"]
        and a["subject"] == b["subject"]
        and (a.get("relation") or None) == (b.get("relation") or None)
        and compatible_dates(a, b)
    )


def merge_into(stored: list[dict[str, Any]], incoming: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """Merge one detected event into ``stored`` (in place); returns the resulting stored event."""
    for event in stored:
        if same_event(event, incoming):
            if _RANK[incoming["date_precision"]] > _RANK[event["date_precision"]]:
                event["date"] = incoming.get("date")
                event["date_precision"] = incoming["date_precision"]
                event["next_occurrence"] = incoming.get("next_occurrence")
            new_ids = [p for p in incoming.get("source_post_ids", []) if p not in event["source_post_ids"]]
            if new_ids:
                event["source_post_ids"] = [*event["source_post_ids"], *new_ids]
                event["confidence"] = round(1 - (1 - event["confidence"]) * (1 - incoming["confidence"]), 4)
            event["model_version"] = incoming.get("model_version", event.get("model_version"))
            told = [d for d in (event.get("announced_on"), incoming.get("announced_on")) if d is not None]
            if told:
                event["announced_on"] = min(told)  # the first post that told of it
            return event
    event = {
        "event_id": uuid.uuid4().hex,
        "type": incoming["type"],
        "recurrence": incoming["recurrence"],
        "subject": incoming["subject"],
        "relation": incoming.get("relation") or None,
        "date": incoming.get("date"),
        "date_precision": incoming["date_precision"],
        "next_occurrence": incoming.get("next_occurrence"),
        "confidence": float(incoming["confidence"]),
        "sensitive": bool(incoming["sensitive"]),
        "source_post_ids": list(incoming.get("source_post_ids", [])),
        "model_version": incoming.get("model_version", ""),
        "detected_at": now,
    }
    if incoming.get("announced_on") is not None:
        event["announced_on"] = incoming["announced_on"]
    stored.append(event)
    return event


@storage_call
def merge_events(
    db: Database[Any], consumer_id: str, incoming: Sequence[Mapping[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Merge ``incoming`` events into the consumer's genome; returns the stored events, in order."""
    if not incoming:
        return []
    for _ in range(_RETRIES):
        doc = db[GENOMES].find_one({"_id": consumer_id}, {"life_events": 1, "updated_at": 1})
        if doc is None:
            raise NotFound("consumer", consumer_id)
        stored = list(doc.get("life_events") or [])
        merged = [merge_into(stored, event, now) for event in incoming]
        result = db[GENOMES].update_one(
            {"_id": consumer_id, "updated_at": doc.get("updated_at")},
            {"$set": {"life_events": stored, "updated_at": now}},
        )
        if result.matched_count:
            changes.publish(consumer_id)
            return [dict(m) for m in merged]
    raise StorageUnavailable(f"genome {consumer_id!r} kept changing while merging life events; retry")


@storage_call
def merge_many(
    db: Database[Any], incoming: Mapping[str, Sequence[Mapping[str, Any]]], now: datetime
) -> dict[str, list[dict[str, Any]]]:
    """`merge_events` for many consumers in one read and one bulk write; genomes that are gone are skipped.

    Consumers whose genome changed between the read and the write are merged again one by one.
    """
    now = millis(now)  # as stored, so the re-read below can tell our write from a later one
    ids = [cid for cid, events in incoming.items() if events]
    docs = by_ids(db[GENOMES], ids, {"life_events": 1, "updated_at": 1})
    out: dict[str, list[dict[str, Any]]] = {}
    ops = []
    for cid, doc in docs.items():
        stored = list(doc.get("life_events") or [])
        out[cid] = [merge_into(stored, event, now) for event in incoming[cid]]
        ops.append(
            UpdateOne(
                {"_id": cid, "updated_at": doc.get("updated_at")},
                {"$set": {"life_events": stored, "updated_at": now}},
            )
        )
    if not ops:
        return {}
    result = db[GENOMES].bulk_write(ops, ordered=False)
    if result.matched_count < len(ops):
        raced = set(by_ids(db[GENOMES], docs, {"_id": 1}, query={"updated_at": {"$ne": now}}))
        for cid in raced:
            try:
                out[cid] = merge_events(db, cid, incoming[cid], now)
            except NotFound:
                out.pop(cid, None)
    for cid in out:
        changes.publish(cid)
    return {cid: [dict(m) for m in merged] for cid, merged in out.items()}
