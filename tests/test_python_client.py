"""lifecue-client (clients/python): fresh generated stubs, dependency floors that follow them,
and a fresh virtual environment that installs it alone and calls running servers."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict

from lifecue.v1 import (
    consent_service_pb2,
    genome_service_pb2,
    life_event_service_pb2,
    loyalty_service_pb2,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "clients" / "python"
STUBS = CLIENT / "src" / "lifecue_client" / "v1"
METHODS = {
    f"{service.full_name}/{method.name}"
    for module in (consent_service_pb2, genome_service_pb2, life_event_service_pb2, loyalty_service_pb2,
                   recommender_service_pb2)
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
}  # fmt: skip


def test_client_stubs_are_fresh(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(CLIENT / "generate.py"), str(tmp_path)], check=True, capture_output=True
    )
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert fresh == sorted(p.name for p in STUBS.iterdir() if p.is_file()), "run `make proto`"
    stale = [name for name in fresh if not filecmp.cmp(tmp_path / name, STUBS / name, shallow=False)]
    assert not stale, f"run `make proto`: stale client stubs {stale}"
    # same descriptors as the server's generated code, imports moved to lifecue_client.v1
    server = (ROOT / "lifecue" / "v1" / "recommender_service_pb2.py").read_text()
    client = (STUBS / "recommender_service_pb2.py").read_text()
    assert client == server.replace("from lifecue.v1 import", "from lifecue_client.v1 import")


def test_client_dependency_floors_follow_the_generated_code() -> None:
    deps = tomllib.loads((CLIENT / "pyproject.toml").read_text())["project"]["dependencies"]
    grpc_made = re.search(r"GRPC_GENERATED_VERSION = '([\d.]+)'", (STUBS / "common_pb2_grpc.py").read_text())
    proto_made = re.search(r"Protobuf Python Version: ([\d.]+)", (STUBS / "common_pb2.py").read_text())
    assert grpc_made and proto_made
    assert f"grpcio>={grpc_made[1]},<2" in deps
    major = proto_made[1].split(".")[0]
    assert f"protobuf>={proto_made[1]},<{int(major) + 1}" in deps
    assert not [d for d in deps if re.match(r"(torch|spacy|implicit|numpy|scipy|pymongo|lifecue)\b", d)]


@pytest.fixture
def running(serve: Any) -> Any:
    """A real recommender server (authentication on); the test takes tokens from ``serve``."""
    serve("recommender")
    return serve


# Runs inside the fresh venv: the helper against a stand-in server (token, deadlines, which calls
# are retried), then the real lifecue server; prints one JSON object.
PROBE = r"""
import importlib.util, json, sys, time
from concurrent import futures
import grpc
import lifecue_client
from lifecue_client import LifecueClient
from lifecue_client.v1 import recommender_service_pb2 as pb

out = {"absent": [m for m in ("torch", "spacy", "implicit", "numpy", "pymongo", "lifecue", "services")
                  if importlib.util.find_spec(m) is not None]}
seen = {"Recommend": [], "Retrain": []}

def handler(name, make):
    def answer(request, context):
        seen[name].append((dict(context.invocation_metadata()), context.time_remaining()))
        if len(seen[name]) < 3:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")
        return make()
    return grpc.unary_unary_rpc_method_handler(answer, request_deserializer=lambda b: b,
                                               response_serializer=lambda m: m.SerializeToString())

stand_in = grpc.server(futures.ThreadPoolExecutor(4))
stand_in.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("lifecue.v1.RecommenderService", {
    "Recommend": handler("Recommend", lambda: pb.RecommendResponse(model_version="stand-in")),
    "Retrain": handler("Retrain", pb.RetrainResponse),
})])
port = stand_in.add_insecure_port("127.0.0.1:0")
stand_in.start()
with LifecueClient(f"127.0.0.1:{port}", token=lambda: "t0k3n", timeout=7.0, retries=3) as client:
    out["stand_in_recommend"] = client.recommend("c-1").model_version
    try:
        client.recommender.Retrain(pb.RetrainRequest(), timeout=20)
        out["retrain"] = "OK"
    except grpc.RpcError as exc:
        out["retrain"] = exc.code().name
