"""GenomeService: thin calls into genome_store's genomes, products and purchases."""

from __future__ import annotations

from typing import Any

import grpc

from genome_store import genomes, purchases
from lifecue.config import GenomeSettings
from lifecue.errors import InvalidArgument
from lifecue.v1 import genome_service_pb2 as pb
from lifecue.v1 import genome_service_pb2_grpc
from recommender.catalog_affinity import AffinityIndexer, upsert_catalog
from services.genome import convert


class GenomeServicer(genome_service_pb2_grpc.GenomeServiceServicer):
    """Reads genomes; takes catalog products and purchases in batches with per-item results."""

    def __init__(self, db: Any, settings: GenomeSettings, indexer: AffinityIndexer | None = None) -> None:
        self.db = db
        self.settings = settings
        self.indexer = indexer

    def GetGenome(self, request: pb.GetGenomeRequest, context: grpc.ServicerContext) -> Any:
        """One consumer's genome."""
        return pb.GetGenomeResponse(
            genome=convert.genome(genomes.require_genome(self.db, request.consumer_id))
        )

    def UpsertProducts(self, request: pb.UpsertProductsRequest, context: grpc.ServicerContext) -> Any:
        """Insert or update catalog products; their event affinity is computed before the answer."""
        self._check_batch("products", len(request.products))
        outcomes = upsert_catalog(
            self.db,
            [convert.product_input(p) for p in request.products],
            self.settings.max_batch,
            self.indexer,
        )
        return pb.UpsertProductsResponse(results=[convert.item_result(o) for o in outcomes])

    def RecordPurchases(self, request: pb.RecordPurchasesRequest, context: grpc.ServicerContext) -> Any:
        """Record purchases, idempotent by purchase_id."""
        self._check_batch("purchases", len(request.purchases))
        report = purchases.record_purchases(
            self.db,
            [convert.purchase_input(p, i) for i, p in enumerate(request.purchases)],
            max_batch=self.settings.max_batch,
            default_currency=self.settings.default_currency,
        )
        return pb.RecordPurchasesResponse(
            results=[convert.item_result(o) for o in report.results],
            accepted=report.accepted,
            duplicates=report.duplicates,
        )

    def _check_batch(self, field: str, size: int) -> None:
        if size == 0:
            raise InvalidArgument(field, "is empty; send at least one item")
        if size > self.settings.max_batch:
            raise InvalidArgument(field, f"{size} given; send at most {self.settings.max_batch} per call")
