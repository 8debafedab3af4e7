"""The model registry's storage: pointer documents in ``models``, artifacts in ``model_chunks``.

An artifact is a byte string (the registry writes ``.npz`` bytes) cut into chunks of at
most `CHUNK_BYTES`, one document each, so it stays under MongoDB's 16 MiB document limit
and any process that reaches the database can load it (GridFS does the same with two
collections; plain documents keep it to one and to CRUD that SecantusDB and MongoDB share).

Write order makes readers safe: the version number comes from an atomic counter
(`genome_store.counters`), every chunk is written before the pointer document that names
it, and the pointer records size and SHA-256, so a reader never follows a pointer to a
missing or half-written artifact. Pruning deletes in the reverse order (pointer first).

Two document types share ``models``:

- ``type: "model"`` — a trained model, ``_id`` = version (``als-000007``), ``seq`` its number;
- ``type: "refresh"`` — an incremental refresh on top of the model ``base``; ``seq`` from
  its own counter orders the refreshes of one base.

An operator **pins** a version (`pin_model`: rollback, or holding a version while a problem
is looked into): the pin is a ``pinned`` field (when, by whom, why) on that version's own
document, so it can only name a version that exists, pruning keeps it, and the change stream
tells every server at once. Servers serve the pinned version instead of the newest until
`unpin_model`. A model's tracking run id (``mlflow_run_id``) is added once training is tracked.

`ModelChanges` follows the collection's change stream, so servers hear of both at once.

Erasure: every pointer records ``erasure_seq``, the number of the last erasure its
artifact is known to be clean of (`genome_store.erasure`). `stale_pointers` lists those
behind, and `replace_artifact` swaps in a cleaned artifact: new chunks first, then the
pointer (same version, new artifact id and digest), then the old chunks go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bson import Binary
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from genome_store.counters import next_value
from genome_store.driver_errors import storage_call, storage_errors
from genome_store.schema import MODEL_CHUNKS, MODELS
from lifecue.errors import NotFound

MODEL, REFRESH = "model", "refresh"
CHUNK_BYTES = 4 * 1024 * 1024
MODEL_COUNTER = "models"
REFRESH_COUNTER = "model_refreshes"
PINNED = "pinned"
# what listings leave out: the learned lift can be long and the artifact is read by loaders only
_LISTED = {"lift": 0, "artifact": 0}


@storage_call
def write_artifact(
    db: Database[Any], artifact_id: str, data: bytes, chunk_bytes: int = CHUNK_BYTES
) -> dict[str, Any]:
    """Store ``data`` in chunks; returns the description a pointer document keeps."""
    db[MODEL_CHUNKS].delete_many({"artifact": artifact_id})  # leftovers of a run that died mid-write
    chunks = [data[k : k + chunk_bytes] for k in range(0, len(data), chunk_bytes)] or [b""]
    for n, chunk in enumerate(chunks):
        db[MODEL_CHUNKS].insert_one({"_id": f"{artifact_id}:{n:06d}", "artifact": artifact_id, "n": n,
                                     "data": Binary(chunk)})  # fmt: skip
    return {
        "id": artifact_id,
        "bytes": len(data),
        "chunks": len(chunks),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


@storage_call
def read_artifact(db: Database[Any], artifact: Mapping[str, Any]) -> bytes:
    """The bytes a pointer's ``artifact`` names, checked against its size and digest."""
    artifact_id = str(artifact.get("id", ""))
    parts = [bytes(d["data"]) for d in db[MODEL_CHUNKS].find({"artifact": artifact_id}).sort("n", ASCENDING)]
    data = b"".join(parts)
    if len(parts) != artifact.get("chunks") or hashlib.sha256(data).hexdigest() != artifact.get("sha256"):
        raise NotFound("model artifact", artifact_id)
    return data


@storage_call
def publish_model(
    db: Database[Any], kind: str, fields: Mapping[str, Any], data: bytes, now: datetime
) -> dict[str, Any]:
    """Number a new version, write its artifact, then its pointer; returns the pointer document."""
    while True:
        seq = next_value(db, MODEL_COUNTER)
        version = f"{kind}-{seq:06d}"
        artifact = write_artifact(db, f"{MODEL}:{version}", data)
        doc = {**fields, "_id": version, "type": MODEL, "seq": seq, "kind": kind, "artifact": artifact,
               "published_at": now}  # fmt: skip
        doc.setdefault("trained_at", now)
        try:
            db[MODELS].insert_one(doc)
        except DuplicateKeyError:  # a version written before the counter existed: skip past it
            delete_artifact(db, artifact["id"])
            continue
        return doc


