"""The worker role over a real database: leases, job states, schedule slots, counters, artifacts.

Workers here run in threads of the test process with small handlers of the test's own
(the worker is generic over what a job does); `test_roles_processes.py` runs the real
``lifecue worker`` processes.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from genome_store import jobs, leases
from genome_store.counters import next_value
from genome_store.models import prune_models, publish_model, read_artifact, write_artifact
from lifecue.config import WorkerSettings
from lifecue.errors import InvalidArgument, NotFound
from recommender.registry import Registry, from_bytes, to_bytes
from services.worker import Slots, Worker, cron, every
from tests.waiting import wait_for

T0 = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
FAST = WorkerSettings(lease_seconds=1.5, poll_seconds=0.05, misfire_grace_seconds=0, stop_grace_seconds=0.2)


def test_a_lease_has_one_holder_until_released_or_expired(db: Any) -> None:
    ttl = timedelta(seconds=30)
    assert leases.acquire(db, "retrain", "a", ttl, T0) is not None
    assert leases.acquire(db, "retrain", "b", ttl, T0 + timedelta(seconds=29)) is None
    assert leases.acquire(db, "retrain", "a", ttl, T0 + timedelta(seconds=10)) is not None  # ours: kept
    assert leases.renew(db, "retrain", "a", ttl, T0 + timedelta(seconds=20))
    assert leases.acquire(db, "retrain", "b", ttl, T0 + timedelta(seconds=45)) is None  # renewed to 50 s
    taken = leases.acquire(db, "retrain", "b", ttl, T0 + timedelta(seconds=51))  # a died: expired
    assert taken is not None and taken.holder == "b"
    assert not leases.renew(db, "retrain", "a", ttl, T0 + timedelta(seconds=52))  # a learns it lost it
    assert not leases.release(db, "retrain", "a", T0 + timedelta(seconds=52))
    assert leases.release(db, "retrain", "b", T0 + timedelta(seconds=53))
    assert leases.acquire(db, "retrain", "a", ttl, T0 + timedelta(seconds=53)) is not None


def test_racing_workers_get_a_lease_exactly_once(db: Any) -> None:
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def race(name: str) -> None:
        barrier.wait()
        if leases.acquire(db, "refresh", name, timedelta(seconds=30), T0) is not None:
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"w{k}",)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1 and leases.current(db, "refresh").holder == winners[0]  # type: ignore[union-attr]


def test_counter_hands_out_distinct_increasing_values_to_concurrent_callers(db: Any) -> None:
    drawn: dict[int, list[int]] = {}

    def draw(k: int) -> None:
        drawn[k] = [next_value(db, "models") for _ in range(15)]

    threads = [threading.Thread(target=draw, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    values = [v for seq in drawn.values() for v in seq]
    assert len(set(values)) == 90, "a value was handed out twice"
    assert all(seq == sorted(seq) for seq in drawn.values())
    assert min(values) >= 1 and max(values) <= 95  # a retried write may skip a number, never repeat one


def test_a_schedule_slot_gets_one_job_and_a_waiting_one_covers_the_next_slot(db: Any) -> None:
    assert jobs.schedule_slot(db, "refresh", T0, T0)
    assert not jobs.schedule_slot(db, "refresh", T0, T0)  # a second worker, same slot
    assert not jobs.schedule_slot(db, "refresh", T0 + timedelta(minutes=5), T0)  # still queued: coalesced
    claimed = jobs.claim(db, "refresh", "w1", T0)
    assert claimed is not None and claimed.job_id == "refresh@20260601T030000Z" and claimed.attempts == 1
    assert jobs.schedule_slot(db, "refresh", T0 + timedelta(minutes=5), T0)
    assert jobs.finish(db, claimed.job_id, "w1", T0, {"users": 3})
    assert [j.state for j in jobs.runs(db, "refresh")] == ["done", "queued"]


def test_submit_joins_an_active_job_with_the_same_parameters(db: Any) -> None:
    first, joined = jobs.submit(db, "recompute_tiers", {"as_of": "2025-06-15T00:00:00+00:00"}, T0)
    again, joined_again = jobs.submit(db, "recompute_tiers", {"as_of": "2025-06-15T00:00:00+00:00"}, T0)
    other, joined_other = jobs.submit(db, "recompute_tiers", {}, T0)
    assert not joined and joined_again and again.job_id == first.job_id
    assert not joined_other and other.job_id != first.job_id
    assert jobs.claim(db, "recompute_tiers", "w", T0).job_id == first.job_id  # type: ignore[union-attr]
    failed = jobs.finish(db, first.job_id, "w", T0, error=InvalidArgument("as_of", "must carry a time zone"))
    stored = jobs.get(db, first.job_id)
    assert failed and stored is not None and stored.state == "failed"
    assert (stored.error_type, stored.error_field) == ("InvalidArgument", "as_of")
    assert jobs.submit(db, "recompute_tiers", {"as_of": "2025-06-15T00:00:00+00:00"}, T0)[1] is False


def test_slots_follow_the_schedule_not_the_worker_and_collapse_missed_ones() -> None:
    nightly = cron("recompute_tiers", "30 2 * * *")
    fast = every("refresh", 300)
    slots = Slots([nightly, fast], T0, timedelta(minutes=45))
    assert slots.due(T0) == [("recompute_tiers", T0.replace(hour=2, minute=30)), ("refresh", T0)]
    assert slots.due(T0 + timedelta(minutes=4)) == []
    assert slots.due(T0 + timedelta(minutes=17)) == [("refresh", T0 + timedelta(minutes=15))]
    assert slots.due(T0 + timedelta(days=1)) == [
        ("recompute_tiers", (T0 + timedelta(days=1)).replace(hour=2, minute=30)),
        ("refresh", T0 + timedelta(days=1)),
    ]
    seconds = cron("retrain", "*/2 * * * * *")
    assert seconds.after(T0) == T0 + timedelta(seconds=2)


def test_two_workers_never_run_jobs_of_one_kind_at_once_and_run_each_job_once(db: Any) -> None:
    runs: list[tuple[float, float, str]] = []
    lock = threading.Lock()

    def handler_for(name: str) -> Any:
        def tick(params: Any) -> dict[str, Any]:
            start = time.monotonic()
            time.sleep(0.15)
            with lock:
                runs.append((start, time.monotonic(), name))
            return {"by": name}

        return tick

    workers = [
        Worker(db, {"tick": handler_for(n)}, [every("tick", 1)], FAST, name=n).start() for n in ("w1", "w2")
    ]
    try:
        for k in range(6):
            jobs.submit(db, "tick", {"n": k}, datetime.now(UTC))
        for w in workers:
            w.wake()
        wait_for(
            lambda: sum(j.state == "done" and j.slot is not None for j in jobs.runs(db, "tick")) >= 3, 60
        )
        wait_for(lambda: sum(j.state == "done" for j in jobs.runs(db, "tick")) >= 9, 60)
    finally:
        for w in workers:
            w.stop()
    stored = jobs.runs(db, "tick")
    done = [j for j in stored if j.state == "done"]
    assert {j.state for j in stored} <= {"done", "queued"}  # a slot job left at the stop was handed back
    assert len(done) >= 9 and all(j.attempts == 1 for j in done)
    assert len(runs) == len(done)  # every job ran once, no job twice
    slots = [j.slot for j in stored if j.slot is not None]
    assert len(slots) == len(set(slots)) and sum(j.slot is not None for j in done) >= 3
    ordered = sorted(runs)
    assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:], strict=False)), "two runs overlapped"


def test_a_dead_workers_job_is_taken_over_once_its_lease_expires(db: Any) -> None:
    started: list[datetime] = []
    job, _ = jobs.submit(db, "retrain", {}, datetime.now(UTC))
    now = datetime.now(UTC)
    lease = leases.acquire(db, "retrain", "dead-worker", timedelta(seconds=1.5), now)
    assert lease is not None and jobs.claim(db, "retrain", "dead-worker", now) is not None
    # "dead-worker" never renews nor finishes: what a SIGKILLed worker leaves behind

    def retrain(params: Any) -> dict[str, Any]:
        started.append(datetime.now(UTC))
        return {}

    survivor = Worker(db, {"retrain": retrain}, [], FAST, name="survivor").start()
    try:
        wait_for(lambda: jobs.get(db, job.job_id).state == "done", 20)  # type: ignore[union-attr]
    finally:
        survivor.stop()
    final = jobs.get(db, job.job_id)
    assert final is not None and (final.worker, final.attempts) == ("survivor", 2)
    assert len(started) == 1 and started[0] >= lease.expires_at


def test_stop_hands_a_running_job_back_and_releases_its_lease(db: Any) -> None:
    release = threading.Event()
    worker = Worker(db, {"retrain": lambda p: release.wait(30) and {}}, [], FAST, name="w1").start()
    try:
        job, _ = jobs.submit(db, "retrain", {}, datetime.now(UTC))
        worker.wake()
        wait_for(lambda: jobs.get(db, job.job_id).state == "running", 20)  # type: ignore[union-attr]
        worker.stop(grace=0.1)
        back = jobs.get(db, job.job_id)
        lease = leases.current(db, "retrain")
        assert back is not None and (back.state, back.attempts, back.worker) == ("queued", 0, "")
        assert lease is not None and lease.expires_at <= datetime.now(UTC)
    finally:
        release.set()


def test_gives_up_a_job_whose_worker_died_every_time(db: Any) -> None:
    job, _ = jobs.submit(db, "retrain", {}, datetime.now(UTC))
    for _ in range(FAST.max_attempts):
        assert jobs.claim(db, "retrain", "doomed", datetime.now(UTC)) is not None
    worker = Worker(db, {"retrain": lambda p: {}}, [], FAST, name="w").start()
    try:
        wait_for(lambda: jobs.get(db, job.job_id).finished, 20)  # type: ignore[union-attr]
    finally:
        worker.stop()
    final = jobs.get(db, job.job_id)
    assert final is not None and final.state == "failed" and "gave up" in final.error


def test_artifacts_are_chunked_checked_and_pruned_with_their_pointers(db: Any) -> None:
    data = bytes(range(256)) * 20
    info = write_artifact(db, "t:1", data, chunk_bytes=1000)
    assert info["chunks"] == 6 and read_artifact(db, info) == data
    db.model_chunks.update_one({"_id": "t:1:000002"}, {"$set": {"data": b"x"}})
    with pytest.raises(NotFound):
        read_artifact(db, info)
    for _ in range(3):
        publish_model(db, "als", {}, b"abc", T0)
    assert prune_models(db, keep=1) == 2
    assert [d["_id"] for d in db.models.find()] == ["als-000003"]
    assert db.model_chunks.count_documents({"artifact": {"$regex": "^model:"}}) == 1


def test_the_registry_refuses_object_arrays_and_round_trips_named_arrays(db: Any) -> None:
    with pytest.raises(InvalidArgument) as err:
        to_bytes({"bad": np.array([{"a": 1}], dtype=object)})
    assert err.value.field == "arrays.bad"
    arrays = {"ids": np.array(["a", "b"]), "w": np.arange(6, dtype=np.float32).reshape(2, 3)}
    back = from_bytes(to_bytes(arrays))
    assert back["ids"].tolist() == ["a", "b"] and np.array_equal(back["w"], arrays["w"])
    registry = Registry(db)
    seq = registry.publish_refresh("", arrays, {"users": 0})
    (only,) = registry.refreshes("", 0)
    assert only.seq == seq and registry.newest_refresh("") == seq and registry.refreshes("", seq) == []
