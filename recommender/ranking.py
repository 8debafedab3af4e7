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

CELLS_PER_BATCH = 8_000_000  # dense score cells per batch (~32 MB as float32)
TIE_SPAN = 1e-5  # the tie-break adds at most this share of a row's largest score


def batch_size(n_items: int) -> int:
    """Users per scoring batch for ``n_items`` items."""
    return max(1, min(2048, CELLS_PER_BATCH // max(n_items, 1)))


def tie_breaker(popularity: np.ndarray) -> np.ndarray:
    """A float32 row that, added to scores, orders exact ties by popularity (then lower index)."""
    pop = np.asarray(popularity, dtype=np.float64)
    rank = np.empty(len(pop))
    rank[np.lexsort((np.arange(len(pop)), -pop))] = np.arange(len(pop))
    return ((len(pop) - rank) * TIE_SPAN / max(len(pop), 1)).astype(np.float32)


def top_k(scores: np.ndarray, seen: csr_matrix, k: int, tie: np.ndarray | None = None) -> np.ndarray:
    """Indexes of each row's ``k`` best scores, best first, without the items in ``seen``'s row."""
    s = np.array(scores, dtype=np.float32)
    if tie is not None:
        # Scaled by each row's largest magnitude, so it only reorders (near-)exact ties.
        finite = np.isfinite(s)
        bounded = s if finite.all() else np.where(finite, s, 0.0)
        scale = np.maximum(np.maximum(bounded.max(axis=1), -bounded.min(axis=1)), 1.0)
        s += tie[None, :] * scale[:, None]
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
    n = len(relevant)
    top = top[:, :k]
    sizes = np.array([len(r) for r in relevant], dtype=np.int64)
    width = np.int64(
        max(int(top.max(initial=0)), max((int(r.max()) for r in relevant if len(r)), default=0)) + 1
    )
    wanted = np.concatenate([np.arange(n, dtype=np.int64).repeat(sizes) * width + np.concatenate(relevant)]
                            ) if n else np.zeros(0, dtype=np.int64)  # fmt: skip
    hit = np.isin(np.arange(n, dtype=np.int64)[:, None] * width + top, wanted)
    gains = 1.0 / np.log2(np.arange(2, top.shape[1] + 2))
    ideal = np.cumsum(1.0 / np.log2(np.arange(2, k + 2)))
    cut = np.minimum(sizes, k)
    hits = np.cumsum(hit, axis=1)
    ranks = np.arange(1, top.shape[1] + 1)
    return {
        "ndcg": (hit * gains).sum(axis=1) / ideal[cut - 1],
        "recall": hit.sum(axis=1) / sizes,
        "hits": hit.sum(axis=1).astype(np.float64),
        "ap": (hit * hits / ranks).sum(axis=1) / cut,
        "cut": cut.astype(np.float64),
    }
