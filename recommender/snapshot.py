"""What serving holds in memory: one immutable snapshot, replaced whole on every swap.

The snapshot holds the model chosen at the last retrain (any kind behind
`recommender.models.Model`), the users it knows, their item rows where the model scores
from rows (item-kNN, EASE, RP3beta), and a map from the model's item order to the
catalog's, so a request is one scoring call, an added stock mask and boost row, a few
excluded indexes and a top-n; no database work besides the caller's genome read (from the
genome cache when it is on). Products added since the retrain rank after every product the
model knows (the boost can still lift them) until the next retrain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from recommender.affinity import AffinityTable, catalog_affinity
from recommender.base_scores import BaseScores, score_consumer
from recommender.models import Model


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
    titles: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))

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
            titles=np.array([p.get("title") or p["_id"] for p in products], dtype=str),
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
    data_sha256: str = ""  # of the matrix it was fitted on (`lifecue.tracking.fingerprint`)
    run_id: str = ""  # its training run in the tracking store, once recorded
    selection: Mapping[str, Any] = field(default_factory=dict)  # SelectionReport.as_dict() of the retrain


@dataclass(frozen=True)
class Snapshot:
    """Catalog plus (optionally) a model: everything one Recommend call reads."""

    catalog: Catalog
    meta: ModelMeta | None = None
    model: Model | None = None
    model_item_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    # Catalog index of each model item (-1: no longer in the catalog); None: the same order.
    model_items: np.ndarray | None = None
    user_index: Mapping[str, int] = field(default_factory=dict)
    # Users' weighted item rows in model item order, by user index (only for models that use rows).
    rows: csr_matrix | None = None
    # Rows of users refreshed since the retrain: (model item indexes, weights).
    fresh_rows: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    purchased: Mapping[str, np.ndarray] = field(default_factory=dict)
    suppressed: Mapping[str, np.ndarray] = field(default_factory=dict)
    lift: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    refresh_seq: int = 0

    @property
    def version(self) -> str:
        """Model version, "" without a model."""
        return self.meta.version if self.meta else ""

    @property
    def seq(self) -> int:
        """Number of the model version (0 without a model)."""
        return self.meta.seq if self.meta else 0

    def base_scores(self, consumer_id: str) -> BaseScores | None:
        """The model's scores over the catalog for a consumer it knows, with their reasons (None: unknown)."""
        return score_consumer(self, consumer_id)

    def row(self, consumer_id: str) -> csr_matrix:
        """The consumer's weighted item row in model item order (empty when the snapshot keeps none)."""
        n = len(self.model_item_ids)
        fresh = self.fresh_rows.get(consumer_id)
        if fresh is not None:
            indices, data = fresh
            return csr_matrix((data, indices, np.array([0, len(indices)])), shape=(1, n))
        at = self.user_index.get(consumer_id)
        if self.rows is not None and at is not None and at < self.rows.shape[0]:
            a, b = self.rows.indptr[at], self.rows.indptr[at + 1]
            return csr_matrix(
                (self.rows.data[a:b], self.rows.indices[a:b], np.array([0, b - a])), shape=(1, n)
            )
        return self._no_row

    @cached_property
    def _no_row(self) -> csr_matrix:
        """One empty row, shared (models never write to the rows they score)."""
        return csr_matrix((1, len(self.model_item_ids)), dtype=np.float32)

    def to_catalog(self, scores: np.ndarray) -> np.ndarray:
        """Model-order scores in catalog order; products the model never saw get its lowest score."""
        if self.model_items is None:
            return scores
        low = scores.min() if len(scores) else 0.0
        out = np.full(len(self.catalog.item_ids), low, dtype=np.float32)
        kept = self.model_items >= 0
        out[self.model_items[kept]] = scores[kept]
        return out

    def model_index(self, catalog_index: int) -> int:
        """The model's index of a catalog product (-1: the model never saw it)."""
        if self.model_items is None:
            return catalog_index
        found = np.flatnonzero(self.model_items == catalog_index)
        return int(found[0]) if len(found) else -1

    def on_catalog(self, catalog: Catalog) -> Snapshot:
        """The same model over a reloaded catalog (new products rank after the known ones)."""
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
            model_items=catalog_positions(self.model_item_ids, catalog) if self.model is not None else None,
            purchased=remap(self.purchased),
            suppressed=remap(self.suppressed),
        )

    def with_users(
        self,
        users: Sequence[str],
        rows: Mapping[str, tuple[np.ndarray, np.ndarray]],
        states: Mapping[str, Mapping[str, np.ndarray]],
        purchased: Mapping[str, np.ndarray],
        suppressed: Mapping[str, np.ndarray],
    ) -> Snapshot:
        """A copy where ``users`` (new ones appended) have fresh rows, model state (per user, the
        rows of `Model.user_state` output by name) and exclusion sets."""
        if self.model is None:
            return self
        index = dict(self.user_index)
        for u in users:
            index.setdefault(u, len(index))
        model = self.model
        holders = [u for u in users if states.get(u)]
        if holders:
            names = sorted(states[holders[0]])
            stacked = {n: np.stack([states[u][n] for u in holders]) for n in names}
            model = model.with_user_state(np.array([index[u] for u in holders], dtype=np.int64), stacked)
        return replace(
            self,
            model=model,
            user_index=index,
            fresh_rows={**self.fresh_rows, **rows} if self.model.uses_rows else self.fresh_rows,
            purchased={**self.purchased, **purchased},
            suppressed={**self.suppressed, **suppressed},
        )


def catalog_positions(model_items: np.ndarray, catalog: Catalog) -> np.ndarray | None:
    """Catalog index of each model item (-1: not in the catalog); None when both orders are the same."""
    if np.array_equal(model_items, catalog.item_ids):
        return None
    return np.array([catalog.index.get(str(i), -1) for i in model_items.tolist()], dtype=np.int64)


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
