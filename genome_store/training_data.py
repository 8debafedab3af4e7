"""The reads a training run, an incremental refresh and a serving process make.

Feedback rows themselves come from `genome_store.interactions.feedback_rows`; this module
adds the catalog, the popularity counts, and the genome projections those runs need.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pymongo.database import Database

from genome_store.schema import GENOMES, INTERACTIONS, PRODUCTS, PURCHASES

_CHUNK = 500  # ids per $in


def catalog_products(db: Database[Any]) -> list[dict[str, Any]]:
    """Every product with the fields ranking reads (category, tags, in_stock)."""
    return list(db[PRODUCTS].find({}, {"category": 1, "tags": 1, "in_stock": 1}))


def feedback_counts(db: Database[Any]) -> dict[str, float]:
    """Purchases plus positive (non-dismissal) interactions per product, over every consumer."""
    out: dict[str, float] = {}
    for coll, match in ((PURCHASES, {}), (INTERACTIONS, {"kind": {"$ne": "DISMISS"}})):
        for d in db[coll].aggregate(
            [{"$match": match}, {"$group": {"_id": "$product_id", "n": {"$sum": 1}}}]
        ):
            out[d["_id"]] = out.get(d["_id"], 0.0) + float(d["n"])
    return out


def personalized_genomes(db: Database[Any], fields: Mapping[str, int]) -> Iterator[dict[str, Any]]:
    """``fields`` of every genome whose ``personalization`` consent is granted."""
    yield from db[GENOMES].find({"consents.personalization.granted": True}, dict(fields))


def genome_fields(db: Database[Any], consumer_id: str, fields: Mapping[str, int]) -> dict[str, Any] | None:
    """Only ``fields`` of the consumer's genome, or None without a genome."""
    return db[GENOMES].find_one({"_id": consumer_id}, dict(fields))


def genomes_fields(
    db: Database[Any], consumer_ids: Iterable[str], fields: Mapping[str, int]
) -> dict[str, dict[str, Any]]:
    """``fields`` of many genomes, keyed by consumer id (consumers without a genome are absent)."""
    ids = list(dict.fromkeys(consumer_ids))
    out: dict[str, dict[str, Any]] = {}
    for k in range(0, len(ids), _CHUNK):
        for d in db[GENOMES].find({"_id": {"$in": ids[k : k + _CHUNK]}}, dict(fields)):
            out[str(d["_id"])] = d
    return out
