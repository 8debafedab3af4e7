"""Benchmark: posts per second through IngestPosts over gRPC, beside the raw encoder in the same run.

    python -m bench.bench_ingest                      # 2,000 posts in calls of 200
    python -m bench.bench_ingest --posts 500 --batch 100

The raw rate is ``Encoder.encode`` alone on the same texts (the floor of any transformer
pipeline). IngestPosts adds what a real ingest does: validation, the consent lookup,
dedupe, storing the posts, spaCy cues, the head, date resolution and the genome merge,
all against an embedded SecantusDB. Posts are the held-out test split, repeated with
fresh ids, spread over 200 consenting consumers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def main() -> None:
    """Run both measurements and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=200, help="posts per IngestPosts call")
    parser.add_argument("--consumers", type=int, default=200)
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating raw/ingest rounds; the best of each counts"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import grpc
    from google.protobuf.timestamp_pb2 import Timestamp

    from genome_store import MEMORY, EmbeddedMongo, load_documents
    from lifecue.config import AuthSettings, Settings
    from lifecue.v1 import common_pb2, life_event_service_pb2, life_event_service_pb2_grpc
    from lifeevents.dataset import DATA_DIR, TEST_FILE, load_posts
    from services.app import open_app
    from services.auth import TokenSigner, with_token
    from services.lifeevents import classifier_of
    from services.registry import select
    from services.server import start_server

    source = load_posts(DATA_DIR / TEST_FILE)
    texts = [source[i % len(source)] for i in range(args.posts)]
    now = datetime.now(UTC)
    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_name="bench", state_dir=Path(tmp), log_level="WARNING",
                            auth=AuthSettings(keys={"bench": secrets.token_hex(32)}))  # fmt: skip
        with open_app(settings, uri=mongo.uri) as app:
            granted = {"granted": True, "at": now, "source": "bench"}
            load_documents(
                app.db,
                genomes=[
                    {"_id": f"c{c:04d}", "consents": {"social_analysis": granted}}
                    for c in range(args.consumers)
                ],
                now=now,
            )
            classifier = classifier_of(app)
            encoder = classifier.encoder
            assert encoder is not None
            encoder.encode([p.text for p in texts[:64]])  # warm-up
            running = start_server(app, select(["lifeevents"]), host="127.0.0.1", port=0)
            raw_seconds = ingest_seconds = float("inf")
            accepted = events = 0
            token = TokenSigner(settings, embedded=False).token("ingest", "bench", timedelta(hours=1))
            with grpc.insecure_channel(f"127.0.0.1:{running.port}") as plain:
                stub = life_event_service_pb2_grpc.LifeEventServiceStub(with_token(plain, token))
                for round_ in range(args.rounds):  # alternate, keep the best: the machine is shared
                    t0 = time.perf_counter()
                    encoder.encode([p.text for p in texts], batch_size=settings.lifeevents.batch_size)
                    raw_seconds = min(raw_seconds, time.perf_counter() - t0)
                    posts = []
                    for i, p in enumerate(texts):
                        ts = Timestamp()
                        ts.FromDatetime(p.posted_at)
                        posts.append(common_pb2.SocialPost(
                            post_id=f"b{round_}-{i:07d}", consumer_id=f"c{i % args.consumers:04d}",
                            platform="bench", text=p.text, posted_at=ts))  # fmt: skip
                    accepted = events = 0
                    t0 = time.perf_counter()
                    for k in range(0, len(posts), args.batch):
                        reply = stub.IngestPosts(
                            life_event_service_pb2.IngestPostsRequest(posts=posts[k : k + args.batch]),
                            timeout=600,
                        )
                        accepted += sum(r.status == common_pb2.ACCEPTED for r in reply.results)
                        events += sum(len(r.events) for r in reply.results)
                    ingest_seconds = min(ingest_seconds, time.perf_counter() - t0)
            running.stop(0)
    raw_rate = args.posts / raw_seconds
    ingest_rate = args.posts / ingest_seconds
    print(
        json.dumps(
            {
                "posts": args.posts,
                "batch": args.batch,
                "rounds": args.rounds,
                "accepted": accepted,
                "events": events,
                "raw_encoder_posts_per_s": round(raw_rate, 1),
                "ingest_posts_per_s": round(ingest_rate, 1),
                "ratio": round(ingest_rate / raw_rate, 3),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
