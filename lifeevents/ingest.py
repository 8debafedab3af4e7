"""The ingest use case: a batch of posts checked, consented, deduplicated, stored, classified, merged.

Plain functions over plain data (`PostInput` in, `genome_store.ItemOutcome` out, one per
post in request order), so the gRPC edge only translates. One bad post never fails the
batch. Posts without ``social_analysis`` consent are neither stored nor classified; a
post already stored is a duplicate; the accepted posts are classified in one batch, the
events that must wait for a steward are held (`lifeevents.holding`), and each consumer's
other new events are merged into their genome in one write.

Storing the new posts and classifying them overlap: the insert runs on a helper thread
while the encoder works (both release the GIL: the database round trip waits on a
socket, torch computes in C++), so the database write costs IngestPosts next to nothing
on top of the encoder. A post that lost an insert race to a concurrent call is then
answered as a duplicate and its classification dropped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from genome_store import (
    ACCEPTED,
    DUPLICATE,
    INVALID,
    REJECTED_NO_CONSENT,
    SOCIAL_ANALYSIS,
    Database,
    ItemOutcome,
    check_batch,
    check_id,
    check_name,
    check_text,
    check_time,
    delete_posts,
    existing_post_ids,
    genomes_fields,
    insert_posts,
    is_granted,
    judge,
    merge_life_events,
    post_document,
)
from lifeevents.events import DetectedEvent, PostText
from lifeevents.holding import hold_for_review
from lifeevents.records import event_record

if TYPE_CHECKING:
    from lifecue.config import LifeEventSettings
    from lifeevents.pipeline import Classifier

log = logging.getLogger(__name__)

EARLIEST_POST = datetime(1900, 1, 1, tzinfo=UTC)
MAX_PLATFORM = 50


@dataclass(frozen=True)
class PostInput:
    """A post as a connector sent it."""

    post_id: str
    consumer_id: str
    platform: str
    text: str
    posted_at: datetime | None


def check_post(post: PostInput, prefix: str, max_text_chars: int, now: datetime) -> PostInput:
    """``post`` with its time as stored, after checks; errors name ``<prefix><field>``."""
    check_id(prefix + "post_id", post.post_id)
    check_id(prefix + "consumer_id", post.consumer_id)
    check_name(prefix + "platform", post.platform, MAX_PLATFORM, required=False)
    check_text(prefix + "text", post.text, max_text_chars)
    return replace(post, posted_at=check_time(prefix + "posted_at", post.posted_at, now, EARLIEST_POST))


def ingest_posts(
    db: Database[Any],
    classifier: Classifier,
    settings: LifeEventSettings,
    batch: Sequence[PostInput | ItemOutcome],
    now: datetime,
) -> list[ItemOutcome]:
    """Outcomes of ``batch``, in request order (an `ItemOutcome` in it was judged by the caller)."""
    check_batch("posts", len(batch), settings.max_posts_per_call, allow_empty=True)
    judged = judge("posts", batch, lambda p, at: check_post(p, at, settings.max_text_chars, now),
                   lambda p: p.post_id)  # fmt: skip
    outcomes: list[ItemOutcome] = [
        o if isinstance(o, ItemOutcome) else ItemOutcome(o.post_id, ACCEPTED) for o in judged
    ]
    posts = {i: p for i, p in enumerate(judged) if isinstance(p, PostInput)}
    seen: set[str] = set()
    for i, post in list(posts.items()):
        if post.post_id in seen:
            outcomes[i] = ItemOutcome(post.post_id, DUPLICATE)
            del posts[i]
        seen.add(post.post_id)
    consents = genomes_fields(db, {p.consumer_id for p in posts.values()}, {"consents": 1})
    for i, post in list(posts.items()):
        if not is_granted(consents.get(post.consumer_id), SOCIAL_ANALYSIS):
            outcomes[i] = ItemOutcome(post.post_id, REJECTED_NO_CONSENT)
            del posts[i]
    stored_before = existing_post_ids(db, (p.post_id for p in posts.values()))
    fresh = {i: p for i, p in posts.items() if p.post_id not in stored_before}
    for i, post in posts.items():
        if i not in fresh:
            outcomes[i] = ItemOutcome(post.post_id, DUPLICATE)
    documents = [_document(p, now, settings.post_retention_days) for p in fresh.values()]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-store") as pool:
        storing = pool.submit(insert_posts, db, documents)
        batch_found = _classify_batch(classifier, fresh)
        raced = storing.result()
    accepted = {i: p for i, p in fresh.items() if p.post_id not in raced}
    for i, post in fresh.items():
        if i not in accepted:
            outcomes[i] = ItemOutcome(post.post_id, DUPLICATE)
    if batch_found is not None:
        found = {i: events for i, events in batch_found.items() if i in accepted}
    else:
        found = _classify_one_by_one(db, classifier, accepted, outcomes)
    acting, held = hold_for_review(db, classifier.version, accepted, found, settings, now)
    events = _merge(db, classifier.version, accepted, acting, now)
    return [
        replace(o, events=(*events.get(i, ()), *held.get(i, ()))) if events.get(i) or held.get(i) else o
        for i, o in enumerate(outcomes)
    ]


def classify_text(
    classifier: Classifier, text: str, posted_at: datetime, max_text_chars: int
) -> list[DetectedEvent]:
    """What ClassifyText answers: the events of one text, nothing stored."""
    check_text("text", text, max_text_chars)
    (events,) = classifier.classify([PostText(text, posted_at)])
    return events


def _document(post: PostInput, now: datetime, retention_days: int) -> dict[str, Any]:
    assert post.posted_at is not None  # checked
    return post_document(
        post.post_id, post.consumer_id, post.platform, post.text, post.posted_at, now, retention_days
    )


def _texts(posts: dict[int, PostInput]) -> list[PostText]:
    return [PostText(p.text, p.posted_at or datetime.min) for p in posts.values()]


def _classify_batch(
    classifier: Classifier, posts: dict[int, PostInput]
) -> dict[int, list[DetectedEvent]] | None:
    """Events per post, pending ones included, in one batch (the encoder's own batches); None when it failed."""
    if not posts:
        return {}
    try:
        return dict(zip(posts, classifier.classify(_texts(posts), with_pending=True), strict=True))
    except Exception:
        log.exception("batch classification failed; retrying post by post")
        return None


def _classify_one_by_one(
    db: Database[Any], classifier: Classifier, accepted: dict[int, PostInput], outcomes: list[ItemOutcome]
) -> dict[int, list[DetectedEvent]]:
    """After a failed batch: each post alone; a post that still fails is deleted and answered INVALID."""
    found: dict[int, list[DetectedEvent]] = {}
    for (i, post), text in zip(accepted.items(), _texts(accepted), strict=True):
        try:
            found[i] = classifier.classify([text], with_pending=True)[0]
        except Exception as exc:
            log.exception("classification failed", extra={"post_id": post.post_id})
            delete_posts(db, [post.post_id])
            error = f"posts[{i}].text: could not be classified ({type(exc).__name__}); check the text"
            outcomes[i] = ItemOutcome(post.post_id, INVALID, error)
    return found


def _merge(
    db: Database[Any],
    version: str,
    accepted: dict[int, PostInput],
    found: dict[int, list[DetectedEvent]],
    now: datetime,
) -> dict[int, list[dict[str, Any]]]:
    """Merge each consumer's new events into their genome in one write; the stored events per post."""
    by_consumer: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for i, events in found.items():
        post = accepted[i]
        for event in events:
            by_consumer[post.consumer_id].append((i, event_record(event, version, [post.post_id])))
    merged = merge_life_events(
        db, {cid: [record for _, record in items] for cid, items in by_consumer.items()}, now
    )
    per_post: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for consumer_id, items in by_consumer.items():
        for (i, _), stored in zip(items, merged.get(consumer_id, []), strict=False):
            per_post[i].append(stored)
    return per_post
