"""Evaluation: event-boost lift on the simulation, and ALS defaults against plain implicit.

    python -m bench.eval_boost                 # boost report + ALS defaults on two synthetic sets
    python -m bench.eval_boost --consumers 4000 --out /tmp/splits

Part 1 replays the simulation's held-out purchases with ``as_of`` just before each one
(plain ALS vs ALS + event boost). Part 2 writes two CSV splits and runs the code of
``lifecue eval-recommender`` with lifecue's defaults (BM25 weighting) and with plain
implicit defaults: the simulation (time split) and a structurally different
latent-factor set with power-law popularity and count weights (random split).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import timedelta
from pathlib import Path

import numpy as np

from recommender.als import AlsParams
from recommender.boost_evaluation import evaluate_boost
from recommender.evaluation import evaluate, read_split, write_split
from recommender.simulation import World, simulate


def simulation_split(world: World, folder: Path, test_days: int = 60) -> tuple[Path, Path]:
    """Purchases and views before the cutoff for training, later purchases for testing."""
    cutoff = world.end - timedelta(days=test_days)
    train, test = [], []
    for p in world.purchases:
        row = (p["consumer_id"], p["product_id"], int(p["purchased_at"].timestamp()), 1.0)
        (train if p["purchased_at"] < cutoff else test).append(row)
    return _write(folder / "sim", train, test)


def latent_split(folder: Path, users: int = 3000, items: int = 2000, seed: int = 5) -> tuple[Path, Path]:
    """Users and items from 12 latent factors, Zipf item popularity, play-count weights, 80/20 split."""
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(users, 12))
    v = rng.normal(size=(items, 12))
    pop = 1.0 / np.arange(1, items + 1) ** 0.8
    train, test = [], []
    for user in range(users):
        logits = v @ u[user] + np.log(pop) * 2
        p = np.exp(logits - logits.max())
        p /= p.sum()
        chosen = rng.choice(items, size=int(rng.integers(5, 60)), replace=False, p=p)
        for item in chosen:
            row = (f"u{user}", f"i{item}", 0, float(rng.geometric(0.3)))
            (test if rng.random() < 0.2 else train).append(row)
    return _write(folder / "latent", train, test)


def _write(prefix: Path, train: list, test: list) -> tuple[Path, Path]:
    prefix.mkdir(parents=True, exist_ok=True)
    write_split(prefix / "train.csv", train)
    write_split(prefix / "test.csv", test)
    return prefix / "train.csv", prefix / "test.csv"


def main() -> None:
    """Print one JSON line per result."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--consumers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="where to keep the CSV splits (default: a temp folder)")
    args = parser.parse_args()
    world = simulate(consumers=args.consumers, seed=args.seed)
    report = evaluate_boost(world)
    lift = report.pop("learned_lift")
    print(json.dumps({"part": "boost", **report}))
    print(json.dumps({"part": "learned_lift_wedding_self", **lift.get("wedding/self", {})}))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        for name, (train, test) in (
            ("simulation", simulation_split(world, folder)),
            ("latent", latent_split(folder)),
        ):
            t, s = read_split(train), read_split(test)
            for model, params in (
                ("plain_implicit_defaults", AlsParams(weighting="none")),
                ("lifecue_defaults", AlsParams()),
            ):
                metrics = evaluate(t, s, params, k=10)
                print(json.dumps({"part": "als", "data": name, "model": model, **metrics}))


if __name__ == "__main__":
    main()
