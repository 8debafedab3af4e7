"""The database dies under load and comes back: lifecue fails fast, says so, and recovers by itself.

A server (consent, genome and recommender services, genome cache on) runs on an embedded
database in a folder; client threads keep Recommend and RecordPurchases calls going; the
database is killed with SIGKILL, left dead a few seconds, and started again on the same
folder and port. Nothing restarts lifecue. Checked: the first failure comes within about
2 s of the kill and every failure is UNAVAILABLE (no call hangs to its deadline, none is
INTERNAL); health turns NOT_SERVING for every service and the server while the
database is away, with ``lifecue.liveness`` left SERVING; after the restart calls succeed,
health is SERVING again, the genome cache is live and evicts a change made behind
lifecue's back; and every purchase the server acknowledged is in the database.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc

from genome_store import EmbeddedMongo, ProductInput, free_port, grant_consent, upsert_products
from lifecue.config import AuthSettings, Settings
from lifecue.v1 import common_pb2, genome_service_pb2, genome_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as rec_pb2
from lifecue.v1 import recommender_service_pb2_grpc as rec_grpc
from services.app import open_app
from services.database_health import LIVENESS
from services.recommender import recommender_of
from services.registry import select
from services.server import start_server
from tests.processes import TEST_KEYS, open_channel

CONSUMERS = [f"c{n}" for n in range(8)]
THREADS_PER_METHOD = 3
CALL_DEADLINE = 10.0
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class Call:
    """One finished call."""

    method: str
    sent: float
    done: float
    code: grpc.StatusCode
    purchase_id: str = ""


@dataclass
class Load:
    """Client threads calling Recommend and RecordPurchases until stopped."""

    port: int
    calls: list[Call] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._recommend, args=(n,), daemon=True)
            for n in range(THREADS_PER_METHOD)
        ]
        threads += [
            threading.Thread(target=self._purchase, args=(n,), daemon=True) for n in range(THREADS_PER_METHOD)
        ]
        for t in threads:
            t.start()
        return threads

    def _loop(self, name: str, call: Callable[[int], tuple[Any, str]]) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            sent = time.monotonic()
            code = grpc.StatusCode.OK
            purchase_id = ""
            try:
                _, purchase_id = call(n)
            except grpc.RpcError as exc:
                code = exc.code()
            done = time.monotonic()
            with self._lock:
                self.calls.append(Call(name, sent, done, code, purchase_id))
            if code is not grpc.StatusCode.OK:
                time.sleep(0.05)

    def _recommend(self, thread: int) -> None:
        with open_channel(self.port, "commerce") as channel:
            stub = rec_grpc.RecommenderServiceStub(channel)

            def call(n: int) -> tuple[Any, str]:
                consumer = CONSUMERS[(thread + n) % len(CONSUMERS)]
                return stub.Recommend(
                    rec_pb2.RecommendRequest(consumer_id=consumer, n=5), timeout=CALL_DEADLINE
                ), ""

            self._loop("Recommend", call)

    def _purchase(self, thread: int) -> None:
        bought = Timestamp()
        bought.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
        with open_channel(self.port, "commerce") as channel:
            stub = genome_service_pb2_grpc.GenomeServiceStub(channel)

            def call(n: int) -> tuple[Any, str]:
                purchase_id = f"t{thread}-{n}"
                purchase = common_pb2.Purchase(purchase_id=purchase_id, consumer_id=CONSUMERS[n % len(CONSUMERS)],
                                               product_id="p1", quantity=1, amount=2.5, currency="EUR",
                                               purchased_at=bought)  # fmt: skip
                reply = stub.RecordPurchases(
                    genome_service_pb2.RecordPurchasesRequest(purchases=[purchase]), timeout=CALL_DEADLINE
                )
                return reply, purchase_id if reply.accepted == 1 else ""

            self._loop("RecordPurchases", call)

    def between(self, start: float, end: float) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if start <= c.done < end]


def _health(port: int) -> Callable[[str], int]:
    channel = open_channel(port, None)
    stub = health_pb2_grpc.HealthStub(channel)

    def status(name: str) -> int:
        try:
            return int(stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=3).status)
        except grpc.RpcError:
            return -1

    return status


def _until(check: Callable[[], bool], seconds: float, step: float = 0.05) -> float | None:
    """Seconds until ``check()`` held, or None when it never did within ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(step)
    return None


