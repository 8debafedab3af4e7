"""Retrain and RecomputeTiers hand their jobs to the worker role: job ids, states, deadlines, errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest

from lifecue.config import Settings
from lifecue.v1 import common_pb2, loyalty_service_pb2, loyalty_service_pb2_grpc, recommender_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as pb
from services.app import open_app
from services.registry import select
from services.server import start_server
from tests.processes import open_channel


@pytest.fixture
def serving_only(settings: Settings, mongo_uri: str) -> Iterator[grpc.Channel]:
    """A server like `lifecue serve`: no worker in the process, none elsewhere."""
    with open_app(settings, uri=mongo_uri, worker="none") as app:
        running = start_server(app, select(["recommender", "loyalty"]), host="127.0.0.1", port=0)
        with open_channel(running.port) as channel:
            yield channel
        running.stop(0)


def test_without_a_worker_retrain_wait_answers_before_the_deadline_with_the_queued_job(
    serving_only: grpc.Channel,
) -> None:
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serving_only)
    started = time.monotonic()
    reply = stub.Retrain(pb.RetrainRequest(wait=True), timeout=3)
    assert time.monotonic() - started < 3
    assert reply.state == "started" and not reply.HasField("model")
    assert reply.job.state == common_pb2.JOB_STATE_QUEUED and reply.job.kind == "retrain"
    joined = stub.Retrain(pb.RetrainRequest())
    assert joined.state == "running" and joined.job.job_id == reply.job.job_id
    info = stub.GetModelInfo(pb.GetModelInfoRequest(job_id=reply.job.job_id))
    assert info.training and [j.state for j in info.jobs] == [common_pb2.JOB_STATE_QUEUED]
    with pytest.raises(grpc.RpcError) as err:
        stub.GetModelInfo(pb.GetModelInfoRequest(job_id="no-such-job"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_recompute_tiers_detached_returns_the_queued_job_at_once(serving_only: grpc.Channel) -> None:
    stub = loyalty_service_pb2_grpc.LoyaltyServiceStub(serving_only)
    reply = stub.RecomputeTiers(loyalty_service_pb2.RecomputeTiersRequest(detach=True), timeout=5)
    assert reply.job.kind == "recompute_tiers" and reply.job.state == common_pb2.JOB_STATE_QUEUED
    assert reply.consumers == 0 and not reply.HasField("computed_at")


def test_recompute_tiers_waits_for_the_worker_and_reports_the_job(serve: Any, db: Any) -> None:
    db.purchases.insert_one({"_id": "p1", "consumer_id": "c1", "product_id": "x", "quantity": 1, "amount": 300.0,
                             "category": None, "purchased_at": datetime.now(UTC) - timedelta(days=1)})  # fmt: skip
    stub = loyalty_service_pb2_grpc.LoyaltyServiceStub(serve("loyalty"))
    reply = stub.RecomputeTiers(loyalty_service_pb2.RecomputeTiersRequest(), timeout=60)
    assert reply.job.state == common_pb2.JOB_STATE_DONE and reply.job.attempts == 1
    assert (reply.consumers, reply.changed) == (1, 1) and reply.job.result["consumers"] == "1"
    # the recompute's last report stays on the job: its last phase and the consumers it assessed
    assert (reply.job.progress["phase"], reply.job.progress["done"]) == ("assess", "1")
    assert datetime.fromisoformat(reply.job.progress["at"]) <= datetime.now(UTC)
