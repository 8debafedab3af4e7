"""Demo step: train the model, then recommend for each persona with reasons and offers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2, genome_service_pb2, genome_service_pb2_grpc, recommender_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as pb
from services.demo.context import DemoContext
from services.demo.personas import PERSONAS

TITLE = "Recommendations"
SHOW = 3


def _ts(value: Any) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def _item_line(item: pb.Recommendation, title: str) -> str:
    why = "; ".join(r.text for r in item.reasons)
    return f"    {title:<26} {item.score:6.3f}  {why}"


def run(ctx: DemoContext) -> list[str]:
    """Retrain (waiting), then each persona's top items, offers and an as_of walk toward an event."""
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(ctx.channel)
    genome = genome_service_pb2_grpc.GenomeServiceStub(ctx.channel)
    done = stub.Retrain(pb.RetrainRequest(wait=True), timeout=600)
    model = done.model
    lines = [f"model {model.version}: {model.users} consumers x {model.items} products, "
             f"{model.interactions} interactions, trained in {model.metrics['train_seconds']:.1f} s"]  # fmt: skip
    lines += _choice(model.selection)
    titles = {k: v["title"] for k, v in ctx.state.get("products", {}).items()}
    for persona in PERSONAS:
        reply = stub.Recommend(pb.RecommendRequest(consumer_id=persona.consumer_id, n=10, as_of=_ts(ctx.as_of)),
                               timeout=10)  # fmt: skip
        tier = common_pb2.Tier.Name(reply.tier).removeprefix("TIER_").lower()
        kind = "personal" if reply.personalized else "not personal"
        lines.append(f"{persona.name} ({persona.story}): {kind}, tier {tier}")
        lines += [_item_line(i, titles.get(i.product_id, i.product_id)) for i in reply.items[:SHOW]]
        for offer in reply.offers:
            lines.append(f"    offer {offer.offer_id}: {offer.text} ({offer.discount_percent:g}%)")
        events = genome.GetGenome(genome_service_pb2.GetGenomeRequest(consumer_id=persona.consumer_id),
                                  timeout=10).genome.life_events  # fmt: skip
        dated = [
            e for e in events if e.HasField("date") and e.date.ToDatetime() > ctx.as_of.replace(tzinfo=None)
        ]
        if dated and reply.personalized:
            lines += _walk(stub, persona.consumer_id, dated[0], titles)
    return lines


def _choice(selection: pb.ModelSelection) -> list[str]:
    """How the retrain chose: the choice, then the best candidate of each kind on the holdout."""
    if not selection.candidates:
        return ["    (selection off: the configured ALS)"]
    best: dict[str, pb.CandidateFigures] = {}
    for c in selection.candidates:
        if c.kind not in best or c.ndcg > best[c.kind].ndcg:
            best[c.kind] = c
    figures = ", ".join(f"{c.name} {c.ndcg:.3f}" for c in sorted(best.values(), key=lambda c: -c.ndcg))
    return [f"    chosen by validation on {selection.validation_users} consumers' latest purchases: "
            f"{selection.chosen} (ndcg@{selection.k} {selection.ndcg:.3f}) among {len(selection.candidates)} "
            f"candidates", f"    best of each kind: {figures}"]  # fmt: skip


def _walk(stub: Any, consumer_id: str, event: common_pb2.LifeEvent, titles: dict[str, str]) -> list[str]:
    """The top item and its event boost as ``as_of`` moves toward the event day."""
    day = event.date.ToDatetime().replace(tzinfo=None)
    out = [f"    as the {event.type.replace('_', ' ')} approaches:"]
    for before in (60, 21, 3):
        at = _ts(day - timedelta(days=before))
        reply = stub.Recommend(pb.RecommendRequest(consumer_id=consumer_id, n=10, as_of=at), timeout=10)
        boosted = sum(any(r.kind == "event_boost" for r in i.reasons) for i in reply.items)
        top = reply.items[0]
        out.append(f"      {before:>2} days before: {boosted}/10 boosted; top "
                   f"{titles.get(top.product_id, top.product_id)}")  # fmt: skip
    return out
