"""gRPC edge of ConsentService."""

from __future__ import annotations

from typing import Any

from lifecue.v1 import consent_service_pb2, consent_service_pb2_grpc
from services.placeholder import unimplemented
from services.spec import ServiceSpec


def build(app: Any) -> Any:
    """The servicer (its domain logic arrives with issue #3)."""
    return unimplemented(
        consent_service_pb2_grpc.ConsentServiceServicer,
        consent_service_pb2.DESCRIPTOR.services_by_name["ConsentService"],
        "its domain logic arrives with issue #3",
    )


SPEC = ServiceSpec(
    key="consent",
    full_name="lifecue.v1.ConsentService",
    add=consent_service_pb2_grpc.add_ConsentServiceServicer_to_server,
    build=build,
)
