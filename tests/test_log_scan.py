"""The logs never carry consumer free text: the demo runs through a real server (and its worker,
which trains and recomputes) with lifecue's own logging at its most verbose, and every captured
line is searched for the text of every post, every product title and every rejected input the
run sent, request ids included; the scan checks it saw call lines (with request ids) and job lines
(with job ids)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from lifecue.v1 import common_pb2, life_event_service_pb2, life_event_service_pb2_grpc
from services.demo import catalog, consents, health, loyalty, posts, recommend
from services.demo.context import DemoContext
from services.logs import configure_logging

AS_OF = datetime(2026, 6, 1, 12, tzinfo=UTC)
# Marked texts the run sends where they must be refused or only classified, never logged.
SECRET_POSTS = (
    "Zanzibar marigold secret: we eloped last weekend, tell nobody",
    "Quokka lantern confession: my mum's funeral is on Friday",
)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every log record of the process, formatted as lifecue formats it (JSON), at DEBUG."""
    root = logging.getLogger()
    saved = (
        root.handlers[:],
        root.level,
        {n: logging.getLogger(n).level for n in logging.root.manager.loggerDict},
    )
    configure_logging("DEBUG", "json")
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    try:
        yield buffer
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)


def _ts(moment: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(moment)
    return ts


def _needles(texts: list[str]) -> set[str]:
    """Each text, and every run of four of its words (a truncated or reworded leak still shows)."""
    found = set()
    for text in texts:
        found.add(text)
        words = text.split()
        found |= {" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3)) if len(words) >= 4}
    return {n for n in found if len(n) >= 12}


def _refused_and_classified(ctx: DemoContext) -> None:
    """Inputs that are refused or only classified: their text must not reach a log line either."""
    stub = life_event_service_pb2_grpc.LifeEventServiceStub(ctx.channel)
    future = ctx.as_of + timedelta(days=30)
    bad = [
        common_pb2.SocialPost(post_id="p-bad-1", consumer_id="c-ana", platform="demo", text=SECRET_POSTS[0],
                              posted_at=_ts(future)),  # a post from the future: INVALID
        common_pb2.SocialPost(post_id="p-bad-2", consumer_id="c-nobody", platform="demo", text=SECRET_POSTS[1],
                              posted_at=_ts(ctx.as_of)),  # no consent: refused
    ]  # fmt: skip
    stub.IngestPosts(life_event_service_pb2.IngestPostsRequest(posts=bad), timeout=60)
    for text in SECRET_POSTS:
        stub.ClassifyText(
            life_event_service_pb2.ClassifyTextRequest(text=text, posted_at=_ts(ctx.as_of)),
            metadata=[("x-request-id", text)],  # prose is no request id: replaced, never logged
            timeout=60,
        )
    reply = stub.IngestPosts(
        life_event_service_pb2.IngestPostsRequest(
            posts=[common_pb2.SocialPost(post_id="", consumer_id="", text=SECRET_POSTS[0] * 400)]
        ),
        timeout=60,
    )
    assert [r.status for r in reply.results] == [common_pb2.INVALID]


@pytest.mark.slow
def test_demo_logs_carry_no_consumer_free_text(serve: Any, app: Any, captured: io.StringIO) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 5, 2
    ctx = DemoContext(channel=serve(), as_of=AS_OF, state={"catalog_shoppers": 40})
    for step in (health, catalog, consents, posts, loyalty, recommend):
        step.run(ctx)
    _refused_and_classified(ctx)
    lines = captured.getvalue().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    # the scan saw the run: access lines of every step's calls, at DEBUG
    methods = {r.get("method") for r in records if r.get("logger") == "lifecue.rpc"}
    assert {"/lifecue.v1.LifeEventService/IngestPosts", "/lifecue.v1.RecommenderService/Recommend",
            "/lifecue.v1.GenomeService/UpsertProducts"} <= methods, sorted(m for m in methods if m)  # fmt: skip
    texts = [text for *_, text in posts.POSTS] + list(SECRET_POSTS)
    titles = [p["title"] for p in ctx.state["products"].values()]
    assert len(titles) > 100
    # and no library chatter: implicit's per-iteration loss lines stay out at every level
    assert not [r for r in records if r.get("logger") == "implicit"]
    # every line of a call carries its request id; every line of a worker job (training included) its job id
    assert all(r.get("request_id") for r in records if r.get("logger") == "lifecue.rpc")
    jobs = {r.get("job_kind") for r in records if r.get("job_id")}
    assert {"retrain", "recompute_tiers"} <= jobs, jobs
    needles = _needles(texts) | set(titles)
    planted = json.dumps({"message": "rpc", "detail": posts.POSTS[2][3][:40]})
    assert _leaks([planted], needles), "the scan must find a truncated post"
    leaks = _leaks(lines, needles)
    assert not leaks, f"consumer free text in the logs: {leaks[:10]}"


def _leaks(lines: list[str], needles: set[str]) -> list[str]:
    # JSON lines escape non-ASCII text (emoji, accents): search their decoded form as well
    decoded = [json.dumps(json.loads(line), ensure_ascii=False) for line in lines if line.startswith("{")]
    lowered = [line.lower() for line in [*lines, *decoded]]
    return sorted({n for n in needles if any(n.lower() in line for line in lowered)})
