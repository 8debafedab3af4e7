"""``lifecue health`` and the image's HEALTHCHECK against real servers; the plaintext health port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest
from grpc_health.v1 import health_pb2

from genome_store.embedded import free_port
from lifecue.v1 import consent_service_pb2, consent_service_pb2_grpc
from services.app import App
from services.cli import main
from services.registry import select
from services.server import RunningServer, start_server


@pytest.fixture
def running(app: App) -> Iterator[RunningServer]:
    """The consent service on a loopback port, with a health port beside it."""
    app.settings.server.health_port = free_port()
    server = start_server(app, select(["consent"]), host="127.0.0.1", port=0)
    yield server
    server.stop(0)


def test_health_exits_zero_only_when_serving(running: RunningServer, capsys) -> None:
    target = f"127.0.0.1:{running.port}"
    assert main(["health", "--target", target]) == 0
    assert main(["health", "--target", target, "--service", "consent"]) == 0
    assert capsys.readouterr().out.splitlines() == ["(server): SERVING", "lifecue.v1.ConsentService: SERVING"]
    # a service this server does not run, one that is NOT_SERVING, and one good plus one bad
    assert main(["health", "--target", target, "--service", "recommender"]) == 1
    assert "lifecue.v1.RecommenderService: NOT_FOUND" in capsys.readouterr().out
    running.health.set("lifecue.v1.ConsentService", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert main(["health", "--target", target, "--service", "lifecue.v1.ConsentService"]) == 1
    assert "NOT_SERVING" in capsys.readouterr().out
    assert main(["health", "--target", target, "--service", "", "--service", "consent"]) == 1


def test_health_fails_when_nothing_listens(capsys) -> None:
    assert main(["health", "--target", f"127.0.0.1:{free_port()}", "--timeout", "0.5"]) == 1
    assert capsys.readouterr().out.strip() in ("(server): UNAVAILABLE", "(server): DEADLINE_EXCEEDED")


def test_health_port_shares_status_and_serves_nothing_else(running: RunningServer, capsys) -> None:
    target = f"127.0.0.1:{running.health_port}"
    assert running.health_port not in (0, running.port)
    assert main(["health", "--target", target, "--service", "consent"]) == 0
    running.health.set("lifecue.v1.ConsentService", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert main(["health", "--target", target, "--service", "consent"]) == 1
    with grpc.insecure_channel(target) as channel:
        stub = consent_service_pb2_grpc.ConsentServiceStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            stub.GetConsents(consent_service_pb2.GetConsentsRequest(consumer_id="c-1"), timeout=5)
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    running.stop(0)
    assert main(["health", "--target", target, "--timeout", "0.5"]) == 1


def test_image_healthcheck_runs_alone_and_finds_the_health_port(running: RunningServer, tmp_path) -> None:
    env = {
        **os.environ,
        "LIFECUE_SERVER__HEALTH_PORT": str(running.health_port),
        "LIFECUE_STATE_DIR": str(tmp_path),
    }
    probe = (
        "import sys\n"
        "from services import healthcheck\n"
        "code = healthcheck.main([])\n"
        "heavy = sorted(m for m in ('torch', 'spacy', 'transformers', 'services.registry') if m in sys.modules)\n"
        "print('heavy:', ','.join(heavy))\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == ["(server): SERVING", "heavy: "]
    module = subprocess.run(
        [sys.executable, "-m", "services.healthcheck", "--target", f"127.0.0.1:{running.port}"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert module.returncode == 0, module.stderr
