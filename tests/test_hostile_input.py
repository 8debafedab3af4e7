"""Property-based tests: hostile requests to every RPC never break the server or store bad data.

Every method of every service gets requests drawn from its protobuf descriptor
(`tests.hostile`): whatever arrives, the answer is OK or a status that says what is wrong,
never INTERNAL or UNKNOWN, never a hang, never a status message longer than clients accept;
a refused call changes nothing in the database, a batch stores only the items it accepted,
and the server is healthy and serves a plain call afterwards. The examples per method are
fixed and derandomised (`tests.hostile.EXAMPLES`; ``LIFECUE_FUZZ_EXAMPLES`` for a longer run).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genome_store import ProductInput, PurchaseInput, grant_consent, record_purchases, upsert_products
from lifecue.config import AuthSettings, Settings
from services.app import open_app
from services.auth import TokenSigner, with_token
from services.registry import select
from services.server import start_server
from tests.hostile import EXAMPLES, lifecue_methods, request_strategy
from tests.processes import TEST_KEYS

#: longest status message lifecue may send (gRPC clients drop trailers past ~8 KiB)
MAX_DETAILS = 1024
NEVER = {
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.UNAVAILABLE,
}
# collections whose documents a request creates, by the response field that names accepted items
BATCHES = {"UpsertProducts": "products", "RecordPurchases": "purchases", "RecordInteractions": "interactions",
           "IngestPosts": "posts"}  # fmt: skip
WATCHED = ("genomes", "products", "purchases", "interactions", "posts", "audit_log")
METHODS = lifecue_methods()


class Fuzzed:
    """A server with every service over a database holding a few consumers and products."""

    def __init__(self, app: Any, channel: grpc.Channel) -> None:
        self.app = app
        self.db = app.db
        self.channel = channel

    def call(self, path: str, message_class: Any, request: Any) -> tuple[grpc.StatusCode, str, Any]:
        """(code, details, reply) of one call with an admin token."""
        method = self.channel.unary_unary(
            path,
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=lambda b: b,
        )
        try:
            return grpc.StatusCode.OK, "", method(request, timeout=60)
        except grpc.RpcError as exc:
            return exc.code(), exc.details() or "", None

    def fingerprint(self) -> dict[str, str]:
        """A digest of what requests may change (genome fields a background job writes are left out)."""
        out = {}
        for name in WATCHED:
            docs = []
            for doc in self.db[name].find({}, sort=[("_id", 1)]):
                if name == "genomes":
                    doc = {k: doc.get(k) for k in ("_id", "consents", "consent_history", "life_events")}
                docs.append(doc)
            out[name] = hashlib.sha256(json.dumps(docs, default=str, sort_keys=True).encode()).hexdigest()
        return out

    def ids(self, collection: str) -> set[str]:
        """Every id stored in ``collection``."""
        return {str(d["_id"]) for d in self.db[collection].find({}, {"_id": 1})}


@pytest.fixture(scope="module")
def fuzzed(mongo_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    """One server for every method's examples (loading the classifier once)."""
    settings_ = Settings(
        db_name=f"t_fuzz_{datetime.now(UTC):%H%M%S%f}",
        state_dir=tmp_path_factory.mktemp("fuzz"),
        auth=AuthSettings(keys=TEST_KEYS),
    )
    with open_app(settings_, uri=mongo_uri, worker="jobs") as app:
        db = app.db
        now = datetime.now(UTC)
        for consumer in ("c1", "c2"):
            for purpose in ("social_analysis", "personalization", "sensitive_inference"):
                grant_consent(db, consumer, purpose, source="test", evidence="fuzz", actor="test")
        upsert_products(db, [ProductInput("p1", "Cake", "food", 9.5, ["gift"], True),
                             ProductInput("p2", "Pram", "baby", 300.0, ["event:new_baby"], True)])  # fmt: skip
        record_purchases(db, [PurchaseInput("o1", "c1", "p1", 1, 9.5, "EUR", now - timedelta(days=3))])
        running = start_server(app, select(None), host="127.0.0.1", port=0)
        plain = grpc.insecure_channel(f"127.0.0.1:{running.port}")
        token = TokenSigner(settings_, embedded=False).token("admin", "fuzzer", timedelta(hours=2))
        try:
            yield Fuzzed(app, with_token(plain, token))
        finally:
            plain.close()
            running.stop(0)
            app.store.drop()


