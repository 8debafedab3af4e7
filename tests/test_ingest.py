"""LifeEventService through a real gRPC server on the real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import merge_life_events
from genome_store.schema import GENOMES, POSTS
from lifecue.v1 import common_pb2, life_event_service_pb2_grpc
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents.pipeline import Classifier
from services.app import App
from services.lifeevents import CLASSIFIER
from services.worker import SWEEP_POSTS
from tests.builders import a_consumer, an_event

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def shared_classifier() -> Classifier:
    """The shipped model, loaded once for the module instead of once per server."""
    return Classifier()


@pytest.fixture
def stub(
    app: App, serve: Any, shared_classifier: Classifier
) -> life_event_service_pb2_grpc.LifeEventServiceStub:
    app.components[CLASSIFIER] = shared_classifier
    return life_event_service_pb2_grpc.LifeEventServiceStub(serve("lifeevents"))


def _genome(db: Any, consumer_id: str, *purposes: str) -> None:
    a_consumer(db, consumer_id, consents=purposes, granted_at=NOW)


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def _post(post_id: str, consumer: str, text: str, days_ago: float = 1.0) -> common_pb2.SocialPost:
    return common_pb2.SocialPost(
        post_id=post_id,
        consumer_id=consumer,
        platform="test",
        text=text,
        posted_at=_ts(NOW - timedelta(days=days_ago)),
    )


def test_accepts_stores_classifies_and_merges_with_provenance(stub: Any, app: App) -> None:
    _genome(app.db, "c1", "social_analysis")
    reply = stub.IngestPosts(
        pb.IngestPostsRequest(
            posts=[
                _post("p1", "c1", "Got the keys to our new flat today!!! 📦", days_ago=0),
                _post("p2", "c1", "lovely walk by the river this morning"),
            ]
        )
    )
    first, second = reply.results
    assert (first.post_id, first.status) == ("p1", common_pb2.ACCEPTED)
    assert [e.type for e in first.events] == ["moving_home"]
    event = first.events[0]
    assert list(event.source_post_ids) == ["p1"] and event.model_version == reply.model_version != ""
    assert event.subject == common_pb2.SUBJECT_SELF and event.date_precision == common_pb2.DAY
    assert (second.status, list(second.events)) == (common_pb2.ACCEPTED, [])
    stored = app.db[POSTS].find_one({"_id": "p1"})
    assert stored["consumer_id"] == "c1"
    retention = app.settings.lifeevents.post_retention_days
    assert abs((stored["expires_at"] - stored["stored_at"]) - timedelta(days=retention)) < timedelta(
        seconds=1
    )
    genome = app.db[GENOMES].find_one({"_id": "c1"})
    assert [e["type"] for e in genome["life_events"]] == ["moving_home"]


def test_without_consent_a_post_is_neither_stored_nor_classified(stub: Any, app: App) -> None:
    _genome(app.db, "c-no", "personalization")
    reply = stub.IngestPosts(
        pb.IngestPostsRequest(
            posts=[
                _post("p1", "c-no", "We're engaged!!! 💍"),
                _post("p2", "c-unknown", "We're engaged!!! 💍"),
            ]
        )
    )
    assert [r.status for r in reply.results] == [common_pb2.REJECTED_NO_CONSENT] * 2
    assert all(len(r.events) == 0 for r in reply.results)
    assert app.db[POSTS].count_documents({}) == 0
    assert "life_events" not in app.db[GENOMES].find_one({"_id": "c-no"})


def test_duplicates_in_a_batch_and_across_calls(stub: Any, app: App) -> None:
    _genome(app.db, "c1", "social_analysis")
    post = _post("p1", "c1", "Just started my new job at the bakery!!")
    first = stub.IngestPosts(pb.IngestPostsRequest(posts=[post, post]))
    assert [r.status for r in first.results] == [common_pb2.ACCEPTED, common_pb2.DUPLICATE]
    again = stub.IngestPosts(pb.IngestPostsRequest(posts=[post]))
    assert [r.status for r in again.results] == [common_pb2.DUPLICATE]
    events = app.db[GENOMES].find_one({"_id": "c1"})["life_events"]
    assert [(e["type"], e["source_post_ids"]) for e in events] == [("new_job", ["p1"])]


def test_one_bad_post_never_fails_the_batch(stub: Any, app: App) -> None:
    _genome(app.db, "c1", "social_analysis")
    no_time = common_pb2.SocialPost(post_id="p3", consumer_id="c1", text="We adopted a puppy!")
    reply = stub.IngestPosts(
        pb.IngestPostsRequest(
            posts=[
                _post("p1", "c1", "   "),
                _post("", "c1", "We adopted a puppy!"),
                no_time,
                _post("p4", "c1", "x" * (app.settings.lifeevents.max_text_chars + 1)),
                _post("p5", "c1", "We adopted a puppy!! meet Biscuit 🐶"),
            ]
        )
    )
    statuses = [r.status for r in reply.results]
    assert statuses == [common_pb2.INVALID] * 4 + [common_pb2.ACCEPTED]
    errors = [r.error for r in reply.results[:4]]
    assert errors[0].startswith("posts[0].text") and errors[1].startswith("posts[1].post_id")
    assert errors[2].startswith("posts[2].posted_at") and errors[3].startswith("posts[3].text")
    assert [e.type for e in reply.results[4].events] == ["new_pet"]
    assert app.db[POSTS].distinct("_id") == ["p5"]


def test_too_many_posts_is_invalid_argument_naming_the_field(stub: Any, app: App) -> None:
    limit = app.settings.lifeevents.max_posts_per_call
    with pytest.raises(grpc.RpcError) as err:
        stub.IngestPosts(pb.IngestPostsRequest(posts=[_post(f"p{i}", "c1", "hi") for i in range(limit + 1)]))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "posts" in err.value.details()


def test_same_event_in_two_posts_is_one_event_with_more_evidence(stub: Any, app: App) -> None:
    _genome(app.db, "c1", "social_analysis")
    one = stub.IngestPosts(
        pb.IngestPostsRequest(posts=[_post("p1", "c1", "My sister is getting married in June!! 💍")])
    )
    two = stub.IngestPosts(
        pb.IngestPostsRequest(
            posts=[_post("p2", "c1", "bridesmaid dress bought for my sister's wedding 👗💍")]
        )
    )
    (before,), (after,) = one.results[0].events, two.results[0].events
    assert before.event_id == after.event_id and before.type == "wedding" and after.relation == "sister"
    assert list(after.source_post_ids) == ["p1", "p2"] and after.confidence > before.confidence
    assert after.date_precision == common_pb2.MONTH
    assert len(app.db[GENOMES].find_one({"_id": "c1"})["life_events"]) == 1


def test_retention_sweep_deletes_expired_posts_but_keeps_events(stub: Any, app: App) -> None:
    _genome(app.db, "c1", "social_analysis")
    stub.IngestPosts(
        pb.IngestPostsRequest(posts=[_post("p1", "c1", "We got a new kitten today!! 🐱", days_ago=0)])
    )
    stub.IngestPosts(pb.IngestPostsRequest(posts=[_post("p2", "c1", "nice coffee")]))
    app.db[POSTS].update_one({"_id": "p1"}, {"$set": {"expires_at": NOW - timedelta(seconds=1)}})
    job, _ = app.handoff.submit(SWEEP_POSTS, {})  # the worker role's retention sweep
    assert app.handoff.wait(job.job_id, 60).result["deleted"] == 1
    assert app.db[POSTS].distinct("_id") == ["p2"]
    assert [e["type"] for e in app.db[GENOMES].find_one({"_id": "c1"})["life_events"]] == ["new_pet"]


def test_classify_text_stores_nothing_and_validates(stub: Any, app: App) -> None:
    reply = stub.ClassifyText(
        pb.ClassifyTextRequest(text="Happy birthday to my big sister!! 🎂", posted_at=_ts(NOW))
    )
    assert [(e.type, e.relation, e.recurrence) for e in reply.events] == [
        ("birthday", "sister", common_pb2.RECURRING)
    ]
    assert reply.model_version and app.db[POSTS].count_documents({}) == 0
    with pytest.raises(grpc.RpcError) as err:
        stub.ClassifyText(pb.ClassifyTextRequest(text="  "))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and err.value.details().startswith("text")


def _stored(db: Any, consumer: str, events: list[dict[str, Any]]) -> None:
    merge_life_events(db, {consumer: [{**an_event(e["type"], e.get("date")), **e} for e in events]}, NOW)


def test_list_upcoming_projects_recurring_events_and_hides_sensitive_without_consent(
    stub: Any, app: App
) -> None:
    as_of = datetime(2026, 3, 11, 12, tzinfo=UTC)
    _genome(app.db, "c1", "social_analysis")
    _stored(
        app.db,
        "c1",
        [
            {"type": "birthday", "recurrence": "recurring", "date": datetime(1990, 3, 20, tzinfo=UTC),
             "date_precision": "day", "subject": "network", "relation": "mom"},
            {"type": "wedding", "date": datetime(2026, 3, 14, tzinfo=UTC), "date_precision": "day"},
            {"type": "graduation", "date": datetime(2026, 9, 1, tzinfo=UTC), "date_precision": "month"},
            {"type": "moving_home", "date": datetime(2026, 3, 1, tzinfo=UTC), "date_precision": "day"},
            {"type": "pregnancy", "date": datetime(2026, 3, 30, tzinfo=UTC), "date_precision": "day",
             "sensitive": True},
            {"type": "new_job", "date": None, "date_precision": "unknown"},
        ],
    )  # fmt: skip
    request = pb.ListLifeEventsRequest(consumer_id="c1", upcoming_within_days=30, as_of=_ts(as_of))
    upcoming = stub.ListLifeEvents(request).events
    assert [e.type for e in upcoming] == ["wedding", "birthday"]
    assert upcoming[1].next_occurrence.ToDatetime(tzinfo=UTC) == datetime(2026, 3, 20, tzinfo=UTC)
    request.include_sensitive = True
    assert [e.type for e in stub.ListLifeEvents(request).events] == ["wedding", "birthday"]
    app.db[GENOMES].update_one(
        {"_id": "c1"}, {"$set": {"consents.sensitive_inference": {"granted": True, "at": NOW}}}
    )
    assert [e.type for e in stub.ListLifeEvents(request).events] == ["wedding", "birthday", "pregnancy"]
    everything = stub.ListLifeEvents(pb.ListLifeEventsRequest(consumer_id="c1", as_of=_ts(as_of))).events
    assert [e.type for e in everything] == ["moving_home", "wedding", "birthday", "graduation", "new_job"]


def test_list_unknown_consumer_is_not_found_and_negative_days_invalid(stub: Any) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.ListLifeEvents(pb.ListLifeEventsRequest(consumer_id="nobody"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        stub.ListLifeEvents(pb.ListLifeEventsRequest(consumer_id="c1", upcoming_within_days=-1))
    assert (
        err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "upcoming_within_days" in err.value.details()
    )


def test_demo_step_ingests_persona_posts_and_rejects_without_consent(
    app: App, serve: Any, shared_classifier: Classifier
) -> None:
    from services.demo import posts as step
    from services.demo.context import DemoContext
    from services.demo.personas import PERSONAS

    for persona in PERSONAS:
        _genome(app.db, persona.consumer_id, *persona.consents)
    app.components[CLASSIFIER] = shared_classifier
    lines = step.run(DemoContext(channel=serve("lifeevents"), as_of=NOW))
    text = "\n".join(lines)
    assert "p-dev-1    REJECTED_NO_CONSENT" in text
    assert "wedding (their sister)" in text and "moving_home (self)" in text
    ana = app.db[GENOMES].find_one({"_id": "c-ana"})["life_events"]
    assert [(e["type"], len(e["source_post_ids"])) for e in ana] == [("wedding", 2)]
    assert app.db[POSTS].count_documents({"consumer_id": "c-dev"}) == 0
