"""The model registry: a model is a dict of named numpy arrays plus metadata, kept in the database.

Any model kind fits (ALS factors, item-kNN neighbours, popularity, blend weights): the
registry stores the arrays as ``.npz`` bytes and loads them with ``allow_pickle=False``, so
object arrays are refused and nothing executable is ever read back. The metadata (kind,
version, parameters, metrics, data window, plus whatever a kind adds) sits in the pointer
document, with the selection report of the retrain that chose the model (every candidate's
validation figures and the choice). `genome_store.models` numbers versions with an atomic counter and writes the
artifact before the pointer, so every process that reaches the database can load any
published version, and none can see a half-written one.

A refresh is the same thing on a smaller scale: named arrays on top of one base version,
numbered in order (see `recommender.refresh`).

Servers serve the **target** version: the newest, unless an operator pinned one (`pin`,
`unpin`: a rollback, or holding a version while a bad retrain is looked into).

A registry given ``clean`` passes every artifact it loads through it first
(`recommender.forgetting.Forgetting.clean` drops erased consumers), so no load brings an
erased consumer back.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from genome_store import models as store
from lifecue.errors import InvalidArgument
from recommender.snapshot import ModelMeta


@dataclass(frozen=True)
class StoredModel:
    """A published model: its metadata, its arrays and the pointer document (extra fields)."""

    meta: ModelMeta
    arrays: dict[str, np.ndarray]
    doc: Mapping[str, Any]


@dataclass(frozen=True)
class ModelPin:
    """An operator's pin: servers serve ``version`` instead of the newest until it is lifted."""

    version: str
    seq: int
    at: datetime
    by: str
    reason: str


@dataclass(frozen=True)
class Target:
    """The version servers should serve: the pinned one, else the newest."""

    seq: int
    version: str
    pinned: bool


@dataclass(frozen=True)
class StoredRefresh:
    """A published refresh of one base version."""

    seq: int
    base: str
    arrays: dict[str, np.ndarray]
    doc: Mapping[str, Any]


def to_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """``.npz`` bytes of named arrays; object arrays (which would need pickle) are refused."""
    for name, array in arrays.items():
        if np.asarray(array).dtype.hasobject:
            raise InvalidArgument(
                f"arrays.{name}", "object arrays need pickle; store numbers or fixed-width strings"
            )
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v) for k, v in arrays.items()})  # type: ignore[arg-type]
    return buffer.getvalue()


