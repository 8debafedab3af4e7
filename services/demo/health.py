"""Demo step: ask the standard health service which lifecue services are serving."""

from __future__ import annotations

from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.demo.context import DemoContext
from services.registry import SERVICES

TITLE = "Checking service health"


def run(ctx: DemoContext) -> list[str]:
    """One line per service with its health status."""
    stub = health_pb2_grpc.HealthStub(ctx.channel)
    lines = []
    for spec in SERVICES.values():
        reply = stub.Check(health_pb2.HealthCheckRequest(service=spec.full_name), timeout=5)
        status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        lines.append(f"{spec.full_name:<32} {status}")
    return lines
