"""RecommenderService: thin methods over `recommender.serving.Recommender` and the worker hand-off."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from genome_store import jobs, record_interactions
from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.serving import Recommender
from services.recommender import convert
from services.worker import convert as jobs_convert
from services.worker.handoff import RETRAIN, Handoff, budget, failure

RECENT_JOBS = 10


class RecommenderServicer(recommender_service_pb2_grpc.RecommenderServiceServicer):
    """Recommend, RecordInteractions, Retrain, GetModelInfo."""

    def __init__(self, recommender: Recommender, max_batch: int, handoff: Handoff) -> None:
        self.recommender = recommender
        self.max_batch = max_batch
        self.handoff = handoff
        self.responses = convert.Responses()

    def Recommend(self, request: pb.RecommendRequest, context: Any) -> pb.RecommendResponse:
        """Ranked products with reasons, and offers."""
        as_of = convert.to_datetime("as_of", request.as_of) if request.HasField("as_of") else None
        exclude = request.exclude_purchased if request.HasField("exclude_purchased") else None
        result = self.recommender.recommend(
            request.consumer_id, request.n, as_of, exclude, list(request.categories)
        )
        return self.responses.response(result)

    def RecordInteractions(
        self, request: pb.RecordInteractionsRequest, context: Any
    ) -> pb.RecordInteractionsResponse:
        """Per-item results; idempotent by interaction_id."""
        items = convert.interactions(request)
        outcomes = record_interactions(self.recommender.db, items, datetime.now(UTC), self.max_batch)
        return convert.item_results(outcomes)

    def Retrain(self, request: pb.RetrainRequest, context: Any) -> pb.RetrainResponse:
        """Hand a retrain to the worker role; with ``wait``, answer once the new model serves here."""
        job, joined = self.handoff.submit(RETRAIN, {})
        state = "running" if joined else "started"
        model = None
        if request.wait:
            job = self.handoff.wait(job.job_id, budget(context.time_remaining()))
            if job.state == jobs.FAILED:
                raise failure(job)
            if job.state == jobs.DONE:
                self.recommender.sync()  # serve it here before answering, not at the next notice
                self.recommender.wait_prewarmed(budget(context.time_remaining()))  # and its rankings ahead
                model = convert.model_info(self.recommender.registry.meta(str(job.result.get("version", ""))))
                state = "done"
        return pb.RetrainResponse(state=state, model=model, job=jobs_convert.job(job))

    def GetModelInfo(self, request: pb.GetModelInfoRequest, context: Any) -> pb.GetModelInfoResponse:
        """The serving model, the operator's pin, whether a retrain is queued or running, and recent jobs (or one)."""
        snap = self.recommender.snapshot
        registry = self.recommender.registry
        found = [self.handoff.get(request.job_id)] if request.job_id else self.handoff.recent(RECENT_JOBS)
        # the registry entry as it stands: the tracking run id is added after the model was published
        meta = (registry.meta(snap.version) or snap.meta) if snap.meta else None
        return pb.GetModelInfoResponse(
            model=convert.model_info(meta, snap.refresh_seq),
            training=self.handoff.is_active(RETRAIN),
            jobs=[jobs_convert.job(j) for j in found],
            pin=convert.model_pin(registry.pinned()),
        )
