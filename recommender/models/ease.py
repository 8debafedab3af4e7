"""EASE (Steck 2019): a closed-form item-item linear model, strong on implicit feedback.

B = I - P / diag(P) with P = (XᵀX + λI)⁻¹ over binary interactions, diagonal zeroed. The
inverse is dense in the item count, so EASE is fitted on the ``max_items`` most popular
items only (memory ~ 12 x max_items² bytes while fitting, 4 x max_items² stored); the rest
score the user's lowest in-set score and so rank last. A user is scored ``row @ B``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.als import threads
from recommender.blas import blas_threads
from recommender.models._base import Model, TrainingData, as_rows


class Ease(Model):
    """Embarrassingly shallow autoencoder with L2 penalty ``regularization``."""

    kind = "ease"
    reason = "also_bought"

    def __init__(self, regularization: float = 500.0, max_items: int = 5000, num_threads: int = 0) -> None:
        super().__init__(num_threads)
        if regularization <= 0:
            raise InvalidArgument("regularization", "must be positive")
        if max_items < 1:
            raise InvalidArgument("max_items", "must be at least 1")
        self.regularization, self.max_items = regularization, max_items
        self.kept = np.zeros(0, dtype=np.int64)
        self.weights = np.zeros((0, 0), dtype=np.float32)
        self._positions: np.ndarray | None = None

    def fit(self, data: TrainingData) -> Ease:
        """Solve for B on the most popular ``max_items`` items."""
        m = csr_matrix(data.user_items, dtype=np.float64)
        self.n_items = int(m.shape[1])
        buyers = np.bincount(m.indices, minlength=self.n_items)
        order = np.argsort(-buyers, kind="stable")[: self.max_items]
        self.kept = np.sort(order[buyers[order] > 0])
        x = m[:, self.kept]
        x.data[:] = 1.0
        with blas_threads(threads(self.num_threads)):
            gram = (x.T @ x).toarray()
            gram[np.diag_indices_from(gram)] += self.regularization
            p = np.linalg.inv(gram)
            del gram
            b = p / (-np.diag(p))
            b[np.diag_indices_from(b)] = 0.0
        self.weights = b.astype(np.float32)
        self._positions = None
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """``row @ B`` over the kept items; every other item gets the user's lowest in-set score."""
        inner = np.asarray(self._kept_rows(rows) @ self.weights, dtype=np.float32)
        floor = inner.min(axis=1, keepdims=True) if inner.shape[1] else np.zeros((inner.shape[0], 1))
        out = np.repeat(floor.astype(np.float32), self.n_items, axis=1)
        out[:, self.kept] = inner
        return out

    def because(self, row: csr_matrix, item: int) -> int | None:
        """The user's item with the largest weight toward ``item`` (None outside the kept items)."""
        position = self._position()
        at = position[item] if 0 <= item < len(position) else -1
        cols = as_rows(row, self.n_items).indices
        mine = position[cols]
        if at < 0 or not (mine >= 0).any():
            return None
        weights = self.weights[mine[mine >= 0], at]
        best = int(np.argmax(weights))
        return int(cols[mine >= 0][best]) if weights[best] > 0 else None

    def _position(self) -> np.ndarray:
        """Each item's row in B (-1: not kept), built once."""
        if self._positions is None or len(self._positions) != self.n_items:
            positions = np.full(self.n_items, -1, dtype=np.int64)
            positions[self.kept] = np.arange(len(self.kept))
            self._positions = positions
        return self._positions

    def _kept_rows(self, rows: csr_matrix) -> csr_matrix:
        """Binary rows over the kept items only (a remap of indexes; no column slicing of a CSR)."""
        rows = as_rows(rows, self.n_items)
        mapped = self._position()[rows.indices]
        keep = mapped >= 0
        owners = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))
        indptr = np.r_[0, np.cumsum(np.bincount(owners[keep], minlength=rows.shape[0]))]
        return csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), mapped[keep], indptr),
                          shape=(rows.shape[0], len(self.kept)))  # fmt: skip

    def params(self) -> dict[str, Any]:
        """Hyper-parameters."""
        return {"regularization": self.regularization, "max_items": self.max_items}

    def arrays(self) -> dict[str, np.ndarray]:
        """B and the indexes of the items it covers."""
        return {"weights": self.weights, "kept": self.kept, "item_count": np.array([self.n_items])}

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Set B and its items."""
        self.weights = np.asarray(arrays["weights"], dtype=np.float32)
        self.kept = np.asarray(arrays["kept"], dtype=np.int64)
        self.n_items = int(arrays["item_count"][0])
        self._positions = None
