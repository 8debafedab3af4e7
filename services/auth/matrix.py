"""The authorization matrix: which roles may call which method, in one table.

Every method of every lifecue service has a row (a test reads the service descriptors
and fails on a method without one). ``admin`` may call everything, so rows name the
other roles; a method with no row is admin-only, which keeps a forgotten row closed.
Health and reflection are open to every caller (reflection can be switched off with
``LIFECUE_SERVER__REFLECTION=false``).
"""

from __future__ import annotations

from collections.abc import Mapping

from lifecue.roles import ADMIN, COMMERCE, INGEST, LOYALTY, ROLES, STEWARD

_NONE: frozenset[str] = frozenset()

#: ``Service/Method`` (package ``lifecue.v1``) -> roles besides admin that may call it.
MATRIX: Mapping[str, frozenset[str]] = {
    # consent, export, erasure and the audit log: data stewards
    "ConsentService/GrantConsent": frozenset({STEWARD}),
    "ConsentService/RevokeConsent": frozenset({STEWARD}),
    "ConsentService/GetConsents": frozenset({STEWARD}),
    "ConsentService/ExportConsumerData": frozenset({STEWARD}),
    "ConsentService/EraseConsumer": frozenset({STEWARD}),
    "ConsentService/ListAuditLog": frozenset({STEWARD}),
    # the genome document is read by stewards; catalog and purchases come from commerce
    "GenomeService/GetGenome": frozenset({STEWARD}),
    "GenomeService/UpsertProducts": frozenset({COMMERCE}),
    "GenomeService/RecordPurchases": frozenset({COMMERCE}),
    # social connectors send posts; stewards read events and work the review queue
    "LifeEventService/IngestPosts": frozenset({INGEST}),
    "LifeEventService/ClassifyText": frozenset({INGEST}),
    "LifeEventService/ListLifeEvents": frozenset({STEWARD}),
    "LifeEventService/ListReviewItems": frozenset({STEWARD}),
    "LifeEventService/ResolveReviewItem": frozenset({STEWARD}),
    # e-commerce backends rank and send feedback; training and model state are admin's
    "RecommenderService/Recommend": frozenset({COMMERCE}),
    "RecommenderService/RecordInteractions": frozenset({COMMERCE}),
    "RecommenderService/Retrain": _NONE,
    "RecommenderService/GetModelInfo": _NONE,
    # loyalty teams read and export tiers; commerce reads one consumer's tier
    "LoyaltyService/GetTier": frozenset({COMMERCE, LOYALTY}),
    "LoyaltyService/ListTierAssignments": frozenset({LOYALTY}),
    "LoyaltyService/GetTierSummary": frozenset({LOYALTY}),
    "LoyaltyService/RecomputeTiers": _NONE,
}

PACKAGE = "lifecue.v1"

#: services every caller may use, with or without credentials
OPEN_SERVICES = frozenset(
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    }
)


def row_key(full_method: str) -> str:
    """``/lifecue.v1.ConsentService/GrantConsent`` -> ``ConsentService/GrantConsent``."""
    name = full_method.lstrip("/")
    prefix = PACKAGE + "."
    return name[len(prefix) :] if name.startswith(prefix) else name


def service_of(full_method: str) -> str:
    """The full service name of a ``/package.Service/Method`` path."""
    return full_method.lstrip("/").rsplit("/", 1)[0]


def is_open(full_method: str) -> bool:
    """Whether any caller may call this method without credentials (health, reflection)."""
    return service_of(full_method) in OPEN_SERVICES


def roles_for(full_method: str) -> frozenset[str]:
    """Every role that may call the method; only admin when it has no row."""
    return MATRIX.get(row_key(full_method), _NONE) | {ADMIN}


def allowed(full_method: str, role: str) -> bool:
    """Whether ``role`` may call the method."""
    return role in roles_for(full_method)


def methods_of(role: str) -> list[str]:
    """The rows a role may call (admin: every row), in table order."""
    if role not in ROLES:
        return []
    return [method for method, roles in MATRIX.items() if role == ADMIN or role in roles]
