"""gRPC edge of LifeEventService: one classifier per process, and the post retention sweep."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from genome_store import posts
from lifecue.v1 import life_event_service_pb2_grpc
from lifeevents.pipeline import Classifier
from services.lifeevents.servicer import LifeEventServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App

log = logging.getLogger(__name__)

CLASSIFIER = "lifeevents.classifier"
SWEEP_JOB = "lifeevents.retention_sweep"


def classifier_of(app: App) -> Classifier:
    """The process-wide classifier, loaded on first use and kept in ``app.components``."""
    found = app.components.get(CLASSIFIER)
    if found is None:
        cfg = app.settings.lifeevents
        found = Classifier(
            model_dir=cfg.model_dir,
            batch_size=cfg.batch_size,
            min_confidence=cfg.min_confidence,
            acting_threshold=cfg.acting_threshold,
            review_threshold=cfg.review_threshold,
        )
        app.components[CLASSIFIER] = found
    return found


def sweep(app: App) -> int:
    """Delete posts past their retention; derived events stay in the genomes."""
    deleted = posts.sweep_expired(app.db, datetime.now(UTC))
    if deleted:
        log.info("expired posts deleted", extra={"deleted": deleted})
    return deleted


def build(app: App) -> LifeEventServicer:
    """The servicer, with the classifier loaded and the hourly retention sweep scheduled."""
    app.scheduler.add_job(sweep, "interval", hours=1, args=[app], id=SWEEP_JOB, replace_existing=True)
    return LifeEventServicer(app.db, classifier_of(app), app.settings.lifeevents)


SPEC = ServiceSpec(
    key="lifeevents",
    full_name="lifecue.v1.LifeEventService",
    add=life_event_service_pb2_grpc.add_LifeEventServiceServicer_to_server,
    build=build,
)
