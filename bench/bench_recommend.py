"""Benchmark: Recommend over gRPC at concurrency 16, beside raw ``model.recommend`` in the same run.

    python -m bench.bench_recommend                          # 100k consumers x 20k products
    python -m bench.bench_recommend --consumers 20000 --products 5000 --seconds 10

Setup: an embedded SecantusDB holds the products and one genome per consumer (with
consents; a third have a life event), because Recommend reads the genome on every
call. The feedback matrix (~20 items per consumer, power-law popularity) is built in
memory and trained with lifecue's ALS defaults (iterations lowered; serving cost does
not depend on them), then installed in the server's recommender. Clients run in a
separate process with 16 threads, so client and server do not share one GIL.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
CATEGORIES = ("grocery", "beauty", "sports", "home", "fashion", "electronics", "toys", "baby_care", "wedding",
              "gifts", "jewelry", "garden")  # fmt: skip
EVENTS = ("wedding", "new_baby", "birthday", "moving_home", "graduation")


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {
        "p50_ms": round(pick(0.50), 3),
        "p99_ms": round(pick(0.99), 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def load(db: Any, consumers: int, products: int, seed: int) -> None:
    """Products and genomes straight into the database (the bench measures serving, not intake)."""
    rng = random.Random(seed)
    docs = [{"_id": f"p{i:06d}", "title": f"item {i}", "category": CATEGORIES[i % len(CATEGORIES)],
             "price": 10.0, "tags": [f"event:{CATEGORIES[i % len(CATEGORIES)]}"] if i % 7 == 0 else [],
             "in_stock": i % 50 != 0} for i in range(products)]  # fmt: skip
    for k in range(0, len(docs), 5000):
        db.products.insert_many(docs[k : k + 5000], ordered=False)
    granted = {"granted": True, "at": AS_OF - timedelta(days=100), "source": "bench"}
    batch = []
    for c in range(consumers):
        events = []
        if c % 3 == 0:
            kind = rng.choice(EVENTS)
            events.append({"event_id": f"e{c}", "type": kind, "recurrence": "one_off", "subject": "self",
                           "relation": None, "date": AS_OF + timedelta(days=rng.randint(1, 60)),
                           "date_precision": "day", "confidence": 0.9, "sensitive": False,
                           "source_post_ids": [], "model_version": "bench", "detected_at": AS_OF})  # fmt: skip
        batch.append({"_id": f"c{c:07d}", "schema_version": 1, "created_at": AS_OF, "updated_at": AS_OF,
                      "consents": {"personalization": granted}, "life_events": events,
                      "purchases": {"value_12m": float(rng.choice((0, 300, 1500, 6000)))}})  # fmt: skip
        if len(batch) == 5000:
            db.genomes.insert_many(batch, ordered=False)
            batch = []
    if batch:
        db.genomes.insert_many(batch, ordered=False)


def matrix(consumers: int, products: int, per_user: int, seed: int) -> csr_matrix:
    """Seeded implicit feedback with Zipf item popularity and a taste cluster per consumer."""
    rng = np.random.default_rng(seed)
    pop = 1.0 / np.arange(1, products + 1) ** 0.9
    pop /= pop.sum()
    rows = np.repeat(np.arange(consumers), per_user)
    cluster = rng.integers(0, 50, size=consumers)
    base = rng.choice(products, size=consumers * per_user, p=pop)
    cols = (base + np.repeat(cluster, per_user) * (products // 50)) % products
    data = rng.integers(1, 9, size=len(rows)).astype(np.float32)
    m = csr_matrix((data, (rows, cols)), shape=(consumers, products))
    m.sum_duplicates()
    return m


def _client(port: int, consumers: int, seconds: float, concurrency: int, out: Any) -> None:
    import grpc

    from lifecue.v1 import recommender_service_pb2 as pb
    from lifecue.v1 import recommender_service_pb2_grpc

    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    as_of = pb.RecommendRequest().as_of
    as_of.FromDatetime(AS_OF)
    stub.Recommend(pb.RecommendRequest(consumer_id="c0000000", n=10, as_of=as_of))  # warm up
    latencies: list[float] = []
    failures = [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        mine, bad = [], 0
        while time.perf_counter() < stop:
            request = pb.RecommendRequest(consumer_id=f"c{rng.randrange(consumers):07d}", n=10, as_of=as_of)
            t0 = time.perf_counter()
            try:
                stub.Recommend(request, timeout=5)
                mine.append(time.perf_counter() - t0)
            except grpc.RpcError:
                bad += 1
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put({"latencies": latencies, "failures": failures[0], "elapsed": time.perf_counter() - started})


def raw_model(user_items: csr_matrix, user_factors: np.ndarray, item_factors: np.ndarray, calls: int) -> dict:
    """implicit's own ``model.recommend`` for single users (what a library call costs)."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(factors=item_factors.shape[1])
        model.user_factors, model.item_factors = user_factors, item_factors
        rng = np.random.default_rng(1)
        users = rng.integers(0, user_items.shape[0], size=calls)
        samples = []
        started = time.perf_counter()
        for u in users:
            t0 = time.perf_counter()
            model.recommend(int(u), user_items[int(u)], N=10)
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    return {"calls_per_s_one_thread": round(calls / elapsed, 1), **_percentiles(samples)}


