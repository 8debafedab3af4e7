"""The server: health per service, reflection, error mapping."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from lifecue import errors
from services.interceptors import status_for
from services.registry import SERVICES, select


def _list_services(channel: grpc.Channel) -> list[str]:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    replies = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    reply = next(iter(replies))
    return sorted(s.name for s in reply.list_services_response.service)


def test_reflection_lists_every_lifecue_service(serve) -> None:
    channel = serve()
    names = _list_services(channel)
    expected = {spec.full_name for spec in SERVICES.values()}
    assert expected <= set(names)
    assert "grpc.health.v1.Health" in names


def test_health_reports_each_service(serve) -> None:
    channel = serve()
    stub = health_pb2_grpc.HealthStub(channel)
    overall = stub.Check(health_pb2.HealthCheckRequest(service=""))
    assert overall.status == health_pb2.HealthCheckResponse.SERVING
    for spec in SERVICES.values():
        reply = stub.Check(health_pb2.HealthCheckRequest(service=spec.full_name))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING, spec.full_name
    with pytest.raises(grpc.RpcError) as info:
        stub.Check(health_pb2.HealthCheckRequest(service="lifecue.v1.NoSuchService"))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


def test_subset_serves_only_the_chosen_services(serve) -> None:
    channel = serve("consent")
    names = _list_services(channel)
    assert "lifecue.v1.ConsentService" in names
    assert "lifecue.v1.RecommenderService" not in names


def test_unknown_service_key_is_refused() -> None:
    with pytest.raises(ValueError, match="nosuch"):
        select(["nosuch"])


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.InvalidArgument("consumer_id", "must not be empty"), grpc.StatusCode.INVALID_ARGUMENT),
        (errors.NotFound("consumer", "c1"), grpc.StatusCode.NOT_FOUND),
        (errors.ConsentRequired("c1", "personalization"), grpc.StatusCode.FAILED_PRECONDITION),
        (errors.StorageUnavailable("down"), grpc.StatusCode.UNAVAILABLE),
        (errors.PermissionDenied("no"), grpc.StatusCode.PERMISSION_DENIED),
    ],
)
def test_domain_errors_map_to_status_codes(exc: Exception, code: grpc.StatusCode) -> None:
    assert status_for(exc) == code


def test_unexpected_errors_are_not_mapped() -> None:
    assert status_for(RuntimeError("boom")) is None


def test_invalid_argument_names_the_field() -> None:
    exc = errors.InvalidArgument("posts[3].posted_at", "must be set")
    assert "posts[3].posted_at" in str(exc)
    assert exc.field == "posts[3].posted_at"
