"""Benchmark: Recommend over gRPC at 16 calls in flight, beside a bare gRPC echo in the same run.

    python -m bench.bench_recommend                          # 5k x 5k shop and 100k x 20k
    python -m bench.bench_recommend --quick                  # the 5k x 5k shop only
    python -m bench.bench_recommend --shops 20000x5000 --seconds 10

Per shop (consumers x products, `bench.shop`), all against one embedded SecantusDB:

- ``raw_model``: implicit's ``model.recommend(u, user_items[u], N=10)`` on the same
  factors, one thread: what a library call costs;
- ``in_process``: lifecue's ``Recommender.recommend`` plus the protobuf response, no
  RPC, one thread (genomes from the warmed cache): what a call costs before gRPC;
- ``echo``: the bare gRPC echo server (`bench.echo`, same thread pool size) driven by
  the same client: the ceiling of Python gRPC here;
- ``recommend``: lifecue's server as ``lifecue serve`` builds it, driven by an asyncio
  client in another process keeping 16 calls in flight (`bench.loadgen`).

The cost curve is the in-process time of one call against the catalog size.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import loadgen, shop
from bench.common import Curve, Figure, Report, machine, percentiles

RECOMMEND = "/lifecue.v1.RecommenderService/Recommend"


def requests(consumers: int, length: int = 20_000) -> list[bytes]:
    """Serialised RecommendRequests over the seeded consumer sequence."""
    from lifecue.v1 import recommender_service_pb2 as pb

    as_of = pb.RecommendRequest().as_of
    as_of.FromDatetime(shop.AS_OF)
    return [pb.RecommendRequest(consumer_id=shop.consumer_id(c), n=10, as_of=as_of).SerializeToString()
            for c in shop.consumer_sequence(consumers, length)]  # fmt: skip


def raw_model(model: shop.Model, calls: int) -> dict[str, Any]:
    """implicit's own ``model.recommend`` for single users (what a library call costs)."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    m = model.matrix
    with threadpool_limits(1, "blas"):
        als = AlternatingLeastSquares(factors=model.arrays["item_factors"].shape[1])
        als.user_factors, als.item_factors = model.arrays["user_factors"], model.arrays["item_factors"]
        samples = []
        started = time.perf_counter()
        for u in shop.consumer_sequence(m.shape[0], calls):
            t0 = time.perf_counter()
            als.recommend(u, m[u], N=10)
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    return {"calls": calls, "calls_per_s": round(calls / elapsed, 1), **percentiles(samples)}


def in_process(rec: Any, consumers: int, calls: int) -> dict[str, Any]:
    """lifecue's work for one call (genome from the cache, ranking, protobuf), no RPC, one thread."""
    from services.recommender.convert import response

    samples = []
    started = time.perf_counter()
    for u in shop.consumer_sequence(consumers, calls):
        t0 = time.perf_counter()
        response(rec.recommend(shop.consumer_id(u), 10, shop.AS_OF)).SerializeToString()
        samples.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    return {"calls": calls, "calls_per_s": round(calls / elapsed, 1), **percentiles(samples)}


def echo(max_workers: int, payloads: list[bytes], seconds: float, concurrency: int) -> dict[str, Any]:
    """The bare echo server under the same client."""
    from bench.echo import METHOD, start_sync

    server, port = start_sync(max_workers)
    try:
        return loadgen.measure(port, METHOD, payloads, seconds, concurrency=concurrency)
    finally:
        server.stop(0)


