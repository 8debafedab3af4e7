"""Offline evaluation on CSV splits: train on T, rank for every user of S without their T items."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.als import AlsParams, train
from recommender.metrics import ranking_metrics

REQUIRED = ("user_id", "item_id")


@dataclass(frozen=True)
class Split:
    """Rows of one CSV: users, items and weights (1 when the column is absent)."""

    users: list[str]
    items: list[str]
    weights: list[float]


def read_split(path: Path) -> Split:
    """Read ``user_id,item_id,timestamp[,weight]``; InvalidArgument names what is wrong."""
    users, items, weights = [], [], []
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidArgument(
                str(path), f"missing column(s) {missing}; header must be user_id,item_id,timestamp[,weight]"
            )
        has_weight = "weight" in (reader.fieldnames or [])
        for n, row in enumerate(reader, start=2):
            users.append(row["user_id"])
            items.append(row["item_id"])
            try:
                weights.append(
                    float(row["weight"]) if has_weight and row["weight"] not in ("", None) else 1.0
                )
            except ValueError:
                raise InvalidArgument(f"{path}:{n}", f"weight {row['weight']!r} is not a number") from None
    return Split(users, items, weights)


def evaluate(
    train_split: Split, test_split: Split, params: AlsParams, k: int = 10, dump: IO[str] | None = None
) -> dict[str, float]:
    """Metrics at k of ALS trained on ``train_split``; cold users get the most popular items."""
    user_index = {u: n for n, u in enumerate(dict.fromkeys(train_split.users))}
    item_ids = list(dict.fromkeys(train_split.items))
    item_index = {i: n for n, i in enumerate(item_ids)}
    rows = np.fromiter((user_index[u] for u in train_split.users), dtype=np.int32)
    cols = np.fromiter((item_index[i] for i in train_split.items), dtype=np.int32)
    matrix = csr_matrix(
        (np.asarray(train_split.weights, dtype=np.float32), (rows, cols)),
        shape=(len(user_index), len(item_ids)),
    )
    matrix.sum_duplicates()
    factors = train(matrix, params)
    popular = np.argsort(-np.bincount(cols, minlength=len(item_ids)), kind="stable")[:k]
    relevant: dict[str, set[str]] = {}
    for u, i in zip(test_split.users, test_split.items, strict=True):
        relevant.setdefault(u, set()).add(i)
    ids = np.asarray(item_ids)
    if dump is not None:
        dump.write("user_id,item_id,rank\n")

    def ranked() -> Iterator[tuple[list[str], set[str]]]:
        users = list(relevant)
        step = max(1, min(1000, 20_000_000 // max(len(item_ids), 1)))  # score blocks of <= 80 MB
        for start in range(0, len(users), step):
            batch = users[start : start + step]
            known = [user_index.get(u, -1) for u in batch]
            rows_ = np.array([max(x, 0) for x in known])
            scores = factors.user_factors[rows_] @ factors.item_factors.T
            seen = matrix[rows_]
            scores[seen.nonzero()] = -np.inf
            top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
            for n, u in enumerate(batch):
                order = top[n][np.argsort(-scores[n, top[n]], kind="stable")] if known[n] >= 0 else popular
                names = ids[order].tolist()
                if dump is not None:
                    dump.writelines(f"{u},{item},{r}\n" for r, item in enumerate(names, start=1))
                yield names, relevant[u]

    metrics = ranking_metrics(ranked(), k)
    metrics["train_seconds"] = round(factors.train_seconds, 3)
    metrics["train_users"] = float(len(user_index))
    metrics["train_items"] = float(len(item_ids))
    metrics["cold_test_users"] = float(sum(u not in user_index for u in relevant))
    return metrics


def write_split(path: Path, rows: list[tuple[str, str, int, float]]) -> None:
    """Write ``user_id,item_id,timestamp,weight`` rows (simulation exports, tests)."""
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["user_id", "item_id", "timestamp", "weight"])
        out.writerows(rows)
