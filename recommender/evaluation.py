"""Offline evaluation on CSV splits: train on T, rank for every user of S without their T items.

What is trained is what a full retrain trains: candidate selection by temporal validation
on T, then the choice refitted on all of T (``recommender.selection``). Users of S who are
not in T get the most popular items. Metrics are ``implicit.evaluation.ranking_metrics_at_k``'s.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np

from lifecue.errors import InvalidArgument
from recommender.als import AlsParams
from recommender.candidates import Candidate
from recommender.history import History
from recommender.metrics import ranking_metrics
from recommender.models import Als, ItemKnn, Model, Popularity, build
from recommender.ranking import ranked, tie_breaker

REQUIRED = ("user_id", "item_id")
Fit = Callable[[History], tuple[Model, dict[str, Any]]]


@dataclass(frozen=True)
class Split:
    """Rows of one CSV: users, items, times (0 when absent) and weights (1 when absent)."""

    users: list[str]
    items: list[str]
    weights: list[float]
    times: list[float] | None = None


def _time(value: str, where: str) -> float:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise InvalidArgument(where, f"timestamp {value!r} is neither epoch seconds nor ISO 8601") from None


def read_split(path: Path) -> Split:
    """Read ``user_id,item_id,timestamp[,weight]``; InvalidArgument names what is wrong."""
    users, items, weights, times = [], [], [], []
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise InvalidArgument(
                str(path), f"missing column(s) {missing}; header must be user_id,item_id,timestamp[,weight]"
            )
        has_weight, has_time = "weight" in columns, "timestamp" in columns
        for n, row in enumerate(reader, start=2):
            users.append(row["user_id"])
            items.append(row["item_id"])
            try:
                weights.append(
                    float(row["weight"]) if has_weight and row["weight"] not in ("", None) else 1.0
                )
            except ValueError:
                raise InvalidArgument(f"{path}:{n}", f"weight {row['weight']!r} is not a number") from None
            if has_time:
                times.append(_time(row["timestamp"], f"{path}:{n}") if row["timestamp"] else 0.0)
    return Split(users, items, weights, times if has_time else None)


def history_of(split: Split) -> tuple[History, list[str], list[str]]:
    """The split as a History with its user and item id lists."""
    return History.from_ids(split.users, split.items, split.times, split.weights)


def evaluate_model(
    train_split: Split, test_split: Split, fit: Fit, k: int = 10, dump: IO[str] | None = None
) -> dict[str, Any]:
    """Metrics at k of the model ``fit`` returns for ``train_split``, plus what ``fit`` reports."""
    history, user_ids, item_ids = history_of(train_split)
    started = time.perf_counter()
    model, extra = fit(history)
    train_seconds = time.perf_counter() - started
    metrics: dict[str, Any] = score(model, history, user_ids, item_ids, test_split, k, dump)
    metrics["train_seconds"] = round(train_seconds, 3)
    metrics["train_users"] = float(history.n_users)
    metrics["train_items"] = float(history.n_items)
    return {**metrics, **extra}


def score(
    model: Model,
    history: History,
    user_ids: list[str],
    item_ids: list[str],
    test_split: Split,
    k: int,
    dump: IO[str] | None = None,
) -> dict[str, float]:
    """Rank for every test user without their training items and score against the test items."""
    user_index = {u: n for n, u in enumerate(user_ids)}
    matrix = history.matrix()
    popularity = Popularity().fit(history.training_data()).item_scores
    tie = tie_breaker(popularity)
    popular = np.lexsort((np.arange(len(popularity)), -popularity))[:k]
    relevant: dict[str, set[str]] = {}
    for u, i in zip(test_split.users, test_split.items, strict=True):
        relevant.setdefault(u, set()).add(i)
    ids = np.asarray(item_ids)
    if dump is not None:
        dump.write("user_id,item_id,rank\n")
    test_users = list(relevant)
    known = [u for u in test_users if u in user_index]

    def lists() -> Iterator[tuple[list[str], set[str]]]:
        rows_of = np.array([user_index[u] for u in known], dtype=np.int64)
        for part, top in ranked(model, rows_of, matrix[rows_of], k, tie):
            for user, order in zip(known[part], top, strict=True):
                yield _emit(user, ids[order].tolist(), relevant[user], dump)
        for user in test_users:
            if user not in user_index:
                yield _emit(user, ids[popular].tolist(), relevant[user], dump)

    metrics = ranking_metrics(lists(), k)
    metrics["cold_test_users"] = float(len(test_users) - len(known))
    return metrics


def _emit(user: str, names: list[str], wanted: set[str], dump: IO[str] | None) -> tuple[list[str], set[str]]:
    if dump is not None:
        dump.writelines(f"{user},{item},{r}\n" for r, item in enumerate(names, start=1))
    return names, wanted


def fixed(candidate: Candidate, num_threads: int = 0) -> Fit:
    """A Fit that trains one candidate as given (no selection)."""

    def fit(history: History) -> tuple[Model, dict[str, Any]]:
        model = build(candidate.kind, candidate.params, num_threads)
        return model.fit(history.training_data()), {}

    return fit


def baselines(num_threads: int = 0) -> dict[str, Candidate]:
    """What a data scientist tries first: implicit's ALS defaults, best sellers, implicit's item-kNN K=100."""
    plain = Als(num_threads=num_threads).params()
    knn = ItemKnn(similarity="cosine", neighbours=100).params()
    return {
        "plain_als": Candidate("als", plain, "plain_als"),
        "popularity": Candidate("popularity", {"count": "users"}, "popularity"),
        "item_knn_k100": Candidate("item_knn", knn, "item_knn_k100"),
    }


def evaluate(
    train_split: Split, test_split: Split, params: AlsParams, k: int = 10, dump: IO[str] | None = None
) -> dict[str, float]:
    """Metrics at k of one ALS with ``params`` (the boost evaluation's baseline)."""
    weighting = params.weighting if params.weighting in ("none", "bm25") else "none"
    candidate = Candidate("als", {"factors": params.factors, "regularization": params.regularization,
                                  "alpha": params.alpha, "iterations": params.iterations,
                                  "weighting": weighting, "seed": params.seed})  # fmt: skip
    return evaluate_model(train_split, test_split, fixed(candidate, params.num_threads), k, dump)


def write_split(path: Path, rows: list[tuple[str, str, int, float]]) -> None:
    """Write ``user_id,item_id,timestamp,weight`` rows (simulation exports, tests)."""
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["user_id", "item_id", "timestamp", "weight"])
        out.writerows(rows)
