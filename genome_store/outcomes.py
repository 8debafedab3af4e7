"""Per-item outcomes of batch writes (products, purchases)."""

from __future__ import annotations

from dataclasses import dataclass

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
INVALID = "invalid"


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item: its id, a status above, and for INVALID the field and fix."""

    id: str
    status: str
    error: str = ""
