"""What revoking each purpose removes: the cascade, as conditions and counts.

- ``social_analysis``: the consumer's stored posts and every life event derived from posts;
- ``sensitive_inference``: every sensitive life event;
- ``personalization``: nothing is deleted; Recommend checks consent on every call and
  falls back to non-personal results from the moment the revocation commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store.driver_errors import storage_call
from genome_store.purposes import PERSONALIZATION, SENSITIVE_INFERENCE, SOCIAL_ANALYSIS
from genome_store.schema import POSTS

EFFECTS = {
    SOCIAL_ANALYSIS: "stored posts and life events derived from them deleted",
    SENSITIVE_INFERENCE: "sensitive life events deleted",
    PERSONALIZATION: "personalised ranking stopped; recommendations fall back to non-personal results",
}


@dataclass(frozen=True)
class Cascade:
    """What one revocation removed."""

    purpose: str
    posts_deleted: int
    life_events_deleted: int
    effect: str

    def details(self) -> dict[str, Any]:
        """The audit details of this cascade."""
        return {
            "purpose": self.purpose,
            "posts_deleted": self.posts_deleted,
            "life_events_deleted": self.life_events_deleted,
            "effect": self.effect,
        }


def event_condition(purpose: str) -> dict[str, Any] | None:
    """The ``$pull`` condition on ``life_events`` for ``purpose``, or None when none are removed."""
    if purpose == SOCIAL_ANALYSIS:
        return {"source_post_ids.0": {"$exists": True}}
    if purpose == SENSITIVE_INFERENCE:
        return {"sensitive": True}
    return None


def removes_event(purpose: str, event: Mapping[str, Any]) -> bool:
    """Whether revoking ``purpose`` removes ``event`` (the same rule as `event_condition`)."""
    if purpose == SOCIAL_ANALYSIS:
        return bool(event.get("source_post_ids"))
    if purpose == SENSITIVE_INFERENCE:
        return event.get("sensitive") is True
    return False


def removed_events(purpose: str, genome: Mapping[str, Any]) -> int:
    """How many of the genome's life events revoking ``purpose`` removes."""
    return sum(1 for e in genome.get("life_events") or () if removes_event(purpose, e))


@storage_call
def delete_posts(db: Database[Any], consumer_id: str, purpose: str, session: ClientSession) -> int:
    """Delete the consumer's stored posts when ``purpose`` covers them; returns the count."""
    if purpose != SOCIAL_ANALYSIS:
        return 0
    return db[POSTS].delete_many({"consumer_id": consumer_id}, session=session).deleted_count
