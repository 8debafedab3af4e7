"""``lifecue eval-recommender``: offline ranking metrics of the configured ALS on CSV splits."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path

from lifecue.errors import InvalidArgument
from recommender.als import AlsParams
from recommender.evaluation import evaluate, read_split
from services.cli.common import settings_or_exit

PLAIN = AlsParams(weighting="none")  # implicit's own defaults, for a baseline in the same run


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("eval-recommender", help="train on T.csv, rank for the users of S.csv, print metrics")
    p.add_argument("--train", type=Path, required=True, help="CSV user_id,item_id,timestamp[,weight]")
    p.add_argument("--test", type=Path, required=True, help="CSV with the same columns")
    p.add_argument("--k", type=int, default=10, help="cut-off of the metrics (default 10)")
    p.add_argument("--dump", type=Path, help="also write every ranked list as CSV user_id,item_id,rank")
    p.add_argument(
        "--plain", action="store_true", help="use plain implicit ALS defaults, not lifecue's settings"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one JSON line: precision@k, ndcg@k, map@k, recall@k, train_seconds."""
    settings = settings_or_exit(log_format="text")
    cfg = settings.recommender
    params = (
        PLAIN
        if args.plain
        else AlsParams(cfg.factors, cfg.regularization, cfg.alpha, cfg.iterations, cfg.weighting, cfg.seed,
                       cfg.num_threads, cfg.engine, cfg.spark_master)
    )  # fmt: skip
    if args.k < 1:
        print("lifecue eval-recommender: --k must be at least 1", file=sys.stderr)
        return 2
    try:
        train, test = read_split(args.train), read_split(args.test)
        if not train.users:
            raise InvalidArgument("--train", "the training CSV has no rows")
        with ExitStack() as stack:
            dump = stack.enter_context(open(args.dump, "w")) if args.dump else None
            metrics = evaluate(train, test, params, args.k, dump)
    except (OSError, InvalidArgument) as exc:
        print(f"lifecue eval-recommender: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"model": "plain" if args.plain else "lifecue", **params.as_strings(), **metrics}))
    return 0
