"""``lifecue eval-recommender``: train on T.csv what a retrain trains, rank for the users of S.csv."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from lifecue.config import RecommenderSettings
from lifecue.errors import InvalidArgument
from recommender.candidates import Candidate
from recommender.evaluation import Fit, Split, baselines, evaluate_model, fixed, read_split
from recommender.history import History
from recommender.models import Model
from recommender.training import TrainingData, choose
from services.cli.common import settings_or_exit
from services.recommender.selection_settings import training_data


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("eval-recommender", help="train on T.csv, rank for the users of S.csv, print metrics")
    p.add_argument("--train", type=Path, required=True, help="CSV user_id,item_id,timestamp[,weight]")
    p.add_argument("--test", type=Path, required=True, help="CSV with the same columns")
    p.add_argument("--k", type=int, default=10, help="cut-off of the metrics (default 10)")
    p.add_argument("--dump", type=Path, help="also write every ranked list as CSV user_id,item_id,rank")
    p.add_argument("--plain", action="store_true", help="train plain implicit ALS defaults instead")
    p.add_argument(
        "--candidates", action="store_true", help="also fit every candidate on T and score it on S"
    )
    p.add_argument(
        "--baselines",
        action="store_true",
        help="also score plain implicit ALS, popularity and implicit item-kNN (K=100) on the same split",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one JSON line: precision@k, ndcg@k, map@k, recall@k, train_seconds (and what was chosen)."""
    settings = settings_or_exit(log_format="text")
    if args.k < 1:
        print("lifecue eval-recommender: --k must be at least 1", file=sys.stderr)
        return 2
    cfg = settings.recommender
    try:
        train, test = read_split(args.train), read_split(args.test)
        if not train.users:
            raise InvalidArgument("--train", "the training CSV has no rows")
        timed = bool(train.times) and min(train.times or [0]) < max(train.times or [0])
        data = training_data(settings, timed)
        data = replace(data, selection=replace(data.selection, k=args.k))
        with ExitStack() as stack:
            dump = stack.enter_context(open(args.dump, "w")) if args.dump else None
            if args.plain:
                result = evaluate_model(train, test, fixed(baselines(cfg.num_threads)["plain_als"], cfg.num_threads),
                                        args.k, dump)  # fmt: skip
                result["model"] = "plain"
            else:
                result = evaluate_model(train, test, _trainer(data), args.k, dump)
        if args.baselines:
            result["baselines"] = _each(train, test, list(baselines(cfg.num_threads).values()), args.k, cfg)
        if args.candidates:
            grid = list(data.candidates) or [data.configured()]
            result["candidates"] = _each(train, test, grid, args.k, cfg)
    except (OSError, InvalidArgument) as exc:
        print(f"lifecue eval-recommender: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    if args.candidates or args.baselines:
        _table(result, args.k)
    return 0


def _trainer(data: TrainingData) -> Fit:
    """Exactly what a full retrain trains (`recommender.training.choose`): selection, or the configured ALS."""

    def fit(history: History) -> tuple[Model, dict[str, Any]]:
        model, report = choose(history, data)
        if report is None:
            return model, {"model": data.configured().name}
        return model, {"model": report.chosen, "selection": report.as_dict()}

    return fit


def _each(train: Split, test: Split, candidates: list[Candidate], k: int, cfg: RecommenderSettings) -> dict:
    """Each candidate fitted on all of T and scored on S."""
    out = {}
    for c in candidates:
        m = evaluate_model(train, test, fixed(c, cfg.num_threads), k)
        out[c.name] = {key: m[key] for key in (f"ndcg@{k}", f"recall@{k}", f"precision@{k}", f"map@{k}",
                                                "train_seconds")}  # fmt: skip
    return out


def _table(result: dict[str, Any], k: int) -> None:
    """The same figures, readable, on stderr (stdout keeps its one JSON line)."""
    key = f"ndcg@{k}"
    print(f"{'model':34s} {key:>9s} recall@{k}", file=sys.stderr)
    print(f"{'lifecue: ' + result['model'][:60]:34s} {result[key]:9.4f} {result[f'recall@{k}']:9.4f}",
          file=sys.stderr)  # fmt: skip
    for section in ("baselines", "candidates"):
        for name, m in (result.get(section) or {}).items():
            print(f"{section[:-1] + ': ' + name:34s} {m[key]:9.4f} {m[f'recall@{k}']:9.4f}", file=sys.stderr)
