"""Selection by temporal validation: the holdout, the choice per kind of data, blends, the report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lifecue.errors import InvalidArgument
from recommender.basket_simulation import boutique, grocery, temporal_split
from recommender.blending import simplex
from recommender.candidates import Candidate, default_grid, named
from recommender.evaluation import Split, baselines, evaluate_model, fixed
from recommender.history import History, temporal_holdout
from recommender.metrics import ranking_metrics
from recommender.models import Blend, Popularity
from recommender.ranking import tie_breaker, top_k, user_metrics
from recommender.selection import SelectionOptions, select

FAST = SelectionOptions(num_threads=2)


def _as_split(rows: list) -> Split:
    return Split([r[0] for r in rows], [r[1] for r in rows], [r[3] for r in rows], [r[2] for r in rows])


def _split(rows: list) -> tuple[Split, Split]:
    train, test = temporal_split(rows)
    return _as_split(train), _as_split(test)


def _small_grid() -> list[Candidate]:
    grid = default_grid(factors=32, iterations=10, ease_max_items=2000)
    return named(grid, ["popularity", "popularity_hl30", "item_knn_cosine_k100", "rp3beta_b0.3", "als_plain",
                        "als_bm25", "ease_l200"])  # fmt: skip


def test_holdout_keeps_each_users_latest_items_apart_and_drops_ones_seen_before() -> None:
    users = ["a"] * 5 + ["b"] * 2
    items = ["x", "y", "z", "w", "x"] + ["x", "y"]
    times = [1, 2, 3, 4, 5] + [1, 2]
    history, user_ids, item_ids = History.from_ids(users, items, times)
    holdout = temporal_holdout(history, fraction=0.4, min_items=3)
    # a's last two rows (w at 4, x at 5) are held out; x was seen before, so only w is to be found.
    assert holdout.users.tolist() == [0]
    assert [item_ids[i] for i in holdout.relevant[0]] == ["w"]
    assert len(holdout.fit) == 5  # b (two items) stays whole


def test_index_metrics_agree_with_the_implicit_definitions() -> None:
    rng = np.random.default_rng(0)
    top = np.array([rng.permutation(30)[:10] for _ in range(40)])
    relevant = [rng.choice(30, size=int(rng.integers(1, 12)), replace=False) for _ in range(40)]
    mine = user_metrics(top, relevant, 10)
    lists = ((list(map(str, t)), set(map(str, r))) for t, r in zip(top, relevant, strict=True))
    theirs = ranking_metrics(lists, 10)
    assert mine["ndcg"].mean() == pytest.approx(theirs["ndcg@10"])
    assert mine["recall"].mean() == pytest.approx(theirs["recall@10"])
    assert mine["ap"].mean() == pytest.approx(theirs["map@10"])


def test_top_k_excludes_seen_items_and_breaks_ties_by_popularity() -> None:
    from scipy.sparse import csr_matrix

    scores = np.zeros((1, 5), dtype=np.float32)
    seen = csr_matrix(np.array([[1, 0, 0, 0, 0]], dtype=np.float32))
    popularity = np.array([9.0, 1.0, 0.0, 5.0, 3.0])
    assert top_k(scores, seen, 3, tie_breaker(popularity)).tolist() == [[3, 4, 1]]
    assert top_k(scores + np.array([0, 0, 1e-3, 0, 0]), seen, 1, tie_breaker(popularity)).tolist() == [[2]]


@pytest.mark.parametrize("world", ["grocery", "boutique"])
def test_selection_is_at_least_as_good_as_the_best_baseline_on_held_out_data(world: str) -> None:
    rows = grocery(users=500, items=500) if world == "grocery" else boutique(users=500, items=500)
    train, test = _split(rows)
    grid = _small_grid()
    chosen = evaluate_model(train, test, lambda h: (lambda m, r: (m, {"report": r}))(*select(h, grid, FAST)))
    figures = {name: evaluate_model(train, test, fixed(c, 2))["ndcg@10"] for name, c in baselines(2).items()}
    report = chosen["report"]
    assert chosen["ndcg@10"] >= max(figures.values()) * 0.97, (report.chosen, figures)
    if world == "grocery":
        assert not report.chosen.startswith("als"), report.chosen
        assert figures["plain_als"] < max(figures["popularity"], figures["item_knn_k100"])
    assert {c.name for c in report.candidates} == {c.name for c in grid}
    json.dumps(report.as_dict())


def test_a_blend_that_does_not_validate_is_not_chosen_and_one_that_does_is_a_blend() -> None:
    train, _ = _split(grocery(users=500, items=500, seed=4))
    history = History.from_ids(train.users, train.items, train.times, train.weights)[0]
    model, report = select(history, _small_grid(), FAST)
    assert report.blend["members"] and len(report.blend["weights"]) == len(report.blend["members"])
    if report.blend["accepted"]:
        assert isinstance(model, Blend) and report.chosen.startswith("blend(")
        assert report.blend["confirm_blend_ndcg"] > report.blend["confirm_best_ndcg"]
    else:
        assert not isinstance(model, Blend)
        assert report.chosen == max(report.candidates, key=lambda c: c.ndcg).name


def test_budget_skips_the_remaining_candidates_but_still_chooses() -> None:
    train, _ = _split(boutique(users=300, items=300))
    history = History.from_ids(train.users, train.items, train.times, train.weights)[0]
    model, report = select(history, _small_grid(), SelectionOptions(budget_seconds=1e-9, num_threads=2))
    assert len(report.candidates) == 1 and len(report.skipped) == len(_small_grid()) - 1
    assert report.chosen == "popularity" and isinstance(model, Popularity)


def test_data_without_timestamps_drops_the_recency_candidates_and_validates_at_random() -> None:
    assert not [c for c in default_grid(timed=False) if "hl" in c.name]
    rng = np.random.default_rng(2)
    history = History.from_ids(
        [f"u{u % 40}" for u in range(400)], [f"i{i}" for i in rng.integers(0, 60, 400)]
    )[0]
    _, report = select(history, None, SelectionOptions(blend=False, num_threads=2))
    assert report.validation_users > 0 and not [c for c in report.candidates if "hl" in c.name]


def test_simplex_grid_sums_to_one() -> None:
    grid = simplex(3)
    assert len(grid) == 66 and np.allclose(grid.sum(axis=1), 1.0)


def test_no_candidates_is_an_invalid_argument() -> None:
    history = History.from_ids(["a"], ["b"])[0]
    with pytest.raises(InvalidArgument):
        select(history, [], FAST)


def test_eval_metrics_equal_implicits_ranking_metrics_at_k_for_the_same_model() -> None:
    from implicit.cpu.als import AlternatingLeastSquares
    from implicit.evaluation import ranking_metrics_at_k
    from scipy.sparse import csr_matrix

    train, test = _split(boutique(users=300, items=200, seed=5))
    history, user_ids, item_ids = History.from_ids(train.users, train.items, train.times, train.weights)
    users, items = {u: n for n, u in enumerate(user_ids)}, {i: n for n, i in enumerate(item_ids)}
    kept = [(u, i) for u, i in zip(test.users, test.items, strict=True) if u in users and i in items]
    test = Split([u for u, _ in kept], [i for _, i in kept], [1.0] * len(kept))
    ours = evaluate_model(train, test, fixed(baselines(1)["plain_als"], 1))
    model = AlternatingLeastSquares(factors=100, iterations=15, random_state=42, num_threads=1)
    model.fit(history.matrix(), show_progress=False)
    rows, cols = [users[u] for u, _ in kept], [items[i] for _, i in kept]
    truth = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(history.n_users, history.n_items))
    theirs = ranking_metrics_at_k(model, history.matrix(), truth, K=10, show_progress=False)
    assert ours["ndcg@10"] == pytest.approx(theirs["ndcg"], abs=1e-6)
    assert ours["precision@10"] == pytest.approx(theirs["precision"], abs=1e-6)
    assert ours["map@10"] == pytest.approx(theirs["map"], abs=1e-6)


def test_a_failing_candidate_is_skipped_and_recorded() -> None:
    train, _ = _split(boutique(users=200, items=150))
    history = History.from_ids(train.users, train.items, train.times, train.weights)[0]
    broken = Candidate("ease", {"regularization": 200.0, "max_items": 0}, "ease_broken")
    _, report = select(history, [broken, Candidate("popularity", {}, "popularity")], FAST)
    assert [c.name for c in report.candidates] == ["popularity"]
    assert report.skipped[0].startswith("ease_broken: max_items")