def main() -> None:
    """Print one JSON line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--consumers", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    from genome_store.embedded import MEMORY, EmbeddedMongo
    from lifecue.config import Settings
    from recommender.als import AlsParams, train
    from recommender.snapshot import Catalog, ModelMeta
    from recommender.training import assemble, products
    from services.app import open_app
    from services.registry import select
    from services.server import start_server

    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_name="bench", state_dir=Path(tmp), log_level="WARNING")
        with open_app(settings, uri=mongo.uri, start_scheduler=False) as app:
            t0 = time.perf_counter()
            load(app.db, args.consumers, args.products, seed=3)
            print(json.dumps({"setup": "database", "consumers": args.consumers, "products": args.products,
                              "seconds": round(time.perf_counter() - t0, 1)}), flush=True)  # fmt: skip
            m = matrix(args.consumers, args.products, args.per_user, seed=3)
            params = AlsParams(iterations=args.iterations)
            factors = train(m, params)
            print(json.dumps({"setup": "train", "nnz": int(m.nnz), "factors": params.factors,
                              "iterations": params.iterations, "seconds": round(factors.train_seconds, 1)}),
                  flush=True)  # fmt: skip
            print(json.dumps({"raw_model_recommend": raw_model(m, factors.user_factors, factors.item_factors, 2000)}),
                  flush=True)  # fmt: skip
            item_ids = np.array([f"p{i:06d}" for i in range(args.products)])
            user_ids = np.array([f"c{c:07d}" for c in range(args.consumers)])
            meta = ModelMeta(
                "bench-1", AS_OF, params.as_strings(), {}, args.consumers, args.products, m.nnz, None, None
            )
            arrays = {"user_ids": user_ids, "item_ids": item_ids, "user_factors": factors.user_factors,
                      "item_factors": factors.item_factors, "purchased_indptr": m.indptr,
                      "purchased_indices": m.indices, "suppressed_indptr": np.zeros(args.consumers + 1, np.int32),
                      "suppressed_indices": np.zeros(0, np.int32)}  # fmt: skip
            counts = dict(
                zip(item_ids.tolist(), np.bincount(m.indices, minlength=args.products).tolist(), strict=True)
            )
            snapshot = assemble(meta, arrays, Catalog.build(products(app.db), counts, {}), {})
        for cached in (False, True):
            settings.recommender.genome_cache = cached
            with open_app(settings, uri=mongo.uri, start_scheduler=False) as app:
                running = start_server(app, select(["recommender"]), host="127.0.0.1", port=0)
                rec = app.components["recommender"]
                rec.install(snapshot)
                warmed = rec._cache.warm() if rec._cache is not None else 0
                queue: Any = mp.get_context("spawn").Queue()
                client = mp.get_context("spawn").Process(
                    target=_client, args=(running.port, args.consumers, args.seconds, args.concurrency, queue)
                )
                client.start()
                result = queue.get()
                client.join()
                running.stop(0)
                lat = result["latencies"]
                print(json.dumps({"grpc_recommend": {"genome_cache": cached, "warmed": warmed,
                                  "concurrency": args.concurrency, "calls": len(lat), "failures": result["failures"],
                                  "calls_per_s": round(len(lat) / result["elapsed"], 1), **_percentiles(lat)}}),
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
