"""Benchmark: Recommend over gRPC at 16 calls in flight, beside a bare gRPC echo in the same run.

    python -m bench.bench_recommend                          # 5k x 5k shop and 100k x 20k
    python -m bench.bench_recommend --quick                  # the 5k x 5k shop only
    python -m bench.bench_recommend --shops 20000x5000 --seconds 10

Per shop (consumers x products, `bench.shop`), all against one embedded SecantusDB with
the shop's model published to the registry:

- ``raw_model``: implicit's ``model.recommend(u, user_items[u], N=10)`` on the same
  factors, one thread: what a library call costs;
- ``in_process``: lifecue's ``Recommender.recommend`` plus the protobuf response, no
  RPC, one thread (genomes from the warmed cache): each consumer's first call, which ranks,
  and repeat calls, which reuse the kept ranking; and the cost of each stage of a ranking call;
- ``echo``: the bare gRPC echo server (`bench.echo`, one process, 32 threads) driven by
  the same client: the ceiling of one Python gRPC process here, measured just before
  each server run with the same number of client connections;
- ``serve``: ``lifecue serve`` itself (a real subprocess, authentication on) with one
  serving process and with ``LIFECUE_SERVER__PROCESSES`` = the usable cores, each driven
  by an asyncio client in another process keeping 16 calls in flight (`bench.loadgen`)
  over one HTTP/2 connection (as a simple probe) and over four (as a pool would), after a
  warm-up pass; and ``fresh_server``: the one-process server measured as soon as it serves,
  while it is still ranking consumers ahead of their calls (`recommender.prewarm`);
- ``no_ranking_cache``: one serving process with ``LIFECUE_RECOMMENDER__RANKING_CACHE=0``,
  so that every call ranks (a consumer's first page view with nothing ranked ahead), one connection;
- a py-spy flame graph of one serving process under that load (``bench/out/recommend_profile.*``);
- ``consent probe``: two serving processes; for each of a set of consumers, Recommend
  through four connections (both processes cache the genome), revoke the consent through
  one, then Recommend through all four again: answers still personalised are stale.

The cost curve is the in-process time of one call against the catalog size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import loadgen, shop
from bench.common import Curve, Figure, Report, machine, percentiles

RECOMMEND = "/lifecue.v1.RecommenderService/Recommend"
OUT = Path(__file__).resolve().parent / "out"
CHANNELS = (1, 4)


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
    """lifecue's work for one call (genome from the cache, ranking, protobuf), no RPC, one thread.

    ``first``: each consumer's first call (the ranking is computed); ``repeat``: the calls after it
    (the ranking is kept, `recommender.ranking_cache`), over the seeded consumer sequence.
    """
    from services.recommender.convert import Responses

    responses = Responses()
    sequence = shop.consumer_sequence(consumers, calls)
    out: dict[str, Any] = {}
    for name, order in (("first", list(dict.fromkeys(sequence))[:calls]), ("repeat", sequence)):
        samples = []
        started = time.perf_counter()
        for u in order:
            t0 = time.perf_counter()
            responses.response(rec.recommend(shop.consumer_id(u), 10, shop.AS_OF)).SerializeToString()
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        out[name] = {
            "calls": len(order),
            "calls_per_s": round(len(order) / elapsed, 1),
            **percentiles(samples),
        }
    return out


def stages(rec: Any, payloads: list[bytes], calls: int) -> dict[str, float]:
    """Microseconds per call in each stage of Recommend, in process, one thread."""
    from genome_store import PERSONALIZATION, is_granted
    from lifecue.v1 import recommender_service_pb2 as pb
    from recommender.events import usable_events
    from recommender.offers import offers_for, tier_of
    from recommender.ranker import rank
    from recommender.serving import Recommendations
    from services.recommender import convert

    o = rec.options
    names = ("parse request", "as_of", "genome (cache)", "consent + events", "rank", "tier + offers",
             "protobuf build", "serialise")  # fmt: skip
    spent = dict.fromkeys(names, 0.0)
    for payload in payloads[:calls]:
        t = [time.perf_counter()]
        request = pb.RecommendRequest.FromString(payload)
        t.append(time.perf_counter())
        when = convert.to_datetime("as_of", request.as_of)
        t.append(time.perf_counter())
        genome = rec.genome(request.consumer_id)
        t.append(time.perf_counter())
        personal = is_granted(genome, PERSONALIZATION)
        events = usable_events(genome, when, o.windows) if personal else []
        t.append(time.perf_counter())
        ranking = rank(rec.snapshot, request.consumer_id, 10, events, personal, True, (), o.boost)
        t.append(time.perf_counter())
        tier = tier_of(genome, *o.tier_thresholds)
        offers = offers_for(tier, events, when, o.rules)
        t.append(time.perf_counter())
        response = convert.response(Recommendations(ranking, offers, tier, events))
        t.append(time.perf_counter())
        response.SerializeToString()
        t.append(time.perf_counter())
        for k, name in enumerate(names):
            spent[name] += t[k + 1] - t[k]
    out = {name: round(v / calls * 1e6, 1) for name, v in spent.items()}
    out["total"] = round(sum(out.values()), 1)
    return out


def echo(payloads: list[bytes], seconds: float, concurrency: int, channels: int) -> dict[str, Any]:
    """The bare echo server (one process, 32 threads) under the same client."""
    from bench.echo import METHOD, start_sync

    server, port = start_sync(32)
    try:
        return loadgen.measure(port, METHOD, payloads, seconds, concurrency=concurrency, channels=channels)
    finally:
        server.stop(0)


def against_echo(
    processes: int, channels: int, got: dict[str, Any], ceiling: dict[str, Any]
) -> dict[str, Any]:
    """One server run beside the echo run measured just before it, with both ratios."""
    return {"processes": processes, "channels": channels, "recommend": got, "echo": ceiling,
            "vs_echo_calls": round(got["calls_per_s"] / ceiling["calls_per_s"], 3),
            "vs_echo_p99": round(got["p99_ms"] / ceiling["p99_ms"], 2), "machine": machine()}  # fmt: skip


class Serve:
    """``lifecue serve --services recommender consent`` as a subprocess on the bench database."""

    def __init__(
        self,
        mongo_uri: str,
        settings: Any,
        processes: int,
        state_dir: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        from genome_store import free_port

        self.port = free_port()
        self.processes = processes
        self.log = state_dir / f"serve-{processes}-{self.port}.log"
        keys = {k: v.get_secret_value() for k, v in settings.auth.keys.items()}
        env = {**os.environ, "MONGODB_URI": mongo_uri, "LIFECUE_DB_NAME": settings.db_name,
               "LIFECUE_STATE_DIR": str(state_dir), "LIFECUE_AUTH__KEYS": json.dumps(keys),
               "LIFECUE_LOG_LEVEL": "INFO", "LIFECUE_LOG_FORMAT": "json",
               "LIFECUE_SERVER__PROCESSES": str(processes), **(extra_env or {})}  # fmt: skip
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "services.cli", "serve", "--port", str(self.port), "--services",
                 "recommender", "consent"], env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        self.pids = self._ready(300)

    def _ready(self, timeout: float) -> list[int]:
        """Wait for the server's 'serving' line; the pids that serve."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"lifecue serve exited:\n{self.log.read_text()[-3000:]}")
            for line in self.log.read_text(errors="replace").splitlines():
                if '"message": "serving"' in line and (self.processes == 1 or '"pids"' in line):
                    pids = re.search(r'"pids": \[([0-9, ]+)\]', line)
                    return [int(p) for p in pids.group(1).split(",")] if pids else [self.proc.pid]
            time.sleep(0.2)
        raise RuntimeError(f"lifecue serve did not start:\n{self.log.read_text()[-3000:]}")

    def __enter__(self) -> Serve:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def consent_probe(port: int, settings: Any, consumers: list[str]) -> dict[str, Any]:
    """Revoke through one connection, then Recommend through four: answers still personalised are stale."""
    import grpc

    from bench.credentials import bearer
    from lifecue.v1 import (
        common_pb2,
        consent_service_pb2,
        consent_service_pb2_grpc,
        recommender_service_pb2_grpc,
    )
    from lifecue.v1 import recommender_service_pb2 as pb
    from services.auth import with_token

    token = bearer(settings)[0][1].removeprefix("Bearer ")
    channels = [with_token(grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.use_local_subchannel_pool", 1)]),
                           token) for _ in range(4)]  # fmt: skip
    recommend = [recommender_service_pb2_grpc.RecommenderServiceStub(c).Recommend for c in channels]
    revoke = consent_service_pb2_grpc.ConsentServiceStub(channels[0]).RevokeConsent
    stale = checked = 0
    try:
        for c in consumers:
            before = [r(pb.RecommendRequest(consumer_id=c, n=5), timeout=10).personalized for r in recommend]
            if not any(before):
                continue
            revoke(consent_service_pb2.RevokeConsentRequest(
                consumer_id=c, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="bench"), timeout=30)  # fmt: skip
            after = [r(pb.RecommendRequest(consumer_id=c, n=5), timeout=10).personalized for r in recommend]
            checked += len(after)
            stale += sum(after)
    finally:
        for ch in channels:
            ch.close()
    return {"revocations": len(consumers), "calls_after": checked, "stale_answers": stale}