md, remaining = seen["Recommend"][0]
out["recommend_attempts"] = len(seen["Recommend"])
out["retrain_attempts"] = len(seen["Retrain"])
out["authorization"] = md.get("authorization")
out["default_deadline_s"] = round(remaining)
out["retrain_deadline_s"] = round(seen["Retrain"][0][1])
stand_in.stop(0)

with LifecueClient(sys.argv[1], token=sys.argv[2]) as client:
    out["health"] = client.health()
    out["service_health"] = client.health("lifecue.v1.RecommenderService")
    info = client.model_info()
    out["has_model"] = info.HasField("model")
    reply = client.recommend("c-nobody", n=5, timeout=10)
    out["recommend_bytes"] = reply.SerializeToString().hex()
out["idempotent"] = sorted(f"{s}/{m}" for s, m in lifecue_client.IDEMPOTENT_METHODS)
print(json.dumps(out))
"""


@pytest.mark.slow
def test_fresh_venv_installs_the_client_alone_and_calls_a_running_server(
    running: Any, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    installed = subprocess.run([*pip, str(CLIENT)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-3000:]
    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the client's venv, nothing else
    out = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE, f"127.0.0.1:{running.port}", running.token("admin")],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path, env=alone)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["absent"] == [], f"the client's venv holds {found['absent']}"
    # the helper: token on every call, the default deadline, retries for reads and never for writes
    assert found["authorization"] == "Bearer t0k3n"
    assert found["default_deadline_s"] == 7 and found["retrain_deadline_s"] == 20
    assert found["stand_in_recommend"] == "stand-in" and found["recommend_attempts"] == 3
    assert found["retrain"] == "UNAVAILABLE" and found["retrain_attempts"] == 1
    # the real server answers the client exactly as it answers the server's own stubs
    assert found["health"] == "SERVING" and found["service_health"] == "SERVING"
    with running.channel("admin") as channel:
        stub = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
        info = stub.GetModelInfo(recommender_service_pb2.GetModelInfoRequest(), timeout=10)
        direct = stub.Recommend(
            recommender_service_pb2.RecommendRequest(consumer_id="c-nobody", n=5), timeout=10
        )
    assert found["has_model"] is info.HasField("model")
    via_client = recommender_service_pb2.RecommendResponse.FromString(bytes.fromhex(found["recommend_bytes"]))
    assert MessageToDict(via_client) == MessageToDict(direct)
    assert found["idempotent"] == sorted(f"{s}/{m}" for s, m in _policy().IDEMPOTENT_METHODS)


def _policy():  # type: ignore[no-untyped-def]
    """The client's retry policy module, loaded by path (it needs nothing but json)."""
    spec = importlib.util.spec_from_file_location(
        "client_policy", CLIENT / "src" / "lifecue_client" / "_policy.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_existing_read_methods_are_retried() -> None:
    policy = _policy()
    reads = {f"{s}/{m}" for s, m in policy.IDEMPOTENT_METHODS} - {"grpc.health.v1.Health/Check"}
    assert reads <= METHODS, f"retried methods that do not exist: {sorted(reads - METHODS)}"
    writes = {"Retrain", "RecomputeTiers", "RecordPurchases", "RecordInteractions", "UpsertProducts", "IngestPosts",
              "GrantConsent", "RevokeConsent", "EraseConsumer", "ResolveReviewItem"}  # fmt: skip
    assert not {r.split("/")[1] for r in reads} & writes
    config = json.loads(policy.service_config(3))["methodConfig"][0]
    assert config["retryPolicy"]["maxAttempts"] == 4 and config["retryPolicy"]["retryableStatusCodes"] == [
        "UNAVAILABLE"
    ]
    assert len(config["name"]) == len(policy.IDEMPOTENT_METHODS)
    assert json.loads(policy.service_config(0)) == {"methodConfig": []}
