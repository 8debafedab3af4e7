"""LoyaltyService: thin handlers over `loyalty`."""

from __future__ import annotations

from typing import Any

import grpc

from genome_store import Database
from lifecue.v1 import loyalty_service_pb2 as pb
from lifecue.v1 import loyalty_service_pb2_grpc
from loyalty import Filters, Recompute, get_assignment, last_summary, list_assignments
from services import timestamps
from services.loyalty import convert


class LoyaltyServicer(loyalty_service_pb2_grpc.LoyaltyServiceServicer):
    """Tier assignments for loyalty teams; recomputes through one shared `Recompute`."""

    def __init__(self, db: Database[Any], recompute: Recompute) -> None:
        self.db = db
        self.recompute = recompute

    def GetTier(self, request: pb.GetTierRequest, context: grpc.ServicerContext) -> pb.GetTierResponse:
        """Tier, value, next-tier gap, segments and history of one consumer."""
        found = get_assignment(self.db, request.consumer_id, self.recompute.policy.thresholds)
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
        """Recompute everyone now (or for ``as_of``)."""
        as_of = timestamps.to_datetime("as_of", request.as_of) if request.HasField("as_of") else None
        return convert.run_result(self.recompute.run(as_of))
