"""The grpc.aio server: Recommend on the event loop when it needs no I/O, everything else in the pool.

What must hold for callers: a call that waits on the database (a genome not yet cached, a
consent write) never holds the loop, so Recommend for a cached consumer answers while another
consumer's Recommend waits on a stalled database; and the chain's refusals keep their codes,
messages and request id whether a call ran on the loop or in the pool.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from genome_store import EmbeddedMongo, ProductInput, free_port, grant_consent, upsert_products
from lifecue.config import AuthSettings, Settings
from lifecue.v1 import recommender_service_pb2 as rec_pb2
from lifecue.v1 import recommender_service_pb2_grpc as rec_grpc
from services.app import open_app
from services.recommender import recommender_of
from services.registry import select
from services.request_ids import REQUEST_ID
from services.server import RunningServer, start_server
from tests.processes import TEST_KEYS, open_channel
from tests.waiting import wait_for


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[EmbeddedMongo, RunningServer, Any]]:
    """A server (consent and recommender) on an embedded database of its own, which a test may stall."""
    database = EmbeddedMongo(tmp_path / "db", port=free_port()).start()
    settings = Settings(db_name="loop", state_dir=tmp_path / "state", auth=AuthSettings(keys=TEST_KEYS))
    try:
        with open_app(settings, uri=database.uri) as app:
            grant_consent(app.db, "c0", "personalization", source="test", actor="test")
            upsert_products(app.db, [ProductInput("p1", "Cake", "food", 2.5, [], True),
                                     ProductInput("p2", "Pram", "baby", 300.0, [], True)])  # fmt: skip
            running = start_server(app, select(["consent", "recommender"]), host="127.0.0.1", port=0)
            grant_consent(app.db, "c1", "personalization", source="test", actor="test")  # not in the cache
            try:
                yield database, running, recommender_of(app)
            finally:
                running.stop(0)
    finally:
        database.stop()


def test_recommend_for_a_cached_consumer_answers_while_another_waits_on_a_stalled_database(served) -> None:
    database, running, recommender = served
    channel = open_channel(running.port)
    stub = rec_grpc.RecommenderServiceStub(channel)
    assert wait_for(lambda: recommender._cache is not None and recommender._cache.live, 10)
    assert recommender.holds("c0") and not recommender.holds("c1")
    pid = database.pid
    assert pid is not None
    outcome: dict[str, Any] = {}

    def waiting() -> None:
        try:
            stub.Recommend(rec_pb2.RecommendRequest(consumer_id="c1", n=2), timeout=20)
            outcome["code"] = grpc.StatusCode.OK
        except grpc.RpcError as exc:
            outcome["code"] = exc.code()

    os.kill(pid, signal.SIGSTOP)
    try:
        behind = threading.Thread(target=waiting)
        behind.start()
        time.sleep(0.5)
        reply = stub.Recommend(rec_pb2.RecommendRequest(consumer_id="c0", n=2), timeout=5)
        assert len(reply.items) == 2
        assert "code" not in outcome, "the uncached consumer's call did not wait on the stalled database"
    finally:
        os.kill(pid, signal.SIGCONT)
    behind.join(30)
    assert outcome["code"] in (grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE)
    channel.close()


@pytest.mark.parametrize("cached", [True, False])
def test_refusals_keep_code_message_and_request_id_on_the_loop_and_in_the_pool(served, cached: bool) -> None:
    _, running, recommender = served
    channel = open_channel(running.port)
    stub = rec_grpc.RecommenderServiceStub(channel)
    assert wait_for(lambda: recommender._cache is not None and recommender._cache.live, 10)
    consumer = "c0" if cached else "c1"
    assert recommender.holds(consumer) is cached
    with pytest.raises(grpc.RpcError) as info:
        stub.Recommend(
            rec_pb2.RecommendRequest(consumer_id=consumer, n=100_000),
            timeout=10,
            metadata=[(REQUEST_ID, "trace-42")],
        )
    assert info.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "n" in info.value.details()
    assert (REQUEST_ID, "trace-42") in tuple(info.value.trailing_metadata() or ())
    unauthenticated = rec_grpc.RecommenderServiceStub(grpc.insecure_channel(f"127.0.0.1:{running.port}"))
    with pytest.raises(grpc.RpcError) as refused:
        unauthenticated.Recommend(rec_pb2.RecommendRequest(consumer_id="c0", n=2), timeout=10)
    assert refused.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert any(key == REQUEST_ID for key, _ in refused.value.trailing_metadata() or ())
    channel.close()
