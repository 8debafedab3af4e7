"""lifecue processes for tests: ``lifecue serve`` and ``lifecue worker`` on the test database.

Every subprocess environment is built by `server_env` and every client channel by
`open_channel`: the one place to add what all processes and calls need (credentials,
authentication settings, a token).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from genome_store import free_port
from lifecue.config import AuthSettings, Settings
from lifecue.roles import ADMIN
from services.auth import TokenSigner, with_token

#: the token key of test servers (kid -> HS256 secret); `lifecue` subprocesses get it as JSON
TEST_KEYS = {"test-1": "lifecue-test-secret-0123456789abcdef0123456789"}


def token_for(role: str = ADMIN, subject: str | None = None) -> str:
    """A token that test servers (in process or subprocesses) accept."""
    signer = TokenSigner(Settings(auth=AuthSettings(keys=TEST_KEYS)), embedded=False)
    return signer.token(role, subject or f"test-{role}", timedelta(hours=1))


def server_env(mongo_uri: str, db_name: str, state_dir: Path, **settings: str) -> dict[str, str]:
    """Environment of a lifecue process on the test database; ``settings`` as ``recommender__factors="16"``."""
    env = {
        **os.environ,
        "MONGODB_URI": mongo_uri,
        "LIFECUE_DB_NAME": db_name,
        "LIFECUE_STATE_DIR": str(state_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "LIFECUE_AUTH__KEYS": json.dumps(TEST_KEYS),
        "LIFECUE_SERVER__PROCESSES": "1",
    }
    env.update({f"LIFECUE_{name.upper()}": value for name, value in settings.items()})
    return env


def open_channel(port: int, role: str | None = ADMIN) -> grpc.Channel:
    """A client channel to a lifecue server on loopback, carrying a token of ``role`` (None: no token)."""
    plain = grpc.insecure_channel(f"127.0.0.1:{port}")
    return plain if role is None else with_token(plain, token_for(role))


@dataclass
class Process:
    """A started lifecue process, its port (servers) and its log file."""

    proc: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def signal(self, signum: int = signal.SIGTERM) -> None:
        """Send a signal (SIGKILL: a worker that dies without a word)."""
        self.proc.send_signal(signum)

    def wait(self, timeout: float = 60.0) -> int:
        """Wait for the exit code."""
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        """Make sure the process is gone."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def output(self) -> str:
        """What it logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(args: Sequence[str], env: dict[str, str], log: Path, port: int = 0) -> Process:
    """Start ``lifecue <args>`` with output to ``log`` (a file, so a full pipe never blocks it)."""
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "services.cli", *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip
    return Process(proc, log, port)


def start_serve(env: dict[str, str], log: Path, services: Sequence[str] = ("recommender",)) -> Process:
    """``lifecue serve`` on a free port."""
    port = free_port()
    return start(["serve", "--port", str(port), "--services", *services], env, log, port)


def start_worker(env: dict[str, str], log: Path, jobs: Sequence[str] = ()) -> Process:
    """``lifecue worker`` (all job kinds unless ``jobs``)."""
    return start(["worker", *(["--jobs", *jobs] if jobs else [])], env, log)


def wait_serving(process: Process, timeout: float = 120.0) -> None:
    """Block until the server's health says SERVING."""
    deadline = time.monotonic() + timeout
    with open_channel(process.port) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if process.proc.poll() is not None:
                raise AssertionError(
                    f"server exited with {process.proc.returncode}:\n{process.output()[-3000:]}"
                )
            try:
                if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                    return
            except grpc.RpcError:
                time.sleep(0.2)
    raise AssertionError(f"server did not become healthy:\n{process.output()[-3000:]}")
