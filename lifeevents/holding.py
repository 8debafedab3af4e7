"""The ingest step that keeps uncertain and sensitive events away from personalisation.

`hold_for_review` splits each post's detected events into those acted on now (merged into
the genome by the caller) and those held for a steward (`lifeevents.review.reasons_held`),
and stores the held ones in ``review_items`` with a copy of the post as evidence. One bulk
write per call; the ingest orchestration only calls this one function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from genome_store import Database, hold_review_items, review_item_document
from lifeevents.events import DetectedEvent
from lifeevents.records import event_record
from lifeevents.review import pending_record, reasons_held

if TYPE_CHECKING:
    from lifecue.config import LifeEventSettings
    from lifeevents.ingest import PostInput


def hold_for_review(
    db: Database[Any],
    model_version: str,
    posts: Mapping[int, PostInput],
    found: Mapping[int, list[DetectedEvent]],
    settings: LifeEventSettings,
    now: datetime,
) -> tuple[dict[int, list[DetectedEvent]], dict[int, list[dict[str, Any]]]]:
    """(events to act on, held events as pending records) per post index; the held ones are stored."""
    acting: dict[int, list[DetectedEvent]] = {}
    docs: list[dict[str, Any]] = []
    owners: list[int] = []
    for i, events in found.items():
        post = posts[i]
        held = [(e, reasons_held(e, settings.review_sensitive)) for e in events]
        acting[i] = [e for e, reasons in held if not reasons]
        acted = [e.type for e in acting[i]]
        for event, reasons in held:
            if not reasons:
                continue
            assert post.posted_at is not None  # checked before classification
            docs.append(
                review_item_document(
                    consumer_id=post.consumer_id,
                    post_id=post.post_id,
                    text=post.text,
                    platform=post.platform,
                    posted_at=post.posted_at,
                    event=event_record(event, model_version, [post.post_id]),
                    reasons=reasons,
                    acted=acted,
                    now=now,
                    retention_days=settings.review_retention_days,
                )
            )
            owners.append(i)
    pending: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i, doc in zip(owners, hold_review_items(db, docs), strict=True):
        pending[i].append(pending_record(doc))
    return acting, dict(pending)
