"""RP3beta (Paudel et al. 2017): three-step random walk item -> user -> item, popularity-damped.

W[i, j] = Σ_u P(u | i)^α P(j | u)^α / popularity(j)^β, pruned to the ``neighbours``
largest per item. Cheap (sparse products, no factorisation) and among the strongest
baselines for top-n implicit feedback; β trades best sellers for the long tail. A user
scores ``binary row @ W``, so new and known users are scored alike from their rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, diags, vstack

from lifecue.errors import InvalidArgument
from recommender.models._base import (
    Model,
    TrainingData,
    as_rows,
    binary,
    links_arrays,
    links_of,
    strongest_link,
)

BLOCK_ITEMS = 2048  # item rows per sparse product (bounds the memory of one block)


class Rp3Beta(Model):
    """Random walk with restart-free transition powers ``alpha`` and popularity penalty ``beta``."""

    kind = "rp3beta"
    reason = "also_bought"

    def __init__(
        self, alpha: float = 1.0, beta: float = 0.5, neighbours: int = 100, num_threads: int = 0
    ) -> None:
        super().__init__(num_threads)
        if neighbours < 1:
            raise InvalidArgument("neighbours", "must be at least 1")
        self.alpha, self.beta, self.neighbours = alpha, beta, neighbours
        self.matrix = csr_matrix((0, 0), dtype=np.float32)

    def fit(self, data: TrainingData) -> Rp3Beta:
        """Build the pruned item-item transition matrix, a block of item rows at a time."""
        x = binary(csr_matrix(data.user_items, dtype=np.float32))  # a copy: the caller's matrix stays
        n_items = int(x.shape[1])
        user_len = np.asarray(x.sum(axis=1)).ravel()
        item_len = np.asarray(x.sum(axis=0)).ravel()
        p_ui = csr_matrix(diags(1.0 / np.maximum(user_len, 1.0)) @ x)
        p_iu = csr_matrix(diags(1.0 / np.maximum(item_len, 1.0)) @ x.T.tocsr())
        if self.alpha != 1.0:
            p_ui.data **= self.alpha
            p_iu.data **= self.alpha
        damp = (1.0 / np.maximum(item_len, 1.0) ** self.beta).astype(np.float32)
        k = min(self.neighbours, n_items)
        blocks = []
        for start in range(0, n_items, BLOCK_ITEMS):
            walk = csr_matrix(p_iu[start : start + BLOCK_ITEMS] @ p_ui)
            walk.data *= damp[walk.indices]
            rows = np.repeat(np.arange(walk.shape[0]), np.diff(walk.indptr))
            walk.data[walk.indices == rows + start] = 0.0  # no walk back to the item itself
            walk.eliminate_zeros()
            blocks.append(_top_k_rows(walk, k))
        self.matrix = vstack(blocks).tocsr() if blocks else csr_matrix((0, 0), dtype=np.float32)
        self.matrix.sort_indices()  # `because` searches each row
        self.n_items = n_items
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """Binary row times the transition matrix."""
        return np.asarray((binary(as_rows(rows, self.n_items)) @ self.matrix).toarray(), dtype=np.float32)

    def because(self, row: csr_matrix, item: int) -> int | None:
        """The user's item with the strongest walk to ``item`` (rows count as binary, as in scoring)."""
        return strongest_link(binary(as_rows(row, self.n_items)), self.matrix, item)

    def params(self) -> dict[str, Any]:
        """Hyper-parameters."""
        return {"alpha": self.alpha, "beta": self.beta, "neighbours": self.neighbours}

    def arrays(self) -> dict[str, np.ndarray]:
        """The transition matrix as CSR parts."""
        return links_arrays(self.matrix, self.n_items)

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Rebuild the transition matrix."""
        self.matrix = links_of(arrays)
        self.n_items = self.matrix.shape[0]


def _top_k_rows(m: csr_matrix, k: int) -> csr_matrix:
    """Keep the ``k`` largest values of each row of a sparse matrix."""
    keep = np.ones(len(m.data), dtype=bool)
    for r in np.flatnonzero(np.diff(m.indptr) > k):
        a, b = m.indptr[r], m.indptr[r + 1]
        keep[a + np.argpartition(-m.data[a:b], k - 1)[k:]] = False
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))[keep]
    out = csr_matrix((m.data[keep].astype(np.float32), (rows, m.indices[keep])), shape=m.shape)
    out.sort_indices()
    return out
