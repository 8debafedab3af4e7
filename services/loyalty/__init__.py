"""gRPC edge of LoyaltyService; the nightly recompute is a job of the worker role (`services.worker.kinds`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifecue.v1 import loyalty_service_pb2_grpc
from loyalty import LoyaltyPolicy
from services.loyalty.servicer import LoyaltyServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App


def build(app: App) -> LoyaltyServicer:
    """The servicer over the app's database; recomputes are handed to the worker role."""
    return LoyaltyServicer(app.db, LoyaltyPolicy.from_settings(app.settings.loyalty), app.handoff)


SPEC = ServiceSpec(
    key="loyalty",
    full_name="lifecue.v1.LoyaltyService",
    add=loyalty_service_pb2_grpc.add_LoyaltyServiceServicer_to_server,
    build=build,
)