@storage_call
def publish_refresh(
    db: Database[Any], base: str, fields: Mapping[str, Any], data: bytes, now: datetime
) -> dict[str, Any]:
    """Number a refresh of model ``base`` ("" for the catalog alone), write its artifact, then its pointer."""
    seq = next_value(db, REFRESH_COUNTER)
    refresh_id = f"{base or 'catalog'}+r{seq:06d}"
    artifact = write_artifact(db, f"{REFRESH}:{refresh_id}", data)
    doc = {**fields, "_id": refresh_id, "type": REFRESH, "kind": REFRESH, "seq": seq, "base": base,
           "artifact": artifact, "trained_at": now, "published_at": now}  # fmt: skip
    db[MODELS].insert_one(doc)
    return doc


@storage_call
def newest_model(db: Database[Any], with_fields: bool = True) -> dict[str, Any] | None:
    """The pointer of the newest model version (only ``_id`` and ``seq`` unless ``with_fields``)."""
    projection = None if with_fields else {"_id": 1, "seq": 1}
    return db[MODELS].find_one({"type": MODEL}, projection, sort=[("seq", DESCENDING)])


@storage_call
def model(db: Database[Any], version: str) -> dict[str, Any] | None:
    """The pointer of one model version."""
    return db[MODELS].find_one({"_id": version, "type": MODEL})


@storage_call
def refreshes(db: Database[Any], base: str, after_seq: int = 0) -> list[dict[str, Any]]:
    """Pointers of the refreshes of ``base`` numbered after ``after_seq``, in order."""
    query = {"type": REFRESH, "base": base, "seq": {"$gt": after_seq}}
    return list(db[MODELS].find(query).sort("seq", ASCENDING))


@storage_call
def last_refresh(db: Database[Any], base: str) -> dict[str, Any] | None:
    """The newest refresh pointer of ``base``."""
    return db[MODELS].find_one({"type": REFRESH, "base": base}, sort=[("seq", DESCENDING)])


@storage_call
def newest_refresh_seq(db: Database[Any], base: str) -> int:
    """The number of the newest refresh of ``base`` (0 when there is none)."""
    doc = db[MODELS].find_one({"type": REFRESH, "base": base}, {"seq": 1}, sort=[("seq", DESCENDING)])
    return int(doc["seq"]) if doc else 0


@storage_call
def list_models(db: Database[Any], limit: int = 20) -> list[dict[str, Any]]:
    """Pointers of the newest ``limit`` versions, newest first (without lift and artifact)."""
    return list(db[MODELS].find({"type": MODEL}, _LISTED).sort("seq", DESCENDING).limit(limit))


@storage_call
def pinned_model(db: Database[Any], with_fields: bool = True) -> dict[str, Any] | None:
    """The pointer of the pinned version, or None (only ``_id``, ``seq`` and the pin unless ``with_fields``)."""
    projection = _LISTED if with_fields else {"_id": 1, "seq": 1, PINNED: 1}
    return db[MODELS].find_one(
        {"type": MODEL, PINNED: {"$exists": True}}, projection, sort=[(f"{PINNED}.at", DESCENDING)]
    )


