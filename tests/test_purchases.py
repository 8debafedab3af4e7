"""RecordPurchases and UpsertProducts through a real server: idempotency, summaries, bad input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store.purchases import PurchaseInput, record_purchases, refresh_summary
from lifecue.v1 import common_pb2, genome_service_pb2, genome_service_pb2_grpc

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def stub(serve) -> genome_service_pb2_grpc.GenomeServiceStub:
    return genome_service_pb2_grpc.GenomeServiceStub(serve("genome"))


def ts(moment: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(moment)
    return out


def purchase(pid: str, consumer: str = "c1", product: str = "p-mug", amount: float = 10.0,
             days_ago: int = 1, **extra: Any) -> common_pb2.Purchase:  # fmt: skip
    fields = {"purchase_id": pid, "consumer_id": consumer, "product_id": product, "quantity": 1,
              "amount": amount, "currency": "EUR", "purchased_at": ts(NOW - timedelta(days=days_ago))}  # fmt: skip
    fields.update(extra)
    return common_pb2.Purchase(**fields)


def products(stub: Any) -> None:
    stub.UpsertProducts(
        genome_service_pb2.UpsertProductsRequest(
            products=[
                common_pb2.Product(
                    product_id="p-mug", title="Mug", category="kitchen", price=10.0, in_stock=True
                ),
                common_pb2.Product(
                    product_id="p-ring",
                    title="Ring",
                    category="jewellery",
                    price=500.0,
                    tags=["event:wedding"],
                    in_stock=True,
                ),  # fmt: skip
            ]
        )
    )


def record(stub: Any, *items: common_pb2.Purchase) -> Any:
    return stub.RecordPurchases(genome_service_pb2.RecordPurchasesRequest(purchases=list(items)))


def test_summary_counts_12_months_lifetime_and_categories(stub, db) -> None:
    products(stub)
    reply = record(
        stub,
        purchase("o1", amount=10.0, days_ago=10),
        purchase("o2", product="p-ring", amount=500.0, days_ago=100),
        purchase("o3", amount=20.0, days_ago=400),
        purchase("o4", product="p-unknown", amount=7.5, days_ago=2),
    )
    assert (reply.accepted, reply.duplicates) == (4, 0)
    summary = stub.GetGenome(genome_service_pb2.GetGenomeRequest(consumer_id="c1")).genome.purchases
    assert summary.value_12m == pytest.approx(517.5)
    assert summary.lifetime_value == pytest.approx(537.5)
    assert summary.orders == 4
    assert summary.first_at.ToDatetime(tzinfo=UTC) == NOW - timedelta(days=400)
    assert summary.last_at.ToDatetime(tzinfo=UTC) == NOW - timedelta(days=2)
    per = {c.category: (c.value_12m, c.lifetime_value, c.orders) for c in summary.per_category}
    assert per == {"kitchen": (10.0, 30.0, 2), "jewellery": (500.0, 500.0, 1)}
    assert db.purchases.find_one({"_id": "o4"})["category"] is None
    assert db.purchases.find_one({"_id": "o2"})["category"] == "jewellery"


def test_repeated_purchase_changes_nothing_and_says_so(stub, db) -> None:
    products(stub)
    record(stub, purchase("o1", amount=10.0))
    before = db.genomes.find_one({"_id": "c1"})
    reply = record(stub, purchase("o1", amount=10.0), purchase("o1", amount=99.0))
    assert [r.status for r in reply.results] == [common_pb2.DUPLICATE, common_pb2.DUPLICATE]
    assert (reply.accepted, reply.duplicates) == (0, 2)
    assert "different content" in reply.results[1].error
    assert db.genomes.find_one({"_id": "c1"}) == before
    assert db.purchases.find_one({"_id": "o1"})["amount"] == 10.0


def test_repeated_id_within_one_call_is_stored_once(stub, db) -> None:
    reply = record(stub, purchase("o1"), purchase("o1"))
    assert [r.status for r in reply.results] == [common_pb2.ACCEPTED, common_pb2.DUPLICATE]
    assert db.purchases.count_documents({}) == 1
    assert db.genomes.find_one({"_id": "c1"})["purchases"]["orders"] == 1


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (purchase("", amount=1.0), "purchases[1].purchase_id"),
        (purchase("o2", consumer="x" * 129), "purchases[1].consumer_id"),
        (purchase("o2", amount=-5.0), "purchases[1].amount"),
        (purchase("o2", amount=float("nan")), "purchases[1].amount"),
        (purchase("o2", quantity=0), "purchases[1].quantity"),
        (purchase("o2", currency="euro"), "purchases[1].currency"),
        (purchase("o2", purchased_at=Timestamp(seconds=1, nanos=-1)), "purchases[1].purchased_at"),
        (purchase("o2", purchased_at=Timestamp(seconds=10**12)), "purchases[1].purchased_at"),
        (purchase("o2", days_ago=-30), "purchases[1].purchased_at"),
        (common_pb2.Purchase(purchase_id="o2", consumer_id="c1", product_id="p", quantity=1, amount=1.0),
         "purchases[1].purchased_at"),
    ],
)  # fmt: skip
def test_invalid_items_are_named_and_only_valid_ones_stored(stub, db, item, field) -> None:
    reply = record(stub, purchase("o1"), item)
    assert reply.results[0].status == common_pb2.ACCEPTED
    assert reply.results[1].status == common_pb2.INVALID
    assert reply.results[1].error.startswith(field)
    assert [d["_id"] for d in db.purchases.find()] == ["o1"]


def test_empty_currency_takes_the_default(stub, db) -> None:
    record(stub, purchase("o1", currency=""))
    assert db.purchases.find_one({"_id": "o1"})["currency"] == "EUR"


def test_oversized_batches_are_rejected_whole(stub, db) -> None:
    items = [purchase(f"o{i}") for i in range(1001)]
    for call, request, field in (
        (stub.RecordPurchases, genome_service_pb2.RecordPurchasesRequest(purchases=items), "purchases"),
        (stub.RecordPurchases, genome_service_pb2.RecordPurchasesRequest(), "purchases"),
        (stub.UpsertProducts, genome_service_pb2.UpsertProductsRequest(), "products"),
    ):
        with pytest.raises(grpc.RpcError) as err:
            call(request)
        assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert err.value.details().startswith(field)
    assert db.purchases.count_documents({}) == 0


def test_products_upsert_reports_unchanged_and_invalid(stub, db) -> None:
    products(stub)
    reply = stub.UpsertProducts(
        genome_service_pb2.UpsertProductsRequest(
            products=[
                common_pb2.Product(
                    product_id="p-mug", title="Mug", category="kitchen", price=10.0, in_stock=True
                ),
                common_pb2.Product(product_id="p-mug2", title="Mug 2", category="kitchen", price=-1.0),
                common_pb2.Product(
                    product_id="p-ring",
                    title="Ring",
                    category="jewellery",
                    price=450.0,
                    tags=["event:wedding"],
                    in_stock=False,
                ),  # fmt: skip
                common_pb2.Product(product_id="p-x", title="X", category="a.b", price=1.0),
            ]
        )
    )
    statuses = [common_pb2.ItemStatus.Name(r.status) for r in reply.results]
    assert statuses == ["DUPLICATE", "INVALID", "ACCEPTED", "INVALID"]
    assert reply.results[1].error.startswith("products[1].price")
    assert reply.results[3].error.startswith("products[3].category")
    assert db.products.find_one({"_id": "p-ring"})["price"] == 450.0
    assert db.products.count_documents({}) == 2


def test_twelve_month_value_moves_with_time(db) -> None:
    record_purchases(db, [PurchaseInput("o1", "c1", "p", 1, 30.0, "EUR", NOW - timedelta(days=300))], now=NOW)
    assert refresh_summary(db, "c1", now=NOW)["value_12m"] == 30.0
    later = refresh_summary(db, "c1", now=NOW + timedelta(days=100))
    assert (later["value_12m"], later["lifetime_value"]) == (0.0, 30.0)


def test_the_same_batch_sent_in_parallel_is_stored_once(db) -> None:
    batch = [
        PurchaseInput(f"o{i}", f"c{i % 3}", "p", 1, 2.0, "EUR", NOW - timedelta(days=1)) for i in range(30)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: record_purchases(db, batch), range(4)))
    assert sum(r.accepted for r in reports) == 30
    assert sum(r.duplicates for r in reports) == 90
    assert db.purchases.count_documents({}) == 30
    assert [db.genomes.find_one({"_id": f"c{k}"})["purchases"]["orders"] for k in range(3)] == [10, 10, 10]
