"""``lifecue serve`` as a process: answers health, stops cleanly on SIGTERM, refuses to run keyless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from genome_store.embedded import free_port
from tests.processes import server_env


def _wait_serving(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                    return
            except grpc.RpcError:
                time.sleep(0.2)
    raise AssertionError("server did not become healthy")


def test_serve_stops_gracefully_on_sigterm(mongo_uri: str, db_name: str, tmp_path, auth_env) -> None:
    port = free_port()
    env = server_env(mongo_uri, db_name, tmp_path, server__grace_seconds="2")
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "serve", "--port", str(port), "--services", "consent", "genome"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait_serving(port)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert '"message": "stopped"' in err


def test_serve_rejects_unknown_setting(tmp_path) -> None:
    env = {**os.environ, "LIFECUE_NO_SUCH_THING": "1", "LIFECUE_STATE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "services.cli", "serve"], env=env,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2
    assert "LIFECUE_NO_SUCH_THING" in out.stderr


def test_serve_on_mongodb_uri_without_a_key_refuses_to_start(mongo_uri: str, db_name: str, tmp_path) -> None:
    env = {
        **os.environ,
        "MONGODB_URI": mongo_uri,
        "LIFECUE_DB_NAME": db_name,
        "LIFECUE_STATE_DIR": str(tmp_path),
    }
    env.pop("LIFECUE_AUTH__KEYS", None)
    out = subprocess.run([sys.executable, "-m", "services.cli", "serve", "--port", str(free_port()),
                          "--services", "consent"], env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 2
    assert "refusing to start" in out.stderr and "LIFECUE_AUTH__KEYS" in out.stderr
    assert "LIFECUE_AUTH__ENABLED=false" in out.stderr
    assert not (tmp_path / "keys").exists(), "no local key may be made for a MONGODB_URI deployment"
