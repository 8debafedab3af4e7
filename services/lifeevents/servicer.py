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
from services import metrics
from services.item_results import STATUS, unreadable
from services.lifeevents import convert


class LifeEventServicer(life_event_service_pb2_grpc.LifeEventServiceServicer):
    """Ingests consented posts, classifies text, lists a consumer's events."""

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
        chosen = list_life_events(
            self.db, request.consumer_id, as_of, request.upcoming_within_days, request.include_sensitive
        )
        return pb.ListLifeEventsResponse(
            events=[
                convert.stored_event(e, at if e.get("recurrence") == "recurring" else None)
                for e, at in chosen
            ]
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
