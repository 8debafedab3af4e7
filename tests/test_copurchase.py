"""Affinity from purchases made in the same weeks as products that fit an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from recommender.affinity import catalog_affinity, near_lift, row
from recommender.copurchase import (
    BURST,
    NEAR_PREFIX,
    NEIGHBOURS,
    STRENGTH,
    NearOptions,
    burst_structure,
    near_affinity,
)
from recommender.reasons import fit_text

START = datetime(2025, 6, 1, tzinfo=UTC)
WEDDING = row("wedding", "self")
ROWS = [("wedding", "self"), ("new_pet", "self")]


def _shop(seed: int = 0, bursts: int = 30) -> tuple[list[tuple[str, str, datetime]], list[str], np.ndarray]:
    """Everyday shopping spread over a year; ``bursts`` consumers also buy the two tagged wedding
    products and the runner within three weeks, and the same consumers buy the lamp at other times."""
    rng = np.random.default_rng(seed)
    items = ["dress", "veil", "runner", "lamp", *[f"z{k:02d}" for k in range(20)]]
    prior = np.zeros((len(ROWS), len(items)))
    prior[0, :2] = 1.0  # dress and veil fit a wedding; the runner's words say nothing
    bought = []
    for u in range(120):
        user = f"c{u:03d}"
        for _ in range(25):
            bought.append(
                (user, items[4 + int(rng.integers(20))], START + timedelta(days=float(rng.uniform(0, 365))))
            )
        if u < bursts:
            day = START + timedelta(days=float(rng.uniform(60, 300)))
            for item in ("dress", "veil", "runner"):
                bought.append((user, item, day + timedelta(days=float(rng.uniform(-10, 10)))))
            bought.append(
                (user, "lamp", day + timedelta(days=float(rng.choice([-1, 1]) * rng.uniform(90, 150))))
            )
    return bought, items, prior


def _raised(out: dict[str, dict[str, float]], kind: str = "wedding/self") -> dict[str, float]:
    return {k[2:]: v for k, v in out.get(NEAR_PREFIX + kind, {}).items()}


def _catalog(runner: dict[str, Any] | None = None, steady_tag: bool = False) -> list[dict[str, Any]]:
    """The shop's products: two wedding-tagged ones, the runner and lamp bought beside them or not,
    and 20 everyday products (the first tagged "wedding" with ``steady_tag``)."""
    return [
        {"_id": "dress", "category": "Bridal", "tags": ["wedding"]},
        {"_id": "veil", "category": "Bridal", "tags": ["wedding"]},
        {"_id": "runner", "category": "Table linen", **(runner or {})},
        {"_id": "lamp", "category": "Lighting"},
        *({"_id": f"z{k:02d}", "category": "Everyday", "tags": ["wedding"] if steady_tag and k == 0 else []}
          for k in range(20)),
    ]  # fmt: skip


def test_a_product_bought_in_the_same_weeks_as_fitting_ones_is_raised() -> None:
    bought, items, prior = _shop()
    raised = _raised(near_affinity(bought, items, prior, ROWS))
    assert raised.get("runner", 0.0) >= 0.5
    assert "lamp" not in raised  # the same consumers, bought at other times: no event in it
    assert max((v for k, v in raised.items() if k.startswith("z")), default=0.0) < 0.3  # everyday ones stay
    assert "dress" not in raised  # already at 1.0: nothing to raise
    assert not _raised(near_affinity(bought, items, prior, ROWS), "new_pet/self")


def test_few_consumers_are_not_evidence_enough() -> None:
    bought, items, prior = _shop(bursts=2)
    assert "runner" not in _raised(near_affinity(bought, items, prior, ROWS))  # two buyers: no pattern
    bought, items, prior = _shop(bursts=3)
    assert "runner" not in _raised(near_affinity(bought, items, prior, ROWS, NearOptions(least_buyers=4)))
    assert _raised(near_affinity(bought, items, prior, ROWS)).get("runner", 0.0) > 0.3


def test_it_only_raises_and_keeps_at_most_the_configured_number_per_row() -> None:
    bought, items, prior = _shop()
    prior[0, 3] = 0.9  # the lamp's words say wedding; its purchases say nothing of one
    assert "lamp" not in _raised(near_affinity(bought, items, prior, ROWS))
    prior[0, 2] = 1.0  # nothing left to raise for the runner
    assert "runner" not in _raised(near_affinity(bought, items, prior, ROWS))
    prior[0, 2] = 0.0
    one = near_affinity(bought, items, prior, ROWS, NearOptions(most_per_row=1))
    assert list(one[NEAR_PREFIX + "wedding/self"]) == ["p:runner"]


def test_nothing_to_learn_from_gives_nothing() -> None:
    _, items, prior = _shop()
    assert near_affinity([], items, prior, ROWS) == {}
    assert near_affinity([("c1", "unknown", START)], items, prior, ROWS) == {}


def test_the_catalog_applies_raised_scores_with_their_source_and_reason() -> None:
    bought, _, _ = _shop()
    docs = _catalog()
    lift = near_lift([(u, p, None, at) for u, p, at in bought], docs)
    table = catalog_affinity(sorted(docs, key=lambda d: d["_id"]), {}, lift)
    ids = sorted(d["_id"] for d in docs)
    runner, lamp = ids.index("runner"), ids.index("lamp")
    assert table.scores[WEDDING, runner] >= 0.5 and table.source(WEDDING, runner) == "together"
    assert table.scores[WEDDING, lamp] == 0.0
    assert table.source(WEDDING, ids.index("dress")) == "tag"
    assert (
        fit_text("Table linen", "together", "wedding", "self")
        == "Table linen: bought alongside wedding purchases"
    )
    assert fit_text("", "together", "wedding", "network") == "bought alongside wedding gifts"


def test_an_operators_block_wins_over_what_purchases_say() -> None:
    bought, _, _ = _shop()
    docs = _catalog(
        runner={"affinity_overrides": [{"event_type": "wedding", "subject": "self", "action": "block"}]}
    )
    lift = near_lift([(u, p, None, at) for u, p, at in bought], docs)
    table = catalog_affinity(sorted(docs, key=lambda d: d["_id"]), {}, lift)
    assert table.scores[WEDDING, sorted(d["_id"] for d in docs).index("runner")] == 0.0


def test_bursts_rank_event_products_and_name_what_goes_with_them() -> None:
    bought, items, _ = _shop()
    out = burst_structure(bought, items)
    ranks = {k[2:]: v for k, v in out[BURST].items() if k != STRENGTH}
    assert set(ranks) == set(items)
    for item in ("dress", "veil", "runner"):  # bought in the same three weeks, on top of everyday shopping
        assert ranks[item] >= 0.85
    assert max(ranks[f"z{k:02d}"] for k in range(20)) < min(ranks[i] for i in ("dress", "veil", "runner"))
    near_dress = {k[2:]: v for k, v in out[NEIGHBOURS + "dress"].items()}
    assert sorted(near_dress, key=lambda k: -near_dress[k])[:2] == ["veil", "runner"] or sorted(
        near_dress, key=lambda k: -near_dress[k]
    )[:2] == ["runner", "veil"]
    assert abs(sum(near_dress.values()) - 1.0) < 1e-3 and len(near_dress) <= NearOptions().neighbours
    assert not {"veil", "runner", "dress"} & set(
        sorted(out[NEIGHBOURS + "z00"], key=lambda k: -out[NEIGHBOURS + "z00"][k])[:3]
    )
    assert burst_structure([], items) == {}
    few = burst_structure(bought, items, NearOptions(most_neighbour_lists=1, most_ranked=2))
    assert len(few[BURST]) == 3 and sum(k.startswith(NEIGHBOURS) for k in few) == 1


def test_a_steady_seller_that_sounds_right_counts_less_than_a_bursty_one() -> None:
    bought, _, _ = _shop()
    docs = _catalog(steady_tag=True)  # z00 is tagged "wedding" but bought all year round
    ordered = sorted(docs, key=lambda d: d["_id"])
    ids = [d["_id"] for d in ordered]
    lift = near_lift([(u, p, None, at) for u, p, at in bought], docs)
    table = catalog_affinity(ordered, {}, lift)
    without = catalog_affinity(ordered, {}, {k: v for k, v in lift.items() if not k.startswith(NEIGHBOURS)
                                             and k != BURST})  # fmt: skip
    dress, steady = ids.index("dress"), ids.index("z00")
    assert without.scores[WEDDING, steady] == 1.0  # the tag alone
    assert table.scores[WEDDING, steady] < 0.6 * table.scores[WEDDING, dress]
    assert table.scores[WEDDING, dress] >= 0.8


def test_a_history_without_bursts_changes_nothing() -> None:
    bought, items, _ = _shop()
    assert burst_structure(bought, items)[BURST][STRENGTH] == 1.0  # three of 24 products, bought in bursts
    steady, _, _ = _shop(seed=1, bursts=0)  # everyday shopping alone: whatever looks bursty is chance
    out = burst_structure(steady, items)
    assert out[BURST][STRENGTH] == 0.0 and any(k.startswith(NEIGHBOURS) for k in out)
    docs: list[dict[str, Any]] = [
        {"_id": "dress", "category": "Bridal", "tags": ["wedding"]},
        *(
            {"_id": f"z{k:02d}", "category": "Everyday", "tags": ["wedding"] if k < 3 else []}
            for k in range(20)
        ),
    ]
    lift = near_lift([(u, p, None, at) for u, p, at in steady], docs)
    alone = {k: v for k, v in lift.items() if not k.startswith(NEIGHBOURS) and k != BURST}
    assert np.array_equal(catalog_affinity(docs, {}, lift).scores, catalog_affinity(docs, {}, alone).scores)
