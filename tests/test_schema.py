"""Collections, validators and indexes exist after start-up and reject malformed documents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from genome_store.driver_errors import storage_errors
from genome_store.schema import GENOME_SCHEMA_VERSION, SPECS, ensure_schema
from lifecue.errors import StorageError


def test_every_collection_is_created_with_indexes(db) -> None:
    names = set(db.list_collection_names())
    for spec in SPECS:
        assert spec.name in names
        index_names = {ix["name"] for ix in db[spec.name].list_indexes()}
        for model in spec.indexes:
            assert model.document["name"] in index_names


def test_ensure_schema_is_idempotent(db) -> None:
    db.products.insert_one(
        {"_id": "p1", "title": "Mug", "category": "kitchen", "price": 9.5, "in_stock": True}
    )
    ensure_schema(db)
    assert db.products.count_documents({}) == 1


@pytest.mark.parametrize(
    ("collection", "doc"),
    [
        ("products", {"_id": "p1", "title": "Mug", "category": "kitchen", "price": -1.0, "in_stock": True}),
        ("products", {"_id": "p1", "title": "Mug", "price": 3.0, "in_stock": True}),
        ("genomes", {"_id": "c1", "schema_version": "one"}),
        (
            "purchases",
            {
                "_id": "x",
                "consumer_id": "c1",
                "product_id": "p1",
                "quantity": 0,
                "amount": 1.0,
                "purchased_at": datetime(2026, 1, 1, tzinfo=UTC),
            },
        ),
        (
            "interactions",
            {
                "_id": "i1",
                "consumer_id": "c1",
                "product_id": "p1",
                "kind": "LIKE",
                "occurred_at": datetime(2026, 1, 1, tzinfo=UTC),
            },
        ),
    ],
)
def test_validators_reject_malformed_documents(db, collection: str, doc: dict) -> None:
    with pytest.raises(StorageError, match="[Vv]alidation"), storage_errors():
        db[collection].insert_one(doc)
    assert db[collection].count_documents({}) == 0


def test_valid_genome_is_accepted(db) -> None:
    now = datetime.now(UTC)
    db.genomes.insert_one(
        {"_id": "c1", "schema_version": GENOME_SCHEMA_VERSION, "created_at": now, "updated_at": now}
    )
    assert db.genomes.count_documents({}) == 1
