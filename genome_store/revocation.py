"""What revoking each purpose removes: the cascade, as conditions and counts.

- ``social_analysis``: the consumer's stored posts, every life event derived from posts, and
  every review item (pending events with their evidence, reviewed examples kept for training);
- ``sensitive_inference``: every sensitive life event and every sensitive review item;
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
from genome_store.schema import POSTS, REVIEW_ITEMS

EFFECTS = {
    SOCIAL_ANALYSIS: "stored posts, life events derived from them and review items deleted",
    SENSITIVE_INFERENCE: "sensitive life events and sensitive review items deleted",
    PERSONALIZATION: "personalised ranking stopped; recommendations fall back to non-personal results",
}


@dataclass(frozen=True)
class Cascade:
    """What one revocation removed."""

    purpose: str
    posts_deleted: int
    life_events_deleted: int
    effect: str
    review_items_deleted: int = 0

    def details(self) -> dict[str, Any]:
        """The audit details of this cascade."""
        return {
            "purpose": self.purpose,
            "posts_deleted": self.posts_deleted,
            "life_events_deleted": self.life_events_deleted,
            "review_items_deleted": self.review_items_deleted,
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


def review_condition(purpose: str) -> dict[str, Any] | None:
    """The filter on the consumer's ``review_items`` revoking ``purpose`` deletes, or None when none go."""
    if purpose == SOCIAL_ANALYSIS:
        return {}
    if purpose == SENSITIVE_INFERENCE:
        return {"sensitive": True}
    return None


@storage_call
def count_review_items(db: Database[Any], consumer_id: str, purpose: str) -> int:
    """How many of the consumer's review items revoking ``purpose`` deletes."""
    condition = review_condition(purpose)
    if condition is None:
        return 0
    return db[REVIEW_ITEMS].count_documents({**condition, "consumer_id": consumer_id})


@storage_call
def delete_review_items(db: Database[Any], consumer_id: str, purpose: str, session: ClientSession) -> int:
    """Delete the consumer's review items ``purpose`` covers (evidence and labelled examples); returns the count."""
    condition = review_condition(purpose)
    if condition is None:
        return 0
    return (
        db[REVIEW_ITEMS].delete_many({**condition, "consumer_id": consumer_id}, session=session).deleted_count
    )
