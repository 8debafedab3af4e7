"""Benchmark: where Recommend's time goes, and what each candidate fix buys, on one 5k x 5k shop.

    python -m bench.bench_recommend_fixes            # every variant, 8 s each
    python -m bench.bench_recommend_fixes --quick    # 5 s each

One embedded SecantusDB and one published model serve every variant (`bench.recommend_server`),
each driven by the same asyncio client at 16 calls in flight (`bench.loadgen`), and each
read against the bare gRPC echo measured in the same run. Then:

- a py-spy profile of the shipped server under that load (GIL holder only), written to
  ``bench/out/recommend_flame.svg`` and ``recommend_stacks.txt``, summarised as the share
  of samples inside each part of the call;
- the in-process cost of each stage of one call (parse, genome, events, ranking, offers,
  protobuf), and micro-costs of the candidate fixes: the metrics and log check per call,
  a shared-memory generation check, scoring 200 precomputed candidates instead of the
  whole catalog;
- a consent probe: with two processes, a revocation through process A, then at once a
  Recommend through process B; counts answers still personalised (stale), with the
  change-stream cache as shipped and with shared-memory generations.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench import loadgen, shop
from bench.bench_recommend import RECOMMEND, requests
from bench.common import Figure, Report, machine
from bench.recommend_server import Servers, Variant, profile, wait_profiles

OUT = Path(__file__).resolve().parent / "out"

VARIANTS = (
    Variant("shipped (sync, 32 threads, interceptor)"),
    Variant("no interceptor (no metrics/log check)", interceptor=False),
    Variant("sync, 4 threads", max_workers=4),
    Variant("sync, 8 threads, gc.freeze", max_workers=8, gc_freeze=True),
    Variant("gc.freeze after warm-up", gc_freeze=True),
    Variant("grpc.aio server", aio=True),
    Variant("grpc.aio + gc.freeze", aio=True, gc_freeze=True),
    Variant("2 processes SO_REUSEPORT, 4 conns", processes=2, channels=4),
    Variant("2 procs + shared-memory generations", processes=2, channels=4, shared_generations=True),
    Variant("2 procs aio + shm gens + gc.freeze", processes=2, channels=4, aio=True, shared_generations=True,
            gc_freeze=True),
    Variant("shipped, 4 client conns", channels=4),
)  # fmt: skip

# Parts of a call, matched against py-spy frames "function (file:line)"; a sample counts for
# every part its stack passes through (inclusive), so shares overlap by design.
PARTS = (
    ("whole handler (interceptor wrapper)", "wrapped (services/interceptors.py"),
    ("servicer Recommend", "Recommend (services/recommender/servicer.py"),
    ("Recommender.recommend (domain)", "recommend (recommender/serving.py"),
    ("rank (ALS score, boost, masks, top-n)", "rank (recommender/ranker.py"),
    ("  top-n (argpartition, ties)", "top (recommender/ranker.py"),
    ("  reasons", "_reasons (recommender/ranker.py"),
    ("genome cache get", "get (recommender/genome_cache.py"),
    ("usable_events", "usable_events (recommender/events.py"),
    ("offers_for + tier", "offers_for (recommender/offers.py"),
    ("protobuf response building", "response (services/recommender/convert.py"),
    ("as_of timestamp conversion", "to_datetime (services/timestamps.py"),
    ("prometheus metrics", "prometheus_client"),
    ("logging", "logging/__init__.py"),
    ("request parse / response serialise", "grpc/_common.py"),
)


def summarise(collapsed: Path, top_leaves: int = 12) -> dict[str, Any]:
    """Share of GIL samples inside each part of a call, and the busiest leaf frames."""
    total = 0
    parts: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    handler = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        leaves[frames[-1]] += n
        if any("services/interceptors.py" in f or "services/recommender/servicer.py" in f for f in frames):
            handler += n
        for name, pattern in PARTS:
            if any(pattern in f for f in frames):
                parts[name] += n
    share = {name: round(parts[name] / total, 3) for name, _ in PARTS} if total else {}
    share["gRPC machinery outside the handler"] = round((total - handler) / total, 3) if total else 0.0
    ranked = dict(sorted(share.items(), key=lambda kv: -kv[1]))
    return {"samples": total, "share_of_gil_time": ranked,
            "busiest_leaves": {k: round(v / total, 3) for k, v in leaves.most_common(top_leaves)}}  # fmt: skip


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
        genome = rec._cache.get(request.consumer_id)
        t.append(time.perf_counter())
        personal = is_granted(genome, PERSONALIZATION)
        events = usable_events(genome, when, o.windows) if personal else []
        t.append(time.perf_counter())
        ranking = rank(rec.snapshot, request.consumer_id, 10, events, personal, True, (), o.boost_weight)
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


def micro(rec: Any, loops: int = 20000) -> dict[str, float]:
    """Microseconds of single candidate-fix operations."""
    import logging

    from bench.shared_generations import SharedGenerations
    from services.interceptors import RPC_SECONDS, RPC_TOTAL
    from services.recommender.convert import response

    def per(fn: Any) -> float:
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        return round((time.perf_counter() - t0) / loops * 1e6, 3)

    seconds = RPC_SECONDS.labels("bench")
    total = RPC_TOTAL.labels("bench", "OK")
    log = logging.getLogger("lifecue.rpc")
    table = SharedGenerations(f"lcbench{uuid.uuid4().hex[:8]}", create=True)
    snap = rec.snapshot
    user = snap.user_factors[0]
    rng = np.random.default_rng(1)
    candidates = np.sort(rng.choice(len(snap.catalog.item_ids), size=200, replace=False))
    result = rec.recommend("c0000003", 10, shop.AS_OF)  # has a life event: boosted items carry two reasons
    try:
        return {
            "protobuf build, keyword constructors (shipped)": per(lambda: response(result)),
            "protobuf build, add() and field sets": per(lambda: response_by_add(result)),
            "metrics observe + inc": per(lambda: (seconds.observe(0.001), total.inc())),
            "log.isEnabledFor(DEBUG)": per(lambda: log.isEnabledFor(logging.DEBUG)),
            "shared-memory generation read": per(lambda: table.get("c0001234")),
            "shared-memory generation bump": per(lambda: table.bump("c0001234")),
            "ALS scores, whole catalog": per(lambda: snap.item_factors @ user),
            "ALS scores, 200 precomputed candidates": per(lambda: snap.item_factors[candidates] @ user),
        }
    finally:
        table.close()


def response_by_add(result: Any) -> Any:
    """Prototype: the Recommend response built with ``add()`` and field sets, not keyword constructors."""
    from lifecue.v1 import recommender_service_pb2 as pb
    from services.recommender import convert

    out = pb.RecommendResponse(model_version=result.ranking.model_version, personalized=result.ranking.personalized,
                               tier=convert.TIERS.get(result.tier, 0))  # fmt: skip
    for item in result.ranking.items:
        rec = out.items.add()
        rec.product_id = item.product_id
        rec.score = item.score
        for r in item.reasons:
            reason = rec.reasons.add()
            reason.kind, reason.weight, reason.text = r.kind, r.weight, r.text
            if r.event_type:
                reason.event_type, reason.relation, reason.days_until = (
                    r.event_type,
                    r.relation or "",
                    r.days_until,
                )
                reason.subject = convert.SUBJECTS.get(r.subject, 0)
    out.offers.extend(convert.offer(o) for o in result.offers)
    return out


def consent_probe(settings: Any, uri: str, shared: bool, consumers: list[str]) -> dict[str, Any]:
    """Two processes; revoke through A, then at once Recommend through B: count stale answers."""
    import grpc

    from bench.shared_generations import SharedGenerations
    from lifecue.v1 import (
        common_pb2,
        consent_service_pb2,
        consent_service_pb2_grpc,
        recommender_service_pb2_grpc,
    )
    from lifecue.v1 import recommender_service_pb2 as pb

    name = f"lcprobe{uuid.uuid4().hex[:8]}"
    table = SharedGenerations(name, create=True) if shared else None
    stale = checked = 0
    gaps = []
    variant = Variant("probe", processes=2, shared_generations=shared)
    try:
        with Servers(variant, settings, uri, shm=name) as servers:
            from bench.credentials import bearer
            from services.auth import with_token

            token = bearer(settings)[0][1].removeprefix("Bearer ")
            a, b = (with_token(grpc.insecure_channel(f"127.0.0.1:{p}"), token) for p in servers.private_ports)
            revoke = consent_service_pb2_grpc.ConsentServiceStub(a).RevokeConsent
            recommend = recommender_service_pb2_grpc.RecommenderServiceStub(b).Recommend
            for c in consumers:
                before = recommend(pb.RecommendRequest(consumer_id=c, n=5), timeout=10)
                if not before.personalized:
                    continue
                revoke(consent_service_pb2.RevokeConsentRequest(
                    consumer_id=c, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="bench"), timeout=30)  # fmt: skip
                t0 = time.perf_counter()
                after = recommend(pb.RecommendRequest(consumer_id=c, n=5), timeout=10)
                gaps.append(time.perf_counter() - t0)
                checked += 1
                stale += int(after.personalized)
            a.close()
            b.close()
    finally:
        if table is not None:
            table.close()
    return {"shared_generations": shared, "revocations": checked, "stale_answers": stale,
            "next_call_ms": round(float(np.mean(gaps)) * 1000, 2) if gaps else None}  # fmt: skip


def run_variants(quick: bool, consumers: int = 5000, products: int = 5000) -> dict[str, Any]:
    """Every measurement of this module, as a dict."""
    from bench.credentials import bearer, bench_settings
    from genome_store import MEMORY, EmbeddedMongo
    from recommender.registry import Registry
    from services.app import open_app
    from services.recommender import recommender_of

    seconds = 5.0 if quick else 8.0
    OUT.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"consumers": consumers, "products": products, "seconds": seconds,
                           "machine": machine(), "variants": {}}  # fmt: skip
    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = bench_settings(Path(tmp))
        token = bearer(settings, "commerce")
        model = shop.train_model(consumers, products)
        with open_app(settings, uri=mongo.uri, worker="none") as app:
            shop.load(app.db, consumers, products)
            snap = shop.snapshot(model, products)
            registry = Registry(app.db)
            registry.publish(snap.meta, model.arrays, {})
            rec = recommender_of(app)
            rec.install(snap)
            rec._cache.warm()
            payloads = requests(consumers)
            out["stages_us"] = stages(rec, payloads, 3000)
            out["micro_us"] = micro(rec)
        from bench.echo import METHOD, start_aio, start_sync

        server, port = start_sync(32)
        out["echo"] = loadgen.measure(port, METHOD, payloads, seconds)
        server.stop(0)
        aio = start_aio()
        out["echo_aio"] = loadgen.measure(aio.port, METHOD, payloads, seconds)
        aio.stop()
        from bench.shared_generations import SharedGenerations

        for v in VARIANTS:
            # the machine is shared and its load drifts: each variant is read against an echo run
            # measured just before it, with the same number of client connections
            server, port = start_sync(32)
            echo = loadgen.measure(port, METHOD, payloads, seconds, channels=v.channels)
            server.stop(0)
            table = SharedGenerations(f"lcbench{uuid.uuid4().hex[:8]}", create=True)  # children attach to it
            try:
                with Servers(v, settings, mongo.uri, shm=table.name) as servers:
                    result = loadgen.measure(
                        servers.port, RECOMMEND, payloads, seconds, channels=v.channels, metadata=token
                    )
            finally:
                table.close()
            result["echo_before"] = {k: echo[k] for k in ("calls_per_s", "p50_ms", "p99_ms")}
            result["vs_echo_calls"] = round(result["calls_per_s"] / echo["calls_per_s"], 3)
            result["vs_echo_p99"] = round(result["p99_ms"] / echo["p99_ms"], 2)
            out["variants"][v.name] = {**result, "machine": machine()}
            print(json.dumps({v.name: result}), flush=True)
        with Servers(VARIANTS[0], settings, mongo.uri) as servers:
            files = profile(servers.pids[0], seconds + 2, str(OUT / "recommend_profile"))
            loadgen.measure(servers.port, RECOMMEND, payloads, seconds, warmup=1.0, metadata=token)
            wait_profiles()
        if files and Path(files["collapsed"]).exists():
            out["profile"] = {"files": files, **summarise(Path(files["collapsed"]))}
        ids = [shop.consumer_id(c) for c in range(0, consumers, max(1, consumers // (40 if quick else 100)))]
        half = len(ids) // 2
        out["consent_probe"] = [consent_probe(settings, mongo.uri, False, ids[:half]),
                                consent_probe(settings, mongo.uri, True, ids[half:])]  # fmt: skip
    out["machine_end"] = machine()
    return out


def run(quick: bool) -> Report:
    """The harness entry point."""
    r = run_variants(quick)
    report = Report("recommend_fixes", details=r)
    echo = r["echo"]
    for name, v in r["variants"].items():
        e = v["echo_before"]
        report.add(
            Figure(f"{name}: calls/s", v["calls_per_s"], "calls/s", "echo run just before", e["calls_per_s"],
                   "higher", "5k x 5k"),
            Figure(f"{name}: p99", v["p99_ms"], "ms", "echo run just before, p99", e["p99_ms"], "lower",
                   "5k x 5k"),
        )  # fmt: skip
    report.add(
        Figure("echo on grpc.aio: calls/s", r["echo_aio"]["calls_per_s"], "calls/s", "bare gRPC echo (sync)",
               echo["calls_per_s"], "higher", "ceiling"),
        Figure("in-process stages, total", r["stages_us"]["total"], "us/call", "", None, "lower", "5k x 5k"),
    )  # fmt: skip
    for probe in r["consent_probe"]:
        label = "shared-memory generations" if probe["shared_generations"] else "change stream (shipped)"
        report.add(Figure(f"stale answers after revoke, {label}", probe["stale_answers"], "calls",
                          "revocations probed", probe["revocations"], "lower", "2 processes"))  # fmt: skip
    return report


def main() -> None:
    """Print the whole result as JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    print(json.dumps(run_variants(args.quick), indent=1))


if __name__ == "__main__":
    main()
