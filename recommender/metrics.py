"""Ranking metrics at k with the definitions of ``implicit.evaluation.ranking_metrics_at_k``.

Binary relevance. precision is micro-averaged over users (hits / sum of min(k, |relevant|));
map and ndcg average per user with the ideal cut at min(k, |relevant|); recall is the
per-user mean of hits / |relevant| (implicit has none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def ranking_metrics(lists: Iterable[tuple[Sequence[str], set[str]]], k: int) -> dict[str, float]:
    """precision@k, map@k, ndcg@k, recall@k over (ranked ids, relevant ids) per user."""
    gains = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.cumsum(gains)
    hits_total = denom = 0.0
    ap_sum = ndcg_sum = recall_sum = 0.0
    users = 0
    for ranked, relevant in lists:
        if not relevant:
            continue
        cut = min(k, len(relevant))
        hit = 0
        ap = dcg = 0.0
        for i, item in enumerate(list(ranked)[:k]):
            if item in relevant:
                hit += 1
                ap += hit / (i + 1)
                dcg += gains[i]
        hits_total += hit
        denom += cut
        ap_sum += ap / cut
        ndcg_sum += dcg / ideal[cut - 1]
        recall_sum += hit / len(relevant)
        users += 1
    if users == 0:
        return {f"{m}@{k}": 0.0 for m in ("precision", "ndcg", "map", "recall")} | {"users": 0.0}
    return {
        f"precision@{k}": hits_total / denom,
        f"ndcg@{k}": ndcg_sum / users,
        f"map@{k}": ap_sum / users,
        f"recall@{k}": recall_sum / users,
        "users": float(users),
    }
