"""gRPC edge of GenomeService: products upserted here get their event affinity before the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genome_store import migrate_genomes
from lifecue.v1 import genome_service_pb2_grpc
from services.genome.servicer import GenomeServicer
from services.product_affinity import indexer_of
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App


def build(app: App) -> GenomeServicer:
    """The servicer over the app's database, after stored genomes are migrated to the current schema."""
    migrate_genomes(app.db)
    return GenomeServicer(app.db, app.settings.genome, indexer_of(app))


SPEC = ServiceSpec(
    key="genome",
    full_name="lifecue.v1.GenomeService",
    add=genome_service_pb2_grpc.add_GenomeServiceServicer_to_server,
    build=build,
)
