"""Export (GDPR Art. 20) and erasure (Art. 17) through a real server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store.erasure import erased_pseudonyms, is_erased, pseudonym
from genome_store.schema import SPECS
from lifecue.config import GenomeSettings
from lifecue.v1 import (
    common_pb2,
    consent_service_pb2,
    consent_service_pb2_grpc,
    genome_service_pb2,
    genome_service_pb2_grpc,
)
from tests.builders import a_detection, held_for_review

NOW = datetime.now(UTC).replace(microsecond=0)
KEY = GenomeSettings().pseudonym_key


@pytest.fixture
def stubs(serve) -> tuple[Any, Any]:
    """A steward's ConsentService stub and a commerce backend's GenomeService stub."""
    commerce = serve("consent", "genome", role="commerce")
    steward = serve.channel("steward", subject="steward-kim")
    return consent_service_pb2_grpc.ConsentServiceStub(steward), genome_service_pb2_grpc.GenomeServiceStub(
        commerce
    )


def populate(db: Any, consent: Any, genome: Any, consumer_id: str) -> None:
    """A consumer with consent, a post, a derived event, purchases, interactions and an event held for review."""
    consent.GrantConsent(
        consent_service_pb2.GrantConsentRequest(consumer_id=consumer_id, purpose=common_pb2.PURPOSE_SOCIAL_ANALYSIS,
                                                source="web", evidence=f"form-{consumer_id}"),
    )  # fmt: skip
    db.posts.insert_one({"_id": f"{consumer_id}-post", "consumer_id": consumer_id, "platform": "x",
                         "text": "my sister marries in June", "posted_at": NOW, "stored_at": NOW,
                         "expires_at": NOW + timedelta(days=30)})  # fmt: skip
    db.genomes.update_one({"_id": consumer_id}, {"$push": {"life_events": {
        "event_id": f"{consumer_id}-e", "type": "wedding", "recurrence": "one_off", "subject": "network",
        "relation": "sister", "date_precision": "month", "confidence": 0.9, "sensitive": False,
        "source_post_ids": [f"{consumer_id}-post"]}}})  # fmt: skip
    ts = Timestamp(seconds=int(NOW.timestamp()))
    genome.RecordPurchases(genome_service_pb2.RecordPurchasesRequest(purchases=[
        common_pb2.Purchase(purchase_id=f"{consumer_id}-o{i}", consumer_id=consumer_id, product_id="p1",
                            quantity=1, amount=12.5, currency="EUR", purchased_at=ts) for i in range(2)]))  # fmt: skip
    db.interactions.insert_one({"_id": f"{consumer_id}-i", "consumer_id": consumer_id, "product_id": "p1",
                                "kind": "VIEW", "occurred_at": NOW, "recorded_at": NOW})  # fmt: skip
    held_for_review(
        db, consumer_id, f"{consumer_id}-post2", "bump watch", [a_detection("pregnancy")], now=NOW
    )


def test_export_contains_everything_held(db, stubs) -> None:
    consent, genome = stubs
    populate(db, consent, genome, "zoe")
    populate(db, consent, genome, "yan")
    reply = consent.ExportConsumerData(consent_service_pb2.ExportConsumerDataRequest(consumer_id="zoe"))
    data = json.loads(reply.json)
    assert data["consumer_id"] == "zoe"
    assert data["genome"]["consents"]["social_analysis"]["evidence"] == "form-zoe"
    assert [e["event_id"] for e in data["genome"]["life_events"]] == ["zoe-e"]
    assert data["genome"]["purchases"]["orders"] == 2
    assert [p["_id"] for p in data["posts"]] == ["zoe-post"]
    assert [p["_id"] for p in data["purchases"]] == ["zoe-o0", "zoe-o1"]
    assert [i["_id"] for i in data["interactions"]] == ["zoe-i"]
    assert [a["action"] for a in data["audit_log"]] == ["consent.grant"]
    assert [(r["post_id"], r["post"]["text"], r["state"]) for r in data["review_items"]] == [
        ("zoe-post2", "bump watch", "pending")]  # fmt: skip
    assert "yan" not in reply.json  # nobody else's data
    # every document about zoe in the database is in the export
    for spec in SPECS:
        held = db[spec.name].count_documents({"$or": [{"consumer_id": "zoe"}, {"_id": "zoe"}]})
        exported = 1 if spec.name == "genomes" and data["genome"] else len(data.get(spec.name, []))
        if spec.name == "audit_log":
            held -= 1  # the export's own audit entry comes after the export
        assert exported == held, spec.name
    entry = db.audit_log.find_one({"action": "consumer.export"})
    assert entry["consumer_id"] == "zoe" and entry["details"]["counts"]["purchases"] == 2


def test_erase_leaves_only_the_pseudonymous_record(db, stubs) -> None:
    consent, genome = stubs
    populate(db, consent, genome, "zoe")
    populate(db, consent, genome, "yan")
    before_yan = {spec.name: db[spec.name].count_documents({"consumer_id": "yan"}) for spec in SPECS}
    reply = consent.EraseConsumer(
        consent_service_pb2.EraseConsumerRequest(consumer_id="zoe", reason="gdpr_art17_request"),
    )
    assert reply.pseudonym == pseudonym("zoe", KEY)
    assert dict(reply.deleted) == {
        "genomes": 1,
        "posts": 1,
        "purchases": 2,
        "interactions": 1,
        "review_items": 1,
        "audit_log": 1,
    }
    # nothing anywhere mentions zoe any more, except the single pseudonymous erasure record
    for spec in SPECS:
        for doc in db[spec.name].find():
            assert "zoe" not in json.dumps(doc, default=str).replace(reply.pseudonym, ""), (spec.name, doc)
    (record,) = db.audit_log.find({"consumer_id": reply.pseudonym})
    assert record["action"] == "consumer.erase" and record["actor"] == "steward-kim (steward)"
    assert (
        record["details"]["reason"] == "gdpr_art17_request" and record["details"]["deleted"]["purchases"] == 2
    )
    # the next training can tell zoe was erased; yan is untouched
    assert erased_pseudonyms(db) == {reply.pseudonym}
    assert is_erased(db, "zoe", KEY) and not is_erased(db, "yan", KEY)
    assert {spec.name: db[spec.name].count_documents({"consumer_id": "yan"}) for spec in SPECS} == before_yan
    with pytest.raises(grpc.RpcError) as err:
        consent.EraseConsumer(consent_service_pb2.EraseConsumerRequest(consumer_id="zoe"))
    assert err.value.code() is grpc.StatusCode.NOT_FOUND


def test_pseudonyms_are_stable_and_keyed() -> None:
    assert pseudonym("zoe", KEY) == pseudonym("zoe", KEY)
    assert pseudonym("zoe", KEY) != pseudonym("yan", KEY)
    assert pseudonym("zoe", KEY) != pseudonym("zoe", "another-key")
    assert "zoe" not in pseudonym("zoe", KEY)


def test_bad_erase_requests_change_nothing(db, stubs) -> None:
    consent, genome = stubs
    populate(db, consent, genome, "zoe")
    for request, field in (
        (consent_service_pb2.EraseConsumerRequest(consumer_id=""), "consumer_id"),
        (consent_service_pb2.EraseConsumerRequest(consumer_id="zoe", reason="r" * 501), "reason"),
    ):
        with pytest.raises(grpc.RpcError) as err:
            consent.EraseConsumer(request)
        assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert err.value.details().startswith(field)
    assert db.genomes.count_documents({"_id": "zoe"}) == 1 and db.purchases.count_documents({}) == 2
