"""LifeEventService: thin translation between protobuf and `lifeevents` (ingest, classifier, listing)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc

from genome_store import Database, ItemOutcome
from lifecue.config import LifeEventSettings
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, life_event_service_pb2_grpc
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents.ingest import PostInput, classify_text, ingest_posts
from lifeevents.listing import list_life_events
from lifeevents.pipeline import Classifier
from lifeevents.review import list_review_items, resolve_review
from services import metrics
from services.identity import actor_of
from services.item_results import STATUS, unreadable
from services.lifeevents import convert


class LifeEventServicer(life_event_service_pb2_grpc.LifeEventServiceServicer):
    """Ingests consented posts, classifies text, lists a consumer's events, works the review queue."""

    def __init__(self, db: Database[Any], classifier: Classifier, settings: LifeEventSettings) -> None:
        self.db = db
        self.classifier = classifier
        self.settings = settings

    def IngestPosts(self, request: pb.IngestPostsRequest, context: grpc.ServicerContext) -> Any:
        """Per post: consent, dedupe, store, classify, merge; one result each, in order."""
        batch = [_post_input(i, p) for i, p in enumerate(request.posts)]
        outcomes = ingest_posts(self.db, self.classifier, self.settings, batch, datetime.now(UTC))
        metrics.observe_ingest((o.status.upper() for o in outcomes),
                               (str(e.get("type", "")) for o in outcomes for e in o.events))  # fmt: skip
        return pb.IngestPostsResponse(
            results=[
                pb.PostResult(
                    post_id=o.id,
                    status=STATUS[o.status],
                    error=o.error,
                    events=[convert.stored_event(e) for e in o.events],
                )
                for o in outcomes
            ],
            model_version=self.classifier.version,
        )

    def ClassifyText(self, request: pb.ClassifyTextRequest, context: grpc.ServicerContext) -> Any:
        """Events in one text; nothing is stored."""
        posted_at = convert.optional_time("posted_at", request, "posted_at", datetime.now(UTC))
        events = classify_text(self.classifier, request.text, posted_at, self.settings.max_text_chars)
        version = self.classifier.version
        return pb.ClassifyTextResponse(
            events=[convert.detected_event(e, version) for e in events], model_version=version
        )

    def ListLifeEvents(self, request: pb.ListLifeEventsRequest, context: grpc.ServicerContext) -> Any:
        """A consumer's events, soonest first, recurring ones at their next occurrence."""
        as_of = convert.optional_time("as_of", request, "as_of", datetime.now(UTC))
        chosen = list_life_events(self.db, request.consumer_id, as_of, request.upcoming_within_days,
                                  request.include_sensitive, request.include_pending)  # fmt: skip
        return pb.ListLifeEventsResponse(
            events=[
                convert.stored_event(e, at if e.get("recurrence") == "recurring" else None)
                for e, at in chosen
            ]
        )

    def ListReviewItems(self, request: pb.ListReviewItemsRequest, context: grpc.ServicerContext) -> Any:
        """Pending events held for a steward, oldest first, with their evidence."""
        page = list_review_items(
            self.db,
            event_type=request.event_type,
            reason=convert.reason_name(request.reason),
            consumer_id=request.consumer_id,
            page_size=request.page_size or self.settings.review_page_size,
            page_token=request.page_token,
        )
        return pb.ListReviewItemsResponse(
            items=[convert.review_item(i) for i in page.items], next_page_token=page.next_page_token
        )

    def ResolveReviewItem(self, request: pb.ResolveReviewItemRequest, context: grpc.ServicerContext) -> Any:
        """Confirm, correct or reject one item, audited with the verified caller."""
        done = resolve_review(self.db, request.item_id, convert.resolution(request), actor=actor_of(context),
                              labelled_days=self.settings.reviewed_retention_days)  # fmt: skip
        return pb.ResolveReviewItemResponse(
            item=convert.review_item(done.item),
            changed=done.changed,
            event=convert.stored_event(done.event) if done.event is not None else None,
        )


def _post_input(index: int, message: common_pb2.SocialPost) -> PostInput | ItemOutcome:
    """The domain form of a post; a malformed timestamp becomes that post's outcome, not the batch's."""
    posted_at = None
    if message.HasField("posted_at"):
        try:
            posted_at = convert.to_datetime(f"posts[{index}].posted_at", message.posted_at)
        except InvalidArgument as exc:
            return unreadable(message.post_id, exc)
    return PostInput(
        post_id=message.post_id,
        consumer_id=message.consumer_id,
        platform=message.platform,
        text=message.text,
        posted_at=posted_at,
    )
