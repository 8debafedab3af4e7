"""Benchmark: full retrain and incremental refresh, time and peak memory, beside a bare implicit fit.

    python -m bench.bench_training --quick          # 100k / 300k / 1M interactions
    python -m bench.bench_training                  # 1M / 3M / 10M interactions
    python -m bench.bench_training --sizes 200000 --phases db

Each phase runs in a fresh child process, so its peak RSS (``ru_maxrss``) is its own:

- ``fit``: lifecue's training of feedback rows as `genome_store.interactions.feedback_rows`
  yields them (``recommender.training.fit``: matrix with kind weights and time decay, BM25,
  ALS with lifecue's defaults, learned lift), beside ``implicit`` fitting the same-shaped
  matrix with the same factors and iterations, built straight in numpy. The aim is 1.5x.
- ``db``: the whole retrain from the embedded database (read every interaction and genome,
  fit, publish), then an incremental refresh of 1,000 users with new feedback, beside
  implicit's ``recalculate_user`` for the same 1,000 rows.

Rows: ``users = interactions / 20``, items ``interactions / 200`` (5k..50k), power-law items
(`bench.synthetic`), kinds VIEW/CLICK/ADD_TO_CART/PURCHASE over the last year.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from bench.common import Curve, Figure, Report, RssPeak, machine, peak_rss_mib
from bench.synthetic import feedback_matrix

NOW = datetime(2026, 6, 1, tzinfo=UTC)
KINDS = ("VIEW", "VIEW", "VIEW", "CLICK", "CLICK", "ADD_TO_CART", "PURCHASE")


def shape(interactions: int) -> tuple[int, int]:
    """Users and items for a number of interactions."""
    return max(interactions // 20, 100), min(max(interactions // 200, 5000), 50_000)


def rows_of(m: Any, seed: int = 9) -> Iterator[tuple[Any, ...]]:
    """``feedback_rows``-shaped tuples for every stored pair of ``m``, as a stream (ids and times shared)."""
    rng = np.random.default_rng(seed)
    users = [f"c{u:08d}" for u in range(m.shape[0])]
    items = [f"p{i:06d}" for i in range(m.shape[1])]
    days = [NOW - timedelta(days=d, hours=d % 24) for d in range(365)]
    kinds = rng.integers(0, len(KINDS), size=m.nnz)
    ages = rng.integers(0, 365, size=m.nnz)
    row_of = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    for u, i, k, a in zip(row_of.tolist(), m.indices.tolist(), kinds.tolist(), ages.tolist(), strict=True):
        yield ("interaction", users[u], items[i], KINDS[k], days[a])


def training_data() -> Any:
    """lifecue's default training settings, as the recommender service builds them."""
    from lifecue.config import Settings
    from recommender.training import TrainingData
    from services.recommender import options

    o = options(Settings())
    return TrainingData(o.params, o.kind_weights, o.purchase_weight, o.half_life_days, o.windows)