def serve_and_measure(
    mongo_uri: str, settings: Any, state_dir: Path, payloads: list[bytes], seconds: float, concurrency: int,
    profile_it: bool,
) -> dict[str, Any]:  # fmt: skip
    """Echo and ``lifecue serve`` (one process, then one per core) over one and four connections."""
    from bench.credentials import bearer
    from bench.profiling import profile, summarise, wait_profiles
    from services.processes import usable_cores

    token = bearer(settings, "commerce")
    out: dict[str, Any] = {"runs": []}
    counts = sorted({1, max(2, usable_cores())})
    for processes in counts:
        with Serve(mongo_uri, settings, processes, state_dir) as server:
            if processes == 1:
                # what an outside probe sees when it starts at once: only the client's own 2 s warm-up,
                # the server still ranking consumers ahead of their calls (recommender.prewarm)
                got = loadgen.measure(server.port, RECOMMEND, payloads, seconds, concurrency=concurrency,
                                      metadata=token)  # fmt: skip
                ceiling = echo(payloads, seconds, concurrency, 1)
                out["fresh_server"] = against_echo(1, 1, got, ceiling)
            # steady state: one pass over every consumer fills each process's genome cache
            loadgen.measure(server.port, RECOMMEND, payloads, seconds, concurrency=concurrency, channels=4,
                            metadata=token)  # fmt: skip
            for channels in CHANNELS:
                # the machine is shared and its load drifts: each run is read against an echo run
                # measured just before it, with the same number of client connections
                ceiling = echo(payloads, seconds, concurrency, channels)
                got = loadgen.measure(server.port, RECOMMEND, payloads, seconds, concurrency=concurrency,
                                      channels=channels, metadata=token)  # fmt: skip
                run = against_echo(processes, channels, got, ceiling)
                out["runs"].append(run)
                print(json.dumps({k: v for k, v in run.items() if k.startswith("vs") or k in ("processes", "channels")}),
                      file=sys.stderr, flush=True)  # fmt: skip
            if profile_it and processes == 1:
                OUT.mkdir(parents=True, exist_ok=True)
                files = profile(server.pids[0], seconds + 2, str(OUT / "recommend_profile"))
                loadgen.measure(server.port, RECOMMEND, payloads, seconds, warmup=1.0, metadata=token)
                wait_profiles()
                if files and Path(files["collapsed"]).exists():
                    out["profile"] = {"files": files, **summarise(Path(files["collapsed"]))}
    # every call ranks afresh: what a consumer's first page view costs (the cache only helps repeats)
    with Serve(mongo_uri, settings, 1, state_dir, {"LIFECUE_RECOMMENDER__RANKING_CACHE": "0"}) as server:
        loadgen.measure(server.port, RECOMMEND, payloads, seconds, concurrency=concurrency, channels=4,
                        metadata=token)  # fmt: skip
        ceiling = echo(payloads, seconds, concurrency, 1)
        got = loadgen.measure(server.port, RECOMMEND, payloads, seconds, concurrency=concurrency, channels=1,
                              metadata=token)  # fmt: skip
        out["no_ranking_cache"] = against_echo(1, 1, got, ceiling)
    return out


