"""A serving process follows the registry by itself: change stream first, polling as the fallback."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.simulation import load_into, simulate
from services.worker import REFRESH, RETRAIN

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _served_version(stub: Any, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = stub.GetModelInfo(pb.GetModelInfoRequest())
        if info.HasField("model"):
            return str(info.model.version)
        time.sleep(0.05)
    return ""


def _published_elsewhere(app: Any) -> str:
    """Retrain in the worker role without telling this server (no wait, no sync)."""
    job, _ = app.handoff.submit(RETRAIN, {})
    done = app.handoff.wait(job.job_id, 120)
    assert done.state == "done", done.error
    return str(done.result["version"])


def _world(app: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 3, 1
    load_into(app.db, simulate(consumers=30, per_category=3, seed=5, end=NOW))


def test_the_change_stream_brings_a_new_model_without_waiting_for_a_poll(app: Any, serve: Any) -> None:
    _world(app)
    app.settings.recommender.model_poll_seconds = 600.0
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    follower = app.components["recommender"]._follower
    deadline = time.monotonic() + 10
    while not follower.live:
        assert time.monotonic() < deadline, "the models change stream did not open"
        time.sleep(0.02)
    version = _published_elsewhere(app)
    assert _served_version(stub, timeout=10) == version


def test_without_the_change_stream_a_server_polls_for_new_models(app: Any, serve: Any) -> None:
    _world(app)
    app.settings.recommender.model_change_stream = False
    app.settings.recommender.model_poll_seconds = 0.3
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    assert not app.components["recommender"]._follower.live
    version = _published_elsewhere(app)
    assert _served_version(stub, timeout=10) == version
    reply = stub.Recommend(pb.RecommendRequest(consumer_id="u00001", n=5))
    assert reply.model_version == version and reply.personalized


def test_a_server_started_later_replays_the_refreshes_of_its_base(app: Any, serve: Any) -> None:
    _world(app)
    version = _published_elsewhere(app)
    app.db.genomes.insert_one({"_id": "late", "schema_version": 1, "created_at": NOW, "updated_at": NOW,
                               "consents": {"personalization": {"granted": True, "at": NOW, "source": "t"}}})  # fmt: skip
    app.db.interactions.insert_one({"_id": "i-late", "consumer_id": "late", "product_id": "p-toys-000",
                                    "kind": "ADD_TO_CART", "occurred_at": NOW, "recorded_at": datetime.now(UTC)})  # fmt: skip
    job, _ = app.handoff.submit(REFRESH, {})
    refreshed = app.handoff.wait(job.job_id, 60)
    assert refreshed.state == "done" and refreshed.result["users"] == 1
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))  # starts after both
    info = stub.GetModelInfo(pb.GetModelInfoRequest()).model
    assert (info.version, info.refresh_seq) == (version, refreshed.result["seq"])
    assert stub.Recommend(pb.RecommendRequest(consumer_id="late")).personalized
