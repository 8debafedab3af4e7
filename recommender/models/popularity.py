"""Best sellers, optionally weighted toward recent interactions.

On popularity-dominated data (groceries) a shop does well by showing what sells now;
a half-life makes last month's best sellers count more than last year's. Items are
counted once per user (``count="users"``) or by summed weights; every user gets the
same scores, so nothing per user is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.models._base import Model, TrainingData

COUNTS = ("users", "weight")
DAY = 86400.0


class Popularity(Model):
    """Item popularity, each interaction decayed by ``0.5 ** (age / half_life_days)`` (0 = no decay)."""

    kind = "popularity"
    reason = "popular"

    def __init__(self, half_life_days: float = 0.0, count: str = "users", num_threads: int = 0) -> None:
        super().__init__(num_threads)
        if count not in COUNTS:
            raise InvalidArgument("count", f"{count!r} is not one of {COUNTS}")
        if half_life_days < 0:
            raise InvalidArgument("half_life_days", "must be 0 (no decay) or positive")
        self.half_life_days, self.count = half_life_days, count
        self.item_scores = np.zeros(0, dtype=np.float32)

    def fit(self, data: TrainingData) -> Popularity:
        """Sum (decayed) interactions per item, scaled so the best seller scores 1."""
        m = csr_matrix(data.user_items, dtype=np.float64)
        values = np.ones_like(m.data) if self.count == "users" else m.data.copy()
        if self.half_life_days > 0 and data.last_seen is not None:
            seen = csr_matrix(data.last_seen, dtype=np.float64)
            ages = np.maximum(data.now - _aligned(m, seen), 0.0) / DAY
            values *= 0.5 ** (ages / self.half_life_days)
        totals = np.bincount(m.indices, weights=values, minlength=m.shape[1])
        top = totals.max() if len(totals) else 0.0
        self.item_scores = (totals / top if top > 0 else totals).astype(np.float32)
        self.n_items = int(m.shape[1])
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """The same popularity row for every user."""
        return np.broadcast_to(self.item_scores, (len(users), self.n_items)).copy()

    @property
    def uses_rows(self) -> bool:
        """Every user gets the same scores."""
        return False

    def params(self) -> dict[str, Any]:
        """Hyper-parameters."""
        return {"half_life_days": self.half_life_days, "count": self.count}

    def arrays(self) -> dict[str, np.ndarray]:
        """Per-item scores."""
        return {"item_scores": self.item_scores}

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Set per-item scores."""
        self.item_scores = np.asarray(arrays["item_scores"], dtype=np.float32)
        self.n_items = len(self.item_scores)


def _aligned(weights: csr_matrix, seen: csr_matrix) -> np.ndarray:
    """``seen`` values in the order of ``weights.data`` (the two share a sparsity pattern)."""
    if np.array_equal(weights.indptr, seen.indptr) and np.array_equal(weights.indices, seen.indices):
        return np.asarray(seen.data)
    return np.asarray(seen[weights.nonzero()]).ravel()
