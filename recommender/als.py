"""ALS training (implicit in process, or Spark MLlib), and refitting single users against fixed item factors."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass

import numpy as np
from implicit.cpu.als import AlternatingLeastSquares
from scipy.sparse import csr_matrix

from lifecue.errors import FailedPrecondition
from recommender.blas import blas_threads


@dataclass(frozen=True)
class AlsParams:
    """Hyper-parameters: implicit's own defaults plus BM25 weighting (see the README figures)."""

    factors: int = 100
    regularization: float = 0.01
    alpha: float = 1.0
    iterations: int = 15
    weighting: str = "bm25"
    seed: int = 42
    num_threads: int = 0
    engine: str = "implicit"  # or "spark": recommender.spark_als on ``spark_master``
    spark_master: str = "local[*]"

    def as_strings(self) -> dict[str, str]:
        """For the registry and ModelInfo.parameters."""
        return {k: str(v) for k, v in asdict(self).items()}


@dataclass
class Factors:
    """Trained factors and how long training took."""

    user_factors: np.ndarray
    item_factors: np.ndarray
    train_seconds: float
    stats: Bm25Stats | None = None
    loss: float | None = None


@dataclass(frozen=True)
class Bm25Stats:
    """Corpus statistics of BM25, kept so that refitting a few users weighs them alike."""

    idf: np.ndarray
    average_length: float


K1, B = 100.0, 0.8


def bm25_stats(user_items: csr_matrix) -> Bm25Stats:
    """Item idf and mean row weight of the training matrix (as implicit's bm25_weight computes them)."""
    n = float(user_items.shape[0])
    df = np.bincount(user_items.indices, minlength=user_items.shape[1])
    lengths = np.asarray(user_items.sum(axis=1)).ravel()
    return Bm25Stats(np.log(n) - np.log1p(df), float(lengths.mean()) if len(lengths) else 1.0)


def weighted(user_items: csr_matrix, weighting: str, stats: Bm25Stats | None = None) -> csr_matrix:
    """The confidence matrix ALS sees: raw weights, or BM25 with the given (or own) statistics."""
    m = csr_matrix(user_items, dtype=np.float32, copy=True)
    if weighting != "bm25":
        return m
    stats = stats or bm25_stats(m)
    lengths = np.asarray(m.sum(axis=1)).ravel()
    norm = (1.0 - B) + B * lengths / max(stats.average_length, 1e-9)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    m.data = (m.data * (K1 + 1.0) / (K1 * norm[rows] + m.data) * stats.idf[m.indices]).astype(np.float32)
    # Items seen by nearly every user get idf <= 0; ALS needs positive confidence.
    m.data = np.maximum(m.data, 1e-6)
    return m


def threads(num_threads: int) -> int:
    """0 means every core of this machine."""
    return num_threads if num_threads > 0 else (os.cpu_count() or 1)


def train(user_items: csr_matrix, params: AlsParams, with_loss: bool = False) -> Factors:
    """Fit ALS on the users x items matrix; refuses NaN factors; ``with_loss`` records the final loss."""
    # implicit parallelises itself; a BLAS thread pool underneath only oversubscribes the cores.
    with blas_threads(1):
        return _train(user_items, params, with_loss)


ENGINES = ("implicit", "spark")


def _train(user_items: csr_matrix, params: AlsParams, with_loss: bool) -> Factors:
    if params.engine not in ENGINES:
        raise FailedPrecondition(f"unknown ALS engine {params.engine!r}; use one of {', '.join(ENGINES)}")
    if params.engine == "spark":
        return _train_spark(user_items, params)
    losses: list[float] = []
    model = AlternatingLeastSquares(
        factors=params.factors,
        regularization=params.regularization,
        alpha=params.alpha,
        iterations=params.iterations,
        random_state=params.seed,
        num_threads=threads(params.num_threads),
        calculate_training_loss=with_loss,
    )
    started = time.perf_counter()
    stats = bm25_stats(user_items) if params.weighting == "bm25" else None
    model.fit(
        weighted(user_items, params.weighting, stats),
        show_progress=False,
        callback=lambda _it, _s, loss: losses.append(float(loss)) if loss is not None else None,
    )
    elapsed = time.perf_counter() - started
    loss = losses[-1] if losses and with_loss else None
    return _checked(model.user_factors, model.item_factors, elapsed, stats, loss)


def _train_spark(user_items: csr_matrix, params: AlsParams) -> Factors:
    from recommender import spark_als

    started = time.perf_counter()
    stats = bm25_stats(user_items) if params.weighting == "bm25" else None
    users, items, _ = spark_als.fit(
        weighted(user_items, params.weighting, stats), params.factors, params.regularization, params.alpha,
        params.iterations, params.seed, params.spark_master,
    )  # fmt: skip
    return _checked(users, items, time.perf_counter() - started, stats, None)


def _checked(
    user_factors: np.ndarray,
    item_factors: np.ndarray,
    elapsed: float,
    stats: Bm25Stats | None,
    loss: float | None,
) -> Factors:
    """Factors as contiguous float32 arrays; refuses NaNs and infinities."""
    users = np.ascontiguousarray(user_factors, dtype=np.float32)
    items = np.ascontiguousarray(item_factors, dtype=np.float32)
    if not (np.isfinite(users).all() and np.isfinite(items).all()):
        raise FailedPrecondition("ALS produced non-finite factors; lower alpha or raise regularization")
    if loss is not None and not np.isfinite(loss):
        raise FailedPrecondition("ALS training loss is not finite; lower alpha or raise regularization")
    return Factors(users, items, elapsed, stats, loss)


def refit_users(
    user_rows: csr_matrix, item_factors: np.ndarray, params: AlsParams, stats: Bm25Stats | None = None
) -> np.ndarray:
    """Least-squares user factors for new feedback rows with item factors held fixed."""
    with blas_threads(1):
        model = AlternatingLeastSquares(
            factors=item_factors.shape[1],
            regularization=params.regularization,
            alpha=params.alpha,
            iterations=1,
            num_threads=threads(params.num_threads),
        )
        model.item_factors = item_factors
        rows = weighted(user_rows, params.weighting, stats)
        out = model.recalculate_user(np.arange(user_rows.shape[0]), rows)
    return np.asarray(out, dtype=np.float32).reshape(user_rows.shape[0], -1)
