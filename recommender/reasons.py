"""Why an item or offer was chosen: one small value class shared by ranking and offers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """Kind ("als", "event_boost", "popular", "cold_start", "fallback_non_personal", "tier",
    "event_offer"), the event behind it when there is one, and its weight in the score."""

    kind: str
    text: str
    event_type: str = ""
    subject: str = ""
    relation: str = ""
    days_until: int = 0
    weight: float = 0.0
