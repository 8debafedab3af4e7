"""Benchmark: Recommend over gRPC at concurrency 16, beside raw ``model.recommend`` in the same run.

    python -m bench.bench_recommend                          # 100k consumers x 20k products
    python -m bench.bench_recommend --consumers 20000 --products 5000 --seconds 10
    python -m bench.bench_recommend --workers 4,8,16,32      # server thread pool sizes

Setup: an embedded SecantusDB holds the products and one genome per consumer (with
consents; a third have a life event). The feedback matrix (~20 items per consumer,
power-law popularity) is built in memory and trained with lifecue's ALS defaults
(iterations lowered; serving cost does not depend on them), then installed in the
server's recommender.

Measured, one JSON line each, over one seeded sequence of consumers:

- ``machine``: CPU count and load average at the start (and ``machine_end`` at the end),
  so a reader can judge how much other work shared the cores;
- ``raw_model_recommend``: implicit's ``model.recommend(u, user_items[u], N=10)`` on the
  same factors, one thread, one call after another;
- ``in_process_recommend``: lifecue's ``Recommender.recommend`` plus the protobuf
  response, no RPC, one thread (what a call costs before gRPC);
- ``grpc_recommend``: a client in a separate process (its own GIL) keeps 16 calls in
  flight with gRPC futures: one callback thread, no client worker threads competing
  with the server; two seconds of warm-up are not counted. Failed calls are counted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from genome_store import load_documents

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
    granted = {"granted": True, "at": AS_OF - timedelta(days=100), "source": "bench"}
    load_documents(db, products=docs, genomes=_genomes(consumers, granted, rng), now=AS_OF)


def _genomes(consumers: int, granted: dict[str, Any], rng: random.Random) -> Iterator[dict[str, Any]]:
    for c in range(consumers):
        events = []
        if c % 3 == 0:
            kind = rng.choice(EVENTS)
            events.append({"event_id": f"e{c}", "type": kind, "recurrence": "one_off", "subject": "self",
                           "relation": None, "date": AS_OF + timedelta(days=rng.randint(1, 60)),
                           "date_precision": "day", "confidence": 0.9, "sensitive": False,
                           "source_post_ids": [], "model_version": "bench", "detected_at": AS_OF})  # fmt: skip
        yield {"_id": f"c{c:07d}", "consents": {"personalization": granted}, "life_events": events,
               "purchases": {"value_12m": float(rng.choice((0, 300, 1500, 6000)))}}  # fmt: skip


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


def consumer_sequence(consumers: int, length: int, seed: int = 7) -> list[int]:
    """The consumers every measurement asks for, in order (the same for raw and gRPC)."""
    rng = random.Random(seed)
    return [rng.randrange(consumers) for _ in range(length)]


def _client(
    port: int, consumers: int, seconds: float, warmup: float, concurrency: int, out: Any, token: str
) -> None:
    """Closed loop: ``concurrency`` calls in flight; each completion starts the next call."""
    import grpc

    from lifecue.v1 import recommender_service_pb2 as pb
    from lifecue.v1 import recommender_service_pb2_grpc
    from services.auth import with_token

    channel = with_token(grpc.insecure_channel(f"127.0.0.1:{port}"), token)
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    as_of = pb.RecommendRequest().as_of
    as_of.FromDatetime(AS_OF)
    requests = [pb.RecommendRequest(consumer_id=f"c{c:07d}", n=10, as_of=as_of)
                for c in consumer_sequence(consumers, 50_000)]  # fmt: skip
    stub.Recommend(requests[0], timeout=30)  # connect
    latencies: list[float] = []
    failures = [0, 0]  # counted, warm-up
    errors: dict[str, int] = {}
    lock = threading.Lock()
    done = threading.Semaphore(0)
    counter = iter(range(10**12))
    begin = time.perf_counter()
    measure_from = begin + warmup
    stop = measure_from + seconds

    def issue() -> None:
        t0 = time.perf_counter()
        if t0 >= stop:
            done.release()
            return
        call = stub.Recommend.future(requests[next(counter) % len(requests)], timeout=5)
        call.add_done_callback(lambda f: finish(f, t0))

    def finish(call: Any, t0: float) -> None:
        elapsed = time.perf_counter() - t0
        ok = call.code() == grpc.StatusCode.OK
        if t0 >= measure_from:
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures[0] += 1
                    errors[call.code().name] = errors.get(call.code().name, 0) + 1
        elif not ok:
            failures[1] += 1
        issue()

    for _ in range(concurrency):
        issue()
    for _ in range(concurrency):
        done.acquire()
    elapsed = time.perf_counter() - measure_from
    channel.close()
    out.put({"latencies": latencies, "failures": failures[0], "warmup_failures": failures[1],
             "errors": errors, "elapsed": elapsed})  # fmt: skip


def raw_model(user_items: csr_matrix, user_factors: np.ndarray, item_factors: np.ndarray, calls: int) -> dict:
    """implicit's own ``model.recommend`` for single users (what a library call costs)."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(factors=item_factors.shape[1])
        model.user_factors, model.item_factors = user_factors, item_factors
        samples = []
        started = time.perf_counter()
        for u in consumer_sequence(user_items.shape[0], calls):
            t0 = time.perf_counter()
            model.recommend(u, user_items[u], N=10)
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    return {"calls": calls, "calls_per_s_one_thread": round(calls / elapsed, 1), **_percentiles(samples)}


