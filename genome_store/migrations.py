"""Bringing stored genomes up to `GENOME_SCHEMA_VERSION`: the hook for when the shape changes.

A step upgrades a document from version ``n`` to ``n + 1`` and is registered in `STEPS`
under ``n``. Reads upgrade in memory (`upgrade`); `migrate_genomes` rewrites stored
documents, guarded by their version so that a concurrent writer is never overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pymongo.database import Database

from genome_store import changes
from genome_store.driver_errors import storage_call
from genome_store.schema import GENOME_SCHEMA_VERSION, GENOMES
from lifecue.errors import FailedPrecondition

log = logging.getLogger(__name__)

Step = Callable[[dict[str, Any]], dict[str, Any]]

STEPS: dict[int, Step] = {}


def upgrade(
    doc: dict[str, Any], target: int = GENOME_SCHEMA_VERSION, steps: Mapping[int, Step] | None = None
) -> dict[str, Any]:
    """``doc`` brought to version ``target`` by the registered steps (a new dict when changed)."""
    chain = STEPS if steps is None else steps
    version = int(doc.get("schema_version", 1))
    if version > target:
        raise FailedPrecondition(
            f"genome {doc.get('_id')!r} has schema_version {version}, newer than this code's {target}; upgrade lifecue"
        )
    while version < target:
        step = chain.get(version)
        if step is None:
            raise FailedPrecondition(f"no migration from genome schema_version {version} to {version + 1}")
        doc = step(dict(doc))
        version += 1
        doc["schema_version"] = version
    return doc


@storage_call
def migrate_genomes(
    db: Database[Any], target: int = GENOME_SCHEMA_VERSION, steps: Mapping[int, Step] | None = None
) -> int:
    """Rewrite every stored genome older than ``target``; returns how many were migrated."""
    migrated = 0
    for doc in db[GENOMES].find({"schema_version": {"$lt": target}}):
        new = upgrade(doc, target, steps)
        result = db[GENOMES].replace_one({"_id": doc["_id"], "schema_version": doc["schema_version"]}, new)
        migrated += result.modified_count
        changes.publish(str(doc["_id"]))
    if migrated:
        log.info("migrated genomes", extra={"count": migrated, "schema_version": target})
    return migrated
