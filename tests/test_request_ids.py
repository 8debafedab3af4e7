"""Request ids and job ids: every call gets one (the caller's ``x-request-id`` or a new one), every log
line of the call carries it, and it comes back in the trailing metadata, refusals and errors included;
every log line of a worker job carries the job's id."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc
from services.logs import configure_logging
from services.request_ids import REQUEST_ID, pick_request_id
from services.worker import RECOMPUTE_TIERS
from tests.builders import a_consumer


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """Every record of the process as lifecue writes it (JSON lines), at DEBUG."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()
    configure_logging("DEBUG", "json", stream=buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def _records(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]


def _sent_back(call: Any) -> str:
    (value,) = [v for k, v in call.trailing_metadata() if k == REQUEST_ID]
    return str(value)


def _get(stub: Any, consumer_id: str, request_id: str | None = None) -> Any:
    metadata = [(REQUEST_ID, request_id)] if request_id is not None else None
    request = consent_service_pb2.GetConsentsRequest(consumer_id=consumer_id)
    return stub.GetConsents.with_call(request, metadata=metadata, timeout=10)


def test_the_callers_request_id_is_on_every_line_of_the_call_and_comes_back(serve: Any, logged: Any) -> None:
    stub = consent_service_pb2_grpc.ConsentServiceStub(serve("consent", role="steward"))
    grant = consent_service_pb2.GrantConsentRequest(
        consumer_id="c-rid", purpose=common_pb2.PURPOSE_PERSONALIZATION, source="web", evidence="form"
    )
    _, call = stub.GrantConsent.with_call(grant, metadata=[(REQUEST_ID, "shop-7f3a.42")], timeout=10)
    assert _sent_back(call) == "shop-7f3a.42"
    lines = [r for r in _records(logged) if r.get("request_id") == "shop-7f3a.42"]
    access = [r for r in lines if r["logger"] == "lifecue.rpc"]
    assert access and access[0]["method"] == "/lifecue.v1.ConsentService/GrantConsent"
    assert not [r for r in _records(logged) if r.get("method") == access[0]["method"] and r not in lines]


def test_a_missing_or_unusable_request_id_is_replaced_and_never_echoed(
    app: Any, serve: Any, logged: Any
) -> None:
    a_consumer(app.db, "c-1")
    stub = consent_service_pb2_grpc.ConsentServiceStub(serve("consent", role="steward"))
    _, call = _get(stub, "c-1")
    made_up = _sent_back(call)
    assert re.fullmatch(r"[0-9a-f]{32}", made_up)
    _, again = _get(stub, "c-1")
    assert _sent_back(again) != made_up  # one per call
    prose = "my sister's wedding is on Saturday"
    _, call = _get(stub, "c-1", prose)
    replaced = _sent_back(call)
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
    assert prose not in logged.getvalue() and any(r.get("request_id") == replaced for r in _records(logged))
    assert pick_request_id([(REQUEST_ID, "x" * 129)]) != "x" * 129  # too long for an id


def test_refused_and_failed_calls_carry_their_request_id_too(app: Any, serve: Any, logged: Any) -> None:
    anonymous = consent_service_pb2_grpc.ConsentServiceStub(serve("consent", role=None))
    with pytest.raises(grpc.RpcError) as refused:
        _get(anonymous, "c-1", "req-refused-1")
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert _sent_back(refused.value) == "req-refused-1"
    # a refusal is logged once, on the access line, with its reason and the request id
    refusals = [r for r in _records(logged) if r.get("code") == "UNAUTHENTICATED"]
    assert refusals and refusals[-1]["request_id"] == "req-refused-1" and refusals[-1].get("reason")

    steward = consent_service_pb2_grpc.ConsentServiceStub(serve("consent", role="steward"))
    with pytest.raises(grpc.RpcError) as invalid:
        _get(steward, "", "req-invalid-1")
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _sent_back(invalid.value) == "req-invalid-1"
    access = [r for r in _records(logged) if r.get("code") == "INVALID_ARGUMENT"]
    assert access and access[-1]["request_id"] == "req-invalid-1"


def test_every_line_a_worker_job_writes_carries_its_id(app: Any, logged: Any) -> None:
    job, _ = app.handoff.submit(RECOMPUTE_TIERS, {}, join=False)
    done = app.handoff.wait(job.job_id, 60)
    assert done.state == "done", done.error
    records = _records(logged)
    recomputed = [
        r for r in records if r["message"] == "tiers recomputed"
    ]  # logged by loyalty, not the worker
    assert (
        recomputed and recomputed[0]["job_id"] == job.job_id and recomputed[0]["job_kind"] == RECOMPUTE_TIERS
    )
    finished = [r for r in records if r["message"] == "job finished" and r.get("job_id") == job.job_id]
    assert finished and not [r for r in records if "request_id" in r and r.get("job_id")]
