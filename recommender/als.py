"""ALS training with implicit, and refitting single users against fixed item factors."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

import numpy as np
from implicit.cpu.als import AlternatingLeastSquares
from implicit.nearest_neighbours import bm25_weight
from scipy.sparse import csr_matrix
from threadpoolctl import threadpool_limits

from lifecue.errors import FailedPrecondition


@dataclass(frozen=True)
class AlsParams:
    """Hyper-parameters; the defaults are implicit's own."""

    factors: int = 100
    regularization: float = 0.01
    alpha: float = 1.0
    iterations: int = 15
    weighting: str = "none"
    seed: int = 42
    num_threads: int = 0

    def as_strings(self) -> dict[str, str]:
        """For the registry and ModelInfo.parameters."""
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass
class Factors:
    """Trained factors and how long training took."""

    user_factors: np.ndarray
    item_factors: np.ndarray
    train_seconds: float


def weighted(user_items: csr_matrix, weighting: str) -> csr_matrix:
    """The confidence matrix ALS sees: raw weights, or BM25-weighted."""
    if weighting == "bm25":
        return bm25_weight(user_items, K1=100, B=0.8).tocsr().astype(np.float32)
    return user_items.astype(np.float32)


def threads(num_threads: int) -> int:
    """0 means every core of this machine."""
    return num_threads if num_threads > 0 else (os.cpu_count() or 1)


def train(user_items: csr_matrix, params: AlsParams) -> Factors:
    """Fit ALS on the users x items matrix; refuses NaN factors."""
    # implicit parallelises itself; a BLAS thread pool underneath only oversubscribes the cores.
    with threadpool_limits(1, "blas"):
        return _train(user_items, params)


def _train(user_items: csr_matrix, params: AlsParams) -> Factors:
    model = AlternatingLeastSquares(
        factors=params.factors,
        regularization=params.regularization,
        alpha=params.alpha,
        iterations=params.iterations,
        random_state=params.seed,
        num_threads=threads(params.num_threads),
    )
    started = time.perf_counter()
    model.fit(weighted(user_items, params.weighting), show_progress=False)
    elapsed = time.perf_counter() - started
    users = np.ascontiguousarray(model.user_factors, dtype=np.float32)
    items = np.ascontiguousarray(model.item_factors, dtype=np.float32)
    if not (np.isfinite(users).all() and np.isfinite(items).all()):
        raise FailedPrecondition("ALS produced non-finite factors; lower alpha or raise regularization")
    return Factors(users, items, elapsed)


def refit_users(user_rows: csr_matrix, item_factors: np.ndarray, params: AlsParams) -> np.ndarray:
    """Least-squares user factors for new feedback rows with item factors held fixed."""
    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(
            factors=item_factors.shape[1],
            regularization=params.regularization,
            alpha=params.alpha,
            iterations=1,
            num_threads=threads(params.num_threads),
        )
        model.item_factors = item_factors
        # BM25 needs corpus statistics a few rows do not have; raw weights until the next full retrain.
        out = model.recalculate_user(np.arange(user_rows.shape[0]), user_rows.astype(np.float32))
    return np.asarray(out, dtype=np.float32).reshape(user_rows.shape[0], -1)
