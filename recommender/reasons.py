"""Why an item or offer was chosen: one small value class shared by ranking and offers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Kind ("als", "also_bought", "popular", "new_product", "event_boost", "cold_start",
    "fallback_non_personal", "tier", "event_offer"), the event behind it when there is one,
    the consumer's product behind an "also_bought", and its weight in the score."""

    kind: str
    text: str
    event_type: str = ""
    subject: str = ""
    relation: str = ""
    days_until: int = 0
    weight: float = 0.0
    product_id: str = ""
