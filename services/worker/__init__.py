"""The worker role: scheduled and requested jobs, each run by one worker under a lease in MongoDB.

`runner.Worker` is the loop, `schedule` says when jobs are due, `kinds` what each job
runs (imported by the process that runs a worker, since it builds on every domain
package), and `handoff` how the serving role queues a job and waits for it.
"""

from __future__ import annotations

from services.worker.handoff import (
    AFFINITY_BACKFILL,
    KINDS,
    RECOMPUTE_TIERS,
    REFRESH,
    RETRAIN,
    SCRUB_MODELS,
    SWEEP_POSTS,
    Handoff,
    budget,
    failure,
)
from services.worker.runner import Worker, worker_name
from services.worker.schedule import Schedule, Slots, cron, every

__all__ = [
    "AFFINITY_BACKFILL",
    "KINDS",
    "RECOMPUTE_TIERS",
    "REFRESH",
    "RETRAIN",
    "SCRUB_MODELS",
    "SWEEP_POSTS",
    "Handoff",
    "Schedule",
    "Slots",
    "Worker",
    "budget",
    "cron",
    "every",
    "failure",
    "worker_name",
]
