"""A full training run over the database: consenting consumers' feedback -> published snapshot.

Only consumers who granted ``personalization`` are trained on (an erased consumer has
no consent left, so erasure excludes them too); popularity is an aggregate over all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from pymongo.database import Database
from scipy.sparse import csr_matrix

from genome_store.interactions import feedback_rows
from genome_store.product_affinity import attach
from genome_store.purposes import SENSITIVE_INFERENCE, is_granted
from genome_store.schema import GENOMES, INTERACTIONS, PRODUCTS, PURCHASES
from lifecue.errors import FailedPrecondition
from recommender.affinity import learn_lift
from recommender.als import AlsParams, Bm25Stats, train
from recommender.events import SENSITIVE_TYPES, Window
from recommender.matrix import PURCHASE_ROW, Feedback, Matrix, build_matrix
from recommender.registry import Registry
from recommender.snapshot import Catalog, ModelMeta, Snapshot, align_items, per_user


@dataclass(frozen=True)
class TrainingData:
    """How feedback becomes a matrix and a model."""

    params: AlsParams
    kind_weights: Mapping[str, float]
    purchase_weight: float
    half_life_days: float
    windows: Mapping[str, Window]


def to_feedback(
    rows: Iterable[tuple[Any, ...]],
    kind_weights: Mapping[str, float],
    purchase_weight: float,
    half_life_days: float,
    item_ids: Sequence[str],
    now: datetime | None = None,
) -> Matrix:
    """Rows of `genome_store.interactions.feedback_rows` -> weighted matrix over ``item_ids``."""
    feedback = (Feedback(r[1], r[2], PURCHASE_ROW if r[0] == "purchase" else r[3], r[4]) for r in rows)
    return build_matrix(feedback, kind_weights, purchase_weight, half_life_days, now, item_ids)


def counts(db: Database[Any]) -> dict[str, float]:
    """Purchases plus positive interactions per product, over every consumer."""
    out: dict[str, float] = {}
    for coll, match in ((PURCHASES, {}), (INTERACTIONS, {"kind": {"$ne": "DISMISS"}})):
        for d in db[coll].aggregate(
            [{"$match": match}, {"$group": {"_id": "$product_id", "n": {"$sum": 1}}}]
        ):
            out[d["_id"]] = out.get(d["_id"], 0.0) + float(d["n"])
    return out


def products(db: Database[Any]) -> list[dict[str, Any]]:
    """Catalog products with their stored event affinity signals and overrides attached."""
    return attach(db, list(db[PRODUCTS].find({}, {"category": 1, "tags": 1, "in_stock": 1})))


def fit_snapshot(db: Database[Any], registry: Registry, data: TrainingData, now: datetime) -> Snapshot:
    """Train on the database, publish to the registry and return the snapshot to serve."""
    events: dict[str, list[dict[str, Any]]] = {}
    for g in db[GENOMES].find({"consents.personalization.granted": True}, {"consents": 1, "life_events": 1}):
        sensitive_ok = is_granted(g, SENSITIVE_INFERENCE)
        events[g["_id"]] = [
            e
            for e in g.get("life_events") or []
            if sensitive_ok or not (e.get("sensitive") or e.get("type") in SENSITIVE_TYPES)
        ]
    rows = [r for r in feedback_rows(db) if r[1] in events]
    meta, arrays, lift = fit(rows, products(db), events, data, now, registry.next_version())
    # Categories may hold dots, which MongoDB field names may not: store triples.
    triples = [[key, cat, value] for key, cats in lift.items() for cat, value in cats.items()]
    registry.publish(meta, arrays, {"lift": triples})
    return assemble(meta, arrays, Catalog.build(products(db), counts(db), lift), lift)


def fit(
    rows: Sequence[tuple[Any, ...]],
    catalog_docs: Sequence[Mapping[str, Any]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    data: TrainingData,
    now: datetime,
    version: str,
) -> tuple[ModelMeta, dict[str, np.ndarray], dict[str, dict[str, float]]]:
    """Matrix, ALS factors and learned lift from feedback rows; nothing is stored."""
    item_ids = sorted(str(p["_id"]) for p in catalog_docs)
    matrix = to_feedback(rows, data.kind_weights, data.purchase_weight, data.half_life_days, item_ids, now)
    if matrix.nnz == 0:
        raise FailedPrecondition("no feedback of consenting consumers to train on; record interactions first")
    factors = train(matrix.user_items, data.params, with_loss=True)
    bought = [(str(r[1]), str(r[2]), str(r[3]), r[4]) for r in rows if r[0] == "purchase"]
    lift = learn_lift(bought, events, data.windows)
    meta = ModelMeta(
        version=version,
        trained_at=now,
        parameters=data.params.as_strings(),
        metrics={
            "train_seconds": round(factors.train_seconds, 4),
            "training_loss": round(factors.loss or 0.0, 6),
            "density": round(matrix.nnz / max(matrix.user_items.shape[0] * matrix.user_items.shape[1], 1), 6),
            "learned_lift_rows": float(len(lift)),
        },
        users=int(matrix.user_items.shape[0]),
        items=int(matrix.user_items.shape[1]),
        interactions=matrix.nnz,
        data_from=matrix.data_from,
        data_to=matrix.data_to,
    )
    arrays = {
        "user_ids": matrix.user_ids,
        "item_ids": matrix.item_ids,
        "user_factors": factors.user_factors,
        "item_factors": factors.item_factors,
        "purchased_indptr": matrix.purchased.indptr,
        "purchased_indices": matrix.purchased.indices,
        "suppressed_indptr": matrix.suppressed.indptr,
        "suppressed_indices": matrix.suppressed.indices,
    }
    if factors.stats is not None:
        arrays["bm25_idf"] = factors.stats.idf.astype(np.float32)
        arrays["bm25_average_length"] = np.array([factors.stats.average_length])
    return meta, arrays, lift


def assemble(
    meta: ModelMeta, arrays: Mapping[str, np.ndarray], catalog: Catalog, lift: Mapping[str, Any]
) -> Snapshot:
    """A serving snapshot from artifact arrays and the current catalog."""
    items, users = arrays["item_ids"], arrays["user_ids"]
    shape = (len(users), len(items))

    def rows(name: str) -> csr_matrix:
        data = np.ones(len(arrays[f"{name}_indices"]), dtype=np.float32)
        return csr_matrix((data, arrays[f"{name}_indices"], arrays[f"{name}_indptr"]), shape=shape)

    return Snapshot(
        catalog=catalog,
        meta=meta,
        item_factors=align_items(items, arrays["item_factors"], catalog),
        user_index={str(u): n for n, u in enumerate(users.tolist())},
        user_factors=arrays["user_factors"],
        purchased=per_user(rows("purchased"), users, items, catalog),
        suppressed=per_user(rows("suppressed"), users, items, catalog),
        lift=lift,
        bm25=_bm25(arrays, items, catalog),
    )


def _bm25(arrays: Mapping[str, np.ndarray], items: np.ndarray, catalog: Catalog) -> Bm25Stats | None:
    if "bm25_idf" not in arrays:
        return None
    idf = align_items(items, arrays["bm25_idf"].reshape(-1, 1), catalog).ravel()
    return Bm25Stats(idf, float(arrays["bm25_average_length"][0]))


def load_snapshot(db: Database[Any], registry: Registry) -> Snapshot:
    """The newest registered model over the current catalog, or the catalog alone."""
    latest = registry.latest()
    lift: dict[str, dict[str, float]] = {}
    for key, cat, value in (latest[2].get("lift") or []) if latest else []:
        lift.setdefault(str(key), {})[str(cat)] = float(value)
    catalog = Catalog.build(products(db), counts(db), lift)
    if latest is None:
        return Snapshot(catalog=catalog)
    meta, arrays, _ = latest
    return assemble(meta, arrays, catalog, lift)
