"""The ``tier_runs`` collection: one summary document per loyalty recompute, newest read back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.database import Database

from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.schema import TIER_RUNS


@storage_call
def record_tier_run(
    db: Database[Any],
    run_id: str,
    *,
    as_of: datetime,
    started_at: datetime,
    finished_at: datetime,
    seconds: float,
    consumers: int,
    changed: int,
    tier_counts: Mapping[str, int],
    rfm_counts: Mapping[str, int],
    behaviour_counts: Mapping[str, int],
    transitions: Sequence[tuple[str, str, int]],
) -> None:
    """Store one run's summary (``transitions`` as (from tier, to tier, count), diagonal included)."""
    db[TIER_RUNS].insert_one(
        {
            "_id": run_id,
            "as_of": as_of,
            "started_at": millis(started_at),
            "finished_at": millis(finished_at),
            "seconds": seconds,
            "consumers": consumers,
            "changed": changed,
            "tier_counts": dict(tier_counts),
            "rfm_counts": dict(rfm_counts),
            "behaviour_counts": dict(behaviour_counts),
            "transitions": [{"from": a, "to": b, "count": n} for a, b, n in transitions],
        }
    )


@storage_call
def last_tier_run(db: Database[Any]) -> dict[str, Any] | None:
    """The summary document of the most recent run, or None before the first."""
    return db[TIER_RUNS].find_one({}, sort=[("finished_at", DESCENDING)])
