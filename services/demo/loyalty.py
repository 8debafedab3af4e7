"""Demo step: recompute loyalty tiers, then show the summary and each persona's tier and segments."""

from __future__ import annotations

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2, loyalty_service_pb2_grpc
from lifecue.v1 import loyalty_service_pb2 as pb
from services.demo.context import DemoContext
from services.demo.personas import PERSONAS

TITLE = "Loyalty tiers and segments"


def _tier(value: int) -> str:
    return common_pb2.Tier.Name(value).removeprefix("TIER_").lower()


def run(ctx: DemoContext) -> list[str]:
    """RecomputeTiers as of the demo's moment, GetTierSummary, then GetTier per persona."""
    stub = loyalty_service_pb2_grpc.LoyaltyServiceStub(ctx.channel)
    as_of = Timestamp()
    as_of.FromDatetime(ctx.as_of)
    run = stub.RecomputeTiers(pb.RecomputeTiersRequest(as_of=as_of), metadata=ctx.metadata, timeout=120)
    summary = stub.GetTierSummary(pb.GetTierSummaryRequest(), metadata=ctx.metadata, timeout=10)
    counts = ", ".join(
        f"{name} {summary.tier_counts.get(name, 0)}" for name in ("platinum", "gold", "silver", "none")
    )
    lines = [
        f"recomputed {run.consumers} consumers in {run.seconds:.2f}s, {run.changed} changed tier",
        f"tiers: {counts}",
        "RFM(T) groups: "
        + (", ".join(f"{k} {v}" for k, v in sorted(summary.rfm_counts.items())) or "none yet"),
        "behaviour: "
        + (", ".join(f"{k} {v}" for k, v in sorted(summary.behaviour_counts.items())) or "none yet"),
    ]
    for persona in PERSONAS:
        try:
            got = stub.GetTier(
                pb.GetTierRequest(consumer_id=persona.consumer_id), metadata=ctx.metadata, timeout=10
            )
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.NOT_FOUND:
                raise
            lines.append(f"{persona.name:<6} no genome")
            continue
        a = got.assignment
        gap = f", {a.next_tier_gap:.2f} to {_tier(a.next_tier)}" if a.next_tier else ""
        segment = f"; RFM(T) {a.rfm_group}, {a.behaviour}" if a.rfm_group else ""
        lines.append(f"{persona.name:<6} {_tier(a.tier)} (12-month value {a.value_12m:.2f}{gap}){segment}")
    return lines
