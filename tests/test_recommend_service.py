"""RecommenderService through a real server: retrain, hot swap, consent, events, offers, feedback."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2, recommender_service_pb2, recommender_service_pb2_grpc
from recommender.simulation import load_into, simulate
from services.worker import REFRESH, RETRAIN
from services.worker.kinds import schedules
from tests.builders import a_consumer, an_event

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WEDDING = NOW + timedelta(days=40)
GRANTED_AT = NOW - timedelta(days=300)


def _ts(value: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def _genome(
    db: Any, cid: str, consents: tuple[str, ...], events: list[dict[str, Any]], tier: str | None = None
) -> None:
    a_consumer(db, cid, consents=consents, granted_at=GRANTED_AT, events=events, tier=tier, now=NOW)


def _event(kind: str, day: datetime, subject: str = "self", sensitive: bool = False) -> dict[str, Any]:
    return an_event(kind, day, subject=subject, relation="sister" if subject == "network" else None,
                    sensitive=sensitive)  # fmt: skip


@pytest.fixture
def stub(app: Any, serve: Any, db: Any) -> recommender_service_pb2_grpc.RecommenderServiceStub:
    """A served recommender over a small simulated world plus hand-made consumers."""
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 6, 2
    load_into(app.db, simulate(consumers=60, per_category=5, seed=11, end=NOW))
    _genome(app.db, "bride", ("personalization",), [_event("wedding", WEDDING)], tier="gold")
    _genome(app.db, "no-consent", (), [_event("wedding", WEDDING)])
    _genome(
        app.db,
        "pregnant",
        ("personalization",),
        [_event("pregnancy", NOW + timedelta(days=30), sensitive=True)],
    )
    _genome(app.db, "pregnant-ok", ("personalization", "sensitive_inference"),
            [_event("pregnancy", NOW + timedelta(days=30), sensitive=True)])  # fmt: skip
    _genome(app.db, "guest", ("personalization",), [_event("wedding", NOW + timedelta(days=5), "network")])
    return recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))


def _recommend(stub: Any, cid: str, as_of: datetime = NOW, n: int = 10, **kw: Any) -> Any:
    return stub.Recommend(
        recommender_service_pb2.RecommendRequest(consumer_id=cid, n=n, as_of=_ts(as_of), **kw)
    )


def _boosts(reply: Any) -> list[Any]:
    return [r for item in reply.items for r in item.reasons if r.kind == "event_boost"]


def _retrain(stub: Any) -> Any:
    return stub.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)


def _refresh(app: Any) -> int:
    """Run the worker's incremental refresh now, then let this server take it; returns users refitted."""
    job, _ = app.handoff.submit(REFRESH, {}, join=False)
    done = app.handoff.wait(job.job_id, 60)
    assert done.state == "done", done.error
    app.components["recommender"].sync()
    return int(done.result["users"])


def test_retrain_publishes_a_version_and_recommend_serves_it(stub: Any) -> None:
    assert not stub.GetModelInfo(recommender_service_pb2.GetModelInfoRequest()).HasField("model")
    before = _recommend(stub, "u00001")
    assert not before.personalized and before.model_version == "" and len(before.items) == 10
    done = _retrain(stub)
    version = f"{done.model.kind}-000001"
    assert done.state == "done" and done.model.version == version
    assert done.model.users >= 60 and done.model.metrics["train_seconds"] > 0
    assert done.model.selection.candidates and done.model.selection.validation_users > 0
    reply = _recommend(stub, "u00001")
    assert reply.personalized and reply.model_version == version
    assert [i.score for i in reply.items] == sorted((i.score for i in reply.items), reverse=True)
    assert {i.reasons[0].kind for i in reply.items} <= {"als", "also_bought", "popular"}


def test_n_and_categories_are_validated(stub: Any) -> None:
    for n in (-1, 101):
        with pytest.raises(grpc.RpcError) as err:
            _recommend(stub, "u00001", n=n)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "n:" in (err.value.details() or "")
    with pytest.raises(grpc.RpcError) as err:
        _recommend(stub, "u00001", categories=["no-such"])
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "categories" in (
        err.value.details() or ""
    )
    assert len(_recommend(stub, "u00001", n=100).items) == 100


def test_category_filter_and_in_stock_only(stub: Any, app: Any) -> None:
    _retrain(stub)
    reply = _recommend(stub, "u00002", n=20, categories=["books", "music"])
    assert reply.items and all(i.product_id.split("-")[1] in ("books", "music") for i in reply.items)
    out_of_stock = {p["_id"] for p in app.db.products.find({"in_stock": False})}
    assert out_of_stock and not out_of_stock & {i.product_id for i in _recommend(stub, "u00003", n=100).items}