@storage_call
def pin_model(db: Database[Any], version: str, reason: str, by: str, now: datetime) -> dict[str, Any]:
    """Pin ``version`` (NotFound when it is not a published version); any other pin is lifted."""
    doc = db[MODELS].find_one_and_update(
        {"_id": version, "type": MODEL},
        {"$set": {PINNED: {"at": now, "by": by, "reason": reason}}},
        projection=_LISTED,
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("model version", version)
    # pinned first, others lifted second: a reader in between sees two pins and takes the newest
    db[MODELS].update_many({"type": MODEL, PINNED: {"$exists": True}, "_id": {"$ne": version}},
                           {"$unset": {PINNED: ""}})  # fmt: skip
    return doc


@storage_call
def unpin_model(db: Database[Any]) -> list[str]:
    """Lift every pin; returns the versions that were pinned (empty: none was)."""
    pinned = [d["_id"] for d in db[MODELS].find({"type": MODEL, PINNED: {"$exists": True}}, {"_id": 1})]
    if pinned:
        db[MODELS].update_many({"_id": {"$in": pinned}}, {"$unset": {PINNED: ""}})
    return pinned


@storage_call
def record_model_run(db: Database[Any], version: str, run_id: str) -> bool:
    """Record the tracking run id of ``version``; False when the version is gone (pruned meanwhile)."""
    found = db[MODELS].update_one({"_id": version, "type": MODEL}, {"$set": {"mlflow_run_id": run_id}})
    return found.matched_count == 1


@storage_call
def prune_models(db: Database[Any], keep: int) -> int:
    """Delete all but the newest ``keep`` versions and the pinned one, their refreshes and artifacts;
    returns versions deleted."""
    kept = [
        d["_id"] for d in db[MODELS].find({"type": MODEL}, {"_id": 1}).sort("seq", DESCENDING).limit(keep)
    ]
    kept += [d["_id"] for d in db[MODELS].find({"type": MODEL, PINNED: {"$exists": True}}, {"_id": 1})]
    stale_refreshes = list(db[MODELS].find({"type": REFRESH, "base": {"$nin": [*kept, ""]}}, {"artifact": 1}))
    stale_models = list(db[MODELS].find({"type": MODEL, "_id": {"$nin": kept}}, {"artifact": 1}))
    newest = kept[0] if kept else ""
    if newest:  # once a model exists, catalog-only refreshes are of no use
        stale_refreshes += list(db[MODELS].find({"type": REFRESH, "base": ""}, {"artifact": 1}))
    for doc in [*stale_refreshes, *stale_models]:
        db[MODELS].delete_one({"_id": doc["_id"]})  # the pointer first: nobody follows it any more
        delete_artifact(db, str((doc.get("artifact") or {}).get("id", "")))
    return len(stale_models)


@storage_call
def stale_pointers(db: Database[Any], erasure_seq: int) -> list[dict[str, Any]]:
    """Pointers (models and refreshes) not yet cleaned of erasures up to ``erasure_seq``, oldest first."""
    query = {"type": {"$in": [MODEL, REFRESH]}, "$or": [{"erasure_seq": {"$lt": erasure_seq}},
                                                       {"erasure_seq": {"$exists": False}}]}  # fmt: skip
    return list(
        db[MODELS]
        .find(query, {"_id": 1, "type": 1, "base": 1, "artifact": 1})
        .sort("published_at", ASCENDING)
    )


@storage_call
def mark_clean(db: Database[Any], pointer_id: str, erasure_seq: int) -> None:
    """Record that a pointer's artifact holds no consumer erased up to ``erasure_seq``."""
    db[MODELS].update_one({"_id": pointer_id}, {"$max": {"erasure_seq": erasure_seq}})


@storage_call
def replace_artifact(db: Database[Any], pointer: Mapping[str, Any], data: bytes, erasure_seq: int) -> bool:
    """Give ``pointer`` a new artifact holding ``data``; False when the pointer is gone (pruned meanwhile)."""
    old = str((pointer.get("artifact") or {}).get("id", ""))
    new_id = f"{old.split('~')[0]}~e{erasure_seq:06d}"
    if new_id == old:  # already written for this erasure
        mark_clean(db, str(pointer["_id"]), erasure_seq)
        return True
    artifact = write_artifact(db, new_id, data)
    found = db[MODELS].update_one(
        {"_id": pointer["_id"], "artifact.id": old},
        {"$set": {"artifact": artifact}, "$max": {"erasure_seq": erasure_seq}},
    )
    if found.matched_count == 0:
        delete_artifact(db, new_id)
        return False
    delete_artifact(db, old)
    return True


@storage_call
def delete_artifact(db: Database[Any], artifact_id: str) -> None:
    """Delete an artifact's chunks."""
    db[MODEL_CHUNKS].delete_many({"artifact": artifact_id})


class ModelChanges:
    """The change stream of ``models``: `wait` returns True when something was written."""

    def __init__(self, db: Database[Any], max_await_ms: int = 500) -> None:
        with storage_errors():
            self._stream = db[MODELS].watch(max_await_time_ms=max_await_ms)

    def wait(self) -> bool:
        """Block up to the await time; True when a change arrived (raises when the stream fails)."""
        with storage_errors():
            return self._stream.try_next() is not None

    def close(self) -> None:
        """Stop following."""
        self._stream.close()