def in_process(rec: Any, consumers: int, calls: int) -> dict:
    """lifecue's own work for one call (genome from the warmed cache, ranking, protobuf), no RPC."""
    from services.recommender.convert import response

    samples = []
    started = time.perf_counter()
    for u in consumer_sequence(consumers, calls):
        t0 = time.perf_counter()
        response(rec.recommend(f"c{u:07d}", 10, AS_OF)).SerializeToString()
        samples.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    return {"calls": calls, "calls_per_s_one_thread": round(calls / elapsed, 1), **_percentiles(samples)}


def machine() -> dict:
    """CPUs this process may use and the load average (1, 5, 15 minutes)."""
    return {"cpus": len(os.sched_getaffinity(0)), "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    """Print one JSON line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--consumers", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--calls", type=int, default=3000, help="calls of the one-thread measurements")
    parser.add_argument(
        "--workers", default="", help="server max_workers to try, e.g. 4,8,16 (default: settings)"
    )
    parser.add_argument("--no-uncached", action="store_true", help="skip the GENOME_CACHE=false run")
    args = parser.parse_args()
    print(json.dumps({"machine": machine()}), flush=True)

    from genome_store import MEMORY, EmbeddedMongo, catalog_products
    from lifecue.config import AuthSettings, Settings
    from recommender.als import AlsParams, train
    from recommender.snapshot import Catalog, ModelMeta
    from recommender.training import assemble
    from services.app import open_app
    from services.auth import TokenSigner
    from services.registry import select
    from services.server import start_server

    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_name="bench", state_dir=Path(tmp), log_level="WARNING",
                            auth=AuthSettings(keys={"bench": secrets.token_hex(32)}))  # fmt: skip
        token = TokenSigner(settings, embedded=False).token("commerce", "bench", timedelta(hours=6))
        with open_app(settings, uri=mongo.uri) as app:
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
            print(json.dumps({"raw_model_recommend": raw_model(m, factors.user_factors, factors.item_factors,
                                                               args.calls)}), flush=True)  # fmt: skip
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
            snapshot = assemble(meta, arrays, Catalog.build(catalog_products(app.db), counts, {}), {})
        workers = [int(w) for w in args.workers.split(",") if w] or [settings.server.max_workers]
        runs = [(True, w) for w in workers] + ([] if args.no_uncached else [(False, workers[0])])
        for cached, max_workers in runs:
            settings.recommender.genome_cache = cached
            settings.server.max_workers = max_workers
            with open_app(settings, uri=mongo.uri) as app:
                running = start_server(app, select(["recommender"]), host="127.0.0.1", port=0)
                rec = app.components["recommender"]
                rec.install(snapshot)
                warmed = rec._cache.warm() if rec._cache is not None else 0
                if cached and max_workers == workers[0]:
                    print(json.dumps({"in_process_recommend": in_process(rec, args.consumers, args.calls)}),
                          flush=True)  # fmt: skip
                queue: Any = mp.get_context("spawn").Queue()
                client = mp.get_context("spawn").Process(
                    target=_client,
                    args=(
                        running.port,
                        args.consumers,
                        args.seconds,
                        args.warmup,
                        args.concurrency,
                        queue,
                        token,
                    ),
                )
                client.start()
                result = queue.get()
                client.join()
                running.stop(0)
                lat = result["latencies"]
                print(json.dumps({"grpc_recommend": {
                    "genome_cache": cached, "warmed": warmed, "max_workers": max_workers,
                    "concurrency": args.concurrency, "calls": len(lat), "failures": result["failures"],
                    "errors": result["errors"], "calls_per_s": round(len(lat) / result["elapsed"], 1),
                    **_percentiles(lat)}}), flush=True)  # fmt: skip
    print(json.dumps({"machine_end": machine()}), flush=True)


if __name__ == "__main__":
    main()
