"""The model registry: a model is a dict of named numpy arrays plus metadata, kept in the database.

Any model kind fits (ALS factors, item-kNN neighbours, popularity, blend weights): the
registry stores the arrays as ``.npz`` bytes and loads them with ``allow_pickle=False``, so
object arrays are refused and nothing executable is ever read back. The metadata (kind,
version, parameters, metrics, data window, plus whatever a kind adds) sits in the pointer
document. `genome_store.models` numbers versions with an atomic counter and writes the
artifact before the pointer, so every process that reaches the database can load any
published version, and none can see a half-written one.

A refresh is the same thing on a smaller scale: named arrays on top of one base version,
numbered in order (see `recommender.refresh`).

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
    )
