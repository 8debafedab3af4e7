"""Tiered loyalty offers: rules that combine the consumer's tier with approaching events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from loyalty import NONE, TIERS, Thresholds
from recommender.events import UsableEvent
from recommender.reasons import Reason


@dataclass(frozen=True)
class OfferRule:
    """Who gets which discount, and for which event (empty: no event needed)."""

    offer_id: str
    text: str
    discount_percent: float
    tiers: tuple[str, ...]
    event_types: tuple[str, ...] = ()
    within_days: int = 30
    valid_days: int = 14
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [t for t in self.tiers if t not in TIERS]
        if unknown:
            raise ValueError(f"offer {self.offer_id!r}: unknown tier(s) {unknown}; use {', '.join(TIERS)}")


@dataclass(frozen=True)
class Offer:
    """One offer for one consumer."""

    offer_id: str
    text: str
    discount_percent: float
    valid_from: datetime
    valid_until: datetime
    categories: tuple[str, ...]
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


_EVENTFUL = (
    "wedding",
    "new_baby",
    "moving_home",
    "graduation",
    "new_job",
    "retirement",
    "new_pet",
    "engagement",
)
DEFAULT_RULES: tuple[OfferRule, ...] = (
    OfferRule("platinum-event-20", "20% off everything for your {event}", 20.0, ("platinum",), _EVENTFUL, 45),
    OfferRule("gold-event-15", "15% off for your {event}", 15.0, ("gold",), _EVENTFUL, 30),
    OfferRule("silver-event-10", "10% off for your {event}", 10.0, ("silver",), _EVENTFUL, 21),
    OfferRule("birthday-gift", "A birthday treat: 10% off gifts", 10.0, ("silver", "gold", "platinum"),
              ("birthday", "anniversary"), 14, 21, ("gifts", "party", "jewelry")),
    OfferRule("platinum-free-shipping", "Free express shipping, always", 0.0, ("platinum",), (), 0, 30),
    OfferRule("gold-5", "5% off your next order", 5.0, ("gold",), (), 0, 30),
)  # fmt: skip


def tier_of(genome: Mapping[str, Any] | None, silver: float, gold: float, platinum: float) -> str:
    """The loyalty tier: as the loyalty recompute wrote it, else what the trailing 12-month value
    earns under loyalty's rule (`loyalty.Thresholds.earned`, rounded to cents)."""
    if not genome:
        return NONE
    written = (genome.get("loyalty") or {}).get("tier")
    if written in TIERS:
        return str(written)
    value = float((genome.get("purchases") or {}).get("value_12m") or 0.0)
    return Thresholds(silver, gold, platinum).earned(value)


def offers_for(
    tier: str, events: Sequence[UsableEvent], as_of: datetime, rules: Sequence[OfferRule]
) -> list[Offer]:
    """Offers of every rule the tier and the approaching events satisfy (one per rule)."""
    out = []
    for rule in rules:
        if tier not in rule.tiers:
            continue
        tier_reason = Reason("tier", f"{tier} tier")
        if not rule.event_types:
            out.append(_offer(rule, as_of, (tier_reason,), ""))
            continue
        near = [e for e in events if e.type in rule.event_types and -1 <= e.days_until <= rule.within_days]
        if not near:
            continue
        event = min(near, key=lambda e: abs(e.days_until))
        label = event.type.replace("_", " ")
        whose = f"{event.relation or 'network'}'s {label}" if event.subject == "network" else label
        reason = Reason(
            "event_offer", f"{whose} in {event.days_until} days", event.type, event.subject,
            event.relation, event.days_until, rule.discount_percent,
        )  # fmt: skip
        out.append(_offer(rule, as_of, (tier_reason, reason), whose))
    return out


def _offer(rule: OfferRule, as_of: datetime, reasons: tuple[Reason, ...], event: str) -> Offer:
    return Offer(
        offer_id=rule.offer_id,
        text=rule.text.format(event=event) if "{event}" in rule.text else rule.text,
        discount_percent=rule.discount_percent,
        valid_from=as_of,
        valid_until=as_of + timedelta(days=rule.valid_days),
        categories=rule.categories,
        reasons=reasons,
    )
