"""LifeEventService: thin translation between protobuf and `ingest` / the classifier / the genome."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc

from genome_store import life_events
from lifecue.config import LifeEventSettings
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, life_event_service_pb2_grpc
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents.events import PostText
from lifeevents.pipeline import Classifier
from services.lifeevents import convert, ingest, listing

STATUS = {
    ingest.ACCEPTED: common_pb2.ACCEPTED,
    ingest.DUPLICATE: common_pb2.DUPLICATE,
    ingest.INVALID: common_pb2.INVALID,
    ingest.REJECTED_NO_CONSENT: common_pb2.REJECTED_NO_CONSENT,
}


class LifeEventServicer(life_event_service_pb2_grpc.LifeEventServiceServicer):
    """Ingests consented posts, classifies text, lists a consumer's events."""

    def __init__(self, db: Any, classifier: Classifier, settings: LifeEventSettings) -> None:
        self.db = db
        self.classifier = classifier
        self.settings = settings

    def IngestPosts(self, request: pb.IngestPostsRequest, context: grpc.ServicerContext) -> Any:
        """Per post: consent, dedupe, store, classify, merge; one result each, in order."""
        if len(request.posts) > self.settings.max_posts_per_call:
            raise InvalidArgument(
                "posts",
                f"{len(request.posts)} given; send at most {self.settings.max_posts_per_call} per call",
            )
        batch = [_post_input(i, p) for i, p in enumerate(request.posts)]
        outcomes = ingest.ingest(self.db, self.classifier, self.settings, batch, datetime.now(UTC))
        return pb.IngestPostsResponse(
            results=[
                pb.PostResult(
                    post_id=o.post_id,
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
        if not request.text.strip():
            raise InvalidArgument("text", "is empty; send the text to classify")
        if len(request.text) > self.settings.max_text_chars:
            raise InvalidArgument(
                "text", f"longer than {self.settings.max_text_chars} characters; truncate it"
            )
        posted_at = convert.optional_time("posted_at", request, "posted_at", datetime.now(UTC))
        (events,) = self.classifier.classify([PostText(request.text, posted_at)])
        version = self.classifier.version
        return pb.ClassifyTextResponse(
            events=[convert.detected_event(e, version) for e in events], model_version=version
        )

    def ListLifeEvents(self, request: pb.ListLifeEventsRequest, context: grpc.ServicerContext) -> Any:
        """A consumer's events, soonest first, recurring ones at their next occurrence."""
        if not request.consumer_id.strip():
            raise InvalidArgument("consumer_id", "is empty; send the consumer's id")
        if request.upcoming_within_days < 0:
            raise InvalidArgument("upcoming_within_days", "is negative; send 0 for all or a number of days")
        as_of = convert.optional_time("as_of", request, "as_of", datetime.now(UTC))
        events, genome = life_events.get_events(self.db, request.consumer_id)
        chosen = listing.select(
            events, genome, as_of, request.upcoming_within_days, request.include_sensitive
        )
        return pb.ListLifeEventsResponse(
            events=[
                convert.stored_event(e, at if e.get("recurrence") == "recurring" else None)
                for e, at in chosen
            ]
        )


def _post_input(index: int, message: common_pb2.SocialPost) -> ingest.PostInput:
    """The domain form of a post; a malformed timestamp becomes that post's error, not the batch's."""
    posted_at = None
    error = ""
    if message.HasField("posted_at"):
        try:
            posted_at = convert.to_datetime(f"posts[{index}].posted_at", message.posted_at)
        except InvalidArgument as exc:
            error = str(exc)
    return ingest.PostInput(
        post_id=message.post_id,
        consumer_id=message.consumer_id,
        platform=message.platform,
        text=message.text,
        posted_at=posted_at,
        error=error,
    )
