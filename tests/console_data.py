"""Test data for the console: consumers with consents, posts, life events, purchases and tiers,
written through the same genome_store and loyalty functions the services use; and pending
events for the review queue, held by the real ingest use case.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from genome_store import consents
from genome_store.life_events import merge_events
from genome_store.posts import insert_posts, post_document
from genome_store.products import ProductInput, upsert_products
from genome_store.purchases import PurchaseInput, record_purchases
from lifecue.config import LifeEventSettings, LoyaltySettings
from lifeevents.ingest import PostInput, ingest_posts
from lifeevents.pipeline import Classifier
from loyalty import LoyaltyPolicy, Recompute

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
CROWD = 40  # consumers c-000..c-039 with purchases and one upcoming event each
CROWD_EVENTS = ("birthday", "wedding", "new_baby", "moving_home", "new_job", "graduation", "anniversary")
BUSY_HOURS = (9, 12, 12, 13, 18, 19, 19, 20, 20, 21)


def event(
    kind: str, when: datetime | None, posts: list[str], sensitive: bool = False, **extra: Any
) -> dict[str, Any]:
    """A detected life event as ingest hands it to the genome store."""
    return {
        "type": kind,
        "recurrence": "recurring" if kind in ("birthday", "anniversary") else "one_off",
        "subject": extra.get("subject", "self"),
        "relation": extra.get("relation"),
        "date": when,
        "date_precision": "day" if when else "unknown",
        "next_occurrence": None,
        "confidence": 0.9,
        "sensitive": sensitive,
        "source_post_ids": posts,
        "model_version": "test",
    }


def seed(db: Any, now: datetime = NOW, crowd: int = CROWD) -> dict[str, Any]:
    """Three named consumers and ``crowd`` more with purchases and events; tiers recomputed 60 days ago and now.

    ``c-ana``: all three consents, 3 posts, a wedding in 3 weeks, a pregnancy (sensitive) and a
    birthday; ``c-ben``: social_analysis only, 1 post, a new job next week, a bereavement (sensitive,
    not consented: never counted); ``c-cy``: personalization only, purchases, no events.
    """
    upsert_products(db, [ProductInput(f"p{k}", f"Product {k}", ("home", "gifts", "baby")[k % 3], 10.0 + k)
                         for k in range(6)])  # fmt: skip
    for cid, purposes in (("c-ana", ("social_analysis", "personalization", "sensitive_inference")),
                          ("c-ben", ("social_analysis",)), ("c-cy", ("personalization",))):  # fmt: skip
        for purpose in purposes:
            consents.grant(
                db, cid, purpose, source="test", evidence="signed form", actor="seed (admin)", now=now
            )
    posts = [("a1", "c-ana", "We're getting married in three weeks!"), ("a2", "c-ana", "Baby on the way"),
             ("a3", "c-ana", "Birthday party!"), ("b1", "c-ben", "Starting my new job next week")]  # fmt: skip
    insert_posts(db, [post_document(p, c, "test", t, now - timedelta(days=1), now, 30) for p, c, t in posts])
    merge_events(db, "c-ana", [
        event("wedding", now + timedelta(days=21), ["a1"]),
        event("pregnancy", now + timedelta(days=60), ["a2"], sensitive=True),
        event("birthday", datetime(1990, now.month, now.day, tzinfo=UTC) + timedelta(days=10), ["a3"]),
    ], now)  # fmt: skip
    merge_events(db, "c-ben", [
        event("new_job", now + timedelta(days=7), ["b1"]),
        event("bereavement", now - timedelta(days=2), ["b1"], sensitive=True),
    ], now)  # fmt: skip
    rng = random.Random(7)
    buys = [PurchaseInput(f"o-cy{k}", "c-cy", f"p{k}", 1, 120.0, "EUR", now - timedelta(days=200 + 20 * k))
            for k in range(4)]  # fmt: skip
    for k in range(crowd):
        cid = f"c-{k:03d}"
        scale = (30, 80, 300, 1400)[k % 4]
        for j in range(1 + k % 5):
            at = _at(now - timedelta(days=rng.randint(70, 400)), rng)
            buys.append(
                PurchaseInput(
                    f"o{k}-{j}", cid, f"p{(k + j) % 6}", 1, scale * rng.uniform(0.5, 1.5), "EUR", at
                )
            )
    record_purchases(db, buys, now=now)
    policy = LoyaltyPolicy.from_settings(LoyaltySettings())
    Recompute(db, policy).run(now - timedelta(days=60))
    late = [
        PurchaseInput(f"late{k}-{j}", f"c-{k:03d}", f"p{(k + j) % 6}", 1,
                      (150.0, 900.0, 3000.0)[k % 3] if k % 3 == 0 and j == 0 else rng.uniform(15, 60), "EUR",
                      _at(now - timedelta(days=rng.randint(1, 55)), rng))
        for k in range(crowd) for j in range(1 + k % 3)
    ]  # fmt: skip
    record_purchases(db, late, now=now)
    for k in range(crowd):
        kind = rng.choice(CROWD_EVENTS)
        merge_events(db, f"c-{k:03d}", [event(kind, now + timedelta(days=rng.randint(0, 80)), [])], now)
    buys += late
    result = Recompute(db, policy).run(now)
    return {"posts": len(posts), "purchases": len(buys), "recompute": result}


def _at(day: datetime, rng: random.Random) -> datetime:
    """A time on ``day`` at one of the busy hours (UTC), so the heat map has a shape to show."""
    return day.replace(hour=rng.choice(BUSY_HOURS), minute=rng.randint(0, 59))


#: posts that leave an event pending: (post id, consumer, text, the event type it holds)
REVIEW_POSTS = (
    ("r-ana", "c-ana", "Big news coming soon 👀", "pregnancy"),
    ("r-ben", "c-ben", "Meet Biscuit 🐶 he's ours", "new_pet"),
)


def doubtful(classifier: Classifier) -> Classifier:
    """The same model acting on nothing: every event it finds at or above the review threshold is pending."""
    return Classifier(artifact=classifier.artifact, encoder=classifier.encoder, acting_threshold=1.01,
                      review_threshold=0.5)  # fmt: skip


def hold_review_posts(db: Any, classifier: Classifier, now: datetime = NOW) -> list[dict[str, Any]]:
    """Ingest `REVIEW_POSTS` with ``classifier`` (see `doubtful`); returns the pending events, in order.

    Held by the real ingest use case, so the queue holds what a connector's posts would leave:
    c-ana's guessed pregnancy (low confidence and sensitive) and c-ben's new pet (low confidence;
    the shipped model scores both under its acting threshold, and `doubtful` holds them anyway).
    """
    posts = [PostInput(pid, cid, "test", text, now - timedelta(hours=k + 1))
             for k, (pid, cid, text, _) in enumerate(REVIEW_POSTS)]  # fmt: skip
    outcomes = ingest_posts(db, classifier, LifeEventSettings(), posts, now)
    held = []
    for outcome, (_, _, text, kind) in zip(outcomes, REVIEW_POSTS, strict=True):
        found = [e for e in outcome.events if e["type"] == kind and e.get("pending")]
        assert found, f"the model no longer finds {kind} in {text!r} ({outcome}); pick another post for it"
        held.append(found[0])
    return held
