"""The incremental refresh, worker side: refit the users with new feedback, publish a small delta.

Every few minutes (``LIFECUE_RECOMMENDER__REFRESH_MINUTES``) the worker refits, with the
item factors of the newest model held fixed, every consenting consumer whose feedback
arrived since the last refresh of that model (or since the model's own data was read),
and publishes a **refresh** on top of that base version: their new user vectors and
exclusion sets, plus the catalog's popularity counts. Servers apply refreshes of their
base in order (`recommender.loading`), so a refresh costs a few arrays per changed
consumer instead of a whole model, and a server that starts late replays them.

A refresh is skipped when nobody gave feedback and the catalog is unchanged. Without any
model, a refresh carries the catalog alone, so new products reach cold-start rankings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from genome_store import (
    PERSONALIZATION,
    consumers_with_feedback_since,
    feedback_counts,
    feedback_rows,
    genomes_fields,
    is_granted,
)
from recommender.als import refit_users
from recommender.registry import Registry, StoredModel
from recommender.snapshot import Catalog, align_items
from recommender.training import TrainingData, bm25_of, catalog_digest, catalog_with_affinity, to_feedback


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did: its base version, its number (0 when skipped) and users refitted."""

    base: str
    seq: int
    users: int


class Refresher:
    """Publishes refreshes of the newest model; keeps that model's arrays between runs."""

    def __init__(self, db: Any, registry: Registry) -> None:
        self.db = db
        self.registry = registry
        self._base: StoredModel | None = None

    def run(self, data: TrainingData, now: datetime) -> RefreshResult:
        """Refit the users with feedback since the last refresh and publish the delta (or skip)."""
        stored = self._newest()
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
            base, arrays, {"watermark": now, "users": len(users), "digest": digest}
        )
        return RefreshResult(base, seq, len(users))

    def _newest(self) -> StoredModel | None:
        newest = self.registry.newest()
        if newest is None:
            return None
        if self._base is None or self._base.meta.version != newest[1]:
            self._base = self.registry.load(newest[1])
        return self._base

    def _changed_users(self, since: datetime) -> list[str]:
        users = consumers_with_feedback_since(self.db, since)
        genomes = genomes_fields(self.db, users, {"consents": 1})
        return [u for u in users if is_granted(genomes.get(u), PERSONALIZATION)]

    def _refit(
        self, stored: StoredModel, users: list[str], catalog: Catalog, data: TrainingData, now: datetime
    ) -> dict[str, np.ndarray]:
        a = stored.arrays
        matrix = to_feedback(feedback_rows(self.db, users), data.kind_weights, data.purchase_weight,
                             data.half_life_days, catalog.item_ids.tolist(), now)  # fmt: skip
        factors = align_items(a["item_ids"], a["item_factors"], catalog)
        fresh = refit_users(matrix.user_items, factors, data.params, bm25_of(a, a["item_ids"], catalog))
        return {
            "user_ids": matrix.user_ids,
            "user_factors": fresh,
            "purchased_indptr": matrix.purchased.indptr,
            "purchased_indices": matrix.purchased.indices,
            "suppressed_indptr": matrix.suppressed.indptr,
            "suppressed_indices": matrix.suppressed.indices,
        }
