"""Does the event boost work on shops lifecue never saw? Recall@10 beside plain ALS and an oracle.

    python -m bench.eval_boost                      # the README table: report inventory, every style
    python -m bench.eval_boost --styles untagged codes --seeds 11 --consumers 1000
    python -m bench.eval_boost --grpc --styles untagged   # the same world through the real gRPC services
    python -m bench.eval_boost --als                # ALS defaults against plain implicit (older table)
    python -m bench.eval_boost --past-events 0      # no bursts of event purchases in the history
    python -m bench.eval_boost --vote-weight 0      # without the known products' vote (phrasings alone)

Each world (``recommender.shop_simulation``) is built from the REPORT inventory
(``recommender/simulation_data/inventory_report.json``: products, departments and
languages the boost was never tuned on) in one catalog style, with seeds of its own.
At ``t0`` every event consumer has announced an event 14 days ahead in a consented post;
the table gives recall@10 of their next purchases (21 days) and of everyone else's, for
plain implicit ALS, lifecue without and with the boost, lifecue without the affinity that
purchases bought together give ("together"), and an oracle told the true event and the
products that serve it. Two regimes: no past event known (learned lift has
nothing to learn; what the outside check does) and half the past events announced.
One JSON line per world, then a Markdown summary; prints the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from lifeevents.encoder import Encoder
from recommender.als import AlsParams
from recommender.boost_evaluation import report, train, with_signals
from recommender.evaluation import evaluate, read_split, write_split
from recommender.event_descriptions import load_descriptions
from recommender.product_knowledge import Vote
from recommender.semantic import SemanticMatcher, product_text
from recommender.shop_catalogs import STYLES, build_catalog, load_inventory
from recommender.shop_simulation import ShopWorld, simulate_shop
from recommender.simulation import World, simulate

REGIMES = {"no_past_events": 0.0, "past_events_posted": 0.5}


def world_for(
    style: str, seed: int, consumers: int, posted: float, inventory: str = "report", past: float = 0.4
) -> ShopWorld:
    """One reported world: ``style`` catalog of ``inventory``; a share ``past`` of consumers had an
    event in the year before, and a share ``posted`` of those events was announced."""
    catalog = build_catalog(load_inventory(inventory), style, seed=seed, variants=8)
    return simulate_shop(
        catalog, consumers=consumers, seed=seed, past_posted_share=posted, past_event_share=past
    )


def offline(world: ShopWorld, matcher: SemanticMatcher, params: AlsParams) -> dict[str, Any]:
    """Signals as UpsertProducts would store them, then the recall report."""
    docs = world.products
    signals = matcher.signals([product_text(d) for d in docs])
    names = [matcher.descriptions.title_events(f"{d['title']} {d['category']}") for d in docs]
    return report(world, train(world, with_signals(world, signals, names), params))


def through_grpc(world: ShopWorld, factors: int) -> dict[str, Any]:
    """Replay the world through real servers (admin token, in-process worker) on an embedded database."""
    import secrets

    import grpc

    from bench.boost_grpc import load, recall_through_grpc
    from lifecue.config import AuthSettings, Settings
    from lifecue.roles import ADMIN
    from services.app import open_app
    from services.auth import TokenSigner, with_token
    from services.registry import select
    from services.server import start_server

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(state_dir=Path(tmp), log_level="WARNING",
                            auth=AuthSettings(keys={"bench": secrets.token_hex(32)}))  # fmt: skip
        settings.recommender.factors = factors
        token = TokenSigner(settings, embedded=False).token(ADMIN, "bench", timedelta(hours=6))
        with open_app(settings, worker="jobs") as app:
            running = start_server(
                app, select(["genome", "consent", "lifeevents", "recommender"]), "127.0.0.1", 0
            )
            try:
                with grpc.insecure_channel(f"127.0.0.1:{running.port}") as plain:
                    channel = with_token(plain, token)
                    counts = load(channel, world)
                    result = recall_through_grpc(channel, world)
            finally:
                running.stop(0)
    return {"loaded": counts, **result, "reasons": result["reasons"][:3]}


def summary(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the README."""
    out = [
        "| regime | catalog style | event consumers: plain ALS | lifecue without together | lifecue | oracle "
        "| lifecue / oracle | everyday: plain ALS | lifecue | lifecue / plain |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        e, d = r["event"], r["everyday"]
        out.append(
            f"| {r['regime']} | {r['style']} | {e['plain_als']:.3f} | {e['lifecue_without_together']:.3f} "
            f"| **{e['lifecue']:.3f}** | {e['oracle']:.3f} "
            f"| {r['event_vs_oracle']:.2f} | {d['plain_als']:.3f} | {d['lifecue']:.3f} | {r['everyday_vs_plain']:.2f} |"
        )
    for regime in dict.fromkeys(r["regime"] for r in rows):
        mine = [r for r in rows if r["regime"] == regime]
        out.append(
            f"| {regime} | **mean** | {np.mean([r['event']['plain_als'] for r in mine]):.3f} "
            f"| {np.mean([r['event']['lifecue_without_together'] for r in mine]):.3f} "
            f"| **{np.mean([r['event']['lifecue'] for r in mine]):.3f}** "
            f"| {np.mean([r['event']['oracle'] for r in mine]):.3f} "
            f"| {np.mean([r['event_vs_oracle'] for r in mine]):.2f} "
            f"| {np.mean([r['everyday']['plain_als'] for r in mine]):.3f} "
            f"| {np.mean([r['everyday']['lifecue'] for r in mine]):.3f} "
            f"| {np.mean([r['everyday_vs_plain'] for r in mine]):.2f} |"
        )
    out += ["", "| regime | event consumers' own events: lifecue / oracle | others' events (gifts): lifecue / oracle |",
            "|---|---|---|"]  # fmt: skip
    for regime in dict.fromkeys(r["regime"] for r in rows):
        mine = [r for r in rows if r["regime"] == regime]
        cells = []
        for subject in ("self", "network"):
            got = [r["by_subject"][subject] for r in mine]
            ratio = np.mean([g["lifecue"] / max(g["oracle"], 1e-9) for g in got])
            cells.append(f"{np.mean([g['lifecue'] for g in got]):.3f} / {np.mean([g['oracle'] for g in got]):.3f} "
                         f"({ratio:.2f})")  # fmt: skip
        out.append(f"| {regime} | {cells[0]} | {cells[1]} |")
    return "\n".join(out)


def als_defaults(seed: int = 7, consumers: int = 3000) -> None:
    """ALS defaults (BM25) against plain implicit on two synthetic sets (the README's older table)."""
    world = simulate(consumers=consumers, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (train_csv, test_csv) in (
            ("simulation", simulation_split(world, Path(tmp))),
            ("latent", latent_split(Path(tmp))),
        ):
            t, s = read_split(train_csv), read_split(test_csv)
            for model, params in (
                ("plain_implicit_defaults", AlsParams(weighting="none")),
                ("lifecue_defaults", AlsParams()),
            ):
                print(
                    json.dumps({"part": "als", "data": name, "model": model, **evaluate(t, s, params, k=10)})
                )


def simulation_split(world: World, folder: Path, test_days: int = 60) -> tuple[Path, Path]:
    """Purchases before the cutoff for training, later purchases for testing."""
    cutoff = world.end - timedelta(days=test_days)
    train_rows: list[tuple[str, str, int, float]] = []
    test_rows: list[tuple[str, str, int, float]] = []
    for p in world.purchases:
        row = (p["consumer_id"], p["product_id"], int(p["purchased_at"].timestamp()), 1.0)
        (train_rows if p["purchased_at"] < cutoff else test_rows).append(row)
    return _write(folder / "sim", train_rows, test_rows)


def latent_split(folder: Path, users: int = 3000, items: int = 2000, seed: int = 5) -> tuple[Path, Path]:
    """Users and items from 12 latent factors, Zipf item popularity, play-count weights, 80/20 split."""
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(users, 12))
    v = rng.normal(size=(items, 12))
    pop = 1.0 / np.arange(1, items + 1) ** 0.8
    train_rows: list[tuple[str, str, int, float]] = []
    test_rows: list[tuple[str, str, int, float]] = []
    for user in range(users):
        logits = v @ u[user] + np.log(pop) * 2
        p = np.exp(logits - logits.max())
        p /= p.sum()
        for item in rng.choice(items, size=int(rng.integers(5, 60)), replace=False, p=p):
            row = (f"u{user}", f"i{item}", 0, float(rng.geometric(0.3)))
            (test_rows if rng.random() < 0.2 else train_rows).append(row)
    return _write(folder / "latent", train_rows, test_rows)


def _write(prefix: Path, train_rows: list, test_rows: list) -> tuple[Path, Path]:
    prefix.mkdir(parents=True, exist_ok=True)
    write_split(prefix / "train.csv", train_rows)
    write_split(prefix / "test.csv", test_rows)
    return prefix / "train.csv", prefix / "test.csv"


def main() -> None:
    """Print one JSON line per world and a Markdown summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--styles", nargs="+", choices=STYLES, default=list(STYLES))
    parser.add_argument("--seeds", nargs="+", type=int, default=[11])
    parser.add_argument("--regimes", nargs="+", choices=sorted(REGIMES), default=list(REGIMES))
    parser.add_argument("--consumers", type=int, default=2000)
    parser.add_argument("--inventory", choices=("report", "tune"), default="report")
    parser.add_argument("--factors", type=int, default=64, help="ALS factors (default 64)")
    parser.add_argument("--past-events", type=float, default=0.4,
                        help="share of consumers with an event in the year before (default 0.4)")  # fmt: skip
    parser.add_argument("--vote-weight", type=float, default=Vote().weight,
                        help="weight of the known products' vote (0: phrasings alone; default %(default)s)")  # fmt: skip
    parser.add_argument("--grpc", action="store_true", help="replay through the real gRPC services instead")
    parser.add_argument("--als", action="store_true", help="only the ALS defaults comparison")
    args = parser.parse_args()
    print(json.dumps({"load_average_start": [round(x, 2) for x in os.getloadavg()]}))
    if args.als:
        als_defaults()
        return
    matcher = SemanticMatcher(Encoder, load_descriptions(), vote=replace(Vote(), weight=args.vote_weight))
    params = AlsParams(factors=args.factors, iterations=15, num_threads=0)
    rows = []
    for regime in args.regimes:
        for seed in args.seeds:
            for style in args.styles:
                started = time.time()
                world = world_for(
                    style, seed, args.consumers, REGIMES[regime], args.inventory, args.past_events
                )
                result = offline(world, matcher, params)
                row = {"regime": regime, "style": style, "seed": seed, **result}
                if args.grpc:
                    row["grpc"] = through_grpc(world, args.factors)
                row["seconds"] = round(time.time() - started, 1)
                rows.append(row)
                print(json.dumps(row), flush=True)
    print(summary(rows))
    print(json.dumps({"load_average_end": [round(x, 2) for x in os.getloadavg()]}))


if __name__ == "__main__":
    main()
