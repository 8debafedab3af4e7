"""The candidates selection fits at every retrain: model kinds with a small hyper-parameter grid.

Ordered cheap-and-telling first, so that a time budget cut short still has popularity,
neighbours and the ALS variants. The grid was set on the synthetic sets and the Instacart
sample only (see the README); the datasets the README reports as held out never chose it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """One model to try: its kind, parameters and a short label for reports."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""

    @property
    def name(self) -> str:
        """The label, or kind and parameters."""
        return self.label or f"{self.kind}({','.join(f'{k}={v}' for k, v in self.params.items())})"

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (registry, reports)."""
        return {"name": self.name, "kind": self.kind, "params": dict(self.params)}


def default_grid(
    factors: int = 100,
    iterations: int = 15,
    regularization: float = 0.01,
    seed: int = 42,
    ease_max_items: int = 5000,
    timed: bool = True,
) -> list[Candidate]:
    """The default candidates; ``timed`` False drops the recency variants (no timestamps)."""
    als = {"factors": factors, "iterations": iterations, "regularization": regularization, "seed": seed}
    grid = [
        Candidate("popularity", {"count": "users"}, "popularity"),
        Candidate("item_knn", {"similarity": "cosine", "neighbours": 100}, "item_knn_cosine_k100"),
        Candidate("item_knn", {"similarity": "bm25", "neighbours": 100}, "item_knn_bm25_k100"),
        Candidate("item_knn", {"similarity": "tfidf", "neighbours": 100}, "item_knn_tfidf_k100"),
        Candidate("item_knn", {"similarity": "cosine", "neighbours": 400}, "item_knn_cosine_k400"),
        Candidate("rp3beta", {"alpha": 1.0, "beta": 0.3, "neighbours": 200}, "rp3beta_b0.3"),
        Candidate("als", {**als, "weighting": "none"}, "als_plain"),
        Candidate("als", {**als, "weighting": "bm25"}, "als_bm25"),
        Candidate("als", {**als, "weighting": "log", "alpha": 10.0}, "als_log_a10"),
        Candidate("ease", {"regularization": 200.0, "max_items": ease_max_items}, "ease_l200"),
        Candidate("ease", {"regularization": 1000.0, "max_items": ease_max_items}, "ease_l1000"),
    ]
    if timed:
        grid[1:1] = [
            Candidate("popularity", {"count": "users", "half_life_days": 30.0}, "popularity_hl30"),
            Candidate("popularity", {"count": "users", "half_life_days": 7.0}, "popularity_hl7"),
        ]
    return grid


def named(candidates: Sequence[Candidate], names: Sequence[str]) -> list[Candidate]:
    """The candidates whose names are in ``names`` (all when ``names`` is empty), in grid order."""
    if not names:
        return list(candidates)
    wanted = set(names)
    return [c for c in candidates if c.name in wanted]