def serve_and_measure(
    mongo_uri: str, settings: Any, snap: Any, payloads: list[bytes], seconds: float, concurrency: int,
    calls: int,
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """lifecue's Recommend server over ``snap``: in-process figures, then the outside probe."""
    from bench.credentials import bearer
    from services.app import open_app
    from services.registry import select
    from services.server import start_server

    consumers = len(snap.user_index)
    with open_app(settings, uri=mongo_uri, worker="none") as app:
        running = start_server(app, select(["recommender"]), host="127.0.0.1", port=0)
        try:
            rec = app.components["recommender"]
            rec.install(snap)
            if rec._cache is not None:
                rec._cache.warm()
            inproc = in_process(rec, consumers, calls)
            grpc_ = loadgen.measure(
                running.port,
                RECOMMEND,
                payloads,
                seconds,
                concurrency=concurrency,
                metadata=bearer(settings, "commerce"),
            )
        finally:
            running.stop(0)
    return inproc, grpc_


def measure_shop(
    consumers: int, products: int, seconds: float, concurrency: int, calls: int
) -> dict[str, Any]:
    """Every measurement of one shop, as a dict of dicts."""
    from bench.credentials import bench_settings
    from genome_store import MEMORY, EmbeddedMongo
    from services.app import open_app

    out: dict[str, Any] = {"consumers": consumers, "products": products, "machine": machine()}
    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = bench_settings(Path(tmp))
        t0 = time.perf_counter()
        with open_app(settings, uri=mongo.uri, worker="none") as app:
            shop.load(app.db, consumers, products)
        out["load_s"] = round(time.perf_counter() - t0, 1)
        model = shop.train_model(consumers, products)
        out["train_s"] = round(model.train_seconds, 1)
        snap = shop.snapshot(model, products)
        payloads = requests(consumers)
        out["raw_model"] = raw_model(model, calls)
        out["echo"] = echo(settings.server.max_workers, payloads, seconds, concurrency)
        out["in_process"], out["recommend"] = serve_and_measure(
            mongo.uri, settings, snap, payloads, seconds, concurrency, calls
        )
        out["echo_again"] = echo(settings.server.max_workers, payloads, seconds, concurrency)
    out["machine_end"] = machine()
    return out


def catalog_curve(sizes: list[int], consumers: int = 5000, calls: int = 2000) -> Curve:
    """Mean ms of ranking + protobuf for one call (no database) against the number of products."""
    from recommender.events import usable_events
    from recommender.ranker import rank
    from recommender.serving import Recommendations
    from services.recommender.convert import response

    values = []
    for products in sizes:
        snap = shop.snapshot(shop.train_model(consumers, products, iterations=1), products)
        seq = shop.consumer_sequence(consumers, calls)
        genome = shop.genome_docs(0, 1, seed=3)[0]
        events = usable_events(genome, shop.AS_OF, {})
        t0 = time.perf_counter()
        for u in seq:
            ranking = rank(snap, shop.consumer_id(u), 10, events, True)
            response(Recommendations(ranking, [], "none", events)).SerializeToString()
        values.append(round((time.perf_counter() - t0) / calls * 1000, 4))
    return Curve("rank + protobuf per call (no DB)", "products", [float(s) for s in sizes], values, "ms")


def figures(r: dict[str, Any]) -> list[Figure]:
    """The shop's figures, each beside its baseline."""
    size = f"{r['consumers'] // 1000}k x {r['products'] // 1000}k"
    echo_rate = max(r["echo"]["calls_per_s"], r["echo_again"]["calls_per_s"])
    echo_p99 = min(r["echo"]["p99_ms"], r["echo_again"]["p99_ms"])
    rec = r["recommend"]
    return [
        Figure("Recommend calls/s (16 in flight)", rec["calls_per_s"], "calls/s", "bare gRPC echo", echo_rate,
               "higher", size, "aim >= 0.6x"),
        Figure("Recommend p99", rec["p99_ms"], "ms", "bare gRPC echo p99", echo_p99, "lower", size,
               "aim <= 2x"),
        Figure("Recommend p50", rec["p50_ms"], "ms", "bare gRPC echo p50", min(r["echo"]["p50_ms"],
               r["echo_again"]["p50_ms"]), "lower", size),
        Figure("in-process recommend, one thread", r["in_process"]["calls_per_s"], "calls/s",
               "implicit model.recommend", r["raw_model"]["calls_per_s"], "higher", size),
    ]  # fmt: skip


def run(quick: bool) -> Report:
    """The harness entry point: the 5k x 5k shop (and 100k x 20k at full size)."""
    shops = [(5000, 5000)] if quick else [(5000, 5000), (100_000, 20_000)]
    report = Report("recommend")
    for consumers, products in shops:
        r = measure_shop(consumers, products, seconds=5.0 if quick else 15.0, concurrency=16, calls=2000)
        report.details[f"{consumers}x{products}"] = r
        report.add(*figures(r))
    report.curves.append(catalog_curve([1000, 5000, 20000] if quick else [1000, 5000, 20000, 80000]))
    return report


def main() -> None:
    """Print one JSON line per shop."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shops", default="5000x5000,100000x20000", help="consumers x products, comma-separated")
    p.add_argument("--quick", action="store_true", help="only 5000x5000, 5 s per measurement")
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--calls", type=int, default=2000, help="calls of the one-thread measurements")
    args = p.parse_args()
    shops = ["5000x5000"] if args.quick else args.shops.split(",")
    seconds = 5.0 if args.quick else args.seconds
    for s in shops:
        consumers, products = (int(x) for x in s.split("x"))
        print(
            json.dumps(measure_shop(consumers, products, seconds, args.concurrency, args.calls)), flush=True
        )


if __name__ == "__main__":
    main()