def test_no_personalization_consent_gives_the_non_personal_fallback(stub: Any) -> None:
    _retrain(stub)
    reply = _recommend(stub, "no-consent", as_of=WEDDING - timedelta(days=5))
    assert not reply.personalized and reply.model_version == ""
    assert {r.kind for i in reply.items for r in i.reasons} == {"fallback_non_personal"}
    assert not reply.offers


def test_boost_grows_as_the_event_approaches_and_carries_its_reason(stub: Any) -> None:
    _retrain(stub)
    far = _recommend(stub, "bride", as_of=WEDDING - timedelta(days=90))
    assert _boosts(far) == []
    weights = []
    for days in (50, 30, 2):  # full strength from 21 days before the day
        reply = _recommend(stub, "bride", as_of=WEDDING - timedelta(days=days))
        boosts = _boosts(reply)
        assert boosts and all(b.event_type == "wedding" and b.days_until == days for b in boosts)
        assert all(b.subject == common_pb2.SUBJECT_SELF for b in boosts)
        weights.append(max(b.weight for b in boosts))
    assert weights[0] < weights[1] < weights[2]
    assert _boosts(_recommend(stub, "bride", as_of=WEDDING + timedelta(days=30))) == []


def test_sensitive_event_boosts_only_with_sensitive_consent(stub: Any) -> None:
    _retrain(stub)
    assert _boosts(_recommend(stub, "pregnant")) == []
    boosts = _boosts(_recommend(stub, "pregnant-ok"))
    assert boosts and {b.event_type for b in boosts} == {"pregnancy"}


def test_network_event_favours_gifts_and_names_the_relation(stub: Any) -> None:
    reply = _recommend(stub, "guest")  # no model yet: cold start within event categories
    assert reply.items[0].reasons[0].kind == "cold_start"
    boosted = [i for i in reply.items if any(r.kind == "event_boost" for r in i.reasons)]
    assert len(boosted) >= 5
    cats = {i.product_id.split("-")[1] for i in boosted}
    assert cats <= {"gifts", "flowers", "jewelry", "wedding"} and cats & {"gifts", "flowers", "jewelry"}
    reason = next(r for r in boosted[0].reasons if r.kind == "event_boost")
    assert (
        reason.subject == common_pb2.SUBJECT_NETWORK
        and reason.relation == "sister"
        and reason.days_until == 5
    )


def test_tier_offers_follow_the_approaching_event(stub: Any) -> None:
    reply = _recommend(stub, "bride", as_of=WEDDING - timedelta(days=20))
    assert reply.tier == common_pb2.TIER_GOLD
    event_offer = next(o for o in reply.offers if o.offer_id == "gold-event-15")
    assert event_offer.discount_percent == 15.0 and "wedding" in event_offer.text
    assert {r.kind for r in event_offer.reasons} == {"tier", "event_offer"}
    assert event_offer.valid_until.ToDatetime() > event_offer.valid_from.ToDatetime()
    early = _recommend(stub, "bride", as_of=WEDDING - timedelta(days=45))
    assert "gold-event-15" not in {o.offer_id for o in early.offers}


def test_hot_swap_under_concurrent_recommend_calls_fails_no_request(stub: Any) -> None:
    _retrain(stub)
    errors: list[BaseException] = []
    versions: set[str] = set()
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            try:
                versions.add(_recommend(stub, "u00004", n=20).model_version)
            except grpc.RpcError as exc:  # noqa: PERF203 - collected for the assertion
                errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for _ in range(2):
            assert _retrain(stub).state == "done"
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    seen = {v.rsplit("-", 1)[-1] for v in versions | {_recommend(stub, "u00004").model_version}}
    assert {"000001", "000003"} <= seen


def test_record_interactions_is_idempotent_with_per_item_errors(stub: Any) -> None:
    at = _ts(NOW - timedelta(hours=1))
    items = [
        common_pb2.Interaction(interaction_id="i1", consumer_id="bride", product_id="p-gifts-000",
                               kind=common_pb2.CLICK, occurred_at=at),
        common_pb2.Interaction(interaction_id="i2", consumer_id="bride", product_id="nope",
                               kind=common_pb2.VIEW, occurred_at=at),
        common_pb2.Interaction(interaction_id="i3", consumer_id="stranger", product_id="p-gifts-000",
                               kind=common_pb2.VIEW, occurred_at=at),
        common_pb2.Interaction(interaction_id="i4", consumer_id="bride", product_id="p-gifts-000",
                               kind=common_pb2.INTERACTION_KIND_UNSPECIFIED, occurred_at=at),
        common_pb2.Interaction(interaction_id="i5", consumer_id="bride", product_id="p-gifts-000",
                               kind=common_pb2.VIEW),
    ]  # fmt: skip
    request = recommender_service_pb2.RecordInteractionsRequest(interactions=items)
    first = stub.RecordInteractions(request)
    statuses = [r.status for r in first.results]
    assert statuses == [common_pb2.ACCEPTED] + [common_pb2.INVALID] * 4
    assert (first.accepted, first.duplicates) == (1, 0)
    errors = [r.error for r in first.results[1:]]
    assert "interactions[1].product_id" in errors[0] and "UpsertProducts" in errors[0]
    assert "interactions[2].consumer_id" in errors[1]
    assert "interactions[3].kind" in errors[2] and "interactions[4].occurred_at" in errors[3]
    again = stub.RecordInteractions(request)
    assert (again.accepted, again.duplicates) == (0, 1) and again.results[0].status == common_pb2.DUPLICATE


