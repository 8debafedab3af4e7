"""The ranker's top-n: best first, ties by product id, hidden products never shown."""

from __future__ import annotations

import numpy as np

from recommender.ranker import top

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
