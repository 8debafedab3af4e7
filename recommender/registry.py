"""The model registry: factor files under the state folder, metadata in ``models``.

The ``.npz`` artifact (``allow_pickle=False``) is written and renamed into place before
the registry document that points at it is inserted, so a reader never finds a pointer
to a half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from pymongo import DESCENDING
from pymongo.database import Database

from genome_store.schema import MODELS
from recommender.snapshot import ModelMeta

KIND = "als"


class Registry:
    """Versioned ALS models of one deployment."""

    def __init__(self, db: Database[Any], folder: Path) -> None:
        self.db = db
        self.folder = Path(folder)

    def next_version(self) -> str:
        """A version string that sorts after every stored one."""
        last = self.db[MODELS].find_one({"kind": KIND}, {"_id": 1}, sort=[("_id", DESCENDING)])
        n = int(str(last["_id"]).rsplit("-", 1)[1]) + 1 if last else 1
        return f"{KIND}-{n:06d}"

    def publish(self, meta: ModelMeta, arrays: Mapping[str, np.ndarray], extra: Mapping[str, Any]) -> None:
        """Write the artifact, then the registry document that points at it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{meta.version}.npz"
        tmp = self.folder / f".{meta.version}.tmp.npz"
        np.savez(tmp, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
        self.db[MODELS].insert_one(
            {
                "_id": meta.version,
                "kind": KIND,
                "trained_at": meta.trained_at,
                "parameters": dict(meta.parameters),
                "metrics": dict(meta.metrics),
                "users": meta.users,
                "items": meta.items,
                "interactions": meta.interactions,
                "data_from": meta.data_from,
                "data_to": meta.data_to,
                "artifact": path.name,
                **extra,
            }
        )

    def latest(self) -> tuple[ModelMeta, dict[str, np.ndarray], dict[str, Any]] | None:
        """The newest model whose artifact is readable here, or None."""
        for doc in self.db[MODELS].find({"kind": KIND}).sort("_id", DESCENDING).limit(5):
            path = self.folder / str(doc.get("artifact", ""))
            if not path.is_file():
                continue
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            return _meta(doc), arrays, doc
        return None


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
    )
