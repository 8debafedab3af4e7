"""``lifecue token`` (a contract): prints a token the server accepts; the embedded default needs no setup."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import grpc
import jwt
import pytest

from genome_store.embedded import free_port
from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc
from services.auth import bearer
from services.auth.keys import LOCAL_KEY_FILE


def _token(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "services.cli", "token", *args],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFECUE_") and k != "MONGODB_URI"}
    return {**env, "LIFECUE_STATE_DIR": str(tmp_path / "state"), **extra}


def test_token_is_signed_with_the_configured_key(tmp_path, auth_env) -> None:
    out = _token(_env(tmp_path, **auth_env), "--role", "steward", "--subject", "kim", "--ttl", "15m")
    assert out.returncode == 0, out.stderr
    token = out.stdout.strip()
    assert out.stdout.count("\n") == 1 and "." in token
    (kid, secret), *_ = json.loads(auth_env["LIFECUE_AUTH__KEYS"]).items()
    assert jwt.get_unverified_header(token)["kid"] == kid
    claims = jwt.decode(token, secret, algorithms=["HS256"], audience="lifecue", issuer="lifecue")
    assert (claims["sub"], claims["role"]) == ("kim", "steward")
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert abs(claims["iat"] - datetime.now(UTC).timestamp()) < 120


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--role", "root"], "invalid choice"),
        (["--role", "admin", "--ttl", "forever"], "is not a duration"),
        (["--role", "admin", "--subject", "a\tb"], "control characters"),
    ],
)
def test_bad_token_requests_exit_2(tmp_path, auth_env, args: list[str], said: str) -> None:
    out = _token(_env(tmp_path, **auth_env), *args)
    assert out.returncode == 2 and said in out.stderr and not out.stdout


def test_no_token_without_a_key_on_mongodb_uri(tmp_path) -> None:
    out = _token(_env(tmp_path, MONGODB_URI="mongodb://127.0.0.1:1/"), "--role", "admin")
    assert out.returncode == 2 and "LIFECUE_AUTH__KEYS" in out.stderr and not out.stdout
    assert not (tmp_path / "state" / LOCAL_KEY_FILE).exists()


def _wait_serving(port: int, proc: subprocess.Popen[str], timeout: float = 90.0) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                return
            except grpc.RpcError:
                time.sleep(0.2)
    raise AssertionError(f"lifecue serve did not start: {proc.stderr.read() if proc.stderr else ''}")


def test_serve_on_the_embedded_database_and_token_share_the_local_key(tmp_path) -> None:
    env, port = _env(tmp_path), free_port()
    proc = subprocess.Popen([sys.executable, "-m", "services.cli", "serve", "--port", str(port),
                             "--services", "consent"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        _wait_serving(port, proc)
        out = _token(env, "--role", "steward", "--subject", "kim")
        assert out.returncode == 0, out.stderr
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = consent_service_pb2_grpc.ConsentServiceStub(channel)
            request = consent_service_pb2.GrantConsentRequest(
                consumer_id="c1", purpose=common_pb2.PURPOSE_PERSONALIZATION, source="web"
            )
            assert stub.GrantConsent(request, metadata=bearer(out.stdout.strip()), timeout=30).changed
            with pytest.raises(grpc.RpcError) as info:
                stub.GrantConsent(request, timeout=30)
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        key = tmp_path / "state" / LOCAL_KEY_FILE
        assert key.stat().st_mode & 0o777 == 0o600
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
