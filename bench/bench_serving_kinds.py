"""What one Recommend ranking costs in process for each model kind selection may choose.

    python -m bench.bench_serving_kinds            # 50,000 users x 20,000 items, ~1M interactions
    python -m bench.bench_serving_kinds --quick    # 5,000 x 4,000, ~100k

Every kind is fitted on the same seeded log (``bench.bench_selection.interactions``) and
served from a snapshot the way a server holds it; the same seeded sequence of known users
is ranked (top 10, with reasons) with BLAS pinned to one thread as in serving. The baseline
is the ALS snapshot, what every retrain served before selection. One thread, in process:
the gRPC figures of ``bench.bench_recommend`` add the server's own cost on top.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import UTC, datetime
from typing import Any

import numpy as np

from bench.bench_selection import interactions
from recommender.blas import pin_for_serving
from recommender.models import Als, Blend, Ease, ItemKnn, Model, Popularity, Rp3Beta
from recommender.ranker import rank
from recommender.snapshot import Catalog, ModelMeta, Snapshot, catalog_positions

CALLS = 2000
TRAINED = datetime(2026, 1, 1, tzinfo=UTC)


def kinds(threads: int) -> dict[str, Model]:
    """One model per kind, with the default grid's parameters, and a blend of three kinds."""
    return {
        "als (baseline)": Als(weighting="bm25", num_threads=threads),
        "item_knn cosine K=100": ItemKnn("cosine", 100, num_threads=threads),
        "rp3beta": Rp3Beta(1.0, 0.3, 200, num_threads=threads),
        "ease λ200 (5,000 items)": Ease(200.0, 5000, num_threads=threads),
        "popularity": Popularity(),
        "blend ease/item_knn/als": Blend(
            [
                Ease(200.0, 5000, num_threads=threads),
                ItemKnn("tfidf", 100, num_threads=threads),
                Als(weighting="none", num_threads=threads),
            ],
            [0.4, 0.3, 0.3],
        ),  # fmt: skip
    }


def measure(quick: bool, threads: int = 0, emit: bool = False) -> dict[str, Any]:
    """Calls per second and p50/p99 of `rank` per kind on one seeded sequence of users."""
    users, items, total = (5_000, 4_000, 100_000) if quick else (50_000, 20_000, 1_000_000)
    history = interactions(users, items, total)
    data = history.training_data()
    ids = np.array([f"p{i:06d}" for i in range(items)])
    catalog = Catalog.build([{"_id": str(i), "title": str(i), "category": f"c{n % 40}"} for n, i in enumerate(ids)],
                            {str(i): float(c) for i, c in zip(ids, np.bincount(history.items, minlength=items), strict=True)},
                            {})  # fmt: skip
    user_ids = [f"u{u}" for u in range(users)]
    sequence = np.random.default_rng(3).choice(np.unique(history.users), size=CALLS).tolist()
    out: dict[str, Any] = {"users": users, "items": items, "interactions": len(history),
                           "load_average_start": os.getloadavg()[0], "kinds": {}}  # fmt: skip
    models = {name: model.fit(data) for name, model in kinds(threads).items()}
    pin_for_serving()
    for name, model in models.items():
        snap = Snapshot(catalog=catalog, meta=ModelMeta("bench", TRAINED, {}, {}, users, items, 0, None, None,
                                                          model.kind),
                        model=model, model_item_ids=ids, model_items=catalog_positions(ids, catalog),
                        user_index={u: n for n, u in enumerate(user_ids)},
                        rows=data.user_items if model.uses_rows else None)  # fmt: skip
        for u in sequence[:50]:  # warm-up
            rank(snap, user_ids[u], 10, [], True)
        took = []
        for u in sequence:
            started = time.perf_counter()
            rank(snap, user_ids[u], 10, [], True)
            took.append(time.perf_counter() - started)
        ms = np.array(took) * 1000
        row = {"calls_per_s": round(len(ms) / (ms.sum() / 1000), 1), "p50_ms": round(float(np.percentile(ms, 50)), 3),
               "p99_ms": round(float(np.percentile(ms, 99)), 3)}  # fmt: skip
        out["kinds"][name] = row
        if emit:
            print(json.dumps({"kind": name, **row}), flush=True)
    out["load_average_end"] = os.getloadavg()[0]
    return out


def run(quick: bool) -> Any:
    """For the benchmark harness (``python -m bench``, `bench.common`): each kind beside ALS."""
    from bench.common import Figure, Report  # the harness's types, imported only when it runs us

    found = measure(quick)
    report = Report(bench="serving_kinds", details=found)
    base = found["kinds"]["als (baseline)"]
    for name, row in found["kinds"].items():
        if name != "als (baseline)":
            report.add(Figure(f"rank() with {name}, p50", row["p50_ms"], "ms", baseline_name="ALS, p50",
                              baseline=base["p50_ms"], size=f"{found['items']:,} items"))  # fmt: skip
    return report


def main() -> None:
    """One JSON line per kind."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="5,000 users x 4,000 items instead of 50,000 x 20,000"
    )
    parser.add_argument("--threads", type=int, default=0, help="fitting threads (0 = every core)")
    args = parser.parse_args()
    found = measure(args.quick, args.threads, emit=True)
    print(json.dumps({k: found[k] for k in ("load_average_start", "load_average_end")}))


if __name__ == "__main__":
    main()