@pytest.mark.slow
def test_a_killed_database_fails_calls_fast_and_lifecue_recovers_by_itself(tmp_path: Path) -> None:
    folder, port = tmp_path / "db", free_port()
    database = EmbeddedMongo(folder, port=port).start()
    settings = Settings(db_name="faults", state_dir=tmp_path / "state", auth=AuthSettings(keys=TEST_KEYS))
    try:
        with open_app(settings, uri=database.uri) as app:
            for consumer in CONSUMERS:
                grant_consent(app.db, consumer, "personalization", source="test", actor="test")
            upsert_products(app.db, [ProductInput("p1", "Cake", "food", 2.5, [], True),
                                     ProductInput("p2", "Pram", "baby", 300.0, [], True)])  # fmt: skip
            running = start_server(
                app, select(["consent", "genome", "recommender"]), host="127.0.0.1", port=0
            )
            health = _health(running.port)
            cache = recommender_of(app)._cache
            assert cache is not None and _until(lambda: cache.live, 10) is not None
            load = Load(running.port)
            threads = load.run()
            try:
                time.sleep(2.0)
                assert load.between(0, time.monotonic()), "no call finished before the kill"
                assert all(c.code is grpc.StatusCode.OK for c in load.calls), "calls failed before the kill"
                pid = database.pid
                assert pid is not None
                killed = time.monotonic()
                os.kill(pid, signal.SIGKILL)
                not_serving = _until(lambda: health("") == NOT_SERVING, 10)
                time.sleep(max(0.0, 4.0 - (time.monotonic() - killed)))
                served = [spec.full_name for spec in select(["consent", "genome", "recommender"])]
                statuses_down = {name: health(name) for name in ["", *served]}
                liveness_down = health(LIVENESS)
                restarted = time.monotonic()
                database = EmbeddedMongo(folder, port=port).start()
                database_ready = time.monotonic() - restarted
                serving_again = _until(lambda: health("") == SERVING, 30)
                recovered = _until(
                    lambda: (
                        {
                            c.method
                            for c in load.between(restarted, time.monotonic())
                            if c.code is grpc.StatusCode.OK
                        }
                        == {"Recommend", "RecordPurchases"}
                    ),
                    30,
                )
                cache_back = _until(lambda: cache.live, 30)
                time.sleep(1.0)
            finally:
                load.stop.set()
                for t in threads:
                    t.join(CALL_DEADLINE + 5)
            down = load.between(killed, restarted)
            failures = [c for c in down if c.code is not grpc.StatusCode.OK]
            first_failure = min(c.done for c in failures) - killed if failures else None
            firsts = {m: round(min(c.done for c in failures if c.method == m) - killed, 3)
                      for m in {c.method for c in failures}}  # fmt: skip
            slowest_failure = max(c.done - c.sent for c in failures) if failures else None
            acked = {c.purchase_id for c in load.calls if c.code is grpc.StatusCode.OK and c.purchase_id}
            figures = {"first_failure_s": first_failure, "slowest_failing_call_s": slowest_failure,
                       "not_serving_after_s": not_serving, "database_restart_s": database_ready,
                       "serving_after_database_ready_s": serving_again,
                       "both_methods_ok_after_database_ready_s": recovered,
                       "genome_cache_live_after_database_ready_s": cache_back, "failures": len(failures),
                       "first_failure_by_method": firsts, "acknowledged_purchases": len(acked), "load_average": os.getloadavg()[0]}  # fmt: skip
            print(
                "\ndatabase fault:",
                {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()},
            )
            assert failures, "no call failed while the database was dead"
            assert {c.code for c in failures} == {grpc.StatusCode.UNAVAILABLE}, {c.code for c in failures}
            assert first_failure is not None and first_failure < 2.0, (
                f"first failure {first_failure:.2f} s after the kill"
            )
            assert slowest_failure is not None and slowest_failure < 2.5, (
                f"a call took {slowest_failure:.2f} s to fail"
            )
            assert not_serving is not None and not_serving < 3.0, "health did not turn NOT_SERVING"
            assert statuses_down == dict.fromkeys(["", *served], NOT_SERVING), statuses_down
            assert liveness_down == SERVING, "liveness must not depend on the database"
            assert serving_again is not None and recovered is not None, "lifecue did not recover by itself"
            assert {name: health(name) for name in ["", *served, LIVENESS]} == dict.fromkeys(
                ["", *served, LIVENESS], SERVING
            )
            # the genome cache reconnected: a change made behind lifecue's back (no in-process notice) evicts it
            assert cache_back is not None and cache.live, "the genome cache did not come back"
            with open_channel(running.port, "commerce") as channel:
                stub = rec_grpc.RecommenderServiceStub(channel)
                ask = rec_pb2.RecommendRequest(consumer_id="c1", n=2)
                assert stub.Recommend(ask, timeout=10).tier != common_pb2.TIER_GOLD
                app.db.genomes.update_one({"_id": "c1"}, {"$set": {"loyalty.tier": "gold"}})
                assert (
                    _until(lambda: stub.Recommend(ask, timeout=10).tier == common_pb2.TIER_GOLD, 5, 0.02)
                    is not None
                )
            stored = {d["_id"] for d in app.db.purchases.find({}, {"_id": 1})}
            assert len(acked) >= 10, f"too few acknowledged purchases to tell anything ({len(acked)})"
            assert acked - stored == set(), f"{len(acked - stored)} acknowledged purchases were lost"
            running.stop(0)
    finally:
        database.stop()
