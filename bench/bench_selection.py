"""What model selection costs at a retrain, beside the single ALS fit it replaces.

    python -m bench.bench_selection            # ~1M interactions (50,000 users x 20,000 items)
    python -m bench.bench_selection --quick    # ~100k interactions, for a smoke run

Both rows are measured in the same run on the same seeded interaction log (Zipf user
activity and item popularity, 16 latent tastes, one year of timestamps): the baseline
is one fit of the ALS that retrains ran before selection (100 factors, 15 iterations,
BM25); the selection row is the whole of ``recommender.selection.select`` (temporal
holdout, every default candidate fitted and scored, the blend search, the refit of
the choice on everything). The load average is printed beside the figures, because
other jobs on the machine slow both rows alike.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from recommender.history import History
from recommender.models import Als
from recommender.selection import SelectionOptions, select


def interactions(users: int, items: int, total: int, seed: int = 1) -> History:
    """About ``total`` rows: user activity and item popularity Zipf-like, tastes from 16 latent groups."""
    rng = np.random.default_rng(seed)
    activity = rng.zipf(1.6, size=users).clip(1, 400).astype(np.float64)
    counts = np.maximum(1, np.round(activity / activity.sum() * total)).astype(np.int64)
    group_of_user = rng.integers(0, 16, size=users)
    group_of_item = rng.integers(0, 16, size=items)
    pop = 1.0 / np.arange(1, items + 1) ** 0.9
    user_col, item_col = [], []
    for g in range(16):
        p = pop * np.where(group_of_item == g, 8.0, 1.0)
        p /= p.sum()
        members = np.flatnonzero(group_of_user == g)
        user_col.append(np.repeat(members, counts[members]))
        item_col.append(rng.choice(items, size=int(counts[members].sum()), p=p))
    u, i = np.concatenate(user_col), np.concatenate(item_col)
    times = rng.uniform(0, 365 * 86400, size=len(u)) + 1_700_000_000
    return History(u, i, times, np.ones(len(u), dtype=np.float32), users, items)


def main() -> None:
    """Print one JSON line per row, then the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="~100k interactions instead of ~1M")
    parser.add_argument("--threads", type=int, default=0, help="training threads (0 = every core)")
    args = parser.parse_args()
    users, items, total = (5_000, 4_000, 100_000) if args.quick else (50_000, 20_000, 1_000_000)
    history = interactions(users, items, total)
    print(json.dumps({"interactions": len(history), "users": users, "items": items,
                      "load_average_start": os.getloadavg()[0]}))  # fmt: skip
    data = history.training_data()
    started = time.perf_counter()
    Als(weighting="bm25", num_threads=args.threads).fit(data)
    als = time.perf_counter() - started
    print(json.dumps({"row": "single ALS fit (100 factors, 15 iterations, BM25)", "seconds": round(als, 2)}))
    started = time.perf_counter()
    _, report = select(history, None, SelectionOptions(num_threads=args.threads))
    total = time.perf_counter() - started
    print(json.dumps({"row": "selection (holdout, all candidates, blend search, refit)", "seconds": round(total, 2),
                      "chosen": report.chosen, "validation_users": report.validation_users,
                      "refit_seconds": report.refit_seconds}))  # fmt: skip
    for c in report.candidates:
        print(json.dumps({"candidate": c.name, "fit_seconds": c.fit_seconds, "score_seconds": c.score_seconds,
                          "ndcg@10": c.ndcg}))  # fmt: skip
    print(json.dumps({"selection_over_single_als": round(total / max(als, 1e-9), 1),
                      "load_average_end": os.getloadavg()[0]}))  # fmt: skip


if __name__ == "__main__":
    main()