def test_refresh_folds_in_new_feedback_and_dismissals_suppress(stub: Any, app: Any) -> None:
    _retrain(stub)
    _genome(app.db, "newcomer", ("personalization",), [])
    assert not _recommend(stub, "newcomer").personalized
    at = _ts(NOW - timedelta(hours=1))
    clicks = [
        common_pb2.Interaction(interaction_id=f"n{k}", consumer_id="newcomer", product_id=f"p-toys-00{k}",
                               kind=common_pb2.ADD_TO_CART, occurred_at=at)
        for k in range(4)
    ]  # fmt: skip
    stub.RecordInteractions(recommender_service_pb2.RecordInteractionsRequest(interactions=clicks))
    assert _refresh(app) == 1
    reply = _recommend(stub, "newcomer")
    assert reply.personalized
    top = reply.items[0].product_id
    dismiss = common_pb2.Interaction(interaction_id="d1", consumer_id="newcomer", product_id=top,
                                     kind=common_pb2.DISMISS, occurred_at=at)  # fmt: skip
    stub.RecordInteractions(recommender_service_pb2.RecordInteractionsRequest(interactions=[dismiss]))
    _refresh(app)
    shown = [i.product_id for i in _recommend(stub, "newcomer", n=100).items]
    assert top not in shown
    bought = shown[0]
    app.db.purchases.insert_one({"_id": "buy-1", "consumer_id": "newcomer", "product_id": bought, "quantity": 1,
                                 "amount": 5.0, "currency": "EUR", "category": None,
                                 "purchased_at": datetime.now(UTC)})  # fmt: skip
    _refresh(app)
    assert bought not in {i.product_id for i in _recommend(stub, "newcomer", n=100).items}
    assert {REFRESH, RETRAIN} <= {s.kind for s in schedules(app)}


def test_retrain_without_wait_reports_started_then_model_info_shows_it(stub: Any, app: Any) -> None:
    started = stub.Retrain(recommender_service_pb2.RetrainRequest(wait=False))
    assert started.state in ("started", "running") and started.job.kind == "retrain"
    job = app.handoff.wait(started.job.job_id, 120)
    assert job.state == "done"
    deadline = time.monotonic() + 10  # the server's follower swaps the new model in by itself
    while not stub.GetModelInfo(recommender_service_pb2.GetModelInfoRequest()).HasField("model"):
        assert time.monotonic() < deadline, "the new model was not picked up"
        time.sleep(0.05)
    info = stub.GetModelInfo(recommender_service_pb2.GetModelInfoRequest())
    assert info.model.version == f"{info.model.kind}-000001" and not info.training
    assert info.model.data_from.ToDatetime() < info.model.data_to.ToDatetime()


def test_genome_cache_drops_a_revoked_consent_within_the_change_stream_delay(app: Any, serve: Any) -> None:
    app.settings.recommender.genome_cache = True
    app.db.products.insert_one(
        {"_id": "p1", "title": "t", "category": "gifts", "price": 1.0, "tags": ["gift"], "in_stock": True}
    )
    _genome(app.db, "guest", ("personalization",), [_event("wedding", NOW + timedelta(days=5), "network")])
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    assert app.components["recommender"]._cache.live
    assert _boosts(_recommend(stub, "guest"))  # now cached
    app.db.genomes.update_one({"_id": "guest"}, {"$set": {"consents.personalization.granted": False}})
    deadline = time.perf_counter() + 1.0
    while _boosts(_recommend(stub, "guest")) and time.perf_counter() < deadline:
        time.sleep(0.005)
    assert not _recommend(stub, "guest").personalized and _boosts(_recommend(stub, "guest")) == []


def test_retrain_with_nothing_to_learn_from_is_a_failed_precondition(app: Any, serve: Any) -> None:
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    with pytest.raises(grpc.RpcError) as err:
        _retrain(stub)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "record interactions" in (
        err.value.details() or ""
    )