def bare_implicit(m: Any, params: Any) -> float:
    """Seconds of implicit's own fit of ``m`` with the same factors, iterations and threads."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    from recommender.als import threads

    with threadpool_limits(1, "blas"):
        model = AlternatingLeastSquares(factors=params.factors, regularization=params.regularization,
                                        iterations=params.iterations, random_state=params.seed,
                                        num_threads=threads(params.num_threads))  # fmt: skip
        t0 = time.perf_counter()
        model.fit(m.astype(np.float32), show_progress=False)
        return time.perf_counter() - t0


def phase_fit(interactions: int, which: str) -> dict[str, Any]:
    """lifecue's fit of feedback rows, or implicit's fit of the same-shaped matrix (child process)."""
    users, items = shape(interactions)
    m = feedback_matrix(users, items, interactions)
    data = training_data()
    out: dict[str, Any] = {
        "phase": f"fit_{which}",
        "interactions": int(m.nnz),
        "users": users,
        "items": items,
    }
    if which == "implicit":
        with RssPeak() as rss:
            out["seconds"] = round(bare_implicit(m, data.params), 2)
    else:
        from recommender.training import fit

        catalog = [{"_id": f"p{i:06d}", "category": "c", "tags": []} for i in range(items)]
        t0 = time.perf_counter()
        for _ in rows_of(m):  # what producing the rows costs alone (a database cursor's share in production)
            pass
        out["rows_seconds"] = round(time.perf_counter() - t0, 2)
        with RssPeak() as rss:
            t0 = time.perf_counter()
            # "held": every row as a tuple first, as the retrain did before it streamed them
            rows = list(rows_of(m)) if which == "held" else rows_of(m)
            meta, _arrays, _lift = fit(rows, catalog, {}, data, NOW, "bench-1")
            out["seconds"] = round(time.perf_counter() - t0 - out["rows_seconds"], 2)
        out["als_seconds"] = meta.metrics["train_seconds"]
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)  # the process's peak, input data included
    out["rss_before_mib"] = round(rss.start, 1)
    out["rss_growth_mib"] = rss.growth
    return out


def _load(db: Any, m: Any) -> None:
    """Genomes (consenting), products and interactions of ``m`` straight into the database."""
    from genome_store import load_documents

    granted = {"granted": True, "at": NOW - timedelta(days=400), "source": "bench"}
    genomes = ({"_id": f"c{u:08d}", "consents": {"personalization": granted}} for u in range(m.shape[0]))
    products = ({"_id": f"p{i:06d}", "title": f"item {i}", "category": "c", "price": 1.0, "tags": [],
                 "in_stock": True} for i in range(m.shape[1]))  # fmt: skip
    interactions = ({"_id": f"i{n}", "consumer_id": r[1], "product_id": r[2], "kind": r[3], "occurred_at": r[4],
                     "recorded_at": r[4]} for n, r in enumerate(rows_of(m)))  # fmt: skip
    load_documents(db, genomes=genomes, products=products, interactions=interactions, now=NOW)


def phase_db(interactions: int) -> dict[str, Any]:
    """Retrain from the embedded database, then refresh 1,000 users (child process).

    Both run as the worker runs them: `recommender.training.train_and_publish` (read,
    fit, publish to the registry in MongoDB) and `recommender.refresh.Refresher` (refit
    the users with new feedback, publish a refresh).
    """
    from genome_store import MEMORY, EmbeddedMongo, feedback_rows, load_documents, open_store
    from recommender.als import refit_users, weighted
    from recommender.als import train as train_factors
    from recommender.refresh import Refresher
    from recommender.registry import Registry
    from recommender.training import train_and_publish

    users, items = shape(interactions)
    m = feedback_matrix(users, items, interactions)
    rng = np.random.default_rng(4)
    data = training_data()
    params = data.params
    out: dict[str, Any] = {"phase": "db", "interactions": int(m.nnz), "users": users, "items": items}
    with EmbeddedMongo(MEMORY, cache_size="1G") as mongo:
        store = open_store(mongo.uri, "bench")
        db = store.db
        try:
            t0 = time.perf_counter()
            _load(db, m)
            out["load_s"] = round(time.perf_counter() - t0, 1)
            registry = Registry(db)
            with RssPeak() as rss:
                t0 = time.perf_counter()
                meta = train_and_publish(db, registry, data, NOW)
                out["retrain_s"] = round(time.perf_counter() - t0, 2)
            out["retrain_als_s"] = meta.metrics["train_seconds"]
            out["retrain_rss_growth_mib"] = rss.growth
            out["rss_before_mib"] = round(rss.start, 1)
            out["implicit_s"] = round(bare_implicit(m, params), 2)
            # 1,000 users come back with 5 new interactions each
            chosen = rng.choice(users, size=min(1000, users), replace=False)
            later = NOW + timedelta(hours=1)
            docs = [{"_id": f"n{u}-{j}", "consumer_id": f"c{u:08d}", "product_id": f"p{rng.integers(items):06d}",
                     "kind": "CLICK", "occurred_at": later, "recorded_at": later}
                    for u in chosen.tolist() for j in range(5)]  # fmt: skip
            load_documents(db, interactions=docs, now=later)
            refresher = Refresher(db, registry)
            t0 = time.perf_counter()
            result = refresher.run(data, later + timedelta(minutes=1))
            out["refresh_s"] = round(time.perf_counter() - t0, 2)
            out["refreshed_users"] = result.users
            # the refreshed consumers' feedback alone, as the refresh reads it
            ids = [f"c{u:08d}" for u in chosen.tolist()]
            t0 = time.perf_counter()
            out["feedback_rows"] = sum(1 for _ in feedback_rows(db, ids))
            out["feedback_rows_1000_s"] = round(time.perf_counter() - t0, 2)
            rows = weighted(m[np.sort(chosen)], "none")
            stored = registry.latest()
            assert stored is not None
            out["chosen_model"] = stored.meta.kind
            # the baseline refits on the model's ALS item factors (stored under the "model." prefix,
            # recommender.artifact); selection may have chosen a model without them
            items_f = stored.arrays.get("model.item_factors")
            if items_f is None:
                items_f = train_factors(m.tocsr(), params).item_factors
            t0 = time.perf_counter()
            refit_users(rows, items_f, params)
            out["implicit_recalculate_1000_s"] = round(time.perf_counter() - t0, 3)
        finally:
            store.drop()
            store.close()
    return out


def phase_spark(interactions: int) -> dict[str, Any]:
    """Spark MLlib ALS in local mode beside implicit on the same weighted matrix (child process)."""
    from recommender import spark_als
    from recommender.als import AlsParams, train

    users, items = shape(interactions)
    m = feedback_matrix(users, items, interactions)
    params = AlsParams()
    out: dict[str, Any] = {"phase": "spark", "interactions": int(m.nnz), "users": users, "items": items}
    t0 = time.perf_counter()
    spark_als.spark_session(params.spark_master)
    out["spark_start_s"] = round(time.perf_counter() - t0, 1)
    out["spark_s"] = round(train(m, AlsParams(engine="spark")).train_seconds, 1)
    out["implicit_s"] = round(train(m, params).train_seconds, 1)
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)  # the JVM is a child process: not counted here
    return out


def child(args: list[str], timeout: float = 7200) -> dict[str, Any]:
    """Run one phase in a fresh interpreter and read its JSON line."""
    cmd = [sys.executable, "-m", "bench.bench_training", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def spark_phase(interactions: int, attempts: int = 2) -> dict[str, Any]:
    """The Spark phase, tried twice: a local JVM that dies under load must not cost the other figures."""
    error = ""
    for _ in range(attempts):
        try:
            return child(["--one", str(interactions), "--phase", "spark"])
        except RuntimeError as exc:
            error = str(exc)[-1500:]
    return {"phase": "spark", "error": error}


def run(quick: bool) -> Report:
    """The harness entry point."""
    fit_sizes = [100_000, 300_000, 1_000_000] if quick else [1_000_000, 3_000_000, 10_000_000]
    db_sizes = [5_000, 10_000, 20_000] if quick else [20_000, 50_000, 100_000]
    report = Report("training")
    report.details["machine"] = machine()
    fits = []
    for n in fit_sizes:
        ours, bare = (
            child(["--one", str(n), "--phase", "fit"]),
            child(["--one", str(n), "--phase", "implicit"]),
        )
        fits.append((ours, bare))
        size = f"{n / 1e6:g}M inter."
        report.add(
            Figure("retrain fit (rows -> model)", ours["seconds"], "s", "bare implicit fit", bare["seconds"],
                   "lower", size, "aim <= 1.5x"),
            Figure("retrain fit peak RSS growth", ours["rss_growth_mib"], "MiB", "bare implicit fit",
                   bare["rss_growth_mib"], "lower", size, f"process peak {ours['peak_rss_mib']:.0f} MiB with its rows"),
        )  # fmt: skip
        print(json.dumps({"fit": ours, "implicit": bare}), flush=True)
    report.details["fit"] = fits
    held = child(["--one", str(fit_sizes[-1]), "--phase", "held"])
    streamed = fits[-1][0]
    report.details["fit_rows_held"] = held
    report.add(Figure("retrain process peak RSS, rows streamed", streamed["peak_rss_mib"], "MiB",
                      "every row held as a tuple first", held["peak_rss_mib"], "lower",
                      f"{fit_sizes[-1] / 1e6:g}M inter."))  # fmt: skip
    dbs = []
    for n in db_sizes:
        r = child(["--one", str(n), "--phase", "db"])
        dbs.append(r)
        size = f"{n / 1e3:g}k inter."
        report.add(
            Figure("retrain from the database", r["retrain_s"], "s", "bare implicit fit", r["implicit_s"], "lower",
                   size),
            Figure("refresh 1,000 users", r["refresh_s"], "s", "implicit recalculate_user x1000",
                   r["implicit_recalculate_1000_s"], "lower", size),
        )  # fmt: skip
        print(json.dumps(r), flush=True)
    report.details["db"] = dbs
    from recommender.spark_als import java_available

    if java_available():
        n = fit_sizes[0]
        r = spark_phase(n)
        report.details["spark"] = r
        if "error" not in r:
            report.add(Figure("Spark MLlib ALS, local mode", r["spark_s"], "s", "implicit ALS", r["implicit_s"],
                              "lower", f"{n / 1e6:g}M inter.", f"+{r['spark_start_s']} s JVM start"))  # fmt: skip
        print(json.dumps(r), flush=True)
    report.curves += [
        Curve("retrain fit (rows -> model)", "interactions", [f[0]["interactions"] for f in fits],
              [f[0]["seconds"] for f in fits]),
        Curve("bare implicit fit", "interactions", [f[1]["interactions"] for f in fits],
              [f[1]["seconds"] for f in fits]),
        Curve("retrain fit peak RSS growth", "interactions", [f[0]["interactions"] for f in fits],
              [f[0]["rss_growth_mib"] for f in fits], "MiB"),
        Curve("retrain from the database", "interactions", [r["interactions"] for r in dbs],
              [r["retrain_s"] for r in dbs]),
        Curve("refresh 1,000 users", "interactions", [r["interactions"] for r in dbs],
              [r["refresh_s"] for r in dbs]),
    ]  # fmt: skip
    return report


def main() -> int:
    """Run phases (or the whole benchmark) and print JSON lines."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--phase", default="fit", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        phases = {"db": phase_db, "spark": phase_spark}
        result = phases[args.phase](args.one) if args.phase in phases else phase_fit(args.one, args.phase)
        print(json.dumps(result))
        return 0
    report = run(args.quick)
    print(json.dumps(report.as_dict()["figures"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
