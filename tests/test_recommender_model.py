"""Recommender domain without gRPC: known-answer ALS, matrix weights, boost maths, metrics, registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from recommender.affinity import learn_lift, row
from recommender.als import AlsParams
from recommender.boost_evaluation import report, train, with_signals
from recommender.events import WINDOWS, Window, proximity, usable_events
from recommender.matrix import PURCHASE_ROW, Feedback, build_matrix
from recommender.metrics import ranking_metrics
from recommender.ranker import rank
from recommender.registry import Registry
from recommender.semantic import SIGNAL_KEYS
from recommender.shop_catalogs import build_catalog, load_inventory
from recommender.shop_simulation import simulate_shop
from recommender.snapshot import Catalog
from recommender.training import TrainingData, assemble, fit

FAST = AlsParams(factors=16, iterations=8, regularization=0.01, num_threads=2)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _blocks(groups: int = 4, size: int = 10) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    """User (g, u) bought every item of group g except item u: that item is the known answer."""
    rows: list[tuple[Any, ...]] = []
    products = [
        {"_id": f"i{g}-{k}", "category": f"c{g}", "tags": [], "in_stock": True}
        for g in range(groups)
        for k in range(size)
    ]
    for g in range(groups):
        for u in range(size):
            for k in range(size):
                if k != u:
                    rows.append(("purchase", f"u{g}-{u}", f"i{g}-{k}", f"c{g}", NOW))
    return rows, products


def _snapshot(rows: list[tuple[Any, ...]], products: list[dict[str, Any]], events: dict | None = None) -> Any:
    data = TrainingData(FAST, {"VIEW": 1.0, "PURCHASE": 8.0}, 8.0, 0.0, WINDOWS)
    meta, arrays, lift = fit(rows, products, events or {}, data, NOW, "als-000001")
    counts = {p["_id"]: 1.0 for p in products}
    return assemble(meta, arrays, Catalog.build(products, counts, lift), lift)


def test_block_matrix_recommends_the_one_missing_item_of_the_users_group() -> None:
    snap = _snapshot(*_blocks())
    right = 0
    for g in range(4):
        for u in range(10):
            top = rank(snap, f"u{g}-{u}", 3, [], True).items
            # Nine of the group's ten items are bought and excluded; the tenth must lead.
            right += top[0].product_id == f"i{g}-{u}"
            assert top[0].reasons[0].kind == "als"
    assert right == 40


def test_exclude_purchased_can_be_switched_off() -> None:
    snap = _snapshot(*_blocks())
    shown = {i.product_id for i in rank(snap, "u0-0", 10, [], True, exclude_purchased=False).items}
    assert "i0-1" in shown
    assert "i0-1" not in {i.product_id for i in rank(snap, "u0-0", 10, [], True).items}


def test_matrix_weights_kinds_decays_with_age_and_dismissal_suppresses() -> None:
    old = NOW - timedelta(days=30)
    feedback = [
        Feedback("a", "x", "VIEW", NOW),
        Feedback("a", "x", "ADD_TO_CART", NOW),
        Feedback("a", "y", PURCHASE_ROW, old),
        Feedback("a", "z", "DISMISS", NOW),
    ]
    weights = {"VIEW": 1.0, "ADD_TO_CART": 4.0}
    m = build_matrix(feedback, weights, purchase_weight=8.0, half_life_days=30.0, now=NOW)
    dense = dict(zip(m.item_ids.tolist(), m.user_items.toarray()[0].tolist(), strict=True))
    assert dense["x"] == pytest.approx(5.0)
    assert dense["y"] == pytest.approx(4.0)  # one half-life old
    assert dense["z"] == 0.0
    assert m.suppressed.toarray()[0].tolist() == [False, False, True]
    assert m.purchased.toarray()[0].tolist() == [False, True, False]


def test_matrix_scales_by_a_signals_own_weight_and_skips_unknown_items_kinds_and_undated_decay() -> None:
    long_ago = NOW - timedelta(days=60)
    feedback = [
        Feedback("a", "x", "VIEW", None, 2.5),  # no time: no decay
        Feedback("b", "x", "VIEW", long_ago),  # two half-lives
        Feedback("b", "gone", "VIEW", NOW),  # not in the catalog
        Feedback("b", "y", "SHARE", NOW),  # a kind without weight
    ]
    m = build_matrix(feedback, {"VIEW": 1.0}, half_life_days=30.0, now=NOW, item_ids=["x", "y"])
    assert (m.user_ids.tolist(), m.item_ids.tolist()) == (["a", "b"], ["x", "y"])
    assert m.user_items.toarray().tolist() == [[pytest.approx(2.5), 0.0], [pytest.approx(0.25), 0.0]]
    assert m.history is not None
    assert m.history.weights.tolist() == [pytest.approx(2.5), pytest.approx(0.25)]
    assert m.history.times.tolist() == [0.0, long_ago.timestamp()]
    assert (m.data_from, m.data_to) == (long_ago, NOW)


def test_proximity_grows_toward_the_day_and_continues_after_for_new_baby() -> None:
    w = WINDOWS["new_baby"]
    assert proximity(w.before + 1, w) == 0.0
    assert 0 < proximity(20, w) < proximity(5, w) < proximity(0, w) == 1.0
    assert proximity(-30, w) > 0.0 and proximity(-(w.after + 1), w) == 0.0
    assert proximity(-1, Window(10, 0)) == 0.0


def test_sensitive_events_need_their_consent() -> None:
    event = {"event_id": "e", "type": "pregnancy", "recurrence": "one_off", "subject": "self",
             "date": NOW + timedelta(days=10), "sensitive": True}  # fmt: skip
    granted = {"granted": True}
    genome: dict[str, Any] = {"consents": {"personalization": granted}, "life_events": [event]}
    assert usable_events(genome, NOW, WINDOWS) == []
    genome["consents"]["sensitive_inference"] = granted
    (found,) = usable_events(genome, NOW, WINDOWS)
    assert (found.type, found.days_until) == ("pregnancy", 10)


def test_undated_events_count_from_the_day_they_were_announced() -> None:
    granted = {"granted": True}
    born = {"event_id": "b", "type": "new_baby", "recurrence": "one_off", "subject": "self", "date": None,
            "announced_on": NOW - timedelta(days=10)}  # fmt: skip
    greeted = {"event_id": "g", "type": "birthday", "recurrence": "recurring", "subject": "network",
               "date": None, "announced_on": NOW - timedelta(days=360)}  # fmt: skip
    unknown = {"event_id": "u", "type": "wedding", "recurrence": "one_off", "subject": "self", "date": None}
    genome: dict[str, Any] = {
        "consents": {"personalization": granted},
        "life_events": [born, greeted, unknown],
    }
    found = {e.event_id: e.days_until for e in usable_events(genome, NOW, WINDOWS)}
    assert found == {"b": -10, "g": 5}  # a birth ten days ago; the birthday greeted last year comes back


def test_learned_lift_finds_categories_no_tag_names() -> None:
    day = NOW + timedelta(days=10)
    events = {f"u{k}": [{"type": "wedding", "subject": "self", "date": day}] for k in range(10)}
    purchases = [(f"u{k}", "trip-1", "travel", NOW) for k in range(10)]
    purchases += [
        (f"v{k}", f"{c}-1", c, NOW) for k in range(50) for c in ("grocery", "travel" if k == 0 else "books")
    ]
    lift = learn_lift(purchases, events, WINDOWS)
    assert lift["wedding/self"] == {"n": 10.0, "u": 10.0, "c:travel": 10.0, "p:trip-1": 10.0}
    products = [{"_id": "trip-1", "category": "travel"}, {"_id": "grocery-1", "category": "grocery"}]
    cat = Catalog.build(products, {"trip-1": 11.0, "grocery-1": 50.0}, lift)
    wedding, trip = cat.affinity[row("wedding", "self")], cat.index["trip-1"]
    assert wedding[trip] > 0.3 and wedding[cat.index["grocery-1"]] == 0.0
    assert cat.affinity.source(row("wedding", "self"), trip) == "learned"


def test_network_events_favour_gift_items() -> None:
    products = [
        {"_id": "dress", "category": "wedding", "tags": ["event:wedding"]},
        {"_id": "flutes", "category": "glassware", "tags": ["wedding", "gift"]},
        {"_id": "vase", "category": "gifts", "tags": ["gift"]},
    ]
    cat = Catalog.build(products, {}, {})
    at = cat.index
    wedding, network = cat.affinity[row("wedding", "self")], cat.affinity[row("wedding", "network")]
    assert [wedding[at[p]] for p in ("dress", "flutes", "vase")] == [1.0, 1.0, 0.0]
    assert network[at["flutes"]] == 1.0 and network[at["flutes"]] > max(
        network[at["dress"]], network[at["vase"]]
    )
    assert network[at["dress"]] > 0 and network[at["vase"]] > 0


def test_metrics_match_implicit_definitions_on_a_hand_example() -> None:
    m = ranking_metrics([(["a", "b", "c"], {"a", "c"}), (["x", "y", "z"], {"z"})], k=3)
    assert m["precision@3"] == pytest.approx(3 / 3)  # 3 hits / (2 + 1)
    assert m["recall@3"] == pytest.approx(1.0)
    ap1 = (1 / 1 + 2 / 3) / 2
    ap2 = (1 / 3) / 1
    assert m["map@3"] == pytest.approx((ap1 + ap2) / 2)
    idcg2 = 1 + 1 / np.log2(3)
    ndcg1 = (1 + 1 / np.log2(4)) / idcg2
    assert m["ndcg@3"] == pytest.approx((ndcg1 + 1 / np.log2(4)) / 2)


def test_registry_numbers_versions_and_reads_the_latest_back_from_the_database(db: Any) -> None:
    rows, products = _blocks(2, 5)
    data = TrainingData(FAST, {}, 8.0, 0.0, WINDOWS)
    registry = Registry(db)
    assert registry.latest() is None and registry.newest() is None
    for _ in range(2):
        meta, arrays, _ = fit(rows, products, {}, data, NOW, "")
        published = registry.publish(meta, arrays, {"lift": []})
    assert (published.version, published.seq) == ("als-000002", 2)
    stored = registry.latest()
    assert (
        stored is not None and stored.meta.version == "als-000002" and registry.newest() == (2, "als-000002")
    )
    assert (
        stored.arrays["model.item_factors"].shape == (10, 16) and stored.arrays["user_ids"].dtype.kind == "U"
    )
    assert np.array_equal(stored.arrays["model.item_factors"], arrays["model.item_factors"])
    assert registry.load("als-000001") is not None and registry.meta("als-000009") is None


def test_boost_on_a_tagged_shop_finds_event_purchases_and_leaves_everyday_consumers_alone() -> None:
    catalog = build_catalog(load_inventory("tune"), "shop_tags", seed=3, variants=3)
    world = simulate_shop(catalog, consumers=500, seed=3)
    docs = with_signals(world, np.zeros((len(catalog), len(SIGNAL_KEYS))))  # tags and names only
    result = report(world, train(world, docs, FAST))
    event, everyday = result["event"], result["everyday"]
    assert result["consumers"]["event"] > 60
    assert event["lifecue"] >= 2 * event["lifecue_no_boost"] and event["lifecue"] > 0.1
    assert everyday["lifecue"] == everyday["lifecue_no_boost"]  # no event near: the boost takes no slot
    assert event["oracle"] >= event["lifecue"]
    parts = result["by_subject"]
    assert parts["self"]["consumers"] + parts["network"]["consumers"] == result["consumers"]["event"]
    assert all(0 <= p["lifecue"] <= 1 and 0 < p["oracle"] <= 1 for p in parts.values())
