"""Benchmark: tier recompute time and peak memory against consumers, beside an in-memory baseline.

Each measurement runs in a fresh child process on a fresh embedded SecantusDB (or
``--uri``), so peak RSS (``ru_maxrss``) belongs to that one phase. The baseline is the
naive recompute a first version would write: every purchase pulled into a Python dict
(memory grows with the data), then one ``update_one`` per consumer with the tier only
(no segments, no history). The streaming recompute should stay flat in memory as
consumers grow. The ``ceiling`` phase is the database's own floor for a first night: the
same standings written with the same bulk writes, nothing read and nothing computed.

    python -m bench.bench_tiers                       # 2,000 / 8,000 / 32,000 consumers
    python -m bench.bench_tiers --sizes 1000000       # the 1M target (hours on SecantusDB)
    python -m bench.bench_tiers --profile 4000        # where the time goes (cProfile + CPU split)

Each recompute also reports the CPU seconds of this process and of the database server
during the run, beside the wall time: on one machine they tell whether lifecue's Python
or the database's writes hold the clock. ``--profile`` writes the cProfile listing of one
recompute to ``bench/out/tiers_profile.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import Curve, Figure, Report, RssPeak, machine
from genome_store import (
    MEMORY,
    EmbeddedMongo,
    StandingWrite,
    connect,
    load_documents,
    open_store,
    patient,
    write_standings,
)
from loyalty import LoyaltyPolicy, Recompute, Thresholds

OUT = Path(__file__).resolve().parent / "out"

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
CATEGORIES = ("baby_care", "garden", "kitchen", "fashion", "toys", None)


def load(db: Any, consumers: int, per_consumer: float, seed: int) -> int:
    """Seeded purchases over five years: 1..2x``per_consumer`` per consumer, log-normal amounts."""
    rng = random.Random(seed)

    def purchases() -> Iterator[dict[str, Any]]:
        total = 0
        for c in range(consumers):
            for _ in range(rng.randint(1, int(2 * per_consumer) - 1)):
                yield {"_id": f"p{total}", "consumer_id": f"c{c:08d}", "product_id": f"x{rng.randrange(500)}",
                       "quantity": 1, "amount": round(rng.lognormvariate(4.0, 1.0), 2), "currency": "EUR",
                       "category": rng.choice(CATEGORIES),
                       "purchased_at": AS_OF - timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))}  # fmt: skip
                total += 1

    # RecordPurchases creates a genome per buyer; so does the bench, so recompute takes its usual path
    genomes = ({"_id": f"c{c:08d}"} for c in range(consumers))
    return load_documents(db, purchases=purchases(), genomes=genomes, now=AS_OF)["purchases"]


def naive(db: Any) -> int:
    """The baseline: every purchase held in a Python dict, then one ``update_one`` per consumer."""
    since = AS_OF - timedelta(days=365)
    per: dict[str, list[Any]] = defaultdict(list)
    for p in db.purchases.find({}, {"consumer_id": 1, "amount": 1, "purchased_at": 1, "category": 1}):
        per[p["consumer_id"]].append(p)
    rules = Thresholds(250, 1000, 5000)
    for consumer, bought in per.items():
        value = sum(p["amount"] for p in bought if since < p["purchased_at"] <= AS_OF)
        db.genomes.update_one(
            {"_id": consumer}, {"$set": {"loyalty.tier": rules.earned(value), "loyalty.value_12m": value}}
        )
    return len(per)


def ceiling(db: Any, consumers: int, batch: int = 1000) -> int:
    """The database's own floor: every consumer's standing written as the recompute writes it
    (`genome_store.write_standings`, same fields, same batches), with nothing read or computed."""
    loyalty = {"tier": "gold", "since": AS_OF, "grace_until": None, "assessed_period": "2025",
               "value_12m": 1234.5, "next_tier": "platinum", "next_tier_gap": 3765.5, "category_tiers": {}}  # fmt: skip
    history = [{"from": "none", "to": "gold", "at": AS_OF, "reason": "earned"}]
    for start in range(0, consumers, batch):
        write_standings(db, [StandingWrite(f"c{c:08d}", loyalty, "r3f2m1t4", "steady", history)
                             for c in range(start, min(start + batch, consumers))], AS_OF)  # fmt: skip
    return consumers


def memory_for(consumers: int) -> str:
    """The in-memory database's size: it holds everything, and a full one refuses writes
    ("internal server error") or drops its connections. 1M consumers with 4M purchases fill
    ~8 GiB before the recompute's grouping adds its own: 2 GiB per 125,000 consumers, at least 1."""
    return f"{max(1, -(-consumers // 62_500))}G"


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def server_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of this process (or of ``pid``, read from /proc)."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one(args: argparse.Namespace) -> dict[str, Any]:
    """Load ``--one`` consumers and measure one phase (child process)."""
    with ExitStack() as stack:
        server = None
        uri = args.uri
        if not uri:
            server = stack.enter_context(EmbeddedMongo(MEMORY, cache_size=memory_for(args.one)))
            uri = server.uri
        name = f"bench_tiers_{args.one}_{args.phase}"
        with closing(connect(uri, name)) as stale:
            stale.drop()
        store = stack.enter_context(closing(open_store(uri, name)))
        db = store.db
        batch_db = stack.enter_context(closing(patient(store, 3600))).db  # as the worker reads (services.app)
        t0 = time.perf_counter()
        purchases = load(db, args.one, args.per_consumer, args.seed)
        load_s = time.perf_counter() - t0
        print(json.dumps({"loaded": args.one, "purchases": purchases, "load_s": round(load_s, 1)}), file=sys.stderr,
              flush=True)  # fmt: skip
        db_pid = server._proc.pid if server is not None and server._proc is not None else None
        cpu0, db0 = cpu_seconds(), cpu_seconds(db_pid) if db_pid else 0.0
        sampler = RssPeak().__enter__()  # the recompute's own peak, not the loading's
        t0 = time.perf_counter()
        rerun_s = None
        if args.phase == "recompute":
            job = Recompute(batch_db, LoyaltyPolicy(Thresholds(250, 1000, 5000)))
            profiler = cProfile.Profile() if args.profile else None
            if profiler is not None:
                profiler.enable()
            done = job.run(AS_OF).consumers
            seconds = time.perf_counter() - t0
            sampler.__exit__()
            print(json.dumps({"recomputed": done, "seconds": round(seconds, 1)}), file=sys.stderr, flush=True)
            if profiler is not None:
                profiler.disable()
                listing = io.StringIO()
                pstats.Stats(profiler, stream=listing).sort_stats("cumulative").print_stats(40)
                OUT.mkdir(parents=True, exist_ok=True)
                (OUT / "tiers_profile.txt").write_text(listing.getvalue())
            cpu_client = cpu_seconds() - cpu0
            cpu_db = (cpu_seconds(db_pid) - db0) if db_pid else None
            # the next night: few values move, so few consumers are written
            rerun_s = round(job.run(AS_OF + timedelta(days=1)).seconds, 1)
        else:
            done = naive(db) if args.phase == "naive" else ceiling(db, args.one)
            seconds = time.perf_counter() - t0
            sampler.__exit__()
            cpu_client = cpu_seconds() - cpu0
            cpu_db = (cpu_seconds(db_pid) - db0) if db_pid else None
        out = {
            "phase": args.phase, "consumers": args.one, "purchases": purchases, "load_s": round(load_s, 1),
            "seconds": round(seconds, 1), "consumers_per_s": round(done / seconds),
            "peak_rss_mib": round(rss_mib(), 1), "peak_growth_mib": sampler.growth,
            "next_night_s": rerun_s, "cpu_client_s": round(cpu_client, 1),
            "cpu_db_s": None if cpu_db is None else round(cpu_db, 1), "machine": machine(),
        }  # fmt: skip
        if server is not None and server._proc is not None:
            out["db_server_peak_mib"] = round(server_peak_mib(server._proc.pid), 1)
        print(json.dumps(out), file=sys.stderr, flush=True)  # kept even if the clean-up below fails
        if server is None:  # a MongoDB of the caller's: leave it as found (an own in-memory one just stops)
            with closing(patient(store, 3600)) as cleaner:
                cleaner.drop()
        return out


