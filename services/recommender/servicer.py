"""RecommenderService: thin methods over `recommender.serving.Recommender`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from genome_store import record_interactions
from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.serving import Recommender
from services.recommender import convert


class RecommenderServicer(recommender_service_pb2_grpc.RecommenderServiceServicer):
    """Recommend, RecordInteractions, Retrain, GetModelInfo."""

    def __init__(self, recommender: Recommender, max_batch: int) -> None:
        self.recommender = recommender
        self.max_batch = max_batch

    def Recommend(self, request: pb.RecommendRequest, context: Any) -> pb.RecommendResponse:
        """Ranked products with reasons, and offers."""
        as_of = convert.to_datetime("as_of", request.as_of) if request.HasField("as_of") else None
        exclude = request.exclude_purchased if request.HasField("exclude_purchased") else None
        result = self.recommender.recommend(
            request.consumer_id, request.n, as_of, exclude, list(request.categories)
        )
        return convert.response(result)

    def RecordInteractions(
        self, request: pb.RecordInteractionsRequest, context: Any
    ) -> pb.RecordInteractionsResponse:
        """Per-item results; idempotent by interaction_id."""
        items = convert.interactions(request)
        outcomes = record_interactions(self.recommender.db, items, datetime.now(UTC), self.max_batch)
        return convert.item_results(outcomes)

    def Retrain(self, request: pb.RetrainRequest, context: Any) -> pb.RetrainResponse:
        """Start (or wait for) a full retrain."""
        state = self.recommender.retrain(wait=request.wait)
        model = convert.model_info(self.recommender.snapshot.meta) if state == "done" else None
        return pb.RetrainResponse(state=state, model=model)

    def GetModelInfo(self, request: pb.GetModelInfoRequest, context: Any) -> pb.GetModelInfoResponse:
        """The serving model and whether a retrain runs."""
        return pb.GetModelInfoResponse(
            model=convert.model_info(self.recommender.snapshot.meta), training=self.recommender.training
        )
