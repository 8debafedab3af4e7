"""What serving holds in memory: one immutable snapshot, replaced whole on every swap.

Item factors are aligned to the catalog order, so a request is one matrix-vector
product, an added stock mask and boost row, a few excluded indexes and a top-n; no
database work besides the caller's genome read (from the genome cache when it is on).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np

from recommender.affinity import AffinityTable, catalog_affinity
from recommender.als import Bm25Stats


@dataclass(frozen=True)
class Catalog:
    """Products in a fixed order with their category, stock and event affinity."""

    item_ids: np.ndarray
    categories: np.ndarray
    in_stock: np.ndarray
    popularity: np.ndarray
    affinity: AffinityTable  # rows (event type, subject) x products, with the source of each score
    index: Mapping[str, int]
    category_set: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        products: Sequence[Mapping[str, Any]],
        counts: Mapping[str, float],
        lift: Mapping[str, Mapping[str, float]],
    ) -> Catalog:
        """From product documents (ordered by id; stored affinity signals and overrides attached,
        see ``genome_store.attach_affinity``), feedback counts per product and learned lift."""
        products = sorted(products, key=lambda p: str(p["_id"]))
        ids = np.array([p["_id"] for p in products], dtype=str)
        cats = np.array([p.get("category") or "" for p in products], dtype=str)
        pop = np.log1p(np.array([counts.get(str(i), 0.0) for i in ids], dtype=np.float32))
        top = float(pop.max()) if len(pop) else 0.0
        return cls(
            item_ids=ids,
            categories=cats,
            in_stock=np.array([bool(p.get("in_stock", True)) for p in products], dtype=bool),
            popularity=pop / top if top > 0 else pop,
            affinity=catalog_affinity(products, counts, lift),
            index={str(i): n for n, i in enumerate(ids)},
            category_set=frozenset(cats.tolist()),
        )

    @cached_property
    def hidden(self) -> np.ndarray:
        """0 for products that may be shown, -inf for those out of stock (added to scores)."""
        return np.where(self.in_stock, np.float32(0.0), np.float32(-np.inf)).astype(np.float32)

    @cached_property
    def _by_category(self) -> dict[str, np.ndarray]:
        names, codes = np.unique(self.categories, return_inverse=True)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        return {str(c): order[bounds[k] : bounds[k + 1]] for k, c in enumerate(names)}

    def in_categories(self, categories: Sequence[str]) -> np.ndarray:
        """Boolean mask of the products in any of ``categories``."""
        mask = np.zeros(len(self.item_ids), dtype=bool)
        for name in categories:
            at = self._by_category.get(name)
            if at is not None:
                mask[at] = True
        return mask


@dataclass(frozen=True)
class ModelMeta:
    """Registry facts about a trained model."""

    version: str
    trained_at: datetime
    parameters: Mapping[str, str]
    metrics: Mapping[str, float]
    users: int
    items: int
    interactions: int
    data_from: datetime | None
    data_to: datetime | None
    kind: str = "als"
    seq: int = 0


@dataclass(frozen=True)
class Snapshot:
    """Catalog plus (optionally) a model: everything one Recommend call reads."""

    catalog: Catalog
    meta: ModelMeta | None = None
    item_factors: np.ndarray | None = None
    user_index: Mapping[str, int] = field(default_factory=dict)
    user_factors: np.ndarray | None = None
    purchased: Mapping[str, np.ndarray] = field(default_factory=dict)
    suppressed: Mapping[str, np.ndarray] = field(default_factory=dict)
    lift: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    bm25: Bm25Stats | None = None
    refresh_seq: int = 0

    @property
    def version(self) -> str:
        """Model version, "" without a model."""
        return self.meta.version if self.meta else ""

    @property
    def seq(self) -> int:
        """Number of the model version (0 without a model)."""
        return self.meta.seq if self.meta else 0

    def on_catalog(self, catalog: Catalog) -> Snapshot:
        """The same model over a reloaded catalog (new products get zero factors)."""
        old = self.catalog.item_ids
        if np.array_equal(old, catalog.item_ids):  # same products in the same order: indexes still hold
            return replace(self, catalog=catalog)
        moved = np.array([catalog.index.get(str(i), -1) for i in old], dtype=np.int64)

        def remap(sets: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
            out = {}
            for user, idx in sets.items():
                new = moved[idx] if len(idx) else idx
                out[user] = new[new >= 0]
            return out

        return replace(
            self,
            catalog=catalog,
            item_factors=None if self.item_factors is None else align_items(old, self.item_factors, catalog),
            purchased=remap(self.purchased),
            suppressed=remap(self.suppressed),
            bm25=None
            if self.bm25 is None
            else Bm25Stats(
                align_items(old, self.bm25.idf.reshape(-1, 1), catalog).ravel(), self.bm25.average_length
            ),
        )

    def with_users(
        self,
        vectors: Mapping[str, np.ndarray],
        purchased: Mapping[str, np.ndarray],
        suppressed: Mapping[str, np.ndarray],
    ) -> Snapshot:
        """A copy with some users' factors and exclusion sets replaced (new users appended)."""
        if self.user_factors is None:
            return self
        index = dict(self.user_index)
        new = [u for u in vectors if u not in index]
        factors = self.user_factors
        if new:
            factors = np.vstack([factors, np.zeros((len(new), factors.shape[1]), dtype=factors.dtype)])
            for u in new:
                index[u] = len(index)
        else:
            factors = factors.copy()
        for u, vec in vectors.items():
            factors[index[u]] = vec
        return replace(
            self,
            user_index=index,
            user_factors=factors,
            purchased={**self.purchased, **purchased},
            suppressed={**self.suppressed, **suppressed},
        )


def align_items(model_items: np.ndarray, factors: np.ndarray, catalog: Catalog) -> np.ndarray:
    """Item factors in catalog order; products the model never saw get zeros."""
    out = np.zeros((len(catalog.item_ids), factors.shape[1]), dtype=np.float32)
    for n, item in enumerate(model_items):
        at = catalog.index.get(str(item))
        if at is not None:
            out[at] = factors[n]
    return out


def per_user(matrix_rows: Any, user_ids: np.ndarray, model_items: np.ndarray, catalog: Catalog) -> dict:
    """CSR rows of model item ids -> {user: catalog indexes}, for exclusion at serving time."""
    to_catalog = np.array([catalog.index.get(str(i), -1) for i in model_items], dtype=np.int64)
    out = {}
    for u in range(matrix_rows.shape[0]):
        cols = matrix_rows.indices[matrix_rows.indptr[u] : matrix_rows.indptr[u + 1]]
        if len(cols):
            mapped = to_catalog[cols]
            out[str(user_ids[u])] = mapped[mapped >= 0]
    return out
