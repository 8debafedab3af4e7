"""Per-consumer purchase totals, aggregated on the database side in one pass over purchases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo.database import Database

from genome_store.schema import PURCHASES
from recommender.loyalty.rules import LoyaltyPolicy, months_before
from recommender.loyalty.segments import Activity


@dataclass(frozen=True)
class Windows:
    """The time windows of one recompute, all ending at ``as_of`` (end inclusive)."""

    as_of: datetime
    value_from: datetime
    current_from: datetime
    comparison_from: datetime

    @classmethod
    def of(cls, as_of: datetime, policy: LoyaltyPolicy) -> Windows:
        """Windows for ``as_of`` under ``policy``."""
        current_from = months_before(as_of, policy.current_months)
        return cls(
            as_of=as_of,
            value_from=months_before(as_of, policy.value_months),
            current_from=current_from,
            comparison_from=months_before(current_from, policy.comparison_months),
        )


@dataclass(frozen=True)
class Totals:
    """What a consumer bought up to ``as_of``: trailing value, lifetime, and per period."""

    consumer_id: str
    value_12m: float = 0.0
    first_at: datetime | None = None
    current: Activity | None = None
    comparison: Activity | None = None
    category_values: Mapping[str, float] = field(default_factory=dict)


def _when(condition: Any, then: Any, otherwise: Any) -> dict[str, Any]:
    return {"$cond": [condition, then, otherwise]}


def _period_fields(prefix: str, inside: Any) -> dict[str, Any]:
    return {
        f"{prefix}_n": {"$sum": _when(inside, 1, 0)},
        f"{prefix}_v": {"$sum": _when(inside, "$amount", 0)},
        f"{prefix}_first": {"$min": _when(inside, "$purchased_at", None)},
        f"{prefix}_last": {"$max": _when(inside, "$purchased_at", None)},
    }


def pipeline(w: Windows) -> list[dict[str, Any]]:
    """Group purchases up to ``as_of`` by consumer and category, then by consumer."""
    in_value = {"$gt": ["$purchased_at", w.value_from]}
    in_current = {"$gt": ["$purchased_at", w.current_from]}
    in_comparison = {
        "$and": [{"$gt": ["$purchased_at", w.comparison_from]}, {"$lte": ["$purchased_at", w.current_from]}]
    }
    by_category: dict[str, Any] = {
        "_id": {"c": "$consumer_id", "k": "$category"},
        "v12": {"$sum": _when(in_value, "$amount", 0)},
        "first": {"$min": "$purchased_at"},
        **_period_fields("cur", in_current),
        **_period_fields("cmp", in_comparison),
    }
    by_consumer: dict[str, Any] = {
        "_id": "$_id.c",
        "v12": {"$sum": "$v12"},
        "first": {"$min": "$first"},
        "cats": {"$push": {"k": "$_id.k", "v": "$v12"}},
    }
    for prefix in ("cur", "cmp"):
        by_consumer[f"{prefix}_n"] = {"$sum": f"${prefix}_n"}
        by_consumer[f"{prefix}_v"] = {"$sum": f"${prefix}_v"}
        by_consumer[f"{prefix}_first"] = {"$min": f"${prefix}_first"}
        by_consumer[f"{prefix}_last"] = {"$max": f"${prefix}_last"}
    return [
        {"$match": {"purchased_at": {"$lte": w.as_of}}},
        {"$group": by_category},
        {"$group": by_consumer},
    ]


def _activity(row: Mapping[str, Any], prefix: str) -> Activity | None:
    orders = int(row.get(f"{prefix}_n") or 0)
    if not orders:
        return None
    return Activity(orders, float(row[f"{prefix}_v"]), row[f"{prefix}_first"], row[f"{prefix}_last"])


def parse(row: Mapping[str, Any]) -> Totals:
    """A `Totals` from one output document of `pipeline`."""
    categories: dict[str, float] = {}
    for entry in row.get("cats") or ():
        if entry.get("k"):
            categories[entry["k"]] = categories.get(entry["k"], 0.0) + float(entry["v"])
    return Totals(
        consumer_id=row["_id"],
        value_12m=float(row.get("v12") or 0.0),
        first_at=row.get("first"),
        current=_activity(row, "cur"),
        comparison=_activity(row, "cmp"),
        category_values=categories,
    )


def stream_totals(db: Database[Any], w: Windows, batch_size: int = 1000) -> Iterator[Totals]:
    """Every consumer's totals as the database aggregates them, streamed in cursor batches."""
    cursor = db[PURCHASES].aggregate(pipeline(w), allowDiskUse=True, batchSize=batch_size)
    with cursor:
        for row in cursor:
            yield parse(row)
