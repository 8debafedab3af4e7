"""gRPC edge of ConsentService."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifecue.v1 import consent_service_pb2_grpc
from services.consent.servicer import ConsentServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App


def build(app: App) -> ConsentServicer:
    """The servicer over the app's database."""
    return ConsentServicer(app.db, app.settings.genome, app.handoff)


SPEC = ServiceSpec(
    key="consent",
    full_name="lifecue.v1.ConsentService",
    add=consent_service_pb2_grpc.add_ConsentServiceServicer_to_server,
    build=build,
)
