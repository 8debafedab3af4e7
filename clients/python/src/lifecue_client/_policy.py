"""Which calls may be retried, and the gRPC service config that retries them.

Only calls that change nothing are retried: a repeated write could, for instance,
answer DUPLICATE for a purchase the first attempt stored, or start a second retrain.
Retries are gRPC's own (service config ``retryPolicy``): they back off, stay within the
call's deadline, and happen only on UNAVAILABLE (no server reached, or its database away).
"""

from __future__ import annotations

import json

__all__ = ["IDEMPOTENT_METHODS", "service_config"]

IDEMPOTENT_METHODS: frozenset[tuple[str, str]] = frozenset(
    {
        ("lifecue.v1.ConsentService", "GetConsents"),
        ("lifecue.v1.ConsentService", "ExportConsumerData"),
        ("lifecue.v1.ConsentService", "ListAuditLog"),
        ("lifecue.v1.LifeEventService", "ClassifyText"),
        ("lifecue.v1.LifeEventService", "ListLifeEvents"),
        ("lifecue.v1.LifeEventService", "ListReviewItems"),
        ("lifecue.v1.GenomeService", "GetGenome"),
        ("lifecue.v1.RecommenderService", "Recommend"),
        ("lifecue.v1.RecommenderService", "GetModelInfo"),
        ("lifecue.v1.LoyaltyService", "GetTier"),
        ("lifecue.v1.LoyaltyService", "ListTierAssignments"),
        ("lifecue.v1.LoyaltyService", "GetTierSummary"),
        ("grpc.health.v1.Health", "Check"),
    }
)


def service_config(retries: int) -> str:
    """The channel's service config: up to ``retries`` retries (at most 4) of idempotent calls."""
    if retries <= 0:
        return json.dumps({"methodConfig": []})
    policy = {
        "maxAttempts": min(retries, 4) + 1,  # gRPC caps attempts at 5
        "initialBackoff": "0.1s",
        "maxBackoff": "2s",
        "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"],
    }
    names = [{"service": service, "method": method} for service, method in sorted(IDEMPOTENT_METHODS)]
    return json.dumps({"methodConfig": [{"name": names, "retryPolicy": policy}]})
