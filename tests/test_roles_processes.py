"""The two process roles as real processes on one database: ``lifecue serve`` x2 and ``lifecue worker``.

- Recommend calls keep going on two servers while a worker retrains: both answer with the
  new version within seconds, never fail, never go back; a refresh reaches both as well.
- Two workers never run one job at the same time; a worker killed mid-run loses its lease,
  and the other worker takes the job over once the lease expired.
"""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest

from genome_store import jobs, leases
from lifecue.v1 import common_pb2, recommender_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as pb
from recommender.simulation import load_into, simulate
from tests.processes import Process, open_channel, server_env, start_serve, start_worker, wait_serving
from tests.waiting import wait_for

pytestmark = pytest.mark.slow

NOW = datetime(2026, 6, 1, tzinfo=UTC)
SMALL_MODEL = {"recommender__factors": "16", "recommender__iterations": "6", "recommender__num_threads": "1"}


def _stop_all(processes: list[Process]) -> dict[int, int]:
    for p in processes:
        if p.proc.poll() is None:
            p.signal(signal.SIGTERM)
    codes = {}
    for p in processes:
        try:
            codes[p.proc.pid] = p.wait(60)
        finally:
            p.stop()
    return codes


def test_two_servers_swap_to_the_workers_new_model_with_no_failed_call(
    db: Any, mongo_uri: str, db_name: str, tmp_path: Any
) -> None:
    load_into(db, simulate(consumers=60, per_category=4, seed=11, end=NOW))
    db.genomes.insert_one({"_id": "newcomer", "schema_version": 1, "created_at": NOW, "updated_at": NOW,
                           "consents": {"personalization": {"granted": True, "at": NOW, "source": "test"}}})  # fmt: skip
    env = server_env(mongo_uri, db_name, tmp_path, **SMALL_MODEL, recommender__model_poll_seconds="2",
                     recommender__refresh_minutes=str(1 / 60), worker__poll_seconds="0.2")  # fmt: skip
    worker = start_worker(env, tmp_path / "worker.log")
    servers = [start_serve(env, tmp_path / f"serve{k}.log") for k in (1, 2)]
    processes = [*servers, worker]
    try:
        for s in servers:
            wait_serving(s)
        channels = [open_channel(s.port) for s in servers]
        stubs = [recommender_service_pb2_grpc.RecommenderServiceStub(c) for c in channels]
        first = stubs[0].Retrain(pb.RetrainRequest(wait=True), timeout=180)
        assert first.state == "done" and first.job.state == common_pb2.JOB_STATE_DONE
        v1 = first.model.version
        wait_for(
            lambda: stubs[1].GetModelInfo(pb.GetModelInfoRequest()).model.version == v1, 15, "server 2 on v1"
        )

        consenting = sorted(d["_id"] for d in db.genomes.find({"consents.personalization.granted": True}))
        consenting.remove("newcomer")
        replies: list[tuple[int, float, float, str]] = []  # server, sent, answered, version
        errors: list[BaseException] = []
        stop = threading.Event()

        def hammer(server: int, offset: int) -> None:
            k = offset
            while not stop.is_set():
                k += 1
                try:
                    sent = time.time()
                    reply = stubs[server].Recommend(
                        pb.RecommendRequest(consumer_id=consenting[k % len(consenting)], n=10), timeout=10
                    )
                    replies.append((server, sent, time.time(), reply.model_version))
                except grpc.RpcError as exc:  # collected for the assertion
                    errors.append(exc)

        threads = [threading.Thread(target=hammer, args=(s, o)) for s in (0, 1) for o in (0, 30)]
        for t in threads:
            t.start()
        try:
            started = stubs[1].Retrain(pb.RetrainRequest(wait=False), timeout=10)
            assert started.state == "started" and started.job.kind == "retrain"

            def finished() -> Any:
                (job,) = stubs[0].GetModelInfo(pb.GetModelInfoRequest(job_id=started.job.job_id)).jobs
                return job if job.state == common_pb2.JOB_STATE_DONE else None

            job = wait_for(finished, 180, "the retrain job")
            v2 = job.result["version"]
            done_at = job.finished_at.ToDatetime(tzinfo=UTC).timestamp()
            for server in (0, 1):
                wait_for(
                    lambda s=server: any(r[0] == s and r[3] == v2 for r in replies), 20, f"server {s} on v2"
                )
            time.sleep(1.0)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert errors == []
        for server in (0, 1):
            seen = [(sent, at, v) for s, sent, at, v in replies if s == server]
            assert {v for *_, v in seen} == {v1, v2}, "answered with a model other than the old and the new"
            swapped = min(at for _, at, v in seen if v == v2)  # the server answered with v2 by then
            # a call in flight during the swap may still finish on v1 after another answered v2;
            # a call sent after a v2 answer must never get v1 back
            assert {v for sent, _, v in seen if sent > swapped} == {v2}, "went back to an older model"
            lag = swapped - done_at
            print(
                f"server {server + 1}: {len(seen)} calls, first {v2} reply {lag:.2f} s after the job finished"
            )
            assert lag < 10.0

        click = common_pb2.Interaction(interaction_id="c1", consumer_id="newcomer", product_id="p-toys-000",
                                       kind=common_pb2.ADD_TO_CART, occurred_at=first.model.trained_at)  # fmt: skip
        assert stubs[0].RecordInteractions(pb.RecordInteractionsRequest(interactions=[click])).accepted == 1
        for stub in stubs:  # the worker's refresh, published once, reaches both servers
            wait_for(lambda st=stub: st.Recommend(pb.RecommendRequest(consumer_id="newcomer")).personalized, 30,
                   "the refresh on every server")  # fmt: skip
            info = stub.GetModelInfo(pb.GetModelInfoRequest()).model
            assert info.version == v2 and info.refresh_seq > 0
        for c in channels:
            c.close()
    finally:
        codes = _stop_all(processes)
    assert set(codes.values()) == {0}, [p.output()[-2000:] for p in processes]
    assert "worker stopped" in worker.output()


