"""A full training run over the database: consenting consumers' feedback -> published model.

Only consumers who granted ``personalization`` are trained on (an erased consumer has
no consent left, so erasure excludes them too); popularity is an aggregate over all.
The feedback becomes one weighted matrix (kinds and time decay as weights); candidate
selection (`recommender.selection`) chooses the model on a temporal holdout of it and
refits the choice on all of it. The published artifact holds that model whatever its
kind (`recommender.artifact`), and the registry entry the selection report.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from genome_store import (
    SENSITIVE_INFERENCE,
    attach_affinity,
    catalog_products,
    erasure_seq,
    feedback_counts,
    feedback_rows,
    is_granted,
    personalized_genomes,
)
from lifecue.errors import FailedPrecondition
from lifecue.progress import Progress, quiet
from lifecue.tracking import fingerprint
from recommender.affinity import learn_lift, near_lift
from recommender.als import AlsParams
from recommender.artifact import flat_parameters, model_arrays, model_of, plain, rows_arrays, rows_of
from recommender.candidates import Candidate
from recommender.copurchase import NEAR_PREFIX
from recommender.event_descriptions import ROW_KEYS
from recommender.events import SENSITIVE_TYPES, Window
from recommender.history import History
from recommender.matrix import PURCHASE_ROW, Feedback, Matrix, build_matrix
from recommender.models import Model, build
from recommender.registry import Registry
from recommender.selection import SelectionOptions, SelectionReport, select
from recommender.snapshot import Catalog, ModelMeta, Snapshot, catalog_positions, per_user

#: the phases a retrain reports (with a count each), and how often it reports rows read
READ, FIT, LIFT, PUBLISH = "read", "fit", "lift", "publish"
READ_EVERY = 50_000


@dataclass(frozen=True)
class TrainingData:
    """How feedback becomes a matrix and a model.

    ``candidates`` empty: no selection, the ALS of ``params`` is fitted (what a retrain did
    before selection, and what ``LIFECUE_RECOMMENDER__SELECTION__ENABLED=false`` asks for).
    """

    params: AlsParams
    kind_weights: Mapping[str, float]
    purchase_weight: float
    half_life_days: float
    windows: Mapping[str, Window]
    candidates: Sequence[Candidate] = ()
    selection: SelectionOptions = SelectionOptions()

    def configured(self) -> Candidate:
        """The ALS of the settings: trained without selection, and selection's fallback."""
        p = self.params
        params: dict[str, Any] = {"factors": p.factors, "regularization": p.regularization, "alpha": p.alpha,
                                  "iterations": p.iterations, "weighting": p.weighting, "seed": p.seed}  # fmt: skip
        if p.engine != "implicit":  # LIFECUE_RECOMMENDER__ENGINE=spark fits the configured ALS on Spark
            params.update(engine=p.engine, spark_master=p.spark_master)
        return Candidate("als", params, "als_configured")


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


