"""Item-to-item neighbours (implicit's cosine, BM25 and TF-IDF item-kNN) behind the model contract.

Where baskets repeat across shoppers (groceries) "people who bought X also bought Y"
beats factor models. The K-nearest-neighbour similarity is computed by implicit; a user
scores ``row @ similarity``, exactly what implicit's scorer sums, so a known user and a
new one with the same row get the same scores and no user state is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from implicit.nearest_neighbours import ItemItemRecommender, bm25_weight, normalize, tfidf_weight
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.als import threads
from recommender.blas import blas_threads
from recommender.models._base import Model, TrainingData, as_rows, links_arrays, links_of, strongest_link

SIMILARITIES = ("cosine", "bm25", "tfidf")


class ItemKnn(Model):
    """Item-kNN with ``K`` neighbours per item; BM25 takes implicit's K1 and B."""

    kind = "item_knn"
    reason = "also_bought"

    def __init__(
        self,
        similarity: str = "cosine",
        neighbours: int = 100,
        k1: float = 1.2,
        b: float = 0.75,
        num_threads: int = 0,
    ) -> None:
        super().__init__(num_threads)
        if similarity not in SIMILARITIES:
            raise InvalidArgument("similarity", f"{similarity!r} is not one of {SIMILARITIES}")
        self.similarity, self.neighbours, self.k1, self.b = similarity, neighbours, k1, b
        self.matrix = csr_matrix((0, 0), dtype=np.float32)

    def fit(self, data: TrainingData) -> ItemKnn:
        """Keep the ``neighbours`` most similar items of every item."""
        counts = csr_matrix(data.user_items, dtype=np.float64)
        # The weightings of implicit's Cosine/TFIDF/BM25Recommender.fit, handed over as CSR.
        if self.similarity == "bm25":
            item_rows = bm25_weight(counts.T, self.k1, self.b)
        elif self.similarity == "tfidf":
            item_rows = normalize(tfidf_weight(counts.T))
        else:
            item_rows = normalize(counts.T)
        knn = ItemItemRecommender(K=self.neighbours, num_threads=threads(self.num_threads))
        with blas_threads(1):
            knn.fit(csr_matrix(item_rows.T), show_progress=False)
        self.matrix = csr_matrix(knn.similarity, dtype=np.float32)
        self.matrix.sort_indices()  # `because` searches each row
        self.n_items = int(data.user_items.shape[1])
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """Sum of the similarities of each user's items, weighted by the row."""
        return np.asarray((as_rows(rows, self.n_items) @ self.matrix).toarray(), dtype=np.float32)

    def because(self, row: csr_matrix, item: int) -> int | None:
        """The user's item most similar to ``item``."""
        return strongest_link(as_rows(row, self.n_items), self.matrix, item)

    def params(self) -> dict[str, Any]:
        """Hyper-parameters."""
        return {"similarity": self.similarity, "neighbours": self.neighbours, "k1": self.k1, "b": self.b}

    def arrays(self) -> dict[str, np.ndarray]:
        """The similarity matrix as CSR parts."""
        return links_arrays(self.matrix, self.n_items)

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Rebuild the similarity matrix."""
        self.matrix = links_of(arrays)
        self.n_items = self.matrix.shape[0]
