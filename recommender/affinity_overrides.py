"""Operators' corrections of event affinity: pin, block or weight a product or category.

Overrides are stored in the database (``affinity_overrides``) and applied whenever the
serving catalog is built (start-up, every refresh, every retrain), so they take effect
without a retrain. A pin sets the affinity to 1, a block to 0 (the product is never
boosted for that event), a weight to the value given; a product's own override wins
over its category's.
"""

from __future__ import annotations

from typing import Any

from genome_store import (
    Database,
    OverrideRule,
    delete_affinity_override,
    list_affinity_overrides,
    put_affinity_override,
)
from lifecue.errors import InvalidArgument, NotFound
from recommender.events import EVENT_TYPES

ACTIONS = ("pin", "block", "weight")
SUBJECT_CHOICES = ("any", "self", "network")


def set_override(
    db: Database[Any],
    event_type: str,
    action: str,
    product_id: str = "",
    category: str = "",
    subject: str = "any",
    weight: float | None = None,
    note: str = "",
    actor: str = "",
) -> str:
    """Validate and store one override (replacing one on the same target); returns its id."""
    if event_type not in EVENT_TYPES:
        raise InvalidArgument(
            "event", f"unknown event type {event_type!r}; use one of {', '.join(EVENT_TYPES)}"
        )
    if action not in ACTIONS:
        raise InvalidArgument("action", f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    if subject not in SUBJECT_CHOICES:
        raise InvalidArgument(
            "subject", f"unknown subject {subject!r}; use one of {', '.join(SUBJECT_CHOICES)}"
        )
    if bool(product_id) == bool(category):
        raise InvalidArgument("target", "name exactly one of a product id or a category")
    if action == "weight" and (weight is None or not 0.0 <= weight <= 1.0):
        raise InvalidArgument("weight", f"is {weight!r}; give a weight from 0 to 1")
    value = {"pin": 1.0, "block": 0.0}.get(action, weight if weight is not None else 1.0)
    rule = OverrideRule(event_type, subject, action, product_id, category, float(value), note, actor)
    return put_affinity_override(db, rule)


def remove_override(db: Database[Any], rule_id: str) -> None:
    """Delete one override by id; NotFound when there is none."""
    if not delete_affinity_override(db, rule_id):
        raise NotFound("affinity override", rule_id)


def overrides(db: Database[Any], event_type: str | None = None) -> list[dict[str, Any]]:
    """Stored overrides (optionally of one event type), as documents with their ``_id``."""
    if event_type is not None and event_type not in EVENT_TYPES:
        raise InvalidArgument(
            "event", f"unknown event type {event_type!r}; use one of {', '.join(EVENT_TYPES)}"
        )
    return list_affinity_overrides(db, event_type)
