"""implicit's ALS behind the model contract: plain, BM25-weighted or log-confidence-weighted.

Plain ALS wins where tastes are personal and sparse (a gift-ware wholesaler); BM25 or log
confidence damp heavy users and best sellers. A known user is scored from the stored
factors; a new or refreshed user gets a least-squares factor from their row against the
fixed item factors, weighted with the statistics of the training matrix.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.als import AlsParams, Bm25Stats, refit_users, train
from recommender.models._base import Model, TrainingData, as_rows

WEIGHTINGS = ("none", "bm25", "log")


class Als(Model):
    """Alternating least squares on implicit feedback (implicit.cpu.als)."""

    kind = "als"

    def __init__(
        self,
        factors: int = 100,
        regularization: float = 0.01,
        alpha: float = 1.0,
        iterations: int = 15,
        weighting: str = "none",
        seed: int = 42,
        num_threads: int = 0,
        engine: str = "implicit",
        spark_master: str = "local[*]",
    ) -> None:
        """``engine`` fits with implicit (the default) or Spark MLlib (`recommender.spark_als`)."""
        super().__init__(num_threads)
        if weighting not in WEIGHTINGS:
            raise InvalidArgument("weighting", f"{weighting!r} is not one of {WEIGHTINGS}")
        self.factors, self.regularization, self.alpha = factors, regularization, alpha
        self.iterations, self.weighting, self.seed = iterations, weighting, seed
        self.engine, self.spark_master = engine, spark_master
        self.user_factors = np.zeros((0, factors), dtype=np.float32)
        self.item_factors = np.zeros((0, factors), dtype=np.float32)
        self.stats: Bm25Stats | None = None

    def _als_params(self) -> AlsParams:
        # "log" is applied to the matrix here; implicit's trainer sees it as unweighted.
        base = "bm25" if self.weighting == "bm25" else "none"
        return AlsParams(self.factors, self.regularization, self.alpha, self.iterations, base, self.seed,
                         self.num_threads, self.engine, self.spark_master)  # fmt: skip

    def _confidence(self, rows: csr_matrix) -> csr_matrix:
        if self.weighting != "log":
            return rows
        out = csr_matrix(rows, dtype=np.float32, copy=True)
        out.data = np.log1p(out.data).astype(np.float32)
        return out

    def fit(self, data: TrainingData) -> Als:
        """Train factors on the (weighted) matrix; refuses non-finite factors."""
        factors = train(self._confidence(data.user_items), self._als_params())
        self.user_factors, self.item_factors = factors.user_factors, factors.item_factors
        self.stats = factors.stats
        self.n_items = int(data.user_items.shape[1])
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """Factor dot products; users outside the fit are refitted from their rows."""
        users = np.asarray(users, dtype=np.int64)
        vectors = np.zeros((len(users), self.factors), dtype=np.float32)
        known = (users >= 0) & (users < len(self.user_factors))
        vectors[known] = self.user_factors[users[known]]
        if (~known).any():
            fresh = as_rows(rows[np.flatnonzero(~known)], self.n_items)
            vectors[~known] = refit_users(self._confidence(fresh), self.item_factors, self._als_params(),
                                          self.stats)  # fmt: skip
        return np.asarray(vectors @ self.item_factors.T, dtype=np.float32)

    @property
    def uses_rows(self) -> bool:
        """Known users are scored from their factors alone."""
        return False

    def user_state(self, rows: csr_matrix) -> dict[str, np.ndarray]:
        """Least-squares user factors for ``rows`` against the fixed item factors."""
        fresh = as_rows(rows, self.n_items)
        return {"user_factors": refit_users(self._confidence(fresh), self.item_factors, self._als_params(),
                                            self.stats)}  # fmt: skip

    def with_user_state(self, users: np.ndarray, state: Mapping[str, np.ndarray]) -> Als:
        """A copy with those users' factors replaced (new users appended; gaps stay zero)."""
        users = np.asarray(users, dtype=np.int64)
        size = max(len(self.user_factors), int(users.max()) + 1 if len(users) else 0)
        factors = np.zeros((size, self.factors), dtype=np.float32)
        factors[: len(self.user_factors)] = self.user_factors
        factors[users] = np.asarray(state["user_factors"], dtype=np.float32)
        out = copy.copy(self)
        out.user_factors = factors
        return out

    def params(self) -> dict[str, Any]:
        """Hyper-parameters."""
        out = {"factors": self.factors, "regularization": self.regularization, "alpha": self.alpha,
               "iterations": self.iterations, "weighting": self.weighting, "seed": self.seed}  # fmt: skip
        if self.engine != "implicit":
            out.update(engine=self.engine, spark_master=self.spark_master)
        return out

    def arrays(self) -> dict[str, np.ndarray]:
        """Factors and, for BM25, the corpus statistics new users are weighted with."""
        out = {"user_factors": self.user_factors, "item_factors": self.item_factors}
        if self.stats is not None:
            out["bm25_idf"] = self.stats.idf.astype(np.float32)
            out["bm25_average_length"] = np.array([self.stats.average_length])
        return out

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Set factors (and BM25 statistics) from ``arrays()`` output."""
        self.user_factors = np.asarray(arrays["user_factors"], dtype=np.float32)
        self.item_factors = np.asarray(arrays["item_factors"], dtype=np.float32)
        self.n_items = len(self.item_factors)
        self.stats = None
        if "bm25_idf" in arrays:
            self.stats = Bm25Stats(arrays["bm25_idf"], float(arrays["bm25_average_length"][0]))
