"""Classifier throughput (cues + fine-tuned encoder + head + subjects + dates) beside the plain encoder.

The fine-tuned model merges its low-rank deltas into MiniLM at load, so its encoder pass costs
what the plain one costs; this prints both, measured in alternating rounds of the same run, with
the load average (timings on a shared machine are noisy: read the ratio, not the absolute).

    .venv/bin/python -m bench.bench_classifier [--posts 600] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any


def measure(posts_wanted: int, rounds: int) -> dict[str, Any]:
    """Best posts/s of the plain encoder, the shipped encoder and the whole classifier over ``rounds``."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.raw_encoder import RawEncoder
    from lifeevents.dataset import DATA_DIR, TEST_FILE, load_posts
    from lifeevents.events import PostText
    from lifeevents.pipeline import Classifier

    posts = load_posts(DATA_DIR / TEST_FILE)[:posts_wanted]
    texts = [p.text for p in posts]
    plain, classifier = RawEncoder(), Classifier()
    shipped = classifier.encoder
    assert shipped is not None
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, run in (
            ("plain_encoder", lambda: plain.encode(texts)),
            ("shipped_encoder", lambda: shipped.encode(texts)),
            ("classifier", lambda: classifier.classify([PostText(p.text, p.posted_at) for p in posts])),
        ):
            start = time.perf_counter()
            run()
            rate = len(texts) / (time.perf_counter() - start)
            best[name] = max(best.get(name, 0.0), rate)
    return {
        "posts": len(texts), "model": classifier.version, "posts_per_s": {k: round(v, 1) for k, v in best.items()},
        "shipped_vs_plain_encoder": round(best["shipped_encoder"] / best["plain_encoder"], 3),
        "classifier_vs_plain_encoder": round(best["classifier"] / best["plain_encoder"], 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }  # fmt: skip


def run(quick: bool) -> Any:
    """For the benchmark harness (``python -m bench``): the classifier and its encoder beside the plain one."""
    from bench.common import Figure, Report

    found = measure(200 if quick else 600, 2)
    rates = found["posts_per_s"]
    report = Report(bench="classifier", details=found)
    size = f"{found['posts']} held-out posts"
    report.add(
        Figure("shipped encoder", rates["shipped_encoder"], "posts/s", "plain MiniLM encoder",
               rates["plain_encoder"], "higher", size),
        Figure("whole classifier", rates["classifier"], "posts/s", "plain MiniLM encoder",
               rates["plain_encoder"], "higher", size),
    )  # fmt: skip
    return report


def main() -> None:
    """Print posts/s of the plain encoder, the shipped encoder and the whole classifier."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(measure(args.posts, args.rounds)))


if __name__ == "__main__":
    main()
