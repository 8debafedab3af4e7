"""Rankings kept between Recommend calls are served only while everything they came from holds.

The unit half checks the cache's own rules; the served half asks a real server twice and then
changes one input at a time (a new life event, the next day, a new model), each of which must
show in the very next answer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import merge_life_events
from lifecue.v1 import recommender_service_pb2, recommender_service_pb2_grpc
from recommender.events import UsableEvent
from recommender.ranking_cache import RankingCache, events_key
from recommender.simulation import load_into, simulate
from tests.builders import a_consumer, an_event

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _event(days: int) -> UsableEvent:
    return UsableEvent("e1", "wedding", "self", "", days, 0.9)


def test_an_entry_is_served_only_for_the_same_snapshot_genome_and_events() -> None:
    cache = RankingCache(10)
    snap, genome, ranking = object(), {"consents": {}}, object()
    key = ("c1", 10, True, ())
    cache.put(key, snap, genome, events_key([_event(3)]), ranking)
    assert cache.get(key, snap, genome, events_key([_event(3)])) is ranking
    assert cache.get(key, object(), genome, events_key([_event(3)])) is None  # another snapshot
    assert cache.get(key, snap, dict(genome), events_key([_event(3)])) is None  # an equal but re-read genome
    assert cache.get(key, snap, genome, events_key([_event(2)])) is None  # a day later
    assert cache.get(("c1", 5, True, ()), snap, genome, events_key([_event(3)])) is None  # another n


def test_the_cache_stays_within_its_size_dropping_the_oldest() -> None:
    cache = RankingCache(3)
    snap = object()
    for k in range(5):
        cache.put((f"c{k}", 10, True, ()), snap, None, (), k)
    assert len(cache) == 3
    assert cache.get(("c0", 10, True, ()), snap, None, ()) is None
    assert cache.get(("c4", 10, True, ()), snap, None, ()) == 4
    cache.clear()
    assert len(cache) == 0


@pytest.fixture
def served(app: Any, serve: Any) -> recommender_service_pb2_grpc.RecommenderServiceStub:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 4, 2
    load_into(app.db, simulate(consumers=40, per_category=5, seed=11, end=NOW))
    a_consumer(app.db, "bride", consents=("personalization",), granted_at=NOW - timedelta(days=300), now=NOW)
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    stub.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    return stub


def _recommend(stub: Any, as_of: datetime = NOW, cid: str = "bride") -> Any:
    ts = Timestamp()
    ts.FromDatetime(as_of)
    return stub.Recommend(recommender_service_pb2.RecommendRequest(consumer_id=cid, n=10, as_of=ts))


def _boost_days(reply: Any) -> set[int]:
    return {r.days_until for item in reply.items for r in item.reasons if r.kind == "event_boost"}


def test_a_repeated_call_reuses_the_ranking_and_answers_the_same(served: Any, app: Any) -> None:
    recommender = app.components["recommender"]
    first = recommender.recommend("u00001", 10, NOW)
    assert recommender.recommend("u00001", 10, NOW).ranking is first.ranking
    assert recommender.recommend("u00001", 10, NOW + timedelta(hours=20)).ranking is first.ranking  # same day
    assert _recommend(served, cid="u00001") == _recommend(served, cid="u00001")


def test_a_new_event_the_next_day_and_a_new_model_each_show_at_once(served: Any, app: Any) -> None:
    before = _recommend(served)
    assert before.items and not _boost_days(before)
    merge_life_events(app.db, {"bride": [an_event("wedding", NOW + timedelta(days=10))]}, NOW)
    with_event = _recommend(served)
    assert _boost_days(with_event) == {10}
    assert _boost_days(_recommend(served, NOW + timedelta(hours=23))) == {10}  # whole days: same all day
    assert _boost_days(_recommend(served, NOW + timedelta(days=1, hours=1))) == {9}
    version = with_event.model_version
    served.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    after = _recommend(served)
    assert after.model_version and after.model_version != version
    assert _boost_days(after) == {10}
