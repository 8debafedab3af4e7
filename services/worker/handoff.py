"""How the serving role hands a job to the worker role and, when asked to, waits for it.

``Retrain`` and ``RecomputeTiers`` queue a job in ``jobs`` (joining one of the same kind
and parameters that is queued or running already), wake the in-process worker when there
is one (``lifecue up``), and with ``wait`` poll the job until it finishes or the call's
deadline is near, so the caller gets an answer rather than DEADLINE_EXCEEDED. A failed
job's error comes back as the `lifecue.errors` exception it was.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from genome_store import check_id, jobs
from lifecue import errors
from lifecue.errors import FailedPrecondition, InvalidArgument, LifecueError, NotFound, StorageUnavailable

RETRAIN, REFRESH, RECOMPUTE_TIERS, SWEEP_POSTS = "retrain", "refresh", "recompute_tiers", "sweep_posts"
SCRUB_MODELS = "scrub_models"
AFFINITY_BACKFILL = "affinity_backfill"
KINDS = (RETRAIN, REFRESH, RECOMPUTE_TIERS, SWEEP_POSTS, SCRUB_MODELS, AFFINITY_BACKFILL)
MAX_WAIT_SECONDS = 3600.0
POLL_SECONDS = 0.25


class Handoff:
    """Queue jobs for the worker role, read their state, wait for them."""

    def __init__(self, db: Any, local: Callable[[], Any] | None = None) -> None:
        self.db = db
        self.local = local  # the in-process worker, when this process runs one
        self._finished = threading.Condition()

    def submit(self, kind: str, params: Mapping[str, Any], join: bool = True) -> tuple[jobs.Job, bool]:
        """Queue a job (or join an active one of the same kind and parameters); True when joined."""
        job, joined = jobs.submit(self.db, kind, params, datetime.now(UTC), join)
        worker = self.local() if self.local is not None else None
        if worker is not None:
            worker.wake()
        return job, joined

    def notify(self, _job: jobs.Job | None = None) -> None:
        """Wake waiters (an in-process worker calls this when a job ends)."""
        with self._finished:
            self._finished.notify_all()

    def wait(self, job_id: str, seconds: float) -> jobs.Job:
        """The job once it finished, or as it stands after ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            job = self.get(job_id)
            left = deadline - time.monotonic()
            if job.finished or left <= 0:
                return job
            with self._finished:
                self._finished.wait(min(POLL_SECONDS, left))

    def get(self, job_id: str) -> jobs.Job:
        """One job; NOT_FOUND when unknown."""
        job = jobs.get(self.db, check_id("job_id", job_id))
        if job is None:
            raise NotFound("job", job_id)
        return job

    def recent(self, limit: int = 10) -> list[jobs.Job]:
        """The newest jobs, newest first."""
        return jobs.recent(self.db, limit)

    def is_active(self, kind: str) -> bool:
        """Whether a job of ``kind`` is queued or running."""
        return jobs.is_active(self.db, kind)


def budget(time_remaining: float | None) -> float:
    """How long a call may wait: a little less than its deadline leaves (capped when it has none)."""
    if time_remaining is None:
        return MAX_WAIT_SECONDS
    return max(0.0, min(MAX_WAIT_SECONDS, time_remaining - min(1.0, 0.1 * time_remaining)))


def failure(job: jobs.Job) -> Exception:
    """The exception a failed job stands for, to raise to the caller."""
    assert job.state == jobs.FAILED
    text = f"{job.kind} job {job.job_id} failed: {job.error}"
    cls = getattr(errors, job.error_type, None)
    if cls is InvalidArgument and job.error_field:
        return InvalidArgument(job.error_field, job.error.removeprefix(f"{job.error_field}: "))
    if isinstance(cls, type) and issubclass(cls, StorageUnavailable):
        return StorageUnavailable(text)
    if isinstance(cls, type) and issubclass(cls, LifecueError):
        return FailedPrecondition(text)
    return RuntimeError(text)
