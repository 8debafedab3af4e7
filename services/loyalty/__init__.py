"""gRPC edge of LoyaltyService, and the nightly recompute on the app's scheduler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from apscheduler.triggers.cron import CronTrigger

from lifecue.v1 import loyalty_service_pb2_grpc
from loyalty import LoyaltyPolicy, Recompute
from services.loyalty.servicer import LoyaltyServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App

log = logging.getLogger(__name__)
JOB_ID = "loyalty-recompute"


def build(app: App) -> LoyaltyServicer:
    """The servicer over the app's database; schedules the nightly recompute (settings cron, UTC)."""
    recompute = Recompute(app.db, LoyaltyPolicy.from_settings(app.settings.loyalty))
    app.components["loyalty"] = recompute
    trigger = CronTrigger.from_crontab(app.settings.loyalty.recompute_cron, timezone="UTC")
    app.scheduler.add_job(_nightly, trigger, args=[recompute], id=JOB_ID, replace_existing=True)
    return LoyaltyServicer(app.db, recompute)


def _nightly(recompute: Recompute) -> None:
    """The scheduled run; a failure is logged and retried the next night, never raised into the scheduler."""
    try:
        recompute.run()
    except Exception:
        log.exception("nightly tier recompute failed")


SPEC = ServiceSpec(
    key="loyalty",
    full_name="lifecue.v1.LoyaltyService",
    add=loyalty_service_pb2_grpc.add_LoyaltyServiceServicer_to_server,
    build=build,
)