def test_two_workers_never_run_one_job_at_once_and_a_killed_workers_job_is_taken_over(
    db: Any, mongo_uri: str, db_name: str, tmp_path: Any
) -> None:
    load_into(db, simulate(consumers=60, per_category=4, seed=11, end=NOW))
    env = server_env(mongo_uri, db_name, tmp_path, **SMALL_MODEL, recommender__retrain_cron="*/3 * * * * *",
                     recommender__keep_models="3", worker__lease_seconds="2", worker__poll_seconds="0.1")  # fmt: skip
    workers = [start_worker(env, tmp_path / f"worker{k}.log", jobs=["retrain"]) for k in (1, 2)]
    try:
        done = lambda: [j for j in jobs.runs(db, "retrain") if j.state == "done"]  # noqa: E731
        wait_for(lambda: len(done()) >= 3, 240, "three scheduled retrains")
        for attempt in range(3):
            running = wait_for(
                lambda: next((j for j in jobs.runs(db, "retrain") if j.state == "running"), None), 60, "a run"
            )
            victim = next(w for w in workers if f":{w.proc.pid}:" in running.worker)
            victim.signal(signal.SIGKILL)
            victim.wait(30)
            lease = leases.current(db, "retrain")
            assert lease is not None
            if lease.holder == running.worker and lease.expires_at > datetime.now(UTC):
                break  # killed mid-run, its lease still held: the case to show
            workers.append(start_worker(env, tmp_path / f"worker-spare{attempt}.log", jobs=["retrain"]))
        else:
            pytest.fail("never caught a worker in the middle of a retrain")
        taken = wait_for(
            lambda: (j := jobs.get(db, running.job_id)) is not None and j.state == "done" and j,
            120,
            "the takeover",
        )
        assert taken.worker != running.worker and taken.attempts == 2
        assert taken.started_at >= lease.expires_at, "taken over before the dead worker's lease expired"
        survivors = [w for w in workers if w.proc.poll() is None]
    finally:
        codes = _stop_all(workers)
    assert all(codes[w.proc.pid] == 0 for w in survivors)
    assert all("worker stopped" in w.output() for w in survivors)
    runs = sorted((j for j in jobs.runs(db, "retrain") if j.state == "done"), key=lambda j: j.started_at)
    assert len(runs) >= 4
    for a, b in zip(runs, runs[1:], strict=False):
        assert a.finished_at <= b.started_at, f"{a.job_id} and {b.job_id} ran at the same time"
    assert all(j.attempts == 1 for j in runs if j.job_id != running.job_id)
    slots = [j.slot for j in jobs.runs(db, "retrain")]
    assert len(slots) == len(set(slots))
    lease = leases.current(db, "retrain")
    assert lease is not None and lease.expires_at <= datetime.now(UTC), "a stopped worker released its lease"
