"""gRPC edge of GenomeService."""

from __future__ import annotations

from typing import Any

from lifecue.v1 import genome_service_pb2, genome_service_pb2_grpc
from services.placeholder import unimplemented
from services.spec import ServiceSpec


def build(app: Any) -> Any:
    """The servicer (its domain logic arrives with issue #3)."""
    return unimplemented(
        genome_service_pb2_grpc.GenomeServiceServicer,
        genome_service_pb2.DESCRIPTOR.services_by_name["GenomeService"],
        "its domain logic arrives with issue #3",
    )


SPEC = ServiceSpec(
    key="genome",
    full_name="lifecue.v1.GenomeService",
    add=genome_service_pb2_grpc.add_GenomeServiceServicer_to_server,
    build=build,
)
