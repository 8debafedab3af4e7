"""The metrics are recorded where things happen: IngestPosts outcomes and events found, the classifier
and recommender versions a process serves (on every swap), worker job runs, genome cache lookups."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from prometheus_client import REGISTRY

from lifecue.v1 import (
    common_pb2,
    life_event_service_pb2,
    life_event_service_pb2_grpc,
    recommender_service_pb2_grpc,
)
from lifecue.v1 import recommender_service_pb2 as pb
from recommender.simulation import load_into, simulate
from services.worker import RETRAIN
from tests.builders import a_consumer

NOW = datetime.now(UTC).replace(microsecond=0)
SIM_END = datetime(2026, 6, 1, tzinfo=UTC)


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def test_ingest_counts_outcomes_and_events_and_the_classifier_version_is_published(
    app: Any, serve: Any
) -> None:
    a_consumer(app.db, "c-met", consents=["social_analysis"], granted_at=NOW - timedelta(days=2))
    stub = life_event_service_pb2_grpc.LifeEventServiceStub(serve("lifeevents"))
    classifier = app.components["lifeevents.classifier"]
    assert value("lifecue_model_info", kind="classifier", version=classifier.version) == 1
    before = {s: value("lifecue_posts_ingested_total", status=s) for s in ("ACCEPTED", "REJECTED_NO_CONSENT")}
    weddings = value("lifecue_life_events_found_total", event_type="wedding")
    posts = [
        common_pb2.SocialPost(post_id="m-1", consumer_id="c-met", platform="t",
                              text="We got married yesterday! Best day of our lives", posted_at=_ts(NOW)),
        common_pb2.SocialPost(post_id="m-2", consumer_id="c-nobody", platform="t", text="hello",
                              posted_at=_ts(NOW)),
    ]  # fmt: skip
    reply = stub.IngestPosts(life_event_service_pb2.IngestPostsRequest(posts=posts), timeout=60)
    found = [e.type for e in reply.results[0].events]
    assert reply.results[0].status == common_pb2.ACCEPTED and "wedding" in found
    assert value("lifecue_posts_ingested_total", status="ACCEPTED") == before["ACCEPTED"] + 1
    assert (
        value("lifecue_posts_ingested_total", status="REJECTED_NO_CONSENT")
        == before["REJECTED_NO_CONSENT"] + 1
    )
    assert value("lifecue_life_events_found_total", event_type="wedding") == weddings + found.count("wedding")


def test_swaps_jobs_and_cache_lookups_are_counted(app: Any, serve: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 2, 1
    load_into(app.db, simulate(consumers=30, per_category=3, seed=5, end=SIM_END))
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    assert value("lifecue_model_info", kind="recommender", version="none") == 1  # no model yet
    runs = value("lifecue_job_seconds_count", job_name=RETRAIN)
    reply = stub.Retrain(pb.RetrainRequest(wait=True), timeout=120)
    assert reply.state == "done"
    assert value("lifecue_model_info", kind="recommender", version=reply.model.version) == 1
    assert value("lifecue_model_info", kind="recommender", version="none") == 0
    assert value("lifecue_job_seconds_count", job_name=RETRAIN) == runs + 1
    assert value("lifecue_job_last_success_timestamp_seconds", job_name=RETRAIN) > time.time() - 120

    cache = app.components["recommender"]._cache
    deadline = time.monotonic() + 10
    while not cache.live:
        assert time.monotonic() < deadline, "the genome change stream did not open"
        time.sleep(0.02)
    # a consumer who arrived after the model's rankings were computed ahead: read and ranked once
    a_consumer(app.db, "late", consents=("personalization",))
    hits, misses = (value("lifecue_genome_cache_lookups_total", result=r) for r in ("hit", "miss"))
    kept, ranked = (value("lifecue_ranking_lookups_total", result=r) for r in ("hit", "miss"))
    for _ in range(3):
        stub.Recommend(pb.RecommendRequest(consumer_id="late", n=3), timeout=10)
    assert value("lifecue_genome_cache_lookups_total", result="miss") == misses + 1
    assert value("lifecue_genome_cache_lookups_total", result="hit") == hits + 2
    assert value("lifecue_ranking_lookups_total", result="miss") == ranked + 1
    assert value("lifecue_ranking_lookups_total", result="hit") == kept + 2
