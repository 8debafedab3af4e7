"""Blend weights fitted on validation: a grid over the simplex, confirmed on unseen users.

Each member's scores are normalised per user (``models.normalised``, what ``Blend``
serves). For every validation user only the union of the members' top ``POOL`` items can
enter a blended top-k in practice, so the grid search runs on those pools: all of it is
a few small dense arrays. Weights are chosen on one half of the users and the blend is
kept only if it beats the best single member on the other half, by more than the noise;
the final weights are then chosen on all users.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import Model, normalised
from recommender.ranking import batch_size, top_k

POOL = 100
STEP = 0.1
OUT = np.float32(-1e9)  # score of pool slots that must never rank (finite, so zero weights stay 0)
MARGIN = 1.005  # the blend must beat the best member by 0.5% on the confirming half, and by
# more than one standard error of the per-user differences there (small data is noisy)


@dataclass
class BlendResult:
    """Chosen weights (member order), their validation ndcg, and the confirmation figures."""

    weights: list[float]
    ndcg: float
    confirm_blend_ndcg: float
    confirm_best_ndcg: float
    accepted: bool


def simplex(members: int, step: float = STEP) -> np.ndarray:
    """Every weight vector with entries in multiples of ``step`` summing to 1."""
    n = int(round(1 / step))
    grid = [c for c in itertools.product(range(n + 1), repeat=members) if sum(c) == n]
    return np.asarray(grid, dtype=np.float64) / n


def fit_blend(
    members: Sequence[Model],
    users: np.ndarray,
    rows: csr_matrix,
    relevant: Sequence[np.ndarray],
    k: int,
    tie: np.ndarray,
    seed: int = 0,
) -> BlendResult:
    """Grid-search blend weights of fitted ``members`` (best first) on the validation users."""
    pool, values, is_relevant = _pools(members, users, rows, relevant, tie)
    ideal = np.cumsum(1.0 / np.log2(np.arange(2, k + 2)))[np.minimum([len(r) for r in relevant], k) - 1]
    grid = simplex(len(members))
    ndcg = np.stack([_ndcg(np.tensordot(w, values, axes=1), is_relevant, ideal, k) for w in grid])
    half = np.random.default_rng(seed).permutation(len(users)) % 2 == 0
    single = int(np.flatnonzero(grid[:, 0] == 1.0)[0])
    chosen_a = int(np.argmax(ndcg[:, half].mean(axis=1)))
    gain = ndcg[chosen_a, ~half] - ndcg[single, ~half]
    blend_b = float(ndcg[chosen_a, ~half].mean()) if len(gain) else 0.0
    best_b = float(ndcg[single, ~half].mean()) if len(gain) else 0.0
    noise = float(gain.std(ddof=1) / np.sqrt(len(gain))) if len(gain) > 1 else np.inf
    accepted = grid[chosen_a, 0] < 1.0 and blend_b > best_b * MARGIN and float(gain.mean()) > noise
    final = int(np.argmax(ndcg.mean(axis=1))) if accepted else single
    return BlendResult(
        [round(float(w), 3) for w in grid[final]], round(float(ndcg[final].mean()), 5),
        round(blend_b, 5), round(best_b, 5), bool(accepted),
    )  # fmt: skip


def _pools(
    members: Sequence[Model],
    users: np.ndarray,
    rows: csr_matrix,
    relevant: Sequence[np.ndarray],
    tie: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per user: pooled item indexes, every member's normalised score there (OUT for repeats),
    and whether each pooled item is relevant."""
    n, m = len(users), len(members)
    width = m * POOL
    pool = np.zeros((n, width), dtype=np.int64)
    values = np.full((m, n, width), OUT, dtype=np.float32)
    step = batch_size(rows.shape[1])
    for start in range(0, n, step):
        part = slice(start, start + step)
        batch_rows = rows[part]
        scores = [normalised(member.scores(users[part], batch_rows)) for member in members]
        idx = np.concatenate([top_k(s, batch_rows, POOL, tie) for s in scores], axis=1)
        pool[part, : idx.shape[1]] = idx
        order = np.argsort(idx, axis=1, kind="stable")
        ordered = np.take_along_axis(idx, order, axis=1)
        repeat = np.zeros_like(idx, dtype=bool)
        np.put_along_axis(repeat, order[:, 1:], ordered[:, 1:] == ordered[:, :-1], axis=1)
        for j, s in enumerate(scores):
            got = np.take_along_axis(s, idx, axis=1)
            # Seen items were cut from the pools; tie-break exact ties by popularity as serving does.
            got = got + tie[idx] * np.maximum(np.abs(s).max(axis=1, keepdims=True), 1.0)
            got[repeat] = OUT
            got[~np.isfinite(got)] = OUT
            values[j, part, : idx.shape[1]] = got
    is_relevant = np.zeros((n, width), dtype=bool)
    for u in range(n):
        is_relevant[u] = np.isin(pool[u], relevant[u])
    return pool, values, is_relevant


def _ndcg(scores: np.ndarray, is_relevant: np.ndarray, ideal: np.ndarray, k: int) -> np.ndarray:
    """Per-user ndcg@k of pooled ``scores`` (positions, not items: pools hold each item once)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    best = np.take_along_axis(part, order, axis=1)
    finite = np.take_along_axis(scores, best, axis=1) > OUT / 2
    hits = np.take_along_axis(is_relevant, best, axis=1) & finite
    gains = 1.0 / np.log2(np.arange(2, k + 2))
    return np.asarray((hits * gains).sum(axis=1) / ideal)
