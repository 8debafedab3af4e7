"""Demo step: a data steward works the review queue; held events wait for a person, not the model.

Sensitive events (pregnancy, bereavement) and low-confidence ones were held by IngestPosts.
The steward decides as a person reading the posts would (`JUDGEMENT`): Ben announced his own
news and allowed sensitive inference, so his pregnancy is confirmed and joins his genome (the
recommendations step then shows its boost); Eve's "not getting a dog" is no new pet. The rest
stays in the queue, for the console's Review queue page.
"""

from __future__ import annotations

from lifecue.roles import STEWARD
from lifecue.v1 import life_event_service_pb2 as pb
from lifecue.v1 import life_event_service_pb2_grpc
from services.demo.context import DemoContext

TITLE = "Reviewing held life events (LifeEventService, steward)"

#: what the steward decides for the events held from each demo post (the rest stays waiting)
JUDGEMENT = {
    "p-ben-1": (pb.REVIEW_DECISION_CONFIRM, "confirmed: Ben told it himself and allows sensitive inference"),
    "p-eve-2": (pb.REVIEW_DECISION_REJECT, "rejected: 'not getting a dog' is no new pet"),
}
WAITING = {
    "p-eve-1": "left waiting: Eve did not allow sensitive inference, so confirming it would not be used anyway",
}


def _reasons(item: pb.ReviewItem) -> str:
    names = (
        pb.ReviewReason.Name(r).removeprefix("REVIEW_REASON_").lower().replace("_", " ") for r in item.reasons
    )
    return " and ".join(names)


def run(ctx: DemoContext) -> list[str]:
    """List the queue as a steward, confirm or reject what the steward can judge, leave the rest."""
    stub = life_event_service_pb2_grpc.LifeEventServiceStub(ctx.channel)
    steward = ctx.as_role(STEWARD)
    items = stub.ListReviewItems(pb.ListReviewItemsRequest(page_size=100), metadata=steward, timeout=30).items
    lines = [f"{len(items)} event(s) held for review, none of them used for recommendations yet"]
    for item in items:
        event = item.proposed
        lines.append(f"{item.consumer_id:<8} {event.type:<12} held: {_reasons(item)}, confidence "
                     f"{event.confidence:.2f}; post {item.post_id}: {item.post_text[:48]!r}")  # fmt: skip
        decision, why = JUDGEMENT.get(item.post_id, (None, WAITING.get(item.post_id, "left waiting")))
        if decision is not None:
            done = stub.ResolveReviewItem(
                pb.ResolveReviewItemRequest(item_id=item.item_id, decision=decision),
                metadata=steward,
                timeout=30,
            )
            why += f" (audited as {done.item.resolved_by})"
        lines.append(f"{'':<9}-> {why}")
    left = stub.ListReviewItems(pb.ListReviewItemsRequest(page_size=100), metadata=steward, timeout=30).items
    lines.append(f"{len(left)} still waiting (console: Review queue)")
    return lines
