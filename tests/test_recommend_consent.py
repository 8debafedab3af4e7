"""Consent takes effect on the very next Recommend with the genome cache on (the default).

Real servers on loopback: ConsentService changes a consent, RecommenderService answers
at once. The ``stalled`` variant freezes the change stream (it goes live but never
delivers), so only the in-process notice of `genome_store.changes` can evict: the
answer must still change on the next call.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import changes
from lifecue.v1 import (
    common_pb2,
    consent_service_pb2,
    consent_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from recommender import genome_cache
from recommender.genome_cache import GenomeCache
from recommender.simulation import load_into, simulate
from tests.builders import a_consumer, an_event

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PREGNANCY = an_event("pregnancy", NOW + timedelta(days=30), sensitive=True)


class _StalledWatch:
    """A change stream that is live but never delivers anything."""

    def __init__(self, db: Any, on_change: Any, on_live: Any, *args: Any, **kwargs: Any) -> None:
        on_live(True)

    def close(self) -> None:
        """Nothing to stop."""


@pytest.fixture(params=["stream", "stalled"])
def stubs(request: Any, app: Any, serve: Any, monkeypatch: Any) -> Iterator[tuple[Any, Any]]:
    """Recommender and consent stubs over one server with a trained model."""
    if request.param == "stalled":
        monkeypatch.setattr(genome_cache, "watch_genomes", _StalledWatch)
    cfg = app.settings.recommender
    assert cfg.genome_cache  # the default
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 4, 2
    load_into(app.db, simulate(consumers=40, per_category=5, seed=11, end=NOW))
    a_consumer(app.db, "mum", consents=("personalization",), granted_at=NOW - timedelta(days=300),
               events=[PREGNANCY], now=NOW)  # fmt: skip
    channel = serve("recommender", "consent")
    rec = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    rec.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=120)
    assert app.components["recommender"]._cache.live
    yield rec, consent_service_pb2_grpc.ConsentServiceStub(channel)


def _recommend(rec: Any, cid: str) -> Any:
    ts = Timestamp()
    ts.FromDatetime(NOW)
    return rec.Recommend(recommender_service_pb2.RecommendRequest(consumer_id=cid, n=10, as_of=ts))


def _cached(app: Any, cid: str) -> bool:
    return cid in app.components["recommender"]._cache._entries


def _boost_types(reply: Any) -> set[str]:
    return {r.event_type for item in reply.items for r in item.reasons if r.kind == "event_boost"}


def test_revoke_then_grant_personalization_applies_to_the_next_call(stubs: Any, app: Any) -> None:
    rec, consent = stubs
    assert _recommend(rec, "u00001").personalized and _cached(app, "u00001")
    revoke = consent_service_pb2.RevokeConsentRequest(
        consumer_id="u00001", purpose=common_pb2.PURPOSE_PERSONALIZATION
    )
    consent.RevokeConsent(revoke)
    reply = _recommend(rec, "u00001")
    assert not reply.personalized and reply.items[0].reasons[0].kind == "fallback_non_personal"
    consent.GrantConsent(
        consent_service_pb2.GrantConsentRequest(
            consumer_id="u00001", purpose=common_pb2.PURPOSE_PERSONALIZATION
        )
    )
    assert _recommend(rec, "u00001").personalized


def test_sensitive_inference_gates_the_boost_on_the_next_call(stubs: Any) -> None:
    rec, consent = stubs
    assert "pregnancy" not in _boost_types(_recommend(rec, "mum"))  # cached without the consent
    purpose = common_pb2.PURPOSE_SENSITIVE_INFERENCE
    consent.GrantConsent(consent_service_pb2.GrantConsentRequest(consumer_id="mum", purpose=purpose))
    assert "pregnancy" in _boost_types(_recommend(rec, "mum"))
    consent.RevokeConsent(consent_service_pb2.RevokeConsentRequest(consumer_id="mum", purpose=purpose))
    assert "pregnancy" not in _boost_types(_recommend(rec, "mum"))  # the cascade deleted the event


def test_erasure_applies_to_the_next_call(stubs: Any) -> None:
    rec, consent = stubs
    assert _recommend(rec, "u00002").personalized
    consent.EraseConsumer(consent_service_pb2.EraseConsumerRequest(consumer_id="u00002", reason="test"))
    reply = _recommend(rec, "u00002")
    assert not reply.personalized and reply.tier == common_pb2.TIER_NONE


def test_a_listener_that_fails_does_not_fail_the_write_or_other_listeners() -> None:
    seen: list[str] = []

    def broken(_: str) -> None:
        raise RuntimeError("boom")

    undo = [changes.subscribe(broken), changes.subscribe(seen.append)]
    try:
        changes.publish("c1")
    finally:
        for u in undo:
            u()
    changes.publish("c2")
    assert seen == ["c1"]


def test_genome_writes_publish_after_they_commit(db: Any) -> None:
    from genome_store import consents, life_events, purchases
    from genome_store.genomes import ensure_genome

    seen: list[tuple[str, bool]] = []

    def listener(cid: str) -> None:  # the write is visible when the notice arrives
        seen.append((cid, db.genomes.find_one({"_id": cid}) is not None))

    undo = changes.subscribe(listener)
    try:
        ensure_genome(db, "a", NOW)
        consents.grant(db, "b", "personalization", now=NOW)
        life_events.merge_events(db, "b", [{**PREGNANCY, "sensitive": False}], NOW)
        purchases.record_purchases(db, [purchases.PurchaseInput("o1", "c", "p1", 1, 5.0, "EUR", NOW)], NOW)
        purchases.refresh_summary(db, "c", NOW)
    finally:
        undo()
    assert seen == [("a", True), ("b", True), ("b", True), ("c", True), ("c", True)]


def test_a_database_without_change_streams_neither_delays_start_up_nor_serves_from_memory() -> None:
    import time
    from unittest import mock

    db = mock.MagicMock()
    db.__getitem__.return_value.watch.side_effect = RuntimeError("change streams need a replica set")
    db.__getitem__.return_value.find_one.return_value = {"_id": "c1", "consents": {}}
    started = time.perf_counter()
    cache = GenomeCache(db, {"consents": 1})
    try:
        assert time.perf_counter() - started < 2 and not cache.live
        assert cache.get("c1") == {"_id": "c1", "consents": {}}
        assert cache.get("c1") is not None and db.__getitem__.return_value.find_one.call_count == 2
    finally:
        cache.close()
