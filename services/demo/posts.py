"""Demo step: the personas' social posts go through IngestPosts; their life events come back."""

from __future__ import annotations

from datetime import datetime, timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.roles import INGEST, STEWARD
from lifecue.v1 import common_pb2, life_event_service_pb2, life_event_service_pb2_grpc
from services.demo.context import DemoContext

TITLE = "Ingesting consented social posts (LifeEventService)"

# (post id, consumer, days before as_of, text): one story per persona of personas.py
POSTS: tuple[tuple[str, str, int, str], ...] = (
    (
        "p-ana-1",
        "c-ana",
        3,
        "So so excited, my little sister's wedding is in three weeks!! 💍 need a dress asap",
    ),
    (
        "p-ana-2",
        "c-ana",
        1,
        "Maid of honour duties for my sister's big day. Speech writing is harder than it looks",
    ),
    ("p-ben-1", "c-ben", 10, "We're expecting!! Baby due in five months, we could not be happier 👶"),
    ("p-chloe-1", "c-chloe", 1, "Finally got the keys to our new flat yesterday 📦 unpacking forever"),
    ("p-dev-1", "c-dev", 2, "birthday next Saturday, who's in for drinks?"),
    ("p-eve-1", "c-eve", 5, "12 weeks pregnant and finally telling everyone 🤰"),
    ("p-eve-2", "c-eve", 4, "Not getting a dog anytime soon, the cat would never forgive me lol"),
)


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def _event_line(event: common_pb2.LifeEvent) -> str:
    who = "self" if event.subject == common_pb2.SUBJECT_SELF else f"their {event.relation or 'contact'}"
    when = event.date.ToDatetime().date().isoformat() if event.HasField("date") else "date unknown"
    precision = common_pb2.DatePrecision.Name(event.date_precision).lower()
    flag = (", sensitive" if event.sensitive else "") + (", held for review" if event.pending else "")
    return f"{event.type} ({who}) {when} [{precision}] conf {event.confidence:.2f}{flag}"


def run(ctx: DemoContext) -> list[str]:
    """Ingest the posts (and one resend), then list what each persona's genome now knows."""
    stub = life_event_service_pb2_grpc.LifeEventServiceStub(ctx.channel)
    posts = [
        common_pb2.SocialPost(post_id=pid, consumer_id=cid, platform="demo", text=text,
                              posted_at=_ts(ctx.as_of - timedelta(days=days)))
        for pid, cid, days, text in POSTS
    ]  # fmt: skip
    reply = stub.IngestPosts(
        life_event_service_pb2.IngestPostsRequest(posts=[*posts, posts[0]]),
        metadata=ctx.as_role(INGEST),
        timeout=120,
    )
    lines = [f"model {reply.model_version}: {len(posts) + 1} posts sent (the last one a resend)"]
    for result in reply.results:
        status = common_pb2.ItemStatus.Name(result.status)
        found = "; ".join(_event_line(e) for e in result.events) or "no life event"
        lines.append(
            f"{result.post_id:<10} {status:<20} {found if result.status == common_pb2.ACCEPTED else ''}"
        )
    for consumer in ("c-ana", "c-ben", "c-eve"):
        listed = stub.ListLifeEvents(
            life_event_service_pb2.ListLifeEventsRequest(
                consumer_id=consumer, upcoming_within_days=0, as_of=_ts(ctx.as_of), include_sensitive=True
            ),
            metadata=ctx.as_role(STEWARD),
            timeout=30,
        )
        shown = "; ".join(f"{_event_line(e)} from {len(e.source_post_ids)} post(s)" for e in listed.events)
        lines.append(f"{consumer} usable events: {shown or 'none yet (held events wait for a steward)'}")
    ctx.state["life_events_model"] = reply.model_version
    return lines
