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


def main() -> None:
    """Print posts/s of the plain encoder, the shipped encoder and the whole classifier."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from lifeevents.dataset import DATA_DIR, TEST_FILE, load_posts
    from lifeevents.encoder import Encoder
    from lifeevents.events import PostText
    from lifeevents.pipeline import Classifier

    posts = load_posts(DATA_DIR / TEST_FILE)[: args.posts]
    texts = [p.text for p in posts]
    plain, classifier = Encoder(), Classifier()
    shipped = classifier.encoder
    assert shipped is not None
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, run in (
            ("plain_encoder", lambda: plain.encode(texts)),
            ("shipped_encoder", lambda: shipped.encode(texts)),
            ("classifier", lambda: classifier.classify([PostText(p.text, p.posted_at) for p in posts])),
        ):
            start = time.perf_counter()
            run()
            rate = len(texts) / (time.perf_counter() - start)
            best[name] = max(best.get(name, 0.0), rate)
    print(json.dumps({
        "posts": len(texts), "model": classifier.version, "posts_per_s": {k: round(v, 1) for k, v in best.items()},
        "shipped_vs_plain_encoder": round(best["shipped_encoder"] / best["plain_encoder"], 3),
        "classifier_vs_plain_encoder": round(best["classifier"] / best["plain_encoder"], 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))  # fmt: skip


if __name__ == "__main__":
    main()
