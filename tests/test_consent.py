"""ConsentService through a real server: grants, history, revocation cascades, audit, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc

SA, PZ, SI = (
    common_pb2.PURPOSE_SOCIAL_ANALYSIS,
    common_pb2.PURPOSE_PERSONALIZATION,
    common_pb2.PURPOSE_SENSITIVE_INFERENCE,
)
NOW = datetime.now(UTC)


@pytest.fixture
def stub(serve) -> consent_service_pb2_grpc.ConsentServiceStub:
    return consent_service_pb2_grpc.ConsentServiceStub(
        serve("consent", role="steward", subject="steward-kim")
    )


def grant(stub: Any, consumer_id: str, purpose: Any, evidence: str = "form-1") -> Any:
    request = consent_service_pb2.GrantConsentRequest(
        consumer_id=consumer_id, purpose=purpose, source="web_signup", evidence=evidence
    )
    return stub.GrantConsent(request)


def revoke(stub: Any, consumer_id: str, purpose: Any) -> Any:
    request = consent_service_pb2.RevokeConsentRequest(
        consumer_id=consumer_id, purpose=purpose, source="privacy_center"
    )
    return stub.RevokeConsent(request)


def ingest_like(db: Any, consumer_id: str, post_ids: list[str]) -> None:
    """What the life-event pipeline stores: posts, and events derived from them in the genome."""
    for pid in post_ids:
        db.posts.insert_one({"_id": pid, "consumer_id": consumer_id, "platform": "x", "text": "news",
                             "posted_at": NOW, "stored_at": NOW, "expires_at": NOW + timedelta(days=30)})  # fmt: skip
    events = [
        event(f"{consumer_id}-wed", "wedding", [post_ids[0]], sensitive=False),
        event(f"{consumer_id}-preg", "pregnancy", [post_ids[1]], sensitive=True),
        event(f"{consumer_id}-manual", "birthday", [], sensitive=False),
        event(f"{consumer_id}-grief", "bereavement", [], sensitive=True),
    ]
    db.genomes.update_one({"_id": consumer_id}, {"$push": {"life_events": {"$each": events}}})


def event(event_id: str, kind: str, posts: list[str], sensitive: bool) -> dict[str, Any]:
    return {"event_id": event_id, "type": kind, "recurrence": "one_off", "subject": "self", "relation": None,
            "date": NOW, "date_precision": "day", "next_occurrence": None, "confidence": 0.9,
            "sensitive": sensitive, "source_post_ids": posts, "model_version": "t", "detected_at": NOW}  # fmt: skip


def event_ids(db: Any, consumer_id: str) -> set[str]:
    return {e["event_id"] for e in db.genomes.find_one({"_id": consumer_id}).get("life_events", [])}


def test_grant_then_get_shows_state_and_history(stub) -> None:
    first = grant(stub, "c1", SA, evidence="form-1")
    again = grant(stub, "c1", SA, evidence="form-2")
    grant(stub, "c1", PZ)
    assert first.changed and first.consent.granted
    assert not again.changed and again.consent.evidence == "form-2"
    assert again.consent.at == first.consent.at  # a refresh keeps when it was granted
    reply = stub.GetConsents(consent_service_pb2.GetConsentsRequest(consumer_id="c1"))
    states = {s.purpose: s.granted for s in reply.consents}
    assert states == {SA: True, PZ: True, SI: False}
    assert [(h.purpose, h.granted, h.evidence, h.actor) for h in reply.history] == [
        (SA, True, "form-1", "steward-kim (steward)"),
        (SA, True, "form-2", "steward-kim (steward)"),
        (PZ, True, "form-1", "steward-kim (steward)"),
    ]


def test_granted_at_is_kept_as_given(stub) -> None:
    when = Timestamp(seconds=int((NOW - timedelta(days=3)).timestamp()))
    request = consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=PZ, granted_at=when)
    assert stub.GrantConsent(request).consent.at == when


def test_revoking_social_analysis_deletes_exactly_posts_and_post_derived_events(stub, db) -> None:
    for consumer in ("c1", "c2"):
        grant(stub, consumer, SA)
        ingest_like(db, consumer, [f"{consumer}-p1", f"{consumer}-p2"])
    reply = revoke(stub, "c1", SA)
    assert reply.changed and not reply.consent.granted
    assert (reply.posts_deleted, reply.life_events_deleted) == (2, 2)
    assert db.posts.count_documents({"consumer_id": "c1"}) == 0
    assert event_ids(db, "c1") == {"c1-manual", "c1-grief"}
    # nothing of anyone else is touched
    assert db.posts.count_documents({"consumer_id": "c2"}) == 2
    assert event_ids(db, "c2") == {"c2-wed", "c2-preg", "c2-manual", "c2-grief"}


def test_revoking_sensitive_inference_deletes_only_sensitive_events(stub, db) -> None:
    grant(stub, "c1", SA)
    grant(stub, "c1", SI)
    ingest_like(db, "c1", ["p1", "p2"])
    reply = revoke(stub, "c1", SI)
    assert (reply.posts_deleted, reply.life_events_deleted) == (0, 2)
    assert event_ids(db, "c1") == {"c1-wed", "c1-manual"}
    assert db.posts.count_documents({"consumer_id": "c1"}) == 2


def test_revoking_personalization_deletes_nothing_and_is_visible_at_once(stub, db) -> None:
    from genome_store.consents import has_consent

    grant(stub, "c1", SA)
    grant(stub, "c1", PZ)
    ingest_like(db, "c1", ["p1", "p2"])
    assert has_consent(db, "c1", "personalization")
    reply = revoke(stub, "c1", PZ)
    assert (reply.posts_deleted, reply.life_events_deleted) == (0, 0)
    assert not has_consent(db, "c1", "personalization")
    assert has_consent(db, "c1", "social_analysis")
    assert len(event_ids(db, "c1")) == 4


def test_each_cascade_is_audited_with_counts(stub, db) -> None:
    grant(stub, "c1", SA)
    ingest_like(db, "c1", ["p1", "p2"])
    revoke(stub, "c1", SA)
    again = revoke(stub, "c1", SA)
    assert not again.changed and again.posts_deleted == 0
    page = stub.ListAuditLog(
        consent_service_pb2.ListAuditLogRequest(consumer_id="c1", action="consent.revoke.cascade")
    )
    assert [
        (e.actor, e.details["posts_deleted"], e.details["life_events_deleted"]) for e in page.entries
    ] == [
        ("steward-kim (steward)", 0, 0),
        ("steward-kim (steward)", 2, 2),
    ]
    actions = [
        e.action for e in stub.ListAuditLog(consent_service_pb2.ListAuditLogRequest(consumer_id="c1")).entries
    ]
    assert actions.count("consent.grant") == 1 and actions.count("consent.revoke") == 2


def test_audit_log_pages_newest_first_without_gaps(stub) -> None:
    for i in range(7):
        grant(stub, f"c{i}", PZ)
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        reply = stub.ListAuditLog(consent_service_pb2.ListAuditLogRequest(page_size=3, page_token=token))
        seen += [e.consumer_id for e in reply.entries]
        pages += 1
        token = reply.next_page_token
        if not token:
            break
    assert pages == 3
    assert seen == [f"c{i}" for i in reversed(range(7))]


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (consent_service_pb2.GrantConsentRequest(consumer_id="", purpose=SA), "consumer_id"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="x" * 129, purpose=SA), "consumer_id"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="c1"), "purpose"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=9), "purpose"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=SA, granted_at=Timestamp(nanos=-5)),
         "granted_at"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=SA,
                                                 granted_at=Timestamp(seconds=int(NOW.timestamp()) + 9 * 86400)),
         "granted_at"),
        (consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=SA, evidence="e" * 1001), "evidence"),
    ],
)  # fmt: skip
def test_bad_grants_are_invalid_argument_naming_the_field_and_write_nothing(
    stub, db, request_, field
) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.GrantConsent(request_)
    assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert err.value.details().startswith(field)
    assert db.genomes.count_documents({}) == 0 and db.audit_log.count_documents({}) == 0


def test_unknown_consumer_is_not_found(stub, db) -> None:
    for call, request in (
        (stub.RevokeConsent, consent_service_pb2.RevokeConsentRequest(consumer_id="ghost", purpose=SA)),
        (stub.GetConsents, consent_service_pb2.GetConsentsRequest(consumer_id="ghost")),
        (stub.ExportConsumerData, consent_service_pb2.ExportConsumerDataRequest(consumer_id="ghost")),
        (stub.EraseConsumer, consent_service_pb2.EraseConsumerRequest(consumer_id="ghost")),
    ):
        with pytest.raises(grpc.RpcError) as err:
            call(request)
        assert err.value.code() is grpc.StatusCode.NOT_FOUND
        assert "consumer_id" in err.value.details()
    assert db.audit_log.count_documents({}) == 0


def test_bad_audit_queries_are_invalid_argument(stub) -> None:
    for request, field in (
        (consent_service_pb2.ListAuditLogRequest(page_size=501), "page_size"),
        (consent_service_pb2.ListAuditLogRequest(page_size=-1), "page_size"),
        (consent_service_pb2.ListAuditLogRequest(page_token="not-a-token"), "page_token"),
    ):
        with pytest.raises(grpc.RpcError) as err:
            stub.ListAuditLog(request)
        assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert err.value.details().startswith(field)
