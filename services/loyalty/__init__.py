"""gRPC edge of LoyaltyService."""

from __future__ import annotations

from typing import Any

from lifecue.v1 import loyalty_service_pb2, loyalty_service_pb2_grpc
from services.placeholder import unimplemented
from services.spec import ServiceSpec


def build(app: Any) -> Any:
    """The servicer (its domain logic arrives with issue #6)."""
    return unimplemented(
        loyalty_service_pb2_grpc.LoyaltyServiceServicer,
        loyalty_service_pb2.DESCRIPTOR.services_by_name["LoyaltyService"],
        "its domain logic arrives with issue #6",
    )


SPEC = ServiceSpec(
    key="loyalty",
    full_name="lifecue.v1.LoyaltyService",
    add=loyalty_service_pb2_grpc.add_LoyaltyServiceServicer_to_server,
    build=build,
)
