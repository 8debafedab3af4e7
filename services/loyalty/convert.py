"""Protobuf <-> domain for loyalty: tier enums, timestamps, assignments, summaries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, loyalty_service_pb2
from loyalty import TIERS, Assignment, Change, Summary
from services.timestamps import to_timestamp

# loyalty.TIERS in rank order against the Tier enum: the one place tier names meet protobuf
TIER_ENUMS: dict[str, Any] = dict(
    zip(TIERS, (common_pb2.TIER_NONE, common_pb2.TIER_SILVER, common_pb2.TIER_GOLD, common_pb2.TIER_PLATINUM),
        strict=True)
)  # fmt: skip
TIER_NAMES: dict[int, str] = {value: name for name, value in TIER_ENUMS.items()}
# Timestamp's valid range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.


def tier_enum(name: str | None) -> Any:
    """The Tier enum of a tier name (TIER_UNSPECIFIED for None, e.g. no tier above platinum)."""
    return common_pb2.TIER_UNSPECIFIED if name is None else TIER_ENUMS[name]


def stored_tier(name: object) -> Any:
    """The Tier enum of a tier as stored or computed; TIER_NONE for no tier or an unknown name."""
    return TIER_ENUMS.get(name, common_pb2.TIER_NONE) if isinstance(name, str) else common_pb2.TIER_NONE


def tier_filter(field: str, value: int) -> str:
    """The tier name to filter by ('' for TIER_UNSPECIFIED, i.e. no filter)."""
    if value == common_pb2.TIER_UNSPECIFIED:
        return ""
    try:
        return TIER_NAMES[value]
    except KeyError:
        raise InvalidArgument(
            field, f"unknown tier {value}; use TIER_NONE..TIER_PLATINUM or leave unset"
        ) from None


def assignment(a: Assignment) -> loyalty_service_pb2.TierAssignment:
    """The message of one assignment."""
    return loyalty_service_pb2.TierAssignment(
        consumer_id=a.consumer_id,
        tier=tier_enum(a.tier),
        value_12m=a.value_12m,
        since=to_timestamp(a.since),
        next_tier=tier_enum(a.next_tier),
        next_tier_gap=a.next_tier_gap,
        rfm_group=a.rfm or "",
        behaviour=a.behaviour or "",
        grace_until=to_timestamp(a.grace_until),
        category_tiers=[
            loyalty_service_pb2.CategoryTier(
                category=c.category, tier=tier_enum(c.tier), value_12m=c.value_12m
            )
            for c in a.category_tiers
        ],
    )


def change(c: Change) -> loyalty_service_pb2.TierChange:
    """The message of one history entry."""
    return loyalty_service_pb2.TierChange(
        from_tier=tier_enum(c.from_tier), to_tier=tier_enum(c.to_tier), at=to_timestamp(c.at), reason=c.reason
    )


def summary(s: Summary) -> loyalty_service_pb2.GetTierSummaryResponse:
    """The message of the last run's summary."""
    return loyalty_service_pb2.GetTierSummaryResponse(
        tier_counts=s.tier_counts,
        rfm_counts=s.rfm_counts,
        behaviour_counts=s.behaviour_counts,
        transitions=[
            loyalty_service_pb2.TierTransition(from_tier=tier_enum(a), to_tier=tier_enum(b), count=n)
            for a, b, n in s.transitions
        ],
        computed_at=to_timestamp(s.computed_at),
    )


def job_result(result: Mapping[str, Any]) -> loyalty_service_pb2.RecomputeTiersResponse:
    """The figures a finished recompute job recorded."""
    return loyalty_service_pb2.RecomputeTiersResponse(
        consumers=int(result.get("consumers", 0)),
        changed=int(result.get("changed", 0)),
        seconds=float(result.get("seconds", 0.0)),
        computed_at=to_timestamp(result.get("computed_at")),
    )