def from_bytes(data: bytes) -> dict[str, np.ndarray]:
    """Named arrays back from ``.npz`` bytes, without pickle."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


class Registry:
    """Versioned models of one deployment, in its database."""

    def __init__(
        self, db: Any, clean: Callable[[Mapping[str, np.ndarray]], dict[str, np.ndarray]] | None = None
    ) -> None:
        self.db = db
        self.clean = clean

    def publish(
        self, meta: ModelMeta, arrays: Mapping[str, np.ndarray], extra: Mapping[str, Any]
    ) -> ModelMeta:
        """Store a model under the next version (``meta.version`` is ignored); returns its metadata."""
        fields = {**extra, **_fields(meta)}
        doc = store.publish_model(self.db, meta.kind, fields, to_bytes(arrays), datetime.now(UTC))
        return _meta(doc)

    def newest(self) -> tuple[int, str] | None:
        """``(seq, version)`` of the newest model: a cheap check for followers."""
        doc = store.newest_model(self.db, with_fields=False)
        return None if doc is None else (int(doc["seq"]), str(doc["_id"]))

    def latest(self) -> StoredModel | None:
        """The newest model with its arrays, or None when none is published."""
        doc = store.newest_model(self.db)
        return None if doc is None else self._load(doc)

    def target(self) -> Target | None:
        """What servers should serve: the pinned version, else the newest (a cheap check for followers)."""
        pinned = store.pinned_model(self.db, with_fields=False)
        if pinned is not None:
            return Target(int(pinned["seq"]), str(pinned["_id"]), True)
        newest = self.newest()
        return None if newest is None else Target(newest[0], newest[1], False)

    def serving(self) -> StoredModel | None:
        """The model servers should serve, with its arrays (the pinned one, else the newest)."""
        target = self.target()
        if target is not None and target.pinned:
            return self.load(target.version) or self.latest()  # pinned one gone: the newest, not nothing
        return self.latest()

    def pinned(self) -> ModelPin | None:
        """The operator's pin, if any."""
        doc = store.pinned_model(self.db, with_fields=False)
        if doc is None:
            return None
        pin = doc[store.PINNED]
        return ModelPin(
            str(doc["_id"]), int(doc["seq"]), pin["at"], str(pin.get("by", "")), str(pin.get("reason", ""))
        )

    def pin(self, version: str, reason: str, by: str) -> ModelPin:
        """Pin ``version`` (NotFound when unknown): every server swaps to it and stays there."""
        doc = store.pin_model(self.db, version, reason, by, datetime.now(UTC))
        return ModelPin(str(doc["_id"]), int(doc["seq"]), doc[store.PINNED]["at"], by, reason)

    def unpin(self) -> list[str]:
        """Lift the pin (servers go back to the newest version); returns what was pinned."""
        return store.unpin_model(self.db)

    def versions(self, limit: int = 20) -> list[ModelMeta]:
        """Metadata of the newest ``limit`` versions, newest first."""
        return [_meta(d) for d in store.list_models(self.db, limit)]

    def record_run(self, version: str, run_id: str) -> bool:
        """Keep the tracking run id of ``version`` in its registry entry; False when it is gone."""
        return store.record_model_run(self.db, version, run_id)

    def load(self, version: str) -> StoredModel | None:
        """One version with its arrays, or None when it is unknown."""
        doc = store.model(self.db, version)
        return None if doc is None else self._load(doc)

    def meta(self, version: str) -> ModelMeta | None:
        """One version's metadata (no arrays)."""
        doc = store.model(self.db, version)
        return None if doc is None else _meta(doc)

    def publish_refresh(self, base: str, arrays: Mapping[str, np.ndarray], extra: Mapping[str, Any]) -> int:
        """Store a refresh on top of ``base``; returns its number."""
        doc = store.publish_refresh(self.db, base, extra, to_bytes(arrays), datetime.now(UTC))
        return int(doc["seq"])

    def refreshes(self, base: str, after_seq: int = 0) -> list[StoredRefresh]:
        """The refreshes of ``base`` after ``after_seq``, in order, with their arrays."""
        return [
            StoredRefresh(int(d["seq"]), base, self._arrays(d), d)
            for d in store.refreshes(self.db, base, after_seq)
        ]

    def newest_refresh(self, base: str) -> int:
        """Number of the newest refresh of ``base`` (0: none)."""
        return store.newest_refresh_seq(self.db, base)

    def last_refresh(self, base: str) -> Mapping[str, Any] | None:
        """The newest refresh pointer of ``base`` (no arrays)."""
        return store.last_refresh(self.db, base)

    def prune(self, keep: int) -> int:
        """Delete all but the newest ``keep`` versions; returns how many went."""
        return store.prune_models(self.db, keep)

    def _load(self, doc: Mapping[str, Any]) -> StoredModel:
        return StoredModel(_meta(doc), self._arrays(doc), doc)

    def _arrays(self, doc: Mapping[str, Any]) -> dict[str, np.ndarray]:
        arrays = from_bytes(store.read_artifact(self.db, doc["artifact"]))
        return arrays if self.clean is None else self.clean(arrays)


def _fields(meta: ModelMeta) -> dict[str, Any]:
    return {
        "trained_at": meta.trained_at,
        "parameters": dict(meta.parameters),
        "metrics": dict(meta.metrics),
        "users": meta.users,
        "items": meta.items,
        "interactions": meta.interactions,
        "data_from": meta.data_from,
        "data_to": meta.data_to,
        "data_sha256": meta.data_sha256,
        "selection": dict(meta.selection),
    }


def _meta(doc: Mapping[str, Any]) -> ModelMeta:
    return ModelMeta(
        version=str(doc["_id"]),
        trained_at=doc["trained_at"],
        parameters={str(k): str(v) for k, v in (doc.get("parameters") or {}).items()},
        metrics={str(k): float(v) for k, v in (doc.get("metrics") or {}).items()},
        users=int(doc.get("users", 0)),
        items=int(doc.get("items", 0)),
        interactions=int(doc.get("interactions", 0)),
        data_from=doc.get("data_from"),
        data_to=doc.get("data_to"),
        kind=str(doc.get("kind", "als")),
        seq=int(doc.get("seq", 0)),
        data_sha256=str(doc.get("data_sha256", "")),
        run_id=str(doc.get("mlflow_run_id", "")),
        selection=dict(doc.get("selection") or {}),
    )
