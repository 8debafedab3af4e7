"""A full training run over the database: consenting consumers' feedback -> published model.

Only consumers who granted ``personalization`` are trained on (an erased consumer has
no consent left, so erasure excludes them too); popularity is an aggregate over all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from genome_store import (
    SENSITIVE_INFERENCE,
    attach_affinity,
    catalog_products,
    feedback_counts,
    feedback_rows,
    is_granted,
    personalized_genomes,
)
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


def catalog_with_affinity(db: Any) -> list[dict[str, Any]]:
    """The products a catalog is built from, with their stored event-affinity signals and overrides."""
    return attach_affinity(db, catalog_products(db))


def training_events(db: Any) -> dict[str, list[dict[str, Any]]]:
    """Usable life events of every consumer who granted ``personalization`` (sensitive ones need consent)."""
    events: dict[str, list[dict[str, Any]]] = {}
    for g in personalized_genomes(db, {"consents": 1, "life_events": 1}):
        sensitive_ok = is_granted(g, SENSITIVE_INFERENCE)
        events[g["_id"]] = [
            e
            for e in g.get("life_events") or []
            if sensitive_ok or not (e.get("sensitive") or e.get("type") in SENSITIVE_TYPES)
        ]
    return events


def train_and_publish(db: Any, registry: Registry, data: TrainingData, now: datetime) -> ModelMeta:
    """Train on the database and publish the model (artifact first, then its pointer); returns its metadata.

    The artifact also carries the popularity counts of the catalog, so a server needs no
    aggregation over the feedback to serve it; ``watermark`` (when the reads began) tells the
    next incremental refresh where to start.
    """
    events = training_events(db)
    rows = [r for r in feedback_rows(db) if r[1] in events]
    catalog_docs = catalog_with_affinity(db)
    popularity = feedback_counts(db)
    meta, arrays, lift = fit(rows, catalog_docs, events, data, now, "")
    arrays.update(popularity_arrays(popularity))
    # Categories and product ids may hold dots, which MongoDB field names may not: store triples.
    triples = [[key, cat, value] for key, cats in lift.items() for cat, value in cats.items()]
    extra = {"lift": triples, "watermark": now, "catalog_digest": catalog_digest(catalog_docs, popularity)}
    return registry.publish(meta, arrays, extra)


def popularity_arrays(counts: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Feedback counts per product as two arrays (ids, counts) for an artifact."""
    ids = sorted(counts)
    return {
        "popularity_item_ids": np.array(ids, dtype=str),
        "popularity_counts": np.array([counts[i] for i in ids], dtype=np.float64),
    }


def popularity_of(arrays: Mapping[str, np.ndarray]) -> dict[str, float]:
    """The counts `popularity_arrays` stored (empty when the artifact has none)."""
    if "popularity_item_ids" not in arrays:
        return {}
    return dict(
        zip(arrays["popularity_item_ids"].tolist(), arrays["popularity_counts"].tolist(), strict=True)
    )


def catalog_digest(products: Sequence[Mapping[str, Any]], counts: Mapping[str, float]) -> str:
    """A digest of what a catalog is built from, to tell whether a refresh would change anything
    (stored affinity signals and operators' overrides included: a new override must reach serving)."""
    h = hashlib.sha256()
    for p in sorted(products, key=lambda d: str(d["_id"])):
        h.update(
            repr(
                (str(p["_id"]), p.get("category"), tuple(p.get("tags") or ()), p.get("in_stock", True))
            ).encode()
        )
        h.update(_canonical(p.get("affinity")).encode())
        h.update(_canonical(p.get("affinity_overrides")).encode())
    h.update(repr(sorted(counts.items())).encode())
    return h.hexdigest()


def _canonical(value: Any) -> str:
    """A stable text of nested dicts and lists (dict keys sorted)."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k!r}:{_canonical(value[k])}" for k in sorted(value, key=str)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    return repr(value)


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
        bm25=bm25_of(arrays, items, catalog),
    )


def bm25_of(arrays: Mapping[str, np.ndarray], items: np.ndarray, catalog: Catalog) -> Bm25Stats | None:
    """BM25 statistics of an artifact aligned to ``catalog`` (None when trained without BM25)."""
    if "bm25_idf" not in arrays:
        return None
    idf = align_items(items, arrays["bm25_idf"].reshape(-1, 1), catalog).ravel()
    return Bm25Stats(idf, float(arrays["bm25_average_length"][0]))
