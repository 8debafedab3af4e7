"""The review queue through LifeEventService on real gRPC servers: ingest holds, stewards decide.

The shipped classifier is loaded once; a second classifier over the same artifact and encoder
acts on nothing (`tests.console_data.doubtful`), so every event it finds is low-confidence and held.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import REVIEW_RESOLVE, get_genome, list_audit_entries
from lifecue.v1 import (
    common_pb2,
    life_event_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents.pipeline import Classifier
from recommender.simulation import load_into, simulate
from services.app import App
from services.lifeevents import CLASSIFIER
from tests.builders import a_consumer, a_detection, held_for_review
from tests.console_data import doubtful as doubtful_model

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def shipped() -> Classifier:
    """The shipped model, loaded once for the module."""
    return Classifier()


@pytest.fixture(scope="module")
def doubtful(shipped: Classifier) -> Classifier:
    """The same model acting on nothing: every event at or above the review threshold is pending."""
    return doubtful_model(shipped)


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def _post(post_id: str, consumer: str, text: str) -> common_pb2.SocialPost:
    return common_pb2.SocialPost(post_id=post_id, consumer_id=consumer, platform="test", text=text,
                                 posted_at=_ts(NOW - timedelta(hours=1)))  # fmt: skip


def _stubs(app: App, serve: Any, classifier: Classifier) -> tuple[Any, Any]:
    """(ingest stub, steward stub) of one LifeEventService server using ``classifier``."""
    app.components[CLASSIFIER] = classifier
    ingest = life_event_service_pb2_grpc.LifeEventServiceStub(serve("lifeevents", role="ingest"))
    steward = life_event_service_pb2_grpc.LifeEventServiceStub(serve.channel("steward", subject="kim"))
    return ingest, steward


def _listed(stub: Any, consumer: str, **extra: Any) -> list[tuple[str, bool]]:
    request = pb.ListLifeEventsRequest(consumer_id=consumer, as_of=_ts(NOW), include_sensitive=True, **extra)
    return [(e.type, e.pending) for e in stub.ListLifeEvents(request).events]


def test_a_low_confidence_event_is_held_until_a_steward_confirms_it(
    app: App, serve: Any, doubtful: Classifier
) -> None:
    a_consumer(app.db, "c1", consents=("social_analysis", "personalization"), granted_at=NOW)
    ingest, steward = _stubs(app, serve, doubtful)
    reply = ingest.IngestPosts(pb.IngestPostsRequest(posts=[_post("p1", "c1", "We're engaged!!! 💍")]))
    (event,) = reply.results[0].events
    assert (event.type, event.pending, event.event_id) == ("engagement", True, "")
    assert event.review_item_id and event.confidence >= doubtful.review_threshold
    assert not get_genome(app.db, "c1").get("life_events")
    assert _listed(steward, "c1") == [] and _listed(steward, "c1", include_pending=True) == [
        ("engagement", True)
    ]

    (item,) = steward.ListReviewItems(pb.ListReviewItemsRequest()).items
    assert (item.item_id, item.post_text, item.consumer_id) == (
        event.review_item_id,
        "We're engaged!!! 💍",
        "c1",
    )
    assert list(item.reasons) == [pb.REVIEW_REASON_LOW_CONFIDENCE] and item.state == pb.REVIEW_STATE_PENDING
    assert (
        item.proposed.model_version == reply.model_version and item.expires_at.seconds > item.held_at.seconds
    )

    done = steward.ResolveReviewItem(
        pb.ResolveReviewItemRequest(item_id=item.item_id, decision=pb.REVIEW_DECISION_CONFIRM)
    )
    assert (
        done.changed
        and done.item.state == pb.REVIEW_STATE_CONFIRMED
        and done.item.resolved_by == "kim (steward)"
    )
    assert done.event.event_id and list(done.event.source_post_ids) == ["p1"] and not done.event.pending
    assert _listed(steward, "c1", include_pending=True) == [("engagement", False)]
    assert steward.ListReviewItems(pb.ListReviewItemsRequest()).items == []
    (entry,) = list_audit_entries(app.db, action=REVIEW_RESOLVE).entries
    assert entry.actor == "kim (steward)" and entry.details["decision"] == "confirmed"


def test_sensitive_events_are_held_by_default_whatever_their_confidence(
    app: App, serve: Any, shipped: Classifier
) -> None:
    a_consumer(app.db, "c1", consents=("social_analysis", "sensitive_inference"), granted_at=NOW)
    ingest, steward = _stubs(app, serve, shipped)
    reply = ingest.IngestPosts(
        pb.IngestPostsRequest(posts=[_post("p1", "c1", "We're pregnant!! baby due in August 🤰")])
    )
    (event,) = reply.results[0].events
    assert (event.type, event.sensitive, event.pending) == ("pregnancy", True, True)
    assert event.confidence >= shipped.threshold  # confident, held because it is sensitive
    (item,) = steward.ListReviewItems(pb.ListReviewItemsRequest(reason=pb.REVIEW_REASON_SENSITIVE)).items
    assert list(item.reasons) == [pb.REVIEW_REASON_SENSITIVE]
    assert (
        steward.ListReviewItems(pb.ListReviewItemsRequest(reason=pb.REVIEW_REASON_LOW_CONFIDENCE)).items == []
    )
    assert _listed(steward, "c1") == []

    app.settings.lifeevents.review_sensitive = False
    reply = ingest.IngestPosts(
        pb.IngestPostsRequest(posts=[_post("p2", "c1", "We're pregnant!! baby due in August 🤰")])
    )
    assert [(e.type, e.pending) for e in reply.results[0].events] == [("pregnancy", False)]
    assert _listed(steward, "c1") == [("pregnancy", False)]


def test_corrections_rejections_and_bad_decisions_over_grpc(
    app: App, serve: Any, shipped: Classifier
) -> None:
    a_consumer(app.db, "c1", consents=("social_analysis",), granted_at=NOW)
    (pet,) = held_for_review(app.db, "c1", "p1", "not getting a dog lol", [a_detection("new_pet")])
    (job,) = held_for_review(app.db, "c1", "p2", "first day!!", [a_detection("graduation")])
    _, steward = _stubs(app, serve, shipped)
    bad = {
        "decision": pb.ResolveReviewItemRequest(item_id=pet["review_item_id"]),
        "correction": pb.ResolveReviewItemRequest(item_id=pet["review_item_id"], decision=pb.REVIEW_DECISION_CORRECT),
        "correction.subject": pb.ResolveReviewItemRequest(
            item_id=pet["review_item_id"], decision=pb.REVIEW_DECISION_CORRECT,
            correction=pb.ReviewCorrection(event_type="new_pet")),
        "item_id": pb.ResolveReviewItemRequest(item_id=" ", decision=pb.REVIEW_DECISION_REJECT),
    }  # fmt: skip
    for field, request in bad.items():
        with pytest.raises(grpc.RpcError) as err:
            steward.ResolveReviewItem(request)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and err.value.details().startswith(field)
    with pytest.raises(grpc.RpcError) as err:
        steward.ListReviewItems(pb.ListReviewItemsRequest(page_token="not-a-token"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in err.value.details()

    rejected = steward.ResolveReviewItem(
        pb.ResolveReviewItemRequest(item_id=pet["review_item_id"], decision=pb.REVIEW_DECISION_REJECT)
    )
    assert rejected.item.state == pb.REVIEW_STATE_REJECTED and not rejected.HasField("event")
    day = NOW + timedelta(days=3)
    fix = pb.ReviewCorrection(event_type="new_job", subject=common_pb2.SUBJECT_SELF, date=_ts(day))
    corrected = steward.ResolveReviewItem(
        pb.ResolveReviewItemRequest(
            item_id=job["review_item_id"], decision=pb.REVIEW_DECISION_CORRECT, correction=fix
        )
    )
    assert (corrected.event.type, corrected.event.date_precision) == ("new_job", common_pb2.DAY)
    assert corrected.event.date.ToDatetime().date() == day.date()
    assert corrected.item.resolved_event.type == "new_job" and corrected.item.proposed.type == "graduation"
    with pytest.raises(grpc.RpcError) as err:
        steward.ResolveReviewItem(
            pb.ResolveReviewItemRequest(item_id=job["review_item_id"], decision=pb.REVIEW_DECISION_CONFIRM)
        )
    assert (
        err.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "already corrected" in err.value.details()
    )
    with pytest.raises(grpc.RpcError) as err:
        steward.ResolveReviewItem(
            pb.ResolveReviewItemRequest(item_id="ri-nothing", decision=pb.REVIEW_DECISION_REJECT)
        )
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert [e["type"] for e in get_genome(app.db, "c1")["life_events"]] == ["new_job"]


def _boosts(rec: Any, consumer: str, as_of: datetime) -> set[str]:
    reply = rec.Recommend(
        recommender_service_pb2.RecommendRequest(consumer_id=consumer, n=10, as_of=_ts(as_of))
    )
    return {r.event_type for item in reply.items for r in item.reasons if r.kind == "event_boost"}


def test_a_pending_event_boosts_nothing_until_confirmed_then_on_the_next_call(
    app: App, serve: Any, shipped: Classifier
) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 4, 2
    load_into(app.db, simulate(consumers=40, per_category=5, seed=11, end=NOW))
    a_consumer(
        app.db,
        "u00001",
        consents=("social_analysis", "personalization"),
        granted_at=NOW - timedelta(days=300),
    )
    wedding = NOW + timedelta(days=20)
    (held,) = held_for_review(
        app.db, "u00001", "p1", "wedding in 3 weeks??", [a_detection("wedding", wedding)]
    )
    app.components[CLASSIFIER] = shipped
    channel = serve("recommender", "lifeevents")
    rec = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    rec.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    assert "wedding" not in _boosts(rec, "u00001", NOW)
    life = life_event_service_pb2_grpc.LifeEventServiceStub(channel)
    life.ResolveReviewItem(
        pb.ResolveReviewItemRequest(item_id=held["review_item_id"], decision=pb.REVIEW_DECISION_CONFIRM)
    )
    assert "wedding" in _boosts(rec, "u00001", NOW)  # the genome cache heard of the new event


def test_demo_steward_confirms_bens_pregnancy_and_leaves_eves_waiting(
    app: App, serve: Any, shipped: Classifier
) -> None:
    from services.demo import posts, review
    from services.demo.context import DemoContext
    from services.demo.personas import PERSONAS

    for persona in PERSONAS:
        a_consumer(app.db, persona.consumer_id, consents=persona.consents, granted_at=NOW)
    app.components[CLASSIFIER] = shipped
    ctx = DemoContext(channel=serve("lifeevents"), as_of=NOW)
    assert "c-ben usable events: none yet" in "\n".join(posts.run(ctx))
    lines = review.run(ctx)
    assert any("confirmed: Ben told it himself" in line for line in lines), lines
    assert [e["type"] for e in get_genome(app.db, "c-ben")["life_events"]] == ["pregnancy"]
    assert not get_genome(app.db, "c-eve").get("life_events")
    steward = life_event_service_pb2_grpc.LifeEventServiceStub(serve.channel("steward"))
    waiting = steward.ListReviewItems(pb.ListReviewItemsRequest(consumer_id="c-eve")).items
    assert [(i.post_id, i.proposed.type) for i in waiting] == [("p-eve-1", "pregnancy")]
    assert lines[-1] == "1 still waiting (console: Review queue)"
