"""The worker role's loop: create due schedule slots, claim jobs under leases, run them.

Every ``poll_seconds`` (or at once when woken by an in-process submit) a worker:

1. creates the job of every schedule slot that has come (`genome_store.jobs.schedule_slot`:
   one per slot whatever the number of workers);
2. renews the lease of each job it runs (a worker that stops renewing — killed, frozen,
   cut off — loses the lease ``lease_seconds`` after its last renewal);
3. for each kind with a queued job, or a running one whose worker died, and that it does
   not run already: acquires the kind's lease (`genome_store.leases`, atomic), claims the
   oldest job of the kind and runs it in a thread (timed by `services.metrics.timed_job`; every
   line it logs carries ``job_id`` and ``job_kind``); at the end it records the result or the
   error, and releases the lease.

So no two workers run jobs of one kind at the same time, each job runs once (again only
after its worker died, up to ``max_attempts``), and ``stop`` on SIGTERM lets running jobs
finish for ``stop_grace_seconds``, then hands the rest back to the queue and releases
their leases so another worker takes them at once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from genome_store import jobs, leases
from lifecue.config import WorkerSettings
from lifecue.errors import LifecueError
from services.logs import log_context
from services.metrics import timed_job
from services.worker.progress import JobProgress, reporting
from services.worker.schedule import Schedule, Slots

log = logging.getLogger(__name__)

Handler = Callable[[Mapping[str, Any]], Mapping[str, Any]]
PRUNE_EVERY = timedelta(hours=1)


def worker_name() -> str:
    """A name that tells workers apart in leases and jobs: host, process, a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class _Run:
    job: jobs.Job
    thread: threading.Thread
    renewed: datetime
    lost: bool = False
    done: threading.Event = field(default_factory=threading.Event)


