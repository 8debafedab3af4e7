"""gRPC edge of RecommenderService."""

from __future__ import annotations

from typing import Any

from lifecue.v1 import recommender_service_pb2, recommender_service_pb2_grpc
from services.placeholder import unimplemented
from services.spec import ServiceSpec


def build(app: Any) -> Any:
    """The servicer (its domain logic arrives with issue #5)."""
    return unimplemented(
        recommender_service_pb2_grpc.RecommenderServiceServicer,
        recommender_service_pb2.DESCRIPTOR.services_by_name["RecommenderService"],
        "its domain logic arrives with issue #5",
    )


SPEC = ServiceSpec(
    key="recommender",
    full_name="lifecue.v1.RecommenderService",
    add=recommender_service_pb2_grpc.add_RecommenderServiceServicer_to_server,
    build=build,
)
