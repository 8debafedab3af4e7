"""Why an item or offer was chosen: one small value class shared by ranking and offers.

A boosted product's reason says why it fits the event, in words an operator can check
against ``lifecue affinity show``: "Bridal Accessories: matches wedding, for your wedding
in 14 days" (meaning), "tagged wedding" (tag), "named for wedding" (a title word),
"bought before weddings" (learned), "bought alongside wedding purchases" (bought in the same
weeks as products that fit), "chosen for wedding" (an operator's override).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


class _Event(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def relation(self) -> str: ...
    @property
    def days_until(self) -> int: ...


_WHY = {
    "tag": "tagged {label}",
    "name": "named for {label}",
    "meaning": "matches {label}",
    "learned": "bought before {plural}",
    "override": "chosen for {label}",
    "together": "bought alongside {things}",
}


def fit_text(category: str, source: str, event_type: str, subject: str) -> str:
    """Why a product fits an event: "bridal accessories: matches wedding" (gifts when it is someone else's)."""
    label = event_type.replace("_", " ")
    plural = label if label.endswith("s") else f"{label}s"
    things = f"{label} purchases"
    if subject == "network":
        label, plural = f"{label} gifts", f"{label} gifts"
        things = label
    why = _WHY.get(source, "matches {label}").format(label=label, plural=plural, things=things)
    name = category.replace("_", " ").strip()
    return f"{name}: {why}" if name else why


def event_reason(event: _Event, category: str, source: str, weight: float) -> Reason:
    """The ``event_boost`` reason of one product for one event."""
    label = event.type.replace("_", " ")
    whose = f"your {event.relation or 'friend'}'s {label}" if event.subject == "network" else f"your {label}"
    when = f"in {event.days_until} days" if event.days_until >= 0 else f"{-event.days_until} days ago"
    text = f"{fit_text(category, source, event.type, event.subject)}, for {whose} {when}"
    return Reason("event_boost", text, event.type, event.subject, event.relation, event.days_until, weight)
