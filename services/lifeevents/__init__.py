"""gRPC edge of LifeEventService: one classifier per process.

The post retention sweep is a job of the worker role (`services.worker.kinds`). Importing
this package stays light (other edges import its converters): the classifier, with torch
and spaCy behind it, is imported only when the service is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lifecue.v1 import life_event_service_pb2_grpc
from services import metrics
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from pathlib import Path

    from lifecue.config import Settings
    from lifeevents.pipeline import Classifier
    from services.app import App
    from services.lifeevents.servicer import LifeEventServicer

CLASSIFIER = "lifeevents.classifier"


def configured_classifier(
    settings: Settings, model_dir: Path | None = None, batch_size: int | None = None
) -> Classifier:
    """A classifier as the settings describe it (thresholds, encoder build and its cache); the CLI's too."""
    from lifeevents.encoder_builds import cache_folder
    from lifeevents.pipeline import Classifier

    cfg = settings.lifeevents
    return Classifier(
        model_dir=model_dir or cfg.model_dir,
        batch_size=batch_size or cfg.batch_size,
        min_confidence=cfg.min_confidence,
        acting_threshold=cfg.acting_threshold,
        review_threshold=cfg.review_threshold,
        encoder_build=cfg.encoder_build,
        build_cache=cache_folder(cfg.build_cache, settings.state_dir),
    )


def classifier_of(app: App) -> Classifier:
    """The process-wide classifier, loaded on first use and kept in ``app.components``."""
    found = app.components.get(CLASSIFIER)
    if found is None:
        found = configured_classifier(app.settings)
        app.components[CLASSIFIER] = found
        metrics.set_model_version("classifier", found.version)
    return found  # type: ignore[no-any-return]


def build(app: App) -> LifeEventServicer:
    """The servicer, with the classifier loaded."""
    from services.lifeevents.servicer import LifeEventServicer

    return LifeEventServicer(app.db, classifier_of(app), app.settings.lifeevents)


SPEC = ServiceSpec(
    key="lifeevents",
    full_name="lifecue.v1.LifeEventService",
    add=life_event_service_pb2_grpc.add_LifeEventServiceServicer_to_server,
    build=build,
)
