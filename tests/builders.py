"""Test data built through lifecue's own write paths, never as hand-written genome documents.

``a_consumer(db, "c1", consents=("personalization",), events=[an_event("wedding", day)])``
creates the genome the way the product does (current schema version, consent history and
audit entries, merged events, purchase summary), so a test states what it needs and
nothing else, and keeps working when the stored shape changes.
``held_for_review(db, "c1", "p1", text, [a_detection("wedding")])`` holds events for a
steward through ingest's own holding step.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from genome_store import (
    NewInteraction,
    PurchaseInput,
    StandingWrite,
    ensure_genome,
    get_genome,
    grant_consent,
    merge_life_events,
    record_interactions,
    record_purchases,
    write_standings,
)
from lifecue.config import LifeEventSettings
from lifeevents.events import DetectedEvent
from lifeevents.holding import hold_for_review
from lifeevents.ingest import PostInput
from lifeevents.taxonomy import TAXONOMY

_ids = itertools.count(1)


def an_event(
    kind: str,
    date: datetime | None,
    *,
    subject: str = "self",
    relation: str | None = None,
    precision: str = "day",
    confidence: float = 0.9,
    sensitive: bool | None = None,
    recurrence: str | None = None,
    source_post_ids: Sequence[str] = (),
    model_version: str = "test",
) -> dict[str, Any]:
    """A detected life event; recurrence and sensitivity default to the taxonomy's."""
    row = TAXONOMY[kind]
    return {
        "type": kind,
        "recurrence": recurrence or row.recurrence,
        "subject": subject,
        "relation": relation,
        "date": date,
        "date_precision": precision,
        "next_occurrence": None,
        "confidence": confidence,
        "sensitive": row.sensitive if sensitive is None else sensitive,
        "source_post_ids": list(source_post_ids),
        "model_version": model_version,
    }


def a_detection(
    kind: str,
    date: datetime | None = None,
    *,
    confidence: float = 0.6,
    pending: bool = True,
    subject: str = "self",
    relation: str | None = None,
    precision: str | None = None,
) -> DetectedEvent:
    """An event as the classifier returns it (pending by default: under the acting threshold)."""
    row = TAXONOMY[kind]
    return DetectedEvent(kind, row.recurrence, subject, relation, date,
                         precision or ("day" if date else "unknown"), None, confidence, row.sensitive, pending)  # fmt: skip


def held_for_review(
    db: Any,
    consumer_id: str,
    post_id: str,
    text: str,
    detections: Sequence[DetectedEvent],
    *,
    now: datetime | None = None,
    settings: LifeEventSettings | None = None,
    model_version: str = "test",
) -> list[dict[str, Any]]:
    """Post ``detections`` through ingest's holding step; returns the held events (pending records)."""
    moment = now or datetime.now(UTC)
    post = PostInput(post_id, consumer_id, "test", text, moment)
    cfg = settings or LifeEventSettings()
    _, held = hold_for_review(db, model_version, {0: post}, {0: list(detections)}, cfg, moment)
    return held.get(0, [])


@dataclass(frozen=True)
class APurchase:
    """A purchase to record for the consumer being built."""

    product_id: str
    amount: float
    at: datetime
    purchase_id: str = ""
    quantity: int = 1
    currency: str = "EUR"


@dataclass(frozen=True)
class AnInteraction:
    """An interaction to record for the consumer being built (the product must be in the catalog)."""

    product_id: str
    kind: str
    at: datetime
    interaction_id: str = ""


def a_consumer(
    db: Any,
    consumer_id: str,
    *,
    consents: Sequence[str] = (),
    granted_at: datetime | None = None,
    events: Sequence[Mapping[str, Any]] = (),
    purchases: Sequence[APurchase] = (),
    interactions: Sequence[AnInteraction] = (),
    tier: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A consumer with a genome, the given consents, life events, purchases, interactions and stored tier;
    returns the genome."""
    moment = now or datetime.now(UTC)
    ensure_genome(db, consumer_id, moment)
    for purpose in consents:
        grant_consent(
            db, consumer_id, purpose, source="test", at=granted_at, now=max(moment, granted_at or moment)
        )
    if events:
        merge_life_events(db, {consumer_id: list(events)}, moment)
    if purchases:
        report = record_purchases(
            db,
            [
                PurchaseInput(
                    p.purchase_id or f"{consumer_id}-o{next(_ids)}",
                    consumer_id,
                    p.product_id,
                    p.quantity,
                    p.amount,
                    p.currency,
                    p.at,
                )
                for p in purchases
            ],  # fmt: skip
            now=moment,
        )
        assert report.accepted == len(purchases), report.results
    if interactions:
        outcomes = record_interactions(
            db,
            [
                NewInteraction(
                    i.interaction_id or f"{consumer_id}-i{next(_ids)}",
                    consumer_id,
                    i.product_id,
                    i.kind,
                    i.at,
                )
                for i in interactions
            ],  # fmt: skip
            moment,
        )
        assert all(o.status == "accepted" for o in outcomes), outcomes
    if tier is not None:
        write_standings(db, [StandingWrite(consumer_id, {"tier": tier}, None, None)], moment)
    genome = get_genome(db, consumer_id)
    assert genome is not None
    return genome
