"""gRPC edge of LifeEventService."""

from __future__ import annotations

from typing import Any

from lifecue.v1 import life_event_service_pb2, life_event_service_pb2_grpc
from services.placeholder import unimplemented
from services.spec import ServiceSpec


def build(app: Any) -> Any:
    """The servicer (its domain logic arrives with issue #4)."""
    return unimplemented(
        life_event_service_pb2_grpc.LifeEventServiceServicer,
        life_event_service_pb2.DESCRIPTOR.services_by_name["LifeEventService"],
        "its domain logic arrives with issue #4",
    )


SPEC = ServiceSpec(
    key="lifeevents",
    full_name="lifecue.v1.LifeEventService",
    add=life_event_service_pb2_grpc.add_LifeEventServiceServicer_to_server,
    build=build,
)
