"""How a serving process turns what the registry holds into the snapshot it serves.

A server holds one base version plus the refreshes of that base it has applied, in order
(`Snapshot.version`, `Snapshot.refresh_seq`). `newer` answers what, if anything, should
replace the snapshot now: the newest version with all its refreshes when a newer version
was published, else the current snapshot with the refreshes published since. Everything is
built beside the serving snapshot and swapped in whole by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from genome_store import feedback_counts
from recommender.registry import Registry, StoredModel, StoredRefresh
from recommender.snapshot import Catalog, Snapshot, per_user
from recommender.training import assemble, catalog_with_affinity, popularity_of


def lift_of(doc: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """The learned lift a model's pointer keeps as ``[key, name, value]`` triples (names ``n``,
    ``c:<category>``, ``p:<product id>``: see `recommender.affinity.learn_lift`)."""
    lift: dict[str, dict[str, float]] = {}
    for key, name, value in doc.get("lift") or []:
        lift.setdefault(str(key), {})[str(name)] = float(value)
    return lift


def from_model(stored: StoredModel, products: Sequence[Mapping[str, Any]]) -> Snapshot:
    """A snapshot of one published model over the current products."""
    lift = lift_of(stored.doc)
    catalog = Catalog.build(products, popularity_of(stored.arrays), lift)
    return assemble(stored.meta, stored.arrays, catalog, lift)


def load_latest(registry: Registry, db: Any) -> Snapshot:
    """The newest model with its refreshes, or the catalog alone (popularity) without a model."""
    products = catalog_with_affinity(db)
    stored = registry.latest()
    if stored is None:
        snap = Snapshot(catalog=Catalog.build(products, feedback_counts(db), {}))
    else:
        snap = from_model(stored, products)
    return apply_refreshes(snap, registry.refreshes(snap.version, 0), products)


def newer(registry: Registry, db: Any, current: Snapshot) -> Snapshot | None:
    """What should replace ``current``, or None when it is up to date."""
    newest = registry.newest()
    if newest is not None and newest[0] > current.seq:
        stored = registry.load(newest[1])
        if stored is not None:
            products = catalog_with_affinity(db)
            return apply_refreshes(from_model(stored, products), registry.refreshes(newest[1], 0), products)
    if registry.newest_refresh(current.version) <= current.refresh_seq:
        return None
    found = registry.refreshes(current.version, current.refresh_seq)
    return apply_refreshes(current, found, catalog_with_affinity(db)) if found else None


def apply_refreshes(
    snap: Snapshot, found: Sequence[StoredRefresh], products: Sequence[Mapping[str, Any]]
) -> Snapshot:
    """``snap`` with refreshes applied in order: the last one's catalog, every one's users (later wins)."""
    if not found:
        return snap
    last = found[-1].arrays
    counts = dict(zip(last["item_ids"].tolist(), last["item_counts"].tolist(), strict=True))
    rebased = snap.on_catalog(Catalog.build(products, counts, snap.lift))
    vectors: dict[str, np.ndarray] = {}
    purchased: dict[str, np.ndarray] = {}
    suppressed: dict[str, np.ndarray] = {}
    for refresh in found:
        a = refresh.arrays
        users = a.get("user_ids")
        if users is None or not len(users):
            continue
        shape = (len(users), len(a["item_ids"]))
        for name, into in (("purchased", purchased), ("suppressed", suppressed)):
            rows = csr_matrix(
                (
                    np.ones(len(a[f"{name}_indices"]), dtype=np.float32),
                    a[f"{name}_indices"],
                    a[f"{name}_indptr"],
                ),
                shape=shape,
            )
            empty = {str(u): np.zeros(0, dtype=np.int64) for u in users.tolist()}
            into.update({**empty, **per_user(rows, users, a["item_ids"], rebased.catalog)})
        vectors.update({str(u): a["user_factors"][k] for k, u in enumerate(users.tolist())})
    updated = rebased.with_users(vectors, purchased, suppressed) if vectors else rebased
    return replace(updated, refresh_seq=found[-1].seq)
