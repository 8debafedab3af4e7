"""LoyaltyService: thin handlers over `loyalty`; recomputes run in the worker role."""

from __future__ import annotations

from typing import Any

import grpc

from genome_store import jobs
from lifecue.v1 import loyalty_service_pb2 as pb
from lifecue.v1 import loyalty_service_pb2_grpc
from loyalty import Filters, LoyaltyPolicy, get_assignment, last_summary, list_assignments
from services import timestamps
from services.loyalty import convert
from services.worker import convert as jobs_convert
from services.worker.handoff import RECOMPUTE_TIERS, Handoff, budget, failure


class LoyaltyServicer(loyalty_service_pb2_grpc.LoyaltyServiceServicer):
    """Tier assignments for loyalty teams; recomputes handed to the worker role."""

    def __init__(self, db: Any, policy: LoyaltyPolicy, handoff: Handoff) -> None:
        self.db = db
        self.policy = policy
        self.handoff = handoff

    def GetTier(self, request: pb.GetTierRequest, context: grpc.ServicerContext) -> pb.GetTierResponse:
        """Tier, value, next-tier gap, segments and history of one consumer."""
        found = get_assignment(self.db, request.consumer_id, self.policy.thresholds)
        return pb.GetTierResponse(
            assignment=convert.assignment(found), history=[convert.change(c) for c in found.history]
        )

    def ListTierAssignments(
        self, request: pb.ListTierAssignmentsRequest, context: grpc.ServicerContext
    ) -> pb.ListTierAssignmentsResponse:
        """One page of assignments in consumer-id order."""
        filters = Filters(
            tier=convert.tier_filter("tier", request.tier), rfm=request.rfm_group, behaviour=request.behaviour
        )
        page = list_assignments(self.db, filters, request.page_size, request.page_token)
        return pb.ListTierAssignmentsResponse(
            assignments=[convert.assignment(a) for a in page.assignments],
            next_page_token=page.next_page_token,
        )

    def GetTierSummary(
        self, request: pb.GetTierSummaryRequest, context: grpc.ServicerContext
    ) -> pb.GetTierSummaryResponse:
        """Counts and the transition matrix of the last recompute."""
        return convert.summary(last_summary(self.db))

    def RecomputeTiers(
        self, request: pb.RecomputeTiersRequest, context: grpc.ServicerContext
    ) -> pb.RecomputeTiersResponse:
        """Queue a recompute for now (or ``as_of``); unless ``detach``, wait for its figures."""
        as_of = timestamps.to_datetime("as_of", request.as_of) if request.HasField("as_of") else None
        job, _ = self.handoff.submit(RECOMPUTE_TIERS, {"as_of": as_of.isoformat()} if as_of else {})
        if not request.detach:
            job = self.handoff.wait(job.job_id, budget(context.time_remaining()))
            if job.state == jobs.FAILED:
                raise failure(job)
        reply = convert.job_result(job.result) if job.state == jobs.DONE else pb.RecomputeTiersResponse()
        reply.job.CopyFrom(jobs_convert.job(job))
        return reply