def child(size: int, phase: str, per_consumer: float = 4.0, seed: int = 7, uri: str = "", profile: bool = False,
          ) -> dict[str, Any]:  # fmt: skip
    """One phase at one size in a fresh interpreter."""
    cmd = [sys.executable, "-m", "bench.bench_tiers", "--one", str(size), "--phase", phase,
           "--per-consumer", str(per_consumer), "--seed", str(seed), "--uri", uri]  # fmt: skip
    if profile:
        cmd = [sys.executable, "-m", "bench.bench_tiers", "--profile", str(size), "--seed", str(seed)]
    proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return dict(json.loads(proc.stdout.splitlines()[-1]))


def run(quick: bool) -> Report:
    """The harness entry point: recompute and the naive baseline at three sizes, then a profile."""
    sizes = [1000, 2000, 4000] if quick else [2000, 8000, 32000]
    report = Report("tiers")
    rows = []
    for size in sizes:
        ours, naive_, floor = child(size, "recompute"), child(size, "naive"), child(size, "ceiling")
        rows.append((ours, naive_, floor))
        label = f"{size // 1000}k consumers"
        report.add(
            Figure("tier recompute", ours["seconds"], "s", "naive dict + update_one", naive_["seconds"], "lower",
                   label, f"{ours['consumers_per_s']} consumers/s (aim 1,000)"),
            Figure("tier recompute", ours["seconds"], "s", "the database writing the same standings, nothing read",
                   floor["seconds"], "lower", label, f"database alone: {floor['consumers_per_s']} consumers/s"),
            Figure("tier recompute peak RSS growth", ours["peak_growth_mib"], "MiB", "naive dict + update_one",
                   naive_["peak_growth_mib"], "lower", label),
            Figure("tier recompute: database CPU", ours["cpu_db_s"] or 0.0, "s", "lifecue process CPU",
                   ours["cpu_client_s"], "lower", label),
        )  # fmt: skip
    prof = child(sizes[1], "recompute", profile=True)
    report.details = {"rows": rows, "profile": {**prof, "listing": str(OUT / "tiers_profile.txt")}}
    report.curves += [
        Curve("tier recompute", "consumers", [float(s) for s in sizes], [r[0]["seconds"] for r in rows]),
        Curve("naive recompute", "consumers", [float(s) for s in sizes], [r[1]["seconds"] for r in rows]),
        Curve("tier recompute peak RSS", "consumers", [float(s) for s in sizes],
              [r[0]["peak_rss_mib"] for r in rows], "MiB"),
    ]  # fmt: skip
    return report


