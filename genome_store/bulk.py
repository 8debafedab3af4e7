"""Bulk loading of prepared documents: simulated worlds, benchmark data, test fixtures.

The API writes one checked item at a time through the repositories; a simulation of
thousands of consumers goes in here instead, in unordered batches. The per-item checks
are skipped, the collection validators are not, and every genome gets the fields of a
genome made by `genome_store` (schema version, creation and update times) unless the
document brings its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo.database import Database

from genome_store import changes
from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.genomes import new_genome_fields
from genome_store.schema import GENOMES, INTERACTIONS, POSTS, PRODUCTS, PURCHASES

BATCH = 5000
KINDS = {"products": PRODUCTS, "genomes": GENOMES, "purchases": PURCHASES, "interactions": INTERACTIONS,
         "posts": POSTS}  # fmt: skip


@storage_call
def load_documents(
    db: Database[Any],
    *,
    products: Iterable[Mapping[str, Any]] = (),
    genomes: Iterable[Mapping[str, Any]] = (),
    purchases: Iterable[Mapping[str, Any]] = (),
    interactions: Iterable[Mapping[str, Any]] = (),
    posts: Iterable[Mapping[str, Any]] = (),
    now: datetime | None = None,
) -> dict[str, int]:
    """Insert prepared documents (each with its ``_id``) per collection; returns how many went in each."""
    moment = millis(now)
    given = {"products": products, "genomes": genomes, "purchases": purchases, "interactions": interactions,
             "posts": posts}  # fmt: skip
    counts: dict[str, int] = {}
    for kind, docs in given.items():
        batch: list[dict[str, Any]] = []
        counts[kind] = 0
        for doc in docs:
            row = dict(doc)
            if kind == "genomes":
                row = {**new_genome_fields(moment), "updated_at": moment, **row}
            batch.append(row)
            if len(batch) == BATCH:
                counts[kind] += _insert(db, KINDS[kind], batch)
                batch = []
        if batch:
            counts[kind] += _insert(db, KINDS[kind], batch)
    return counts


def _insert(db: Database[Any], name: str, batch: list[dict[str, Any]]) -> int:
    inserted = len(db[name].insert_many(batch, ordered=False).inserted_ids)
    if name == GENOMES:
        changes.publish_many(str(d["_id"]) for d in batch)
    return inserted
