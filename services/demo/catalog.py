"""Demo step: a seeded catalog and a shopping history, sent through the real gRPC API.

About 300 products with event tags go in with UpsertProducts; ~500 simulated shoppers
(who agreed to personalisation at sign-up) and the personas get purchases through
RecordPurchases and product views through RecordInteractions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import (
    common_pb2,
    consent_service_pb2,
    consent_service_pb2_grpc,
    genome_service_pb2,
    genome_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from recommender.simulation import simulate
from services.demo.context import DemoContext

TITLE = "Catalog and shopping history"
SHOPPERS = 500
BATCH = 1000
# What each persona bought before (category, how many); Dev spends big.
PERSONA_HISTORY: dict[str, tuple[tuple[str, int], ...]] = {
    "c-ana": (("fashion", 4), ("beauty", 3), ("books", 2)),
    "c-ben": (("electronics", 3), ("gaming", 3), ("grocery", 4)),
    "c-chloe": (("home", 2), ("kitchen", 3), ("garden", 2)),
    "c-dev": (("electronics", 12), ("jewelry", 6), ("travel", 6)),
    "c-eve": (("beauty", 3), ("books", 3), ("music", 2)),
}


def _ts(value: Any) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def _batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def run(ctx: DemoContext) -> list[str]:
    """Load products, purchases, consents of the shoppers and views; one summary line each."""
    shoppers = int(ctx.state.get("catalog_shoppers", SHOPPERS))  # tests use fewer
    world = simulate(consumers=shoppers, per_category=12, days=180, seed=ctx.seed, end=ctx.as_of,
                     event_share=0.0, id_prefix="c-shopper-")  # fmt: skip
    genome = genome_service_pb2_grpc.GenomeServiceStub(ctx.channel)
    consent = consent_service_pb2_grpc.ConsentServiceStub(ctx.channel)
    recommender = recommender_service_pb2_grpc.RecommenderServiceStub(ctx.channel)
    products = [
        common_pb2.Product(product_id=p["_id"], title=p["title"], category=p["category"], price=p["price"],
                           tags=p["tags"], in_stock=p["in_stock"])
        for p in world.products
    ]  # fmt: skip
    for chunk in _batches(products):
        genome.UpsertProducts(genome_service_pb2.UpsertProductsRequest(products=chunk), timeout=60)
    purchases = [
        common_pb2.Purchase(purchase_id=p["_id"], consumer_id=p["consumer_id"], product_id=p["product_id"],
                            quantity=1, amount=p["amount"], currency="EUR", purchased_at=_ts(p["purchased_at"]))
        for p in world.purchases
    ]  # fmt: skip
    purchases += _persona_purchases(ctx, world.products)
    accepted = 0
    for chunk in _batches(purchases):
        reply = genome.RecordPurchases(
            genome_service_pb2.RecordPurchasesRequest(purchases=chunk), timeout=120
        )
        accepted += reply.accepted
    signup = _ts(world.start)
    for shopper in sorted({p["consumer_id"] for p in world.purchases}):
        consent.GrantConsent(
            consent_service_pb2.GrantConsentRequest(
                consumer_id=shopper, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="demo_signup_form",
                evidence=f"signup-{shopper}", granted_at=signup,
            ),
            metadata=ctx.metadata,
            timeout=10,
        )  # fmt: skip
    views = [
        common_pb2.Interaction(interaction_id=i["_id"], consumer_id=i["consumer_id"], product_id=i["product_id"],
                               kind=common_pb2.VIEW, occurred_at=_ts(i["occurred_at"]))
        for i in world.interactions
    ]  # fmt: skip
    recorded = 0
    for chunk in _batches(views):
        reply = recommender.RecordInteractions(
            recommender_service_pb2.RecordInteractionsRequest(interactions=chunk), timeout=60
        )
        recorded += reply.accepted
    ctx.state["products"] = {p["_id"]: p for p in world.products}
    tagged = sum(1 for p in world.products if any(t.startswith("event:") for t in p["tags"]))
    return [
        f"{len(products)} products in {len({p['category'] for p in world.products})} categories, {tagged} with event tags",
        f"{accepted} purchases ({len(purchases)} sent) of {shoppers} shoppers and {len(PERSONA_HISTORY)} personas",
        f"{recorded} product views recorded; shoppers agreed to personalisation at sign-up",
    ]


def _persona_purchases(ctx: DemoContext, products: list[dict[str, Any]]) -> list[common_pb2.Purchase]:
    rng = np.random.default_rng(ctx.seed)
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for p in products:
        by_cat.setdefault(p["category"], []).append(p)
    out = []
    for cid, history in PERSONA_HISTORY.items():
        n = 0
        for category, count in history:
            for _ in range(count):
                item = by_cat[category][int(rng.integers(len(by_cat[category])))]
                at = ctx.as_of - timedelta(days=float(rng.uniform(5, 300)))
                amount = item["price"] * (4 if cid == "c-dev" else 1)
                out.append(
                    common_pb2.Purchase(purchase_id=f"{cid}-order-{n}", consumer_id=cid, product_id=item["_id"],
                                        quantity=1, amount=amount, currency="EUR", purchased_at=_ts(at))
                )  # fmt: skip
                n += 1
    return out
