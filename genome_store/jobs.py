"""The ``jobs`` collection: work handed to the worker role, and its state.

A job is queued by a request (``Retrain``, ``RecomputeTiers``) or by a schedule slot, and a
worker that holds the lease of the job's kind claims it (`genome_store.leases`), runs it and
records the result or the error::

    queued ──claim──▶ running ──finish──▶ done | failed
       ▲                 │
       └──── requeue ────┘  (the worker stops; a dead worker's job is claimed again)

A scheduled job's ``_id`` is its kind and slot (``refresh@20260601T030000Z``), so however
many workers see the slot, only one of them can create it: each slot runs once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from genome_store.driver_errors import storage_call
from genome_store.schema import JOBS

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
STATES = (QUEUED, RUNNING, DONE, FAILED)


@dataclass(frozen=True)
class Job:
    """One job as stored."""

    job_id: str
    kind: str
    state: str
    requested_at: datetime
    params: Mapping[str, Any] = field(default_factory=dict)
    result: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""
    error_type: str = ""
    error_field: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    worker: str = ""
    attempts: int = 0
    slot: datetime | None = None
    progress: Mapping[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        """Whether the job is done or failed."""
        return self.state in (DONE, FAILED)


def _key(params: Mapping[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=str)


@storage_call
def submit(
    db: Database[Any], kind: str, params: Mapping[str, Any], now: datetime, join: bool = True
) -> tuple[Job, bool]:
    """Queue a job; with ``join`` an active job of the same kind and parameters is returned instead.

    Returns the job and whether it was joined (True) rather than queued now.
    """
    key = _key(params)
    if join:
        found = db[JOBS].find_one(
            {"kind": kind, "state": {"$in": list(ACTIVE)}, "params_key": key},
            sort=[("requested_at", ASCENDING)],
        )
        if found is not None:
            return _job(found), True
    doc = _new(uuid.uuid4().hex, kind, params, key, now)
    db[JOBS].insert_one(doc)
    return _job(doc), False


@storage_call
def schedule_slot(db: Database[Any], kind: str, slot: datetime, now: datetime) -> bool:
    """Create the job of one schedule slot; False when it exists or a queued one of the kind covers it."""
    key = _key({})
    if db[JOBS].find_one({"kind": kind, "state": QUEUED, "params_key": key}, {"_id": 1}) is not None:
        return False  # still waiting to run: it will see the newer data as well (coalesced)
    doc = _new(f"{kind}@{slot:%Y%m%dT%H%M%SZ}", kind, {}, key, now, slot)
    try:
        db[JOBS].insert_one(doc)
    except DuplicateKeyError:  # another worker created this slot's job first
        return False
    return True


@storage_call
def pending_kinds(db: Database[Any]) -> set[str]:
    """Kinds with a queued job, or a running one (whose worker may have died)."""
    return {str(k) for k in db[JOBS].distinct("kind", {"state": {"$in": list(ACTIVE)}})}


@storage_call
def claim(db: Database[Any], kind: str, worker: str, now: datetime) -> Job | None:
    """Take the oldest active job of ``kind`` (call only while holding the kind's lease).

    A job still marked running belongs to a worker that lost the lease (it died), so it is
    claimed again; ``attempts`` counts the claims.
    """
    doc = db[JOBS].find_one_and_update(
        {"kind": kind, "state": {"$in": list(ACTIVE)}},
        {
            "$set": {"state": RUNNING, "worker": worker, "started_at": now, "progress": {}},
            "$inc": {"attempts": 1},
        },
        sort=[("requested_at", ASCENDING)],
        return_document=ReturnDocument.AFTER,
    )
    return None if doc is None else _job(doc)


@storage_call
def finish(
    db: Database[Any],
    job_id: str,
    worker: str,
    now: datetime,
    result: Mapping[str, Any] | None = None,
    error: BaseException | None = None,
) -> bool:
    """Record the end of a run of ours: done with ``result``, or failed with ``error``."""
    fields: dict[str, Any] = {"finished_at": now}
    if error is None:
        fields.update(state=DONE, result=dict(result or {}))
    else:
        fields.update(state=FAILED, error=str(error) or type(error).__name__, error_type=type(error).__name__,
                      error_field=str(getattr(error, "field", "") or ""))  # fmt: skip
    done = db[JOBS].update_one({"_id": job_id, "worker": worker, "state": RUNNING}, {"$set": fields})
    return done.matched_count == 1


@storage_call
def note_progress(
    db: Database[Any], job_id: str, worker: str, progress: Mapping[str, Any], now: datetime
) -> bool:
    """Record how far a running job of ours has come (replacing what it said before, stamped ``at``)."""
    done = db[JOBS].update_one(
        {"_id": job_id, "worker": worker, "state": RUNNING},
        {"$set": {"progress": {**progress, "at": now}}},
    )
    return done.matched_count == 1


@storage_call
def give_up(db: Database[Any], job_id: str, now: datetime, reason: str) -> None:
    """Fail a job whatever its state (e.g. claimed too often: its worker died every time)."""
    db[JOBS].update_one(
        {"_id": job_id},
        {"$set": {"state": FAILED, "finished_at": now, "error": reason, "error_type": "GaveUp"}},
    )


@storage_call
def requeue(db: Database[Any], job_id: str, worker: str) -> bool:
    """Hand a running job of ours back to the queue (the run does not count as an attempt)."""
    done = db[JOBS].update_one(
        {"_id": job_id, "worker": worker, "state": RUNNING},
        {
            "$set": {"state": QUEUED, "worker": "", "started_at": None, "progress": {}},
            "$inc": {"attempts": -1},
        },
    )
    return done.matched_count == 1


@storage_call
def get(db: Database[Any], job_id: str) -> Job | None:
    """One job by id."""
    doc = db[JOBS].find_one({"_id": job_id})
    return None if doc is None else _job(doc)


@storage_call
def recent(db: Database[Any], limit: int = 10, kinds: Sequence[str] = ()) -> list[Job]:
    """The newest jobs (optionally of some kinds), newest first."""
    query: dict[str, Any] = {"kind": {"$in": list(kinds)}} if kinds else {}
    return [_job(d) for d in db[JOBS].find(query).sort("requested_at", DESCENDING).limit(limit)]


@storage_call
def runs(db: Database[Any], kind: str) -> list[Job]:
    """Every stored job of ``kind``, oldest first."""
    return [_job(d) for d in db[JOBS].find({"kind": kind}).sort("requested_at", ASCENDING)]


@storage_call
def is_active(db: Database[Any], kind: str) -> bool:
    """Whether a job of ``kind`` is queued or running."""
    return db[JOBS].find_one({"kind": kind, "state": {"$in": list(ACTIVE)}}, {"_id": 1}) is not None


@storage_call
def prune(db: Database[Any], finished_before: datetime) -> int:
    """Delete jobs that finished before ``finished_before``; returns how many."""
    done = db[JOBS].delete_many({"state": {"$in": [DONE, FAILED]}, "finished_at": {"$lt": finished_before}})
    return int(done.deleted_count)


def _new(
    job_id: str, kind: str, params: Mapping[str, Any], key: str, now: datetime, slot: datetime | None = None
) -> dict[str, Any]:
    return {"_id": job_id, "kind": kind, "state": QUEUED, "params": dict(params), "params_key": key,
            "requested_at": now, "slot": slot, "attempts": 0, "worker": ""}  # fmt: skip


def _job(doc: Mapping[str, Any]) -> Job:
    return Job(
        job_id=str(doc["_id"]),
        kind=str(doc["kind"]),
        state=str(doc["state"]),
        requested_at=doc["requested_at"],
        params=dict(doc.get("params") or {}),
        result=dict(doc.get("result") or {}),
        error=str(doc.get("error") or ""),
        error_type=str(doc.get("error_type") or ""),
        error_field=str(doc.get("error_field") or ""),
        started_at=doc.get("started_at"),
        finished_at=doc.get("finished_at"),
        worker=str(doc.get("worker") or ""),
        attempts=int(doc.get("attempts") or 0),
        progress=dict(doc.get("progress") or {}),
        slot=doc.get("slot"),
    )
