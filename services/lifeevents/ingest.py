"""Ingesting a batch of posts: validate, check consent, dedupe, store, classify, merge.

Plain functions over plain data (no protobuf), so the servicer stays a thin translation.
Every post gets its own outcome; one bad post never fails the batch. Posts without
``social_analysis`` consent are neither stored nor classified.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from genome_store import life_events, posts
from genome_store.purposes import SOCIAL_ANALYSIS, is_granted
from genome_store.schema import GENOMES
from lifecue.config import LifeEventSettings
from lifeevents.events import DetectedEvent, PostText
from lifeevents.pipeline import Classifier
from services.lifeevents.convert import event_record

log = logging.getLogger(__name__)

ACCEPTED, DUPLICATE, INVALID, REJECTED_NO_CONSENT = "ACCEPTED", "DUPLICATE", "INVALID", "REJECTED_NO_CONSENT"
MAX_ID_LENGTH = 128
_FUTURE_SLACK = timedelta(days=1)
_CHUNK = 50  # ids per $in (large $in lists grow superlinearly on SecantusDB)


@dataclass(frozen=True)
class PostInput:
    """A post as a connector sent it (``error`` set when it could not even be read)."""

    post_id: str
    consumer_id: str
    platform: str
    text: str
    posted_at: datetime | None
    error: str = ""


@dataclass
class PostOutcome:
    """What happened to one post, with the stored events it contributed to."""

    post_id: str
    status: str
    error: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)


def validate(post: PostInput, index: int, settings: LifeEventSettings, now: datetime) -> str:
    """The problem with ``post`` as ``field: how to fix``, or "" when it is fine."""
    where = f"posts[{index}]"
    if post.error:
        return post.error
    for name, value in (("post_id", post.post_id), ("consumer_id", post.consumer_id)):
        if not value.strip():
            return f"{where}.{name}: is empty; send the connector's id"
        if len(value) > MAX_ID_LENGTH:
            return f"{where}.{name}: longer than {MAX_ID_LENGTH} characters; shorten it"
    if not post.text.strip():
        return f"{where}.text: is empty; send the post's text"
    if len(post.text) > settings.max_text_chars:
        return f"{where}.text: longer than {settings.max_text_chars} characters; truncate it"
    if post.posted_at is None:
        return f"{where}.posted_at: is missing; send when the post was published"
    if post.posted_at > now + _FUTURE_SLACK:
        return f"{where}.posted_at: lies in the future; send when the post was published"
    return ""


def ingest(
    db: Any, classifier: Classifier, settings: LifeEventSettings, batch: Sequence[PostInput], now: datetime
) -> list[PostOutcome]:
    """Outcomes of ``batch``, in request order."""
    outcomes = [PostOutcome(p.post_id, ACCEPTED) for p in batch]
    candidates: list[int] = []
    seen: set[str] = set()
    for i, post in enumerate(batch):
        problem = validate(post, i, settings, now)
        if problem:
            outcomes[i].status, outcomes[i].error = INVALID, problem
        elif post.post_id in seen:
            outcomes[i].status = DUPLICATE
        else:
            seen.add(post.post_id)
            candidates.append(i)
    consumers = list({batch[i].consumer_id for i in candidates})
    genomes: dict[str, Any] = {}
    for k in range(0, len(consumers), _CHUNK):
        chunk = consumers[k : k + _CHUNK]
        genomes.update((d["_id"], d) for d in db[GENOMES].find({"_id": {"$in": chunk}}, {"consents": 1}))
    allowed = []
    for i in candidates:
        if is_granted(genomes.get(batch[i].consumer_id), SOCIAL_ANALYSIS):
            allowed.append(i)
        else:
            outcomes[i].status = REJECTED_NO_CONSENT
    stored_before = posts.existing_ids(db, (batch[i].post_id for i in allowed))
    fresh = [i for i in allowed if batch[i].post_id not in stored_before]
    for i in allowed:
        if batch[i].post_id in stored_before:
            outcomes[i].status = DUPLICATE
    docs = [_document(batch[i], now, settings.post_retention_days) for i in fresh]
    raced = posts.insert_posts(db, docs)
    for i in fresh:
        if batch[i].post_id in raced:
            outcomes[i].status = DUPLICATE
    accepted = [i for i in fresh if batch[i].post_id not in raced]
    found = _classify(db, classifier, batch, accepted, outcomes)
    _merge(db, classifier.version, batch, found, outcomes, now)
    return outcomes


def _document(post: PostInput, now: datetime, retention_days: int) -> dict[str, Any]:
    assert post.posted_at is not None
    return posts.post_document(
        post.post_id, post.consumer_id, post.platform, post.text, post.posted_at, now, retention_days
    )


def _classify(
    db: Any,
    classifier: Classifier,
    batch: Sequence[PostInput],
    accepted: list[int],
    outcomes: list[PostOutcome],
) -> dict[int, list[DetectedEvent]]:
    """Events per accepted post: one batch, falling back to one by one if the batch fails."""
    texts = [PostText(batch[i].text, batch[i].posted_at or datetime.min) for i in accepted]
    try:
        return dict(zip(accepted, classifier.classify(texts), strict=True))
    except Exception:
        log.exception("batch classification failed; retrying post by post")
    found: dict[int, list[DetectedEvent]] = {}
    for i, text in zip(accepted, texts, strict=True):
        try:
            found[i] = classifier.classify([text])[0]
        except Exception as exc:
            log.exception("classification failed", extra={"post_id": batch[i].post_id})
            posts.delete_posts(db, [batch[i].post_id])
            outcomes[i].status = INVALID
            outcomes[
                i
            ].error = f"posts[{i}].text: could not be classified ({type(exc).__name__}); check the text"
    return found


def _merge(
    db: Any,
    version: str,
    batch: Sequence[PostInput],
    found: dict[int, list[DetectedEvent]],
    outcomes: list[PostOutcome],
    now: datetime,
) -> None:
    """Merge each consumer's new events into their genome in one write."""
    by_consumer: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for i, events in found.items():
        for event in events:
            by_consumer[batch[i].consumer_id].append((i, event_record(event, version, [batch[i].post_id])))
    merged = life_events.merge_many(
        db, {cid: [record for _, record in items] for cid, items in by_consumer.items()}, now
    )
    for consumer_id, items in by_consumer.items():
        for (i, _), stored in zip(items, merged.get(consumer_id, []), strict=False):
            outcomes[i].events.append(stored)
