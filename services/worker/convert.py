"""Jobs of the worker role as protobuf (`lifecue.v1.Job`), for the edges that hand jobs over."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from genome_store import jobs
from lifecue.v1 import common_pb2
from services.timestamps import to_timestamp

STATES = {
    jobs.QUEUED: common_pb2.JOB_STATE_QUEUED,
    jobs.RUNNING: common_pb2.JOB_STATE_RUNNING,
    jobs.DONE: common_pb2.JOB_STATE_DONE,
    jobs.FAILED: common_pb2.JOB_STATE_FAILED,
}


def job(j: jobs.Job) -> common_pb2.Job:
    """One job; result values as text (times in ISO 8601)."""
    return common_pb2.Job(
        job_id=j.job_id,
        kind=j.kind,
        state=STATES.get(j.state, common_pb2.JOB_STATE_UNSPECIFIED),
        requested_at=to_timestamp(j.requested_at),
        started_at=to_timestamp(j.started_at),
        finished_at=to_timestamp(j.finished_at),
        worker=j.worker,
        attempts=j.attempts,
        error=j.error,
        result={str(k): _text(v) for k, v in j.result.items()},
        progress={str(k): _text(v) for k, v in j.progress.items()},
    )


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