class Worker:
    """Runs the jobs of ``handlers`` (and creates the slots of ``schedules``) over one database."""

    def __init__(
        self,
        db: Any,
        handlers: Mapping[str, Handler],
        schedules: Sequence[Schedule],
        settings: WorkerSettings,
        name: str | None = None,
        on_finish: Callable[[jobs.Job], None] | None = None,
    ) -> None:
        self.db = db
        self.handlers = dict(handlers)
        self.schedules = [s for s in schedules if s.kind in self.handlers]
        self.settings = settings
        self.name = name or worker_name()
        self.on_finish = on_finish
        self._ttl = timedelta(seconds=settings.lease_seconds)
        self._runs: dict[str, _Run] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="worker", daemon=True)
        self._pruned = datetime.min.replace(tzinfo=UTC)

    def start(self) -> Worker:
        """Start the loop in a daemon thread."""
        log.info("worker started", extra={"worker": self.name, "kinds": sorted(self.handlers),
                                          "schedules": {s.kind: s.text for s in self.schedules}})  # fmt: skip
        self._thread.start()
        return self

    def wake(self) -> None:
        """Look for work now rather than at the next poll."""
        self._wake.set()

    @property
    def running(self) -> list[jobs.Job]:
        """The jobs this worker runs now."""
        with self._lock:
            return [r.job for r in self._runs.values()]

    def stop(self, grace: float | None = None) -> None:
        """Stop claiming; let running jobs finish within ``grace``; hand the rest back and release leases."""
        grace = self.settings.stop_grace_seconds if grace is None else grace
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=max(5.0, self.settings.poll_seconds * 2))
        deadline = datetime.now(UTC) + timedelta(seconds=grace)
        with self._lock:
            runs = list(self._runs.values())
        for run in runs:
            run.done.wait(max(0.0, (deadline - datetime.now(UTC)).total_seconds()))
        with self._lock:
            left = list(self._runs.values())
        for run in left:
            handed = jobs.requeue(self.db, run.job.job_id, self.name)
            leases.release(self.db, run.job.kind, self.name, datetime.now(UTC))
            log.warning("job handed back on stop", extra={"job_id": run.job.job_id, "requeued": handed})
        log.info("worker stopped", extra={"worker": self.name, "handed_back": len(left)})

    def _loop(self) -> None:
        slots = Slots(
            self.schedules, datetime.now(UTC), timedelta(seconds=self.settings.misfire_grace_seconds)
        )
        while not self._stop.is_set():
            try:
                self._tick(slots, datetime.now(UTC))
            except Exception:  # the database may be away for a while; keep trying
                log.exception("worker loop failed; retrying")
            self._wake.wait(self.settings.poll_seconds)
            self._wake.clear()

    def _tick(self, slots: Slots, now: datetime) -> None:
        for kind, slot in slots.due(now):
            if jobs.schedule_slot(self.db, kind, slot, now):
                log.info("scheduled job queued", extra={"kind": kind, "slot": slot.isoformat()})
        self._renew(now)
        with self._lock:
            busy = set(self._runs)
        for kind in sorted(jobs.pending_kinds(self.db) & self.handlers.keys() - busy):
            if self._stop.is_set():
                return
            if leases.acquire(self.db, kind, self.name, self._ttl, now) is None:
                continue  # another worker runs this kind now
            job = self._claim(kind, now)
            if job is None:
                leases.release(self.db, kind, self.name, now)
                continue
            self._start(job, now)
        if now - self._pruned > PRUNE_EVERY:
            self._pruned = now
            jobs.prune(self.db, now - timedelta(days=self.settings.job_retention_days))

    def _claim(self, kind: str, now: datetime) -> jobs.Job | None:
        while True:
            job = jobs.claim(self.db, kind, self.name, now)
            if job is None or job.attempts <= self.settings.max_attempts:
                return job
            jobs.give_up(self.db, job.job_id, now, f"gave up after {job.attempts - 1} runs whose worker died")
            log.error("job given up", extra={"job_id": job.job_id, "kind": kind})

    def _start(self, job: jobs.Job, now: datetime) -> None:
        # not a daemon: a process that ends while a job is in native code (the encoder, a BLAS or OpenMP pool)
        # aborts ("terminate called without an active exception"); a job handed back on stop still runs to its
        # end, and its result is not recorded (the job is no longer ours)
        thread = threading.Thread(target=self._run, args=(job,), name=f"job-{job.kind}", daemon=False)
        with self._lock:
            self._runs[job.kind] = _Run(job, thread, now)
        log.info("job started", extra={"job_id": job.job_id, "kind": job.kind, "attempt": job.attempts})
        thread.start()

    def _renew(self, now: datetime) -> None:
        with self._lock:
            runs = list(self._runs.values())
        for run in runs:
            if run.lost or now - run.renewed < self._ttl / 3:
                continue
            if leases.renew(self.db, run.job.kind, self.name, self._ttl, now):
                run.renewed = now
            else:
                run.lost = True
                log.warning("lease lost while running; the result will not be recorded",
                            extra={"job_id": run.job.job_id, "kind": run.job.kind})  # fmt: skip

    def _run(self, job: jobs.Job) -> None:
        # every line the job logs, in any module, carries its id (services.logs)
        tracker = JobProgress(self.db, job.job_id, self.name, self.settings.progress_seconds)
        with log_context(job_id=job.job_id, job_kind=job.kind), reporting(tracker):
            self._run_logged(job, tracker)

    def _run_logged(self, job: jobs.Job, tracker: JobProgress) -> None:
        result: Mapping[str, Any] | None = None
        error: BaseException | None = None
        try:
            with timed_job(job.kind):
                result = self.handlers[job.kind](job.params)
        except Exception as exc:  # recorded on the job; the worker goes on
            error = exc
            log.warning("job failed", extra={"job_id": job.job_id, "kind": job.kind, "error": str(exc)},
                        exc_info=not isinstance(exc, LifecueError))  # fmt: skip
        tracker.flush()  # the job's last word on where it got to, kept after it ends
        try:
            now = datetime.now(UTC)
            if jobs.finish(self.db, job.job_id, self.name, now, result, error):
                log.info(
                    "job finished",
                    extra={"job_id": job.job_id, "kind": job.kind, "failed": error is not None},
                )
            leases.release(self.db, job.kind, self.name, now)
        except Exception:
            log.exception("recording the end of a job failed", extra={"job_id": job.job_id})
        finally:
            with self._lock:
                run = self._runs.pop(job.kind, None)
            if run is not None:
                run.done.set()
            if self.on_finish is not None:
                self.on_finish(job)
            self._wake.set()  # another job of the kind may be waiting
