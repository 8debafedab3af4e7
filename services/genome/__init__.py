"""gRPC edge of GenomeService, and the encoder its product affinity shares with the classifier."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from genome_store.migrations import migrate_genomes
from lifecue.v1 import genome_service_pb2_grpc
from recommender.catalog_affinity import AffinityIndexer
from recommender.event_descriptions import load_descriptions
from recommender.semantic import SemanticMatcher
from services.genome.servicer import GenomeServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App

ENCODER = "encoder"
CLASSIFIER = "lifeevents.classifier"
INDEXER = "recommender.affinity_indexer"
BACKFILL_JOB = "recommender.affinity_backfill"


def encoder_of(app: App) -> Any:
    """The process's sentence encoder: the classifier's when it is loaded, else one of its own."""
    classifier = app.components.get(CLASSIFIER)
    if classifier is not None and getattr(classifier, "encoder", None) is not None:
        return classifier.encoder
    found = app.components.get(ENCODER)
    if found is None:
        from lifeevents.encoder import Encoder

        found = app.components[ENCODER] = Encoder()
    return found


def indexer_of(app: App) -> AffinityIndexer | None:
    """The process's product-affinity indexer (None when affinity on upsert is switched off)."""
    if not app.settings.recommender.affinity_on_upsert:
        return None
    found = app.components.get(INDEXER)
    if found is None:
        matcher = SemanticMatcher(lambda: encoder_of(app), load_descriptions())
        found = app.components[INDEXER] = AffinityIndexer(matcher)
    return found  # type: ignore[no-any-return]


def build(app: App) -> GenomeServicer:
    """The servicer over the app's database, after stored genomes are migrated to the current schema;
    products stored without current affinity signals are brought up to date in the background."""
    migrate_genomes(app.db)
    indexer = indexer_of(app)
    if indexer is not None:
        app.scheduler.add_job(
            indexer.refresh,
            args=[app.db],
            id=BACKFILL_JOB,
            next_run_time=datetime.now(UTC),
            replace_existing=True,
        )
    return GenomeServicer(app.db, app.settings.genome, indexer)


SPEC = ServiceSpec(
    key="genome",
    full_name="lifecue.v1.GenomeService",
    add=genome_service_pb2_grpc.add_GenomeServiceServicer_to_server,
    build=build,
)
