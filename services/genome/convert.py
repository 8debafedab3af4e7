"""Protobuf <-> domain for the genome, products and purchases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from genome_store import ItemOutcome, ProductInput, PurchaseInput, consent_states
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, genome_service_pb2
from services.consent.convert import consent_state
from services.item_results import unreadable
from services.lifeevents.convert import stored_event
from services.loyalty.convert import stored_tier
from services.timestamps import to_datetime, to_timestamp


def product_input(message: common_pb2.Product) -> ProductInput:
    """The domain product of a message."""
    return ProductInput(
        product_id=message.product_id,
        title=message.title,
        category=message.category,
        price=message.price,
        tags=list(message.tags),
        in_stock=message.in_stock,
        description=message.description,
    )


def purchase_input(message: common_pb2.Purchase, index: int) -> PurchaseInput | ItemOutcome:
    """The domain purchase of a message, or its INVALID outcome when the timestamp is malformed."""
    try:
        purchased_at = (
            to_datetime(f"purchases[{index}].purchased_at", message.purchased_at)
            if message.HasField("purchased_at")
            else None
        )
    except InvalidArgument as exc:
        return unreadable(message.purchase_id, exc)
    return PurchaseInput(
        purchase_id=message.purchase_id,
        consumer_id=message.consumer_id,
        product_id=message.product_id,
        quantity=message.quantity,
        amount=message.amount,
        currency=message.currency,
        purchased_at=purchased_at,
    )


def purchase_summary(summary: Mapping[str, Any]) -> genome_service_pb2.PurchaseSummary:
    """The message of the genome's purchase summary."""
    return genome_service_pb2.PurchaseSummary(
        value_12m=float(summary.get("value_12m", 0.0)),
        lifetime_value=float(summary.get("lifetime_value", 0.0)),
        orders=int(summary.get("orders", 0)),
        first_at=to_timestamp(summary.get("first_at")),
        last_at=to_timestamp(summary.get("last_at")),
        per_category=[
            genome_service_pb2.CategorySpend(
                category=name,
                value_12m=float(spend.get("value_12m", 0.0)),
                lifetime_value=float(spend.get("lifetime_value", 0.0)),
                orders=int(spend.get("orders", 0)),
            )
            for name, spend in sorted((summary.get("per_category") or {}).items())
        ],
    )


def genome(doc: Mapping[str, Any]) -> genome_service_pb2.Genome:
    """The message of a stored genome document."""
    loyalty = doc.get("loyalty") or {}
    segments = doc.get("segments") or {}
    return genome_service_pb2.Genome(
        consumer_id=doc["_id"],
        schema_version=int(doc["schema_version"]),
        created_at=to_timestamp(doc["created_at"]),
        updated_at=to_timestamp(doc["updated_at"]),
        consents=[consent_state(s) for s in consent_states(doc)],
        life_events=[stored_event(e) for e in doc.get("life_events") or ()],
        purchases=purchase_summary(doc.get("purchases") or {}),
        loyalty=genome_service_pb2.LoyaltyState(
            tier=stored_tier(loyalty.get("tier")),
            since=to_timestamp(loyalty.get("since")),
        ),
        segments=genome_service_pb2.Segments(
            rfm=segments.get("rfm") or "", behaviour=segments.get("behaviour") or ""
        ),
    )
