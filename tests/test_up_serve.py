"""`lifecue up --serve`, as an evaluator starts it: the demo, then several serving processes and the
console, until Ctrl-C stops everything.

Slow (the whole demo runs on an embedded database, about a minute on two cores): one test.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

pytestmark = pytest.mark.slow


def _wait_for(log: Path, pattern: str, proc: subprocess.Popen[bytes], timeout: float) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(errors="replace"))
        if found:
            return found
        assert proc.poll() is None, f"lifecue up exited early:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"no {pattern!r} within {timeout} s:\n{log.read_text()[-3000:]}")


def test_up_serve_hands_the_port_to_serving_processes_keeps_the_console_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIFECUE_", "MONGODB_"))}
    env |= {"LIFECUE_STATE_DIR": str(tmp_path / "state"), "LIFECUE_SERVER__PROCESSES": "2",
            "LIFECUE_CONSOLE__PORT": "0", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    log = tmp_path / "up.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "services.cli", "up", "--serve"], env=env, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip
    try:
        console = _wait_for(log, r"console on (http://127\.0\.0\.1:\d+/)", proc, 120).group(1)
        port = int(_wait_for(log, r"serving on 127\.0\.0\.1:(\d+) with 2 processes", proc, 300).group(1))
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            deadline = time.monotonic() + 60
            while True:  # the children take over the port once they have loaded the model
                try:
                    reply = health.Check(health_pb2.HealthCheckRequest(), timeout=2)
                    if reply.status == health_pb2.HealthCheckResponse.SERVING:
                        break
                except grpc.RpcError:
                    pass
                assert time.monotonic() < deadline, "the serving processes never answered"
                time.sleep(0.5)
        with urllib.request.urlopen(console + "healthz", timeout=10) as reply:
            assert reply.status == 200, "the console stays up beside the serving processes"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(90) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
