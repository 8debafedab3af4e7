"""End to end through gRPC, as the outside check does it: an untagged shop, consents, purchase history,
one consented post per event consumer announcing a dated event 14 days ahead, Retrain, Recommend."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bench.boost_grpc import load, recall_through_grpc
from recommender.shop_catalogs import build_catalog, load_inventory
from recommender.shop_simulation import simulate_shop


@pytest.mark.slow
def test_announced_events_lift_recall_of_next_purchases_on_an_untagged_shop(serve: Any, app: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 32, 8, 2
    catalog = build_catalog(load_inventory("tune"), "untagged", seed=5, variants=3)
    world = simulate_shop(catalog, consumers=240, seed=5, past_event_share=0.0, announce_share=0.3)
    assert all(not p["tags"] for p in world.products)
    channel = serve("genome", "consent", "lifeevents", "recommender")
    counts = load(channel, world)
    assert counts["products"] == len(catalog) and counts["purchases"] == len(world.purchases)
    assert counts["events"] >= 0.8 * len(world.announcements)  # the posts are read and dated
    boosted = recall_through_grpc(channel, world)
    # The same model long after every announced event: no boost, the everyday ranking.
    later = simulate_shop(catalog, consumers=240, seed=5, past_event_share=0.0, announce_share=0.3)
    later.t0 = world.t0 + timedelta(days=200)
    plain = recall_through_grpc(channel, later)
    assert boosted["consumers"]["event"] >= 40
    assert boosted["event"] >= 2 * plain["event"] and boosted["event"] > 0.15, (boosted, plain)
    assert boosted["everyday"] == plain["everyday"]  # no event near them: the same ranking
    assert boosted["reasons"] and all(": " in r and " for " in r for r in boosted["reasons"])
