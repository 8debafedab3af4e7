"""GenomeService: thin calls into genome_store's genomes, products and purchases."""

from __future__ import annotations

from typing import Any

import grpc

from genome_store import Database, record_purchases, require_genome
from lifecue.config import GenomeSettings
from lifecue.v1 import genome_service_pb2 as pb
from lifecue.v1 import genome_service_pb2_grpc
from recommender.catalog_affinity import AffinityIndexer, upsert_catalog
from services.genome import convert
from services.item_results import item_results


class GenomeServicer(genome_service_pb2_grpc.GenomeServiceServicer):
    """Reads genomes; takes catalog products and purchases in batches with per-item results."""

    def __init__(
        self, db: Database[Any], settings: GenomeSettings, indexer: AffinityIndexer | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.indexer = indexer

    def GetGenome(self, request: pb.GetGenomeRequest, context: grpc.ServicerContext) -> Any:
        """One consumer's genome."""
        return pb.GetGenomeResponse(genome=convert.genome(require_genome(self.db, request.consumer_id)))

    def UpsertProducts(self, request: pb.UpsertProductsRequest, context: grpc.ServicerContext) -> Any:
        """Insert or update catalog products; their event affinity is computed before the answer."""
        outcomes = upsert_catalog(
            self.db,
            [convert.product_input(p) for p in request.products],
            self.settings.max_batch,
            self.indexer,
        )
        return pb.UpsertProductsResponse(results=item_results(outcomes))

    def RecordPurchases(self, request: pb.RecordPurchasesRequest, context: grpc.ServicerContext) -> Any:
        """Record purchases, idempotent by purchase_id."""
        report = record_purchases(
            self.db,
            [convert.purchase_input(p, i) for i, p in enumerate(request.purchases)],
            max_batch=self.settings.max_batch,
            default_currency=self.settings.default_currency,
        )
        return pb.RecordPurchasesResponse(
            results=item_results(report.results),
            accepted=report.accepted,
            duplicates=report.duplicates,
        )
