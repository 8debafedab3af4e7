"""A running job says how far it has come: on its stored record, throttled, kept after it ends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from genome_store import jobs
from services.worker.progress import JobProgress, progress, reporting


def _running(db: Any, worker: str = "w1") -> jobs.Job:
    queued, _ = jobs.submit(db, "recompute_tiers", {}, datetime.now(UTC))
    claimed = jobs.claim(db, "recompute_tiers", worker, datetime.now(UTC))
    assert claimed is not None and claimed.job_id == queued.job_id and claimed.progress == {}
    return claimed


def _stored(db: Any, job_id: str) -> dict[str, Any]:
    found = jobs.get(db, job_id)
    assert found is not None
    return dict(found.progress)


def test_a_phase_change_is_stored_at_once_and_reports_within_a_phase_are_throttled(db: Any) -> None:
    job = _running(db)
    tracker = JobProgress(db, job.job_id, "w1", every=3600)
    tracker("read", 0)
    assert {k: v for k, v in _stored(db, job.job_id).items() if k != "at"} == {"phase": "read", "done": 0}
    tracker("read", 5000)  # within the interval: held back
    assert _stored(db, job.job_id)["done"] == 0
    tracker("assess", 10)  # a new phase: stored at once
    tracker("assess", 20)
    assert (_stored(db, job.job_id)["phase"], _stored(db, job.job_id)["done"]) == ("assess", 10)
    tracker.flush()  # the last word, held back until the job's code returned
    assert _stored(db, job.job_id)["done"] == 20
    assert isinstance(_stored(db, job.job_id)["at"], datetime)


def test_every_report_is_stored_when_the_interval_is_short(db: Any) -> None:
    job = _running(db)
    tracker = JobProgress(db, job.job_id, "w1", every=1e-9)
    for done in (1, 2, 3):
        tracker("assess", done)
        assert _stored(db, job.job_id)["done"] == done


def test_only_the_worker_running_the_job_writes_its_progress(db: Any) -> None:
    job = _running(db, worker="w1")
    assert not jobs.note_progress(
        db, job.job_id, "someone-else", {"phase": "x", "done": 1}, datetime.now(UTC)
    )
    JobProgress(db, job.job_id, "someone-else")("read", 7)  # refused quietly: the job is not theirs
    assert _stored(db, job.job_id) == {}


def test_a_job_claimed_again_starts_with_no_progress(db: Any) -> None:
    job = _running(db, worker="w1")
    JobProgress(db, job.job_id, "w1")("assess", 42)
    assert jobs.requeue(db, job.job_id, "w1")
    again = jobs.claim(db, "recompute_tiers", "w2", datetime.now(UTC))
    assert again is not None and again.job_id == job.job_id and again.progress == {}


def test_the_reporter_is_bound_only_inside_a_job(db: Any) -> None:
    job = _running(db)
    progress()("read", 1)  # outside a job: nothing to write to, nothing happens
    assert _stored(db, job.job_id) == {}
    with reporting(JobProgress(db, job.job_id, "w1")):
        progress()("read", 3)
    assert _stored(db, job.job_id)["done"] == 3
    progress()("read", 9)
    assert _stored(db, job.job_id)["done"] == 3
