"""The incremental refresh, worker side: refit the users with new feedback, publish a small delta.

Every few minutes (``LIFECUE_RECOMMENDER__REFRESH_MINUTES``) the worker takes every
consenting consumer whose feedback arrived since the last refresh of the served model (the
newest, or the version an operator pinned; or since the model's own data was read) and publishes a **refresh** on top of that base
version: their exclusion sets, what the model needs to score them, and the catalog's
popularity counts. Models that score from rows (item-kNN, EASE, RP3beta, popularity's
none at all) need only the consumers' new rows; ALS refits their factors against its
fixed item factors (`Model.user_state`), and a blend gets both for its members. Servers
apply refreshes of their base in order (`recommender.loading`), so a refresh costs a few
arrays per changed consumer instead of a whole model, and a server that starts late
replays them.

A refresh is skipped when nobody gave feedback and the catalog is unchanged. Without any
model, a refresh carries the catalog alone, so new products reach cold-start rankings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from genome_store import (
    PERSONALIZATION,
    consumers_with_feedback_since,
    erasure_seq,
    feedback_counts,
    feedback_rows,
    genomes_fields,
    is_granted,
)
from recommender.artifact import STATE, model_of, rows_arrays
from recommender.models import Model
from recommender.registry import Registry, StoredModel
from recommender.snapshot import Catalog
from recommender.training import TrainingData, catalog_digest, catalog_with_affinity, to_feedback


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did: its base version, its number (0 when skipped) and users refitted."""

    base: str
    seq: int
    users: int


class Refresher:
    """Publishes refreshes of the served model; keeps that model's arrays between runs."""

    def __init__(self, db: Any, registry: Registry) -> None:
        self.db = db
        self.registry = registry
        self._base: StoredModel | None = None
        self._model: Model | None = None
        self._base_clean_of = 0

    def run(self, data: TrainingData, now: datetime) -> RefreshResult:
        """Refit the users with feedback since the last refresh and publish the delta (or skip)."""
        clean_of = erasure_seq(self.db)  # refitted consumers are read after this: none erased up to it
        stored = self._newest(clean_of)
        base = stored.meta.version if stored else ""
        last = self.registry.last_refresh(base)
        since = last["watermark"] if last else (stored.doc.get("watermark") if stored else None)
        products = catalog_with_affinity(self.db)
        counts = feedback_counts(self.db)
        digest = catalog_digest(products, counts)
        users = self._changed_users(since) if stored is not None and since is not None else []
        known = last.get("digest") if last else (stored.doc.get("catalog_digest") if stored else None)
        if not users and digest == known:
            return RefreshResult(base, 0, 0)
        catalog = Catalog.build(products, counts, {})
        arrays: dict[str, np.ndarray] = {
            "item_ids": catalog.item_ids,
            "item_counts": np.array([counts.get(str(i), 0.0) for i in catalog.item_ids], dtype=np.float64),
        }
        if users and stored is not None:
            arrays.update(self._refit(stored, users, catalog, data, now))
        seq = self.registry.publish_refresh(
            base, arrays, {"watermark": now, "users": len(users), "digest": digest, "erasure_seq": clean_of}
        )
        return RefreshResult(base, seq, len(users))

    def _newest(self, clean_of: int) -> StoredModel | None:
        """The version servers serve (the newest, or the pinned one): the base to refresh, reloaded
        (and so cleaned of erased consumers) after every new erasure."""
        target = self.registry.target()
        if target is None:
            return None
        if self._base is None or self._base.meta.version != target.version or self._base_clean_of < clean_of:
            self._base, self._model = self.registry.load(target.version), None
            self._base_clean_of = clean_of
        return self._base

    def _changed_users(self, since: datetime) -> list[str]:
        users = consumers_with_feedback_since(self.db, since)
        genomes = genomes_fields(self.db, users, {"consents": 1})
        return [u for u in users if is_granted(genomes.get(u), PERSONALIZATION)]

    def _refit(
        self, stored: StoredModel, users: list[str], catalog: Catalog, data: TrainingData, now: datetime
    ) -> dict[str, np.ndarray]:
        matrix = to_feedback(feedback_rows(self.db, users), data.kind_weights, data.purchase_weight,
                             data.half_life_days, catalog.item_ids.tolist(), now)  # fmt: skip
        if self._model is None:
            self._model = model_of(stored.arrays, stored.meta.parameters, data.params.num_threads)
        model = self._model
        rows = in_model_order(matrix.user_items, catalog.item_ids, stored.arrays["item_ids"])
        out = {
            "user_ids": matrix.user_ids,
            **rows_arrays(matrix.purchased, "purchased", weights=False),
            **rows_arrays(matrix.suppressed, "suppressed", weights=False),
            **{STATE + name: values for name, values in model.user_state(rows).items()},
        }
        if model.uses_rows:
            out.update(rows_arrays(rows))
        return out


def in_model_order(rows: csr_matrix, catalog_items: np.ndarray, model_items: np.ndarray) -> csr_matrix:
    """Rows over the catalog's products as rows over the model's (products it never saw left out)."""
    index = {str(i): n for n, i in enumerate(model_items.tolist())}
    to_model = np.array([index.get(str(i), -1) for i in catalog_items.tolist()], dtype=np.int64)
    rows = csr_matrix(rows, dtype=np.float32)
    cols = to_model[rows.indices] if rows.nnz else np.zeros(0, dtype=np.int64)
    keep = cols >= 0
    owners = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))[keep]
    out = csr_matrix((rows.data[keep], (owners, cols[keep])), shape=(rows.shape[0], len(model_items)))
    out.sort_indices()
    return out
