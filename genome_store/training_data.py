"""The reads a training run, an incremental refresh and a serving process make.

Feedback rows themselves come from `genome_store.interactions.feedback_rows`; this module
adds the catalog, the popularity counts and the consenting genomes those runs read
(single projections come from `genome_store.genomes`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pymongo.database import Database

from genome_store.driver_errors import storage_call
from genome_store.schema import GENOMES, INTERACTIONS, PRODUCTS, PURCHASES


@storage_call
def catalog_products(db: Database[Any]) -> list[dict[str, Any]]:
    """Every product with the fields ranking reads (title for reasons, category, tags, in_stock)."""
    return list(db[PRODUCTS].find({}, {"title": 1, "category": 1, "tags": 1, "in_stock": 1}))


@storage_call
def feedback_counts(db: Database[Any]) -> dict[str, float]:
    """Purchases plus positive (non-dismissal) interactions per product, over every consumer."""
    out: dict[str, float] = {}
    for coll, match in ((PURCHASES, {}), (INTERACTIONS, {"kind": {"$ne": "DISMISS"}})):
        for d in db[coll].aggregate(
            [{"$match": match}, {"$group": {"_id": "$product_id", "n": {"$sum": 1}}}]
        ):
            out[d["_id"]] = out.get(d["_id"], 0.0) + float(d["n"])
    return out


@storage_call
def personalized_genomes(db: Database[Any], fields: Mapping[str, int]) -> Iterator[dict[str, Any]]:
    """``fields`` of every genome whose ``personalization`` consent is granted."""
    yield from db[GENOMES].find({"consents.personalization.granted": True}, dict(fields))
