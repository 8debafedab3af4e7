"""How a serving process turns what the registry holds into the snapshot it serves.

A server holds one base version plus the refreshes of that base it has applied, in order
(`Snapshot.version`, `Snapshot.refresh_seq`). `newer` answers what, if anything, should
replace the snapshot now: the target version (the newest, or the one an operator pinned)
with all its refreshes when it should replace the serving one, else the current snapshot with
the refreshes published since. Everything is
built beside the serving snapshot and swapped in whole by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from genome_store import feedback_counts
from recommender.artifact import rows_of, state_of
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
    """The target model (pinned, else newest) with its refreshes, or the catalog alone without a model."""
    products = catalog_with_affinity(db)
    stored = registry.serving()
    if stored is None:
        snap = Snapshot(catalog=Catalog.build(products, feedback_counts(db), {}))
    else:
        snap = from_model(stored, products)
    return apply_refreshes(snap, registry.refreshes(snap.version, 0), products)


def newer(registry: Registry, db: Any, current: Snapshot) -> Snapshot | None:
    """What should replace ``current``, or None when it is up to date.

    Without a pin only a newer version replaces the serving one (a server never goes back);
    a pin replaces any other version, older ones included (a rollback).
    """
    target = registry.target()
    if target is not None and (
        target.version != current.version if target.pinned else target.seq > current.seq
    ):
        stored = registry.load(target.version)
        if stored is not None:
            products = catalog_with_affinity(db)
            return apply_refreshes(
                from_model(stored, products), registry.refreshes(target.version, 0), products
            )
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
    users: dict[str, None] = {}
    rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    states: dict[str, dict[str, np.ndarray]] = {}
    purchased: dict[str, np.ndarray] = {}
    suppressed: dict[str, np.ndarray] = {}
    for refresh in found:
        a = refresh.arrays
        ids = a.get("user_ids")
        if ids is None or not len(ids):
            continue
        names = [str(u) for u in ids.tolist()]
        shape = (len(names), len(a["item_ids"]))
        for part, into in (("purchased", purchased), ("suppressed", suppressed)):
            sets = rows_of(a, shape, part)
            empty = {u: np.zeros(0, dtype=np.int64) for u in names}
            into.update(
                {**empty, **({} if sets is None else per_user(sets, ids, a["item_ids"], rebased.catalog))}
            )
        fresh = rows_of(a, (len(names), len(snap.model_item_ids)))
        for k, u in enumerate(names):
            users.pop(u, None)
            users[u] = None
            if fresh is not None:
                rows[u] = (fresh.indices[fresh.indptr[k] : fresh.indptr[k + 1]].copy(),
                           fresh.data[fresh.indptr[k] : fresh.indptr[k + 1]].copy())  # fmt: skip
        for name, values in state_of(a).items():
            for k, u in enumerate(names):
                states.setdefault(u, {})[name] = values[k]
    updated = rebased.with_users(list(users), rows, states, purchased, suppressed) if users else rebased
    return replace(updated, refresh_seq=found[-1].seq)
