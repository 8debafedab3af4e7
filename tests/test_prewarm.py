"""Rankings computed ahead of calls: made for every consumer after each model swap, and held to
the ranking cache's rules (a consent change shows in the very next answer)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY

from genome_store import revoke_consent
from lifecue.v1 import recommender_service_pb2, recommender_service_pb2_grpc
from recommender.prewarm import Prewarm
from recommender.ranker import rank
from recommender.serving import DAY_SWITCH_CALLS
from recommender.simulation import load_into, simulate

NOW = datetime(2026, 6, 1, tzinfo=UTC)
CONSUMERS = 40


def test_a_new_request_stops_the_round_in_progress_and_starts_another() -> None:
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def work(stop: Callable[[], bool]) -> int:
        seen.append(len(seen))
        if len(seen) == 1:
            started.set()
            release.wait(10)
            assert stop()  # the second request came while this round ran
            return 1
        return 5

    prewarm = Prewarm(work)
    try:
        prewarm.request()
        assert started.wait(10)
        prewarm.request()
        assert not prewarm.wait_idle(0.05)
        release.set()
        assert prewarm.wait_idle(10)
        assert seen == [0, 1]
        assert prewarm.rounds == 2
        assert (prewarm.last.ranked, prewarm.last.finished) == (5, True)
    finally:
        prewarm.close()


def test_a_failing_round_is_logged_and_the_next_request_runs_again() -> None:
    calls: list[int] = []

    def work(stop: Callable[[], bool]) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return 3

    prewarm = Prewarm(work)
    try:
        prewarm.request()
        assert prewarm.wait_idle(10)
        assert prewarm.last.ranked == 0
        prewarm.request()
        assert prewarm.wait_idle(10)
        assert prewarm.last.ranked == 3
    finally:
        prewarm.close()


@pytest.fixture
def served(app: Any, serve: Any) -> Any:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 4, 2
    load_into(app.db, simulate(consumers=CONSUMERS, per_category=5, seed=11, end=NOW))
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    stub.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    recommender = app.components["recommender"]
    assert recommender.prewarm is not None and recommender.prewarm.wait_idle(60)
    return recommender


def _lookups() -> tuple[float, float]:
    got = (REGISTRY.get_sample_value("lifecue_ranking_lookups_total", {"result": r}) for r in ("hit", "miss"))
    hits, misses = (v or 0.0 for v in got)
    return hits, misses


def test_every_modelled_consumer_is_ranked_before_its_first_call(served: Any) -> None:
    snap = served.snapshot
    assert snap.version and len(snap.user_index) >= CONSUMERS // 2
    assert served.prewarm.last.finished and served.prewarm.last.ranked >= len(snap.user_index)
    assert served.kept_rankings >= len(snap.user_index)
    hits, misses = _lookups()
    for consumer_id in list(snap.user_index)[:10]:
        got = served.recommend(consumer_id, served.options.prewarm_n)
        fresh = rank(
            snap, consumer_id, served.options.prewarm_n, got.events, True, True, (), served.options.boost
        )
        assert [(i.product_id, i.score) for i in got.ranking.items] == [
            (i.product_id, i.score) for i in fresh.items
        ]
    assert _lookups() == (hits + 10, misses)  # each first call was answered from what was ranked ahead
    served.recommend(next(iter(snap.user_index)), served.options.prewarm_n + 1)  # another shape ranks
    assert _lookups() == (hits + 10, misses + 1)


def test_calls_about_another_day_move_the_rankings_ahead_to_that_day(served: Any) -> None:
    ids = list(served.snapshot.user_index)
    rounds = served.prewarm.rounds
    for k in range(DAY_SWITCH_CALLS - 1):
        served.recommend(ids[k % 3], 10, NOW)
    assert served.prewarm.rounds == rounds  # not yet: a few calls about a day are not a habit
    served.recommend(ids[0], 10, NOW)
    assert served.prewarm.wait_idle(60) and served.prewarm.rounds == rounds + 1
    hits, misses = _lookups()
    replies = [served.recommend(c, 10, NOW + timedelta(hours=7)) for c in ids[3:13]]  # not asked about before
    assert _lookups() == (hits + 10, misses)
    assert any(r.events for r in replies)  # rankings that differ by day were among them


def test_a_revoked_consent_shows_in_the_next_answer_after_prewarming(served: Any, app: Any) -> None:
    consumer_id = next(c for c in served.snapshot.user_index if served.recommend(c, 10).ranking.personalized)
    revoke_consent(app.db, consumer_id, "personalization", source="test", now=datetime.now(UTC))
    assert not served.recommend(consumer_id, 10).ranking.personalized


def test_a_new_model_is_ranked_ahead_again(served: Any, serve: Any) -> None:
    rounds = served.prewarm.rounds
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    stub.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    # Retrain with wait answers once the new model's rankings are computed ahead, not before
    assert served.prewarm.wait_idle(0)
    assert served.prewarm.rounds > rounds
    assert served.kept_rankings >= len(served.snapshot.user_index)
    assert served.recommend(next(iter(served.snapshot.user_index)), 10, NOW + timedelta(days=1)).ranking.items
