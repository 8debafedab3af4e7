"""Health follows the database: NOT_SERVING while it is unreachable, SERVING once it answers again.

A server on its own embedded database (in memory, on a fixed port): the database stops,
every served service and the server (``""``) turn NOT_SERVING while ``lifecue.liveness``
stays SERVING, calls fail UNAVAILABLE, and when a database listens on the port again
health turns SERVING and calls succeed, with no restart of the server. And a lifecue
process on its own embedded database starts that database again when it dies.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from genome_store import (
    MEMORY,
    EmbeddedMongo,
    connect,
    free_port,
    grant_consent,
    has_consent,
    open_store,
    reachable,
)
from lifecue.config import AuthSettings, Settings
from lifecue.v1 import consent_service_pb2, consent_service_pb2_grpc
from services.app import open_app
from services.database_health import LIVENESS, DatabaseHealth
from services.registry import select
from services.server import start_server
from tests.processes import TEST_KEYS, open_channel

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def _within(seconds: float, check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_health_turns_with_the_database_and_comes_back_without_a_restart(tmp_path: Path) -> None:
    port = free_port()
    database = EmbeddedMongo(MEMORY, port=port).start()
    settings = Settings(db_name="health", state_dir=tmp_path, auth=AuthSettings(keys=TEST_KEYS))
    try:
        with open_app(settings, uri=database.uri) as app:
            running = start_server(app, select(["consent"]), host="127.0.0.1", port=0)
            names = ["", "lifecue.v1.ConsentService"]
            with open_channel(running.port, "steward") as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                consent = consent_service_pb2_grpc.ConsentServiceStub(channel)

                def statuses() -> dict[str, int]:
                    return {n: stub.Check(health_pb2.HealthCheckRequest(service=n), timeout=5).status
                            for n in [*names, LIVENESS]}  # fmt: skip

                assert statuses() == dict.fromkeys([*names, LIVENESS], SERVING)
                database.stop()
                assert _within(
                    5, lambda: statuses() == {**dict.fromkeys(names, NOT_SERVING), LIVENESS: SERVING}
                )
                ask = consent_service_pb2.GetConsentsRequest(consumer_id="c1")
                try:
                    consent.GetConsents(ask, timeout=10)
                    raise AssertionError("a call succeeded with the database down")
                except grpc.RpcError as exc:
                    assert exc.code() is grpc.StatusCode.UNAVAILABLE, exc.details()
                    assert len(exc.details()) < 900
                database = EmbeddedMongo(MEMORY, port=port).start()  # same port, a new (empty) database
                open_store(database.uri, "health").close()
                assert _within(10, lambda: statuses() == dict.fromkeys([*names, LIVENESS], SERVING))
                try:
                    consent.GetConsents(ask, timeout=10)
                except grpc.RpcError as exc:
                    assert exc.code() is grpc.StatusCode.NOT_FOUND  # reachable again: the database answers
                assert running.database_health is not None and running.database_health.outages == 1
            running.stop(0)
    finally:
        database.stop()


def test_an_unreachable_database_is_noticed_on_its_own_and_liveness_is_left_alone() -> None:
    store = connect(f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", "dead", timeout_ms=200)
    servicer = health.HealthServicer()
    for name in ("", "x.Service", LIVENESS):
        servicer.set(name, SERVING)
    watcher = DatabaseHealth(
        store.db, servicer, ["", "x.Service"], period_seconds=0.1, timeout_seconds=0.3
    ).start()
    try:

        def status(name: str) -> int:
            return servicer.Check(health_pb2.HealthCheckRequest(service=name), None).status

        assert _within(3, lambda: status("") == NOT_SERVING and status("x.Service") == NOT_SERVING)
        assert status(LIVENESS) == SERVING and not watcher.up
    finally:
        watcher.close()
        store.close()


def test_lifecue_restarts_its_own_embedded_database_when_it_dies(tmp_path: Path) -> None:
    settings = Settings(
        state_dir=tmp_path, auth=AuthSettings(keys=TEST_KEYS), database={"embedded_restart_seconds": 1}
    )
    with open_app(settings) as app:  # no MONGODB_URI: the embedded database, supervised
        assert app.embedded is not None and app.embedded.pid is not None
        grant_consent(app.db, "c1", "personalization", source="test")
        os.kill(app.embedded.pid, signal.SIGKILL)
        assert _within(3, lambda: not reachable(app.db, 0.3)), "the database did not go away"
        assert _within(30, lambda: reachable(app.db, 0.5)), "lifecue did not bring its database back"
        assert _within(5, lambda: app.embedded is not None and app.embedded.restarts == 1)
        assert has_consent(app.db, "c1", "personalization"), "the restarted database has the data"
