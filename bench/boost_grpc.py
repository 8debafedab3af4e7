"""Replay a simulated shop through the real gRPC services, as the outside check of the boost does.

UpsertProducts (the catalog), GrantConsent (personalization and social analysis for every
consumer), RecordPurchases (the history), IngestPosts (consented posts: past events and,
at ``t0``, one announcement per event consumer of an event ``lead_days`` ahead), Retrain,
then Recommend with ``as_of`` = ``t0`` for every consumer with a next purchase. Nothing
is written to the database behind the API's back: the classifier reads the posts, the
product affinity is computed on upsert.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import grpc
import numpy as np
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import (
    common_pb2,
    consent_service_pb2,
    consent_service_pb2_grpc,
    genome_service_pb2,
    genome_service_pb2_grpc,
    life_event_service_pb2,
    life_event_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from recommender.shop_simulation import POSTS, ShopWorld

BATCH = 500


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def past_posts(world: ShopWorld) -> list[common_pb2.SocialPost]:
    """Posts announcing the past events the genomes know of, three weeks before each."""
    posts = []
    for g in world.genomes:
        for e in g["life_events"]:
            at = e["date"] - timedelta(days=21)
            if at < world.start:
                continue
            text = POSTS[(e["type"], e["subject"])].format(
                date=f"{e['date']:%B} {e['date'].day}", who="friend"
            )
            posts.append(common_pb2.SocialPost(post_id=f"{e['event_id']}-post", consumer_id=g["_id"],
                                               platform="simulation", text=text, posted_at=_ts(at)))  # fmt: skip
    return posts


def load(channel: grpc.Channel, world: ShopWorld, timeout: float = 600.0) -> dict[str, int]:
    """Send the world's catalog, consents, purchases and posts; returns counts of what was accepted."""
    genome = genome_service_pb2_grpc.GenomeServiceStub(channel)
    consent = consent_service_pb2_grpc.ConsentServiceStub(channel)
    life = life_event_service_pb2_grpc.LifeEventServiceStub(channel)
    counts = {"products": 0, "purchases": 0, "posts": 0, "events": 0}
    products = [
        common_pb2.Product(product_id=p["_id"], title=p["title"], category=p["category"], price=p["price"],
                           tags=p["tags"], in_stock=p["in_stock"], description=p.get("description", ""))
        for p in world.products
    ]  # fmt: skip
    for chunk in _chunks(products):
        reply = genome.UpsertProducts(
            genome_service_pb2.UpsertProductsRequest(products=chunk), timeout=timeout
        )
        counts["products"] += sum(r.status == common_pb2.ACCEPTED for r in reply.results)
    for g in world.genomes:
        for purpose in (common_pb2.PURPOSE_PERSONALIZATION, common_pb2.PURPOSE_SOCIAL_ANALYSIS):
            consent.GrantConsent(
                consent_service_pb2.GrantConsentRequest(consumer_id=g["_id"], purpose=purpose, source="simulation",
                                                        granted_at=_ts(world.start)),
                timeout=timeout,
            )  # fmt: skip
    purchases = [
        common_pb2.Purchase(purchase_id=p["_id"], consumer_id=p["consumer_id"], product_id=p["product_id"],
                            quantity=1, amount=p["amount"], currency="EUR", purchased_at=_ts(p["purchased_at"]))
        for p in world.purchases
    ]  # fmt: skip
    for chunk in _chunks(purchases, 1000):
        reply = genome.RecordPurchases(
            genome_service_pb2.RecordPurchasesRequest(purchases=chunk), timeout=timeout
        )
        counts["purchases"] += reply.accepted
    posts = past_posts(world) + [
        common_pb2.SocialPost(post_id=f"{a.consumer_id}-announce", consumer_id=a.consumer_id, platform="simulation",
                              text=a.text, posted_at=_ts(a.posted_at))
        for a in world.announcements
    ]  # fmt: skip
    for chunk in _chunks(posts):
        reply = life.IngestPosts(life_event_service_pb2.IngestPostsRequest(posts=chunk), timeout=timeout)
        counts["posts"] += sum(r.status == common_pb2.ACCEPTED for r in reply.results)
        counts["events"] += sum(len(r.events) for r in reply.results)
    return counts


def recall_through_grpc(
    channel: grpc.Channel, world: ShopWorld, k: int = 10, timeout: float = 600.0
) -> dict[str, Any]:
    """Retrain, then recall@k of next purchases for event and everyday consumers, and the reasons seen."""
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    stub.Retrain(recommender_service_pb2.RetrainRequest(wait=True), timeout=timeout)
    values: dict[str, list[float]] = {"event": [], "everyday": []}
    reasons: list[str] = []
    for user, bought in sorted(world.next_purchases.items()):
        reply = stub.Recommend(
            recommender_service_pb2.RecommendRequest(consumer_id=user, n=k, as_of=_ts(world.t0)), timeout=30
        )
        shown = {i.product_id for i in reply.items}
        group = "event" if user in world.event_consumers else "everyday"
        values[group].append(len(shown & set(bought)) / len(set(bought)))
        if group == "event":
            reasons += [r.text for i in reply.items for r in i.reasons if r.kind == "event_boost"][:1]
    return {
        "event": float(np.mean(values["event"])) if values["event"] else 0.0,
        "everyday": float(np.mean(values["everyday"])) if values["everyday"] else 0.0,
        "consumers": {g: len(v) for g, v in values.items()},
        "reasons": reasons,
    }