def measure_shop(
    consumers: int, products: int, seconds: float, concurrency: int, calls: int, profile_it: bool = True
) -> dict[str, Any]:
    """Every measurement of one shop, as a dict of dicts."""
    from bench.credentials import bench_settings
    from genome_store import MEMORY, EmbeddedMongo
    from recommender.registry import Registry
    from recommender.training import popularity_arrays
    from services.app import open_app
    from services.recommender import recommender_of

    out: dict[str, Any] = {"consumers": consumers, "products": products, "machine": machine()}
    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = bench_settings(Path(tmp))
        model = shop.train_model(consumers, products)
        out["train_s"] = round(model.train_seconds, 1)
        payloads = requests(consumers)
        # in process, nothing ranks ahead: the first calls measure what ranking costs
        quiet = settings.model_copy(
            update={"recommender": settings.recommender.model_copy(update={"prewarm": 0})}
        )
        with open_app(quiet, uri=mongo.uri, worker="none") as app:
            t0 = time.perf_counter()
            shop.load(app.db, consumers, products)
            out["load_s"] = round(time.perf_counter() - t0, 1)
            meta = shop.snapshot(model, products).meta
            Registry(app.db).publish(meta, {**model.arrays, **popularity_arrays(model.counts)}, {})
            rec = recommender_of(app)
            rec.warm_cache()
            out["raw_model"] = raw_model(model, calls)
            out["in_process"] = in_process(rec, consumers, calls)
            out["stages_us"] = stages(rec, payloads, calls)
        out.update(
            serve_and_measure(mongo.uri, settings, Path(tmp), payloads, seconds, concurrency, profile_it)
        )
        with Serve(mongo.uri, settings, 2, Path(tmp)) as server:
            ids = [shop.consumer_id(c) for c in range(0, consumers, max(1, consumers // 20))]
            out["consent_probe"] = consent_probe(server.port, settings, ids)
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
    """The shop's figures, each beside its baseline from the same run."""
    size = f"{r['consumers'] // 1000}k x {r['products'] // 1000}k"
    out = []
    runs = [(f"{run['processes']} proc, {run['channels']} conn", run) for run in r["runs"]]
    if "fresh_server" in r:
        runs.insert(0, ("1 proc, 1 conn, measured as the server starts", r["fresh_server"]))
    if "no_ranking_cache" in r:
        runs.append(("1 proc, 1 conn, no ranking cache", r["no_ranking_cache"]))
    for label, run in runs:
        rec, ceiling = run["recommend"], run["echo"]
        out += [
            Figure(f"Recommend calls/s, {label}", rec["calls_per_s"], "calls/s", "bare gRPC echo (1 process)",
                   ceiling["calls_per_s"], "higher", size, "aim >= 0.6x"),
            Figure(f"Recommend p99, {label}", rec["p99_ms"], "ms", "bare gRPC echo p99", ceiling["p99_ms"], "lower",
                   size, "aim <= 2x"),
        ]  # fmt: skip
    probe = r["consent_probe"]
    out += [
        Figure("in-process recommend, repeat call, one thread", r["in_process"]["repeat"]["calls_per_s"],
               "calls/s", "implicit model.recommend", r["raw_model"]["calls_per_s"], "higher", size),
        Figure("in-process recommend, first call, one thread", r["in_process"]["first"]["calls_per_s"],
               "calls/s", "implicit model.recommend", r["raw_model"]["calls_per_s"], "higher", size),
        Figure("stale answers after a revocation, 2 processes", probe["stale_answers"], "calls",
               "calls after the revocations", probe["calls_after"], "lower", size, "must be 0"),
    ]  # fmt: skip
    return out


def run(quick: bool) -> Report:
    """The harness entry point: the 5k x 5k shop (and 100k x 20k at full size)."""
    shops = [(5000, 5000)] if quick else [(5000, 5000), (100_000, 20_000)]
    report = Report("recommend")
    for k, (consumers, products) in enumerate(shops):
        r = measure_shop(consumers, products, seconds=5.0 if quick else 15.0, concurrency=16, calls=2000,
                         profile_it=k == 0)  # fmt: skip
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
    p.add_argument("--no-profile", action="store_true")
    args = p.parse_args()
    shops = ["5000x5000"] if args.quick else args.shops.split(",")
    seconds = 5.0 if args.quick else args.seconds
    for s in shops:
        consumers, products = (int(x) for x in s.split("x"))
        r = measure_shop(consumers, products, seconds, args.concurrency, args.calls, not args.no_profile)
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