def main() -> int:
    """Run every size and phase in child processes and print a table plus JSON lines."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="2000,8000,32000", help="comma-separated consumer counts")
    p.add_argument("--per-consumer", type=float, default=4.0, help="mean purchases per consumer")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--uri", default="", help="MongoDB to use instead of a fresh embedded SecantusDB")
    p.add_argument("--skip-baseline", action="store_true", help="only the streaming recompute")
    p.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--phase", default="recompute", help=argparse.SUPPRESS)
    p.add_argument("--profile", type=int, default=0, help="profile one recompute of this many consumers")
    args = p.parse_args()
    if args.profile:
        args.one, args.phase = args.profile, "recompute"
    if args.one:
        print(json.dumps(one(args)))
        return 0
    phases = ["recompute"] if args.skip_baseline else ["recompute", "naive", "ceiling"]
    print(f"{'phase':<10} {'consumers':>9} {'purchases':>9} {'seconds':>8} {'cons/s':>7} {'peak RSS':>9} "
          f"{'growth':>7} {'db peak':>8} {'next night':>10}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        for phase in phases:
            r = child(size, phase, args.per_consumer, args.seed, args.uri)
            print(f"{r['phase']:<10} {r['consumers']:>9} {r['purchases']:>9} {r['seconds']:>8} "
                  f"{r['consumers_per_s']:>7} {r['peak_rss_mib']:>8}M {r['peak_growth_mib']:>6}M "
                  f"{r.get('db_server_peak_mib', '-'):>7}M {r['next_night_s'] or '-':>10}", flush=True)  # fmt: skip
            print(json.dumps(r), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
