"""Interaction history as parallel arrays, the matrices models fit on, and per-user temporal holdout.

Selection validates the way the outside check splits: every user's latest interactions
are held out and the models, fitted on the rest, rank them without the user's earlier
items (a held-out item the user already had earlier is no answer to find).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import TrainingData


@dataclass(frozen=True)
class History:
    """One row per interaction: user and item indexes, time (epoch seconds) and weight."""

    users: np.ndarray
    items: np.ndarray
    times: np.ndarray
    weights: np.ndarray
    n_users: int
    n_items: int

    @classmethod
    def from_ids(
        cls,
        users: Sequence[str],
        items: Sequence[str],
        times: Sequence[float] | None = None,
        weights: Sequence[float] | None = None,
    ) -> tuple[History, list[str], list[str]]:
        """Index string ids in order of first appearance; returns the history and both id lists."""
        user_ids = list(dict.fromkeys(users))
        item_ids = list(dict.fromkeys(items))
        u_index = {u: n for n, u in enumerate(user_ids)}
        i_index = {i: n for n, i in enumerate(item_ids)}
        n = len(users)
        history = cls(
            users=np.fromiter((u_index[u] for u in users), dtype=np.int64, count=n),
            items=np.fromiter((i_index[i] for i in items), dtype=np.int64, count=n),
            times=np.zeros(n) if times is None else np.asarray(times, dtype=np.float64),
            weights=np.ones(n, dtype=np.float32) if weights is None else np.asarray(weights, np.float32),
            n_users=len(user_ids),
            n_items=len(item_ids),
        )
        return history, user_ids, item_ids

    def __len__(self) -> int:
        return len(self.users)

    def subset(self, mask: np.ndarray) -> History:
        """The rows where ``mask`` is true, same index spaces."""
        return History(self.users[mask], self.items[mask], self.times[mask], self.weights[mask],
                       self.n_users, self.n_items)  # fmt: skip

    def matrix(self) -> csr_matrix:
        """Users x items, repeated pairs summed; pairs summing to zero or less (returns) dropped."""
        m = csr_matrix(
            (self.weights, (self.users, self.items)), shape=(self.n_users, self.n_items), dtype=np.float32
        )
        m.sum_duplicates()
        m.data[m.data < 0] = 0.0
        m.eliminate_zeros()
        return m

    def training_data(self) -> TrainingData:
        """Weights plus the latest time of every pair, with the same sparsity pattern."""
        weights = self.matrix()
        seen = csr_matrix((self.n_users, self.n_items), dtype=np.float64)
        if len(self):
            order = np.lexsort((self.times, self.items, self.users))
            keys = self.users[order] * self.n_items + self.items[order]
            last = np.r_[keys[1:] != keys[:-1], True]
            seen = csr_matrix(
                (self.times[order][last], (self.users[order][last], self.items[order][last])),
                shape=(self.n_users, self.n_items),
            )
            # Pairs the weights dropped are dropped from the times too.
            seen = seen.multiply(weights.astype(bool)).tocsr()
            seen.sort_indices()
        now = float(self.times.max()) if len(self) else 0.0
        return TrainingData(weights, seen, now)


@dataclass(frozen=True)
class Holdout:
    """A fit part and, per validation user, the held-out items they did not have before."""

    fit: History
    users: np.ndarray
    relevant: list[np.ndarray]


def temporal_holdout(history: History, fraction: float = 0.2, min_items: int = 3, seed: int = 0) -> Holdout:
    """Hold out each user's latest ``fraction`` of interactions (at least one; users with fewer
    than ``min_items`` distinct items stay whole). Ties in time are broken by a seeded shuffle,
    so data without timestamps gets a random per-user holdout."""
    rng = np.random.default_rng(seed)
    shuffle = rng.permutation(len(history))
    order = shuffle[np.lexsort((history.times[shuffle], history.users[shuffle]))]
    users = history.users[order]
    sizes = np.bincount(users, minlength=history.n_users)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    position = np.arange(len(order)) - starts[users]
    distinct = np.diff(history.matrix().indptr)
    hold = np.maximum(1, np.round(sizes * fraction)).astype(np.int64)
    chosen = (position >= sizes[users] - hold[users]) & (distinct[users] >= min_items)
    held = np.zeros(len(history), dtype=bool)
    held[order[chosen]] = True
    fit = history.subset(~held)
    n = np.int64(history.n_items)
    seen_keys = np.unique(fit.users * n + fit.items)
    test_keys = np.unique(history.users[held] * n + history.items[held])
    new = test_keys[~np.isin(test_keys, seen_keys, assume_unique=True)]
    owners = new // n
    bounds = np.r_[0, np.flatnonzero(owners[1:] != owners[:-1]) + 1, len(new)]
    out_users = owners[bounds[:-1]] if len(new) else np.zeros(0, dtype=np.int64)
    relevant = [new[a:b] % n for a, b in zip(bounds[:-1], bounds[1:], strict=True)] if len(new) else []
    return Holdout(fit, np.asarray(out_users, dtype=np.int64), relevant)
