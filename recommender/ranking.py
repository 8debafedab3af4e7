"""Top-k lists for many users at once, and per-user ranking metrics by item index.

Selection scores every candidate on thousands of validation users; this is the batched,
vectorised path. Exact score ties (items no neighbour reaches score 0 alike) are broken
by popularity, then by index, so sparse models fall back on best sellers instead of on
whichever item happens to come first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import Model

CELLS_PER_BATCH = 8_000_000  # dense score cells per batch (~64 MB as float64)


def batch_size(n_items: int) -> int:
    """Users per scoring batch for ``n_items`` items."""
    return max(1, min(2048, CELLS_PER_BATCH // max(n_items, 1)))


def tie_breaker(popularity: np.ndarray) -> np.ndarray:
    """A float64 row that, added to scores, orders exact ties by popularity (then lower index)."""
    pop = np.asarray(popularity, dtype=np.float64)
    rank = np.empty(len(pop))
    rank[np.lexsort((np.arange(len(pop)), -pop))] = np.arange(len(pop))
    return (len(pop) - rank) * 1e-12 / max(len(pop), 1)


def top_k(scores: np.ndarray, seen: csr_matrix, k: int, tie: np.ndarray | None = None) -> np.ndarray:
    """Indexes of each row's ``k`` best scores, best first, without the items in ``seen``'s row."""
    s = np.asarray(scores, dtype=np.float64)
    if tie is not None:
        # Scale so the tie-break stays below any real score difference of each row.
        s = s + tie * np.maximum(np.abs(np.where(np.isfinite(s), s, 0.0)).max(axis=1, keepdims=True), 1.0)
    rows, cols = seen.nonzero()
    s[rows, cols] = -np.inf
    k = min(k, s.shape[1])
    if k == 0:
        return np.zeros((len(s), 0), dtype=np.int64)
    part = np.argpartition(-s, k - 1, axis=1)[:, :k] if k < s.shape[1] else np.tile(np.arange(k), (len(s), 1))
    order = np.argsort(-np.take_along_axis(s, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def ranked(
    model: Model,
    users: np.ndarray,
    rows: csr_matrix,
    k: int,
    tie: np.ndarray | None = None,
) -> Iterator[tuple[slice, np.ndarray]]:
    """(slice of ``users``, top-k indexes) batch by batch; ``rows`` are the users' known items."""
    step = batch_size(rows.shape[1])
    for start in range(0, len(users), step):
        part = slice(start, start + step)
        batch_rows = rows[part]
        yield part, top_k(model.scores(users[part], batch_rows), batch_rows, k, tie)


def user_metrics(top: np.ndarray, relevant: Sequence[np.ndarray], k: int) -> dict[str, np.ndarray]:
    """Per-user ndcg@k, recall@k, hits and AP@k with implicit's definitions (binary relevance)."""
    gains = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.cumsum(gains)
    n = len(relevant)
    out = {name: np.zeros(n) for name in ("ndcg", "recall", "hits", "ap", "cut")}
    for u in range(n):
        hit = np.isin(top[u, :k], relevant[u])
        cut = min(k, len(relevant[u]))
        h = np.cumsum(hit)
        out["ndcg"][u] = float(gains[: len(hit)][hit].sum()) / ideal[cut - 1]
        out["recall"][u] = h[-1] / len(relevant[u]) if len(h) else 0.0
        out["hits"][u] = h[-1] if len(h) else 0.0
        out["ap"][u] = float((h[hit] / (np.flatnonzero(hit) + 1)).sum()) / cut
        out["cut"][u] = cut
    return out