def _check_one(fuzzed: Fuzzed, name: str, path: str, message_class: Any, request: Any) -> None:
    before = fuzzed.fingerprint()
    batch = BATCHES.get(name)
    ids_before = fuzzed.ids(batch) if batch else set()
    code, details, reply = fuzzed.call(path, message_class, request)
    assert code not in NEVER, f"{name} answered {code.name}: {details[:500]!r}\nrequest: {request!r:.2000}"
    assert len(details) <= MAX_DETAILS, f"{name}: a {len(details)}-character status message"
    if code is not grpc.StatusCode.OK:
        if name not in ("Retrain", "RecomputeTiers"):  # jobs of earlier examples may still write
            assert fuzzed.fingerprint() == before, f"{name} failed with {code.name} but changed the database"
        return
    if batch:
        response = message_class_response(path).FromString(reply)
        accepted = {r.id for r in _results(response) if r.status == 1}  # ACCEPTED
        longest = max((len(r.error) for r in response.results), default=0)
        assert longest <= MAX_DETAILS, f"{name}: a {longest}-character item error"
        stored = fuzzed.ids(batch) - ids_before
        assert stored <= accepted, f"{name} stored items it did not accept: {sorted(stored - accepted)[:5]}"


def _results(response: Any) -> list[Any]:
    if hasattr(response, "results"):
        return [r if hasattr(r, "id") else _PostResult(r) for r in response.results]
    return []


class _PostResult:
    def __init__(self, result: Any) -> None:
        self.id, self.status = result.post_id, result.status


def message_class_response(path: str) -> Any:
    """The response class of a method path."""
    from google.protobuf import descriptor_pool, message_factory

    service, method = path.lstrip("/").rsplit("/", 1)
    found = descriptor_pool.Default().FindServiceByName(service).methods_by_name[method]
    return message_factory.GetMessageClass(found.output_type)


@pytest.mark.parametrize(("path", "message_class"), METHODS, ids=[p.rsplit("/", 1)[1] for p, _ in METHODS])
def test_hostile_requests_never_break_the_server(fuzzed: Fuzzed, path: str, message_class: Any) -> None:
    name = path.rsplit("/", 1)[1]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=request_strategy(message_class))
    def one(request: Any) -> None:
        _check_one(fuzzed, name, path, message_class, request)

    one()
    health = health_pb2_grpc.HealthStub(fuzzed.channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
    assert health.status == health_pb2.HealthCheckResponse.SERVING


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xff\xff", b"\x12" + b"\xff" * 10, b"\x0a\xff\xff\xff\xff\x0f"],
    ids=["garbage", "truncated", "huge-length"],
)
def test_undecodable_requests_are_invalid_argument(fuzzed: Fuzzed, raw: bytes) -> None:
    for path, _ in METHODS:
        method = fuzzed.channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        with pytest.raises(grpc.RpcError) as err:
            method(raw, timeout=30)
        assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT, (path, err.value.details())
        assert err.value.details().startswith("request: is not a valid lifecue.v1.")


@pytest.mark.parametrize(
    "bad", [b"\xed\xa0\x80", b"\xc3\x28", b"ok\xff"], ids=["lone-surrogate", "bad-utf8", "ff"]
)
def test_strings_that_are_not_utf8_are_invalid_argument(fuzzed: Fuzzed, bad: bytes) -> None:
    """A string field carrying bytes that are not UTF-8 (a lone surrogate among them), in every method."""
    tried = 0
    for path, message_class in METHODS:
        strings = [f for f in message_class.DESCRIPTOR.fields if f.type == f.TYPE_STRING]
        if not strings:
            continue
        raw = bytes([strings[0].number << 3 | 2, len(bad)]) + bad
        method = fuzzed.channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        with pytest.raises(grpc.RpcError) as err:
            method(raw, timeout=30)
        assert err.value.code() is grpc.StatusCode.INVALID_ARGUMENT, (path, err.value.details())
        tried += 1
    assert tried >= 10


def test_random_bytes_never_break_the_server(fuzzed: Fuzzed) -> None:
    @settings(max_examples=EXAMPLES * 4, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(path=st.sampled_from([p for p, _ in METHODS]), raw=st.binary(max_size=200))
    def one(path: str, raw: bytes) -> None:
        method = fuzzed.channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        try:
            method(raw, timeout=60)
        except grpc.RpcError as exc:
            assert exc.code() not in NEVER, (path, raw, exc.code(), exc.details())

    one()
