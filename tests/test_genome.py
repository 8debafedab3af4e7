"""The genome: GetGenome over the wire, validators, the migration hook, concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from genome_store import consents
from genome_store.driver_errors import storage_errors
from genome_store.genomes import ensure_genome, get_genome
from genome_store.migrations import migrate_genomes
from genome_store.purchases import PurchaseInput, record_purchases
from genome_store.schema import GENOME_SCHEMA_VERSION
from lifecue.errors import FailedPrecondition, StorageError
from lifecue.v1 import common_pb2, genome_service_pb2, genome_service_pb2_grpc

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def stub(serve) -> genome_service_pb2_grpc.GenomeServiceStub:
    return genome_service_pb2_grpc.GenomeServiceStub(serve("genome"))


def test_get_genome_returns_every_part(stub, db) -> None:
    consents.grant(db, "c1", "personalization", source="web")
    db.genomes.update_one(
        {"_id": "c1"},
        {"$set": {
            "life_events": [{"event_id": "e1", "type": "birthday", "recurrence": "recurring", "subject": "network",
                             "relation": "sister", "date": NOW, "date_precision": "month",
                             "next_occurrence": NOW + timedelta(days=20), "confidence": 0.8, "sensitive": False,
                             "source_post_ids": ["p1"], "model_version": "m1", "detected_at": NOW}],
            "loyalty": {"tier": "gold", "since": NOW},
            "segments": {"rfm": "B", "behaviour": "loyal"},
        }},
    )  # fmt: skip
    genome = stub.GetGenome(genome_service_pb2.GetGenomeRequest(consumer_id="c1")).genome
    assert genome.consumer_id == "c1" and genome.schema_version == GENOME_SCHEMA_VERSION
    assert [(c.purpose, c.granted) for c in genome.consents] == [
        (common_pb2.PURPOSE_SOCIAL_ANALYSIS, False),
        (common_pb2.PURPOSE_PERSONALIZATION, True),
        (common_pb2.PURPOSE_SENSITIVE_INFERENCE, False),
    ]
    (event,) = genome.life_events
    assert (event.type, event.recurrence, event.subject, event.relation, event.date_precision) == (
        "birthday", common_pb2.RECURRING, common_pb2.SUBJECT_NETWORK, "sister", common_pb2.MONTH)  # fmt: skip
    assert event.next_occurrence.ToDatetime(tzinfo=UTC) == NOW + timedelta(days=20)
    assert genome.loyalty.tier == common_pb2.TIER_GOLD
    assert (genome.segments.rfm, genome.segments.behaviour) == ("B", "loyal")
    assert genome.purchases.orders == 0


@pytest.mark.parametrize(("consumer_id", "code"), [("ghost", "NOT_FOUND"), ("", "INVALID_ARGUMENT"),
                                                   ("x" * 200, "INVALID_ARGUMENT")])  # fmt: skip
def test_get_genome_bad_or_unknown_consumer(stub, consumer_id, code) -> None:
    with pytest.raises(grpc.RpcError) as err:
        stub.GetGenome(genome_service_pb2.GetGenomeRequest(consumer_id=consumer_id))
    assert err.value.code().name == code
    assert "consumer_id" in err.value.details()


@pytest.mark.parametrize(
    "update",
    [
        {"$set": {"consents.marketing": {"granted": True, "at": NOW}}},
        {"$set": {"consents.personalization": {"granted": "yes", "at": NOW}}},
        {"$push": {"consent_history": {"purpose": "personalization", "granted": True, "at": NOW}}},
        {"$set": {"schema_version": 0}},
        {"$push": {"life_events": {"event_id": "e", "type": "x", "recurrence": "daily", "subject": "self",
                                   "date_precision": "day", "confidence": 0.5, "sensitive": False}}},
    ],
)  # fmt: skip
def test_validators_reject_malformed_genomes(db, update) -> None:
    ensure_genome(db, "c1")
    before = db.genomes.find_one({"_id": "c1"})
    with pytest.raises(StorageError, match="[Vv]alidation"), storage_errors():
        db.genomes.update_one({"_id": "c1"}, update)
    assert db.genomes.find_one({"_id": "c1"}) == before


def test_migration_hook_upgrades_old_genomes(db) -> None:
    ensure_genome(db, "c1")
    ensure_genome(db, "c2")

    def add_notes(doc: dict) -> dict:
        return {**doc, "notes": []}

    assert (
        migrate_genomes(db, target=GENOME_SCHEMA_VERSION + 1, steps={GENOME_SCHEMA_VERSION: add_notes}) == 2
    )
    stored = db.genomes.find_one({"_id": "c1"})
    assert stored["schema_version"] == GENOME_SCHEMA_VERSION + 1 and stored["notes"] == []
    assert migrate_genomes(db, target=GENOME_SCHEMA_VERSION + 1, steps={}) == 0  # nothing left to do
    with pytest.raises(FailedPrecondition, match="newer than this code"):
        get_genome(db, "c1")  # this code only knows the current version


def test_parallel_writers_on_one_genome_lose_nothing(db) -> None:
    """Grants, revocations, purchases and event appends race on one genome; every change survives."""
    ensure_genome(db, "c1")
    purposes = ("social_analysis", "personalization", "sensitive_inference")

    def consent_writer(worker: int) -> None:
        for i in range(6):
            purpose = purposes[(worker + i) % 3]
            if i % 2:
                consents.revoke(db, "c1", purpose, actor=f"w{worker}")
            else:
                consents.grant(db, "c1", purpose, actor=f"w{worker}")

    def purchase_writer(worker: int) -> None:
        for i in range(6):
            item = PurchaseInput(f"o{worker}-{i}", "c1", "p", 1, 1.0, "EUR", NOW - timedelta(days=1))
            assert record_purchases(db, [item]).accepted == 1

    def event_writer(worker: int) -> None:
        for i in range(6):
            event = {"event_id": f"e{worker}-{i}", "type": "birthday", "recurrence": "recurring",
                     "subject": "self", "date_precision": "unknown", "confidence": 0.7, "sensitive": False,
                     "source_post_ids": []}  # fmt: skip
            db.genomes.update_one({"_id": "c1"}, {"$push": {"life_events": event}})

    with ThreadPoolExecutor(max_workers=9) as pool:
        jobs = [
            pool.submit(fn, w) for w in range(3) for fn in (consent_writer, purchase_writer, event_writer)
        ]
        for job in jobs:
            job.result()
    genome = db.genomes.find_one({"_id": "c1"})
    assert len(genome["consent_history"]) == 18
    assert genome["purchases"]["orders"] == 18 and genome["purchases"]["lifetime_value"] == 18.0
    assert len(genome["life_events"]) == 18
    assert db.audit_log.count_documents({"action": "consent.grant"}) == 9
    assert db.audit_log.count_documents({"action": "consent.revoke.cascade"}) == 9
    # the final state of each purpose is the last change in the history
    for purpose in purposes:
        last = [c for c in genome["consent_history"] if c["purpose"] == purpose][-1]
        assert genome["consents"][purpose]["granted"] is last["granted"]
