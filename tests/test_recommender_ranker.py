"""The ranker: top-n best first (ties by id, hidden never shown), the event boost's shape, slots and reasons."""

from __future__ import annotations

import numpy as np
import pytest

from lifecue.config import Settings
from recommender.affinity import AffinityTable, row
from recommender.events import UsableEvent
from recommender.models import Als
from recommender.ranker import BoostShape, rank, top
from recommender.reasons import fit_text
from recommender.snapshot import Catalog, Snapshot

IDS = np.array([f"p{i}" for i in range(8)])


def test_top_orders_by_score_then_id_and_breaks_ties_at_the_cut_by_id() -> None:
    scores = np.array([1, 3, 2, 2, 2, 2, 0, 3], dtype=np.float32)
    assert top(scores, 4, IDS).tolist() == [1, 7, 2, 3]  # four 2s tie for two places: p2, p3
    for k in range(1, 9):
        assert top(scores, k, IDS).tolist() == [1, 7, 2, 3, 4, 5, 0, 6][:k]


def test_top_never_returns_hidden_products_even_when_fewer_remain() -> None:
    scores = np.array([1, -np.inf, 2, -np.inf, -np.inf, -np.inf, -np.inf, -np.inf], dtype=np.float32)
    assert top(scores, 5, IDS).tolist() == [2, 0]
    assert top(np.full(8, -np.inf, dtype=np.float32), 3, IDS).tolist() == []
    assert top(np.zeros(0, dtype=np.float32), 3, IDS[:0]).tolist() == []


def _snapshot(
    affinity: np.ndarray, base: list[float], popularity: list[float], categories: list[str]
) -> Snapshot:
    """One consumer whose base score of product i is base[i]; wedding/self affinity as given."""
    n = len(base)
    table = AffinityTable.empty(n)
    table.scores[row("wedding", "self")] = affinity
    table.sources[row("wedding", "self")] = np.where(affinity > 0, 3, 0)  # meaning
    ids = np.array([f"p{i}" for i in range(n)])
    catalog = Catalog(
        item_ids=ids,
        categories=np.array(categories),
        in_stock=np.ones(n, dtype=bool),
        popularity=np.array(popularity, dtype=np.float32),
        affinity=table,
        index={str(i): k for k, i in enumerate(ids)},
        category_set=frozenset(categories),
    )
    als = Als(factors=1)  # one factor: the consumer's base score of product i is base[i]
    als.restore({"user_factors": np.array([[1.0]], dtype=np.float32),
                 "item_factors": np.array([[b] for b in base], dtype=np.float32)})  # fmt: skip
    return Snapshot(catalog=catalog, model=als, model_item_ids=ids, user_index={"u": 0})


def _wedding(days: int) -> UsableEvent:
    return UsableEvent("e1", "wedding", "self", "", days, 1.0)


def test_boost_strength_is_full_near_the_day_and_ramps_down_to_a_floor_further_out() -> None:
    shape = BoostShape(full_days=7, ramp_days=30, floor=0.5)
    assert [shape.strength(_wedding(d)) for d in (0, 7)] == [1.0, 1.0]
    assert shape.strength(_wedding(22)) == pytest.approx(0.5)
    assert shape.strength(_wedding(60)) == 0.5
    assert (
        shape.strength(UsableEvent("e", "new_baby", "self", "", -10, 0.4)) == 0.4
    )  # after the day: its fade


def test_boosted_products_take_at_most_their_share_of_slots_and_popular_ones_come_first() -> None:
    affinity = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=np.float32)
    snap = _snapshot(affinity, [0.9, 0.8, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1], [0.5, 0.5, 0.5, 0.5, 0.2, 0.9, 0.4, 0.6],
                     ["Home"] * 4 + ["Bridal Accessories"] * 4)  # fmt: skip
    plain = rank(snap, "u", 4, [], True, shape=BoostShape())
    assert [i.product_id for i in plain.items] == ["p0", "p1", "p2", "p3"]
    full = rank(snap, "u", 4, [_wedding(3)], True, shape=BoostShape(popularity=1.0))
    assert [i.product_id for i in full.items] == ["p5", "p7", "p6", "p4"]
    half = rank(snap, "u", 4, [_wedding(3)], True, shape=BoostShape(popularity=1.0, max_share=0.5))
    assert [i.product_id for i in half.items] == ["p5", "p7", "p0", "p1"]
    far = rank(snap, "u", 4, [_wedding(90)], True, shape=BoostShape(full_days=7, ramp_days=30, floor=0.5))
    assert sum(i.product_id in {"p4", "p5", "p6", "p7"} for i in far.items) == 2  # far away: fewer slots


def test_every_boosted_product_says_why_it_fits_the_event() -> None:
    affinity = np.array([0, 1], dtype=np.float32)
    snap = _snapshot(affinity, [0.9, 0.1], [0.5, 0.5], ["Home", "Bridal Accessories"])
    ranked = rank(snap, "u", 2, [_wedding(14)], True, shape=BoostShape(weight=10))
    top = ranked.items[0]
    assert top.product_id == "p1" and [r.kind for r in top.reasons] == ["als", "event_boost"]
    assert top.reasons[1].text == "Bridal Accessories: matches wedding, for your wedding in 14 days"
    assert [r.kind for r in ranked.items[1].reasons] == ["als"]
    assert (
        fit_text("party_supplies", "learned", "birthday", "self") == "party supplies: bought before birthdays"
    )
    assert fit_text("Gifts", "tag", "wedding", "network") == "Gifts: tagged wedding gifts"


def test_settings_defaults_are_the_tuned_boost_shape() -> None:
    from lifecue.config import RecommenderSettings
    from services.recommender import options

    cfg = RecommenderSettings()
    shape = options(Settings(recommender=cfg)).boost
    assert shape == BoostShape()
