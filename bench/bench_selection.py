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
from dataclasses import asdict
from typing import Any

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


def measure(quick: bool, threads: int = 0, emit: bool = False) -> dict[str, Any]:
    """Both rows on one seeded log; ``emit`` prints one JSON line per row as it is measured."""
    users, items, total = (5_000, 4_000, 100_000) if quick else (50_000, 20_000, 1_000_000)
    history = interactions(users, items, total)
    out: dict[str, Any] = {"interactions": len(history), "users": users, "items": items,
                           "load_average_start": os.getloadavg()[0]}  # fmt: skip
    _say(emit, out)
    data = history.training_data()
    started = time.perf_counter()
    Als(weighting="bm25", num_threads=threads).fit(data)
    out["als_seconds"] = als = round(time.perf_counter() - started, 2)
    _say(emit, {"row": "single ALS fit (100 factors, 15 iterations, BM25)", "seconds": als})
    started = time.perf_counter()
    _, report = select(history, None, SelectionOptions(num_threads=threads))
    out["selection_seconds"] = seconds = round(time.perf_counter() - started, 2)
    _say(emit, {"row": "selection (holdout, all candidates, blend search, refit)", "seconds": seconds,
                "chosen": report.chosen, "validation_users": report.validation_users,
                "refit_seconds": report.refit_seconds})  # fmt: skip
    for c in report.candidates:
        _say(emit, {"candidate": c.name, "fit_seconds": c.fit_seconds, "score_seconds": c.score_seconds,
                    "ndcg@10": c.ndcg})  # fmt: skip
    out.update(chosen=report.chosen, candidates=[asdict(c) for c in report.candidates],
               selection_over_single_als=round(seconds / max(als, 1e-9), 1),
               load_average_end=os.getloadavg()[0])  # fmt: skip
    _say(emit, {k: out[k] for k in ("selection_over_single_als", "load_average_end")})
    return out


def _say(emit: bool, line: dict[str, Any]) -> None:
    if emit:
        print(json.dumps(line), flush=True)


def run(quick: bool) -> Any:
    """For the benchmark harness (``python -m bench``, `bench.common`): selection beside one ALS fit."""
    from bench.common import Figure, Report  # the harness's types, imported only when it runs us

    found = measure(quick)
    report = Report(bench="selection", details=found)
    report.add(Figure("retrain with model selection", found["selection_seconds"], "s",
                      baseline_name="one ALS fit (what a retrain fitted before)", baseline=found["als_seconds"],
                      size=f"{found['interactions']:,} interactions"))  # fmt: skip
    return report


def main() -> None:
    """Print one JSON line per row, then the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="~100k interactions instead of ~1M")
    parser.add_argument("--threads", type=int, default=0, help="training threads (0 = every core)")
    args = parser.parse_args()
    measure(args.quick, args.threads, emit=True)


if __name__ == "__main__":
    main()