def train_and_publish(
    db: Any, registry: Registry, data: TrainingData, now: datetime, progress: Progress | None = None
) -> ModelMeta:
    """Train on the database and publish the model (artifact first, then its pointer); returns its metadata.

    The artifact also carries the popularity counts of the catalog, so a server needs no
    aggregation over the feedback to serve it; ``watermark`` (when the reads began) tells the
    next incremental refresh where to start. ``progress`` hears the phases of `fit` and then
    ``publish`` (with the interactions trained on).
    """
    report = progress or quiet
    clean_of = erasure_seq(db)  # read first: every consumer erased so far has no genome to train on
    events = training_events(db)
    rows = (r for r in feedback_rows(db) if r[1] in events)  # streamed into the matrix, never held
    catalog_docs = catalog_with_affinity(db)
    popularity = feedback_counts(db)
    meta, arrays, lift = fit(rows, catalog_docs, events, data, now, "", report)
    report(PUBLISH, meta.interactions)
    arrays.update(popularity_arrays(popularity))
    # Categories and product ids may hold dots, which MongoDB field names may not: store triples.
    triples = [[key, cat, value] for key, cats in lift.items() for cat, value in cats.items()]
    extra = {"lift": triples, "watermark": now, "catalog_digest": catalog_digest(catalog_docs, popularity),
             "erasure_seq": clean_of}  # fmt: skip
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
    rows: Iterable[tuple[Any, ...]],
    catalog_docs: Sequence[Mapping[str, Any]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    data: TrainingData,
    now: datetime,
    version: str,
    progress: Progress | None = None,
) -> tuple[ModelMeta, dict[str, np.ndarray], dict[str, dict[str, float]]]:
    """Matrix, the chosen model (selection, then a refit on everything) and learned lift, from
    feedback rows read once, as they stream; nothing is stored.

    ``progress`` hears ``read`` (rows so far, every `READ_EVERY`), ``fit`` (the matrix's
    interactions) and ``lift`` (the purchases it learns from).
    """
    report = progress or quiet
    item_ids = sorted(str(p["_id"]) for p in catalog_docs)
    bought: list[tuple[str, str, str, datetime]] = []  # purchases alone, for the lift

    def noting_purchases(stream: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        report(READ, 0)
        for n, r in enumerate(stream, 1):
            if r[0] == "purchase":
                bought.append((str(r[1]), str(r[2]), str(r[3]), r[4]))
            if n % READ_EVERY == 0:
                report(READ, n)
            yield r

    matrix = to_feedback(
        noting_purchases(rows), data.kind_weights, data.purchase_weight, data.half_life_days, item_ids, now
    )
    if matrix.nnz == 0 or matrix.history is None:
        raise FailedPrecondition("no feedback of consenting consumers to train on; record interactions first")
    report(FIT, matrix.nnz)
    started = time.perf_counter()
    model, chosen = choose(matrix.history, data)
    train_seconds = time.perf_counter() - started
    report(LIFT, len(bought))
    started = time.perf_counter()
    lift = {**learn_lift(bought, events, data.windows), **near_lift(bought, catalog_docs)}
    lift_seconds = time.perf_counter() - started
    meta = ModelMeta(
        version=version,
        trained_at=now,
        parameters=flat_parameters(model),
        metrics={
            "train_seconds": round(train_seconds, 4),
            "density": round(matrix.nnz / max(matrix.user_items.shape[0] * matrix.user_items.shape[1], 1), 6),
            "learned_lift_rows": float(sum(1 for k in lift if not k.startswith(NEAR_PREFIX))),
            "together_rows": float(sum(1 for k in ROW_KEYS if NEAR_PREFIX + k in lift)),
            "lift_seconds": round(lift_seconds, 4),
            **selection_metrics(chosen),
        },
        users=int(matrix.user_items.shape[0]),
        items=int(matrix.user_items.shape[1]),
        interactions=matrix.nnz,
        data_from=matrix.data_from,
        data_to=matrix.data_to,
        data_sha256=matrix_fingerprint(matrix),
        kind=model.kind,
        selection=plain(chosen.as_dict()) if chosen is not None else {},
    )
    arrays = {
        "user_ids": matrix.user_ids,
        "item_ids": matrix.item_ids,
        **model_arrays(model),
        **rows_arrays(matrix.purchased, "purchased", weights=False),
        **rows_arrays(matrix.suppressed, "suppressed", weights=False),
    }
    if model.uses_rows:
        arrays.update(rows_arrays(matrix.user_items))
    return meta, arrays, lift


def matrix_fingerprint(matrix: Matrix) -> str:
    """SHA-256 of the matrix a model is fitted on: ids, weights and exclusions, in milliseconds
    for millions of rows. With time decay on, the same feedback weighs differently a day later,
    so it gives another hash: the hash names what the model saw."""
    parts = [matrix.user_ids, matrix.item_ids]
    for m in (matrix.user_items, matrix.purchased, matrix.suppressed):
        parts += [m.indptr, m.indices, m.data]
    return fingerprint(*parts)


def choose(history: History, data: TrainingData) -> tuple[Model, SelectionReport | None]:
    """The model a retrain serves: selection among ``data.candidates``, or the configured ALS alone."""
    configured = data.configured()
    if not data.candidates:
        model = build(configured.kind, configured.params, data.params.num_threads)
        return model.fit(history.training_data()), None
    return select(history, data.candidates, data.selection, fallback=configured)


def selection_metrics(report: SelectionReport | None) -> dict[str, float]:
    """The selection figures that belong beside the model's metrics (validation of the choice, cost)."""
    if report is None:
        return {}
    return {
        "validation_ndcg": report.chosen_ndcg,  # at report.k (10); MLflow refuses "@" in names
        "validation_users": float(report.validation_users),
        "candidates": float(len(report.candidates)),
        "selection_seconds": report.selection_seconds,
        "refit_seconds": report.refit_seconds,
    }


def assemble(
    meta: ModelMeta, arrays: Mapping[str, np.ndarray], catalog: Catalog, lift: Mapping[str, Any]
) -> Snapshot:
    """A serving snapshot from artifact arrays and the current catalog."""
    items, users = arrays["item_ids"], arrays["user_ids"]
    shape = (len(users), len(items))
    model = model_of(arrays, meta.parameters)
    purchased = rows_of(arrays, shape, "purchased")
    suppressed = rows_of(arrays, shape, "suppressed")
    return Snapshot(
        catalog=catalog,
        meta=meta,
        model=model,
        model_item_ids=items,
        model_items=catalog_positions(items, catalog),
        user_index={str(u): n for n, u in enumerate(users.tolist())},
        rows=rows_of(arrays, shape) if model.uses_rows else None,
        purchased={} if purchased is None else per_user(purchased, users, items, catalog),
        suppressed={} if suppressed is None else per_user(suppressed, users, items, catalog),
        lift=lift,
    )
