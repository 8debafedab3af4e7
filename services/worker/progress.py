"""How far a running job has come: reported by the job's own code, stored on the job, logged.

Long jobs (a tier recompute of a million consumers runs for half an hour on a small database)
say where they are through a `JobProgress`: the runner binds one to the job's thread, the handler
hands ``progress()`` to the domain code as a plain callback, and the reports reach the job
(``progress`` on `lifecue.v1.Job`, read by ``GetModelInfo`` and ``RecomputeTiers``) and the
log at once when the phase changes and at most every ``every`` seconds within a phase. Domain
packages never import this module: they take a `lifecue.progress.Progress` callback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from genome_store import jobs
from lifecue.progress import Progress, quiet

log = logging.getLogger(__name__)

_current: ContextVar[JobProgress | None] = ContextVar("job_progress", default=None)


class JobProgress:
    """Reports of one running job, written to its stored record at most every ``every`` seconds."""

    def __init__(self, db: Any, job_id: str, worker: str, every: float = 5.0) -> None:
        self.db = db
        self.job_id = job_id
        self.worker = worker
        self.every = every
        self._phase = ""
        self._last = 0.0
        self._unsent: tuple[str, int] | None = None
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def __call__(self, phase: str, done: int) -> None:
        now = time.monotonic()
        with self._lock:
            if phase == self._phase and now - self._last < self.every:
                self._unsent = (phase, done)
                return
            self._phase, self._last, self._unsent = phase, now, None
        self._send(phase, done, now)

    def flush(self) -> None:
        """Store the last report if it was held back (the runner calls this when the job's code returns)."""
        with self._lock:
            unsent, self._unsent = self._unsent, None
        if unsent is not None:
            self._send(*unsent, time.monotonic())

    def _send(self, phase: str, done: int, now: float) -> None:
        seconds = round(now - self._started, 1)
        log.info(  # the figures go in the message too: the text log format shows no extra fields
            "job progress: %s, %d done after %.1f s", phase, done, seconds,
            extra={"job_id": self.job_id, "phase": phase, "done": done, "seconds": seconds},
        )  # fmt: skip
        try:
            jobs.note_progress(
                self.db, self.job_id, self.worker, {"phase": phase, "done": done}, datetime.now(UTC)
            )
        except Exception:  # a report that cannot be stored must not fail the job
            log.warning("job progress not stored", extra={"job_id": self.job_id}, exc_info=True)


@contextmanager
def reporting(progress: JobProgress) -> Iterator[JobProgress]:
    """Bind ``progress`` to the running job's context (the runner does this for every job)."""
    token = _current.set(progress)
    try:
        yield progress
    finally:
        _current.reset(token)


def progress() -> Progress:
    """The running job's reporter, or one that does nothing outside a job."""
    found = _current.get()
    return found if found is not None else quiet
