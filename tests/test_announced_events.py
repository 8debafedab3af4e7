"""Events a post tells of as done, with no date of their own, boost from the post's day (real servers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from genome_store import get_genome
from lifecue.v1 import (
    common_pb2,
    life_event_service_pb2,
    life_event_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from lifeevents.pipeline import Classifier
from recommender.simulation import load_into, simulate
from services.app import App
from services.lifeevents import CLASSIFIER
from services.timestamps import to_timestamp as _ts
from tests.builders import a_consumer

NOW = datetime.now(UTC).replace(microsecond=0)


def _boosts(rec: Any, consumer: str, as_of: datetime) -> dict[str, int]:
    """Event type -> days until it, of the event boosts in the consumer's answer."""
    reply = rec.Recommend(
        recommender_service_pb2.RecommendRequest(consumer_id=consumer, n=10, as_of=_ts(as_of))
    )
    return {r.event_type: r.days_until for i in reply.items for r in i.reasons if r.kind == "event_boost"}


def test_a_birth_announced_without_a_date_boosts_from_the_posts_day(app: App, serve: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 4, 2
    load_into(app.db, simulate(consumers=40, per_category=5, seed=11, end=NOW))
    for consumer in ("x-parent", "x-couple"):
        a_consumer(app.db, consumer, consents=("social_analysis", "personalization"),
                   granted_at=NOW - timedelta(days=300))  # fmt: skip
    app.components[CLASSIFIER] = Classifier()
    channel = serve("recommender", "lifeevents")
    posted = NOW - timedelta(days=3)
    posts = [
        ("p1", "x-parent", "Welcome to the world our baby girl Olivia 💕 7lbs 2oz, mum and baby doing great"),
        ("p2", "x-couple", "Can't wait to marry my best friend 💒"),
    ]
    life_event_service_pb2_grpc.LifeEventServiceStub(channel).IngestPosts(
        life_event_service_pb2.IngestPostsRequest(
            posts=[
                common_pb2.SocialPost(
                    post_id=p, consumer_id=c, platform="test", text=t, posted_at=_ts(posted)
                )
                for p, c, t in posts
            ]  # fmt: skip
        )
    )
    (birth,) = get_genome(app.db, "x-parent")["life_events"]
    assert birth["type"] == "new_baby" and birth["date"] is None
    assert birth["announced_on"].date() == posted.date()
    (wedding,) = get_genome(app.db, "x-couple")["life_events"]
    assert wedding["type"] == "wedding" and wedding.get("announced_on") is None
    rec = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    rec.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    assert _boosts(rec, "x-parent", NOW) == {"new_baby": -3}  # born three days ago
    assert _boosts(rec, "x-parent", NOW + timedelta(days=200)) == {}  # long past its window
    assert _boosts(rec, "x-couple", NOW) == {}  # a wedding some day: nothing to count from
