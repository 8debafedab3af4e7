"""``lifecue serve`` with several processes on one port: every process serves, none obeys consent late.

Two serving processes share the port (``LIFECUE_SERVER__PROCESSES=2``); four client
connections land on them as the kernel spreads connections. For each consumer, every
connection asks Recommend (so both processes cache the genome), the consent is revoked
through one connection, and every connection asks again at once: no answer may still be
personalised, whichever process gave it.
"""

from __future__ import annotations

import json
import signal
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest

from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc, recommender_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as pb
from recommender.als import AlsParams
from recommender.registry import Registry
from recommender.simulation import load_into, simulate
from recommender.training import TrainingData, train_and_publish
from services.auth import with_token
from tests.processes import server_env, start_serve, token_for

pytestmark = pytest.mark.slow

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _serving_pids(log: Path, process: Any, timeout: float = 180.0) -> list[int]:
    """The pids of the serving processes, once the supervisor says every one serves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.proc.poll() is None, f"lifecue serve exited:\n{log.read_text()[-3000:]}"
        for line in log.read_text(errors="replace").splitlines():
            if '"pids"' in line:
                return [int(p) for p in json.loads(line)["pids"]]
        time.sleep(0.2)
    raise AssertionError(f"lifecue serve did not report its processes:\n{log.read_text()[-3000:]}")


def test_two_processes_on_one_port_never_serve_a_revoked_consent(
    db: Any, mongo_uri: str, db_name: str, tmp_path: Path
) -> None:
    load_into(db, simulate(consumers=40, per_category=4, seed=5, end=NOW))
    data = TrainingData(AlsParams(factors=8, iterations=4, num_threads=1), {"VIEW": 1.0}, 8.0, 0.0, {})
    train_and_publish(db, Registry(db), data, NOW)
    consenting = sorted(d["_id"] for d in db.genomes.find({"consents.personalization.granted": True}))[:12]
    env = server_env(mongo_uri, db_name, tmp_path, server__processes="2", log_format="json")
    server = start_serve(env, tmp_path / "serve.log", services=("recommender", "consent"))
    channels: list[grpc.Channel] = []
    try:
        pids = _serving_pids(server.log, server)
        assert len(set(pids)) == 2
        options = [("grpc.use_local_subchannel_pool", 1)]  # one connection per channel
        channels = [
            with_token(grpc.insecure_channel(f"127.0.0.1:{server.port}", options=options), token_for())
            for _ in range(4)
        ]
        recommend = [recommender_service_pb2_grpc.RecommenderServiceStub(c).Recommend for c in channels]
        revoke = consent_service_pb2_grpc.ConsentServiceStub(channels[0]).RevokeConsent
        stale = personal_before = 0
        for c in consenting:
            before = [r(pb.RecommendRequest(consumer_id=c, n=5), timeout=30).personalized for r in recommend]
            personal_before += sum(before)
            revoke(
                consent_service_pb2.RevokeConsentRequest(
                    consumer_id=c, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="test"
                ),
                timeout=30,
            )
            stale += sum(
                r(pb.RecommendRequest(consumer_id=c, n=5), timeout=30).personalized for r in recommend
            )
        assert personal_before == 4 * len(consenting)  # the model knew them: answers were personal
        assert stale == 0
    finally:
        for c in channels:
            c.close()
        server.signal(signal.SIGTERM)
        try:
            assert server.wait(90) == 0
        finally:
            server.stop()
