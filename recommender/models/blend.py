"""A weighted blend of fitted candidates: Σ weight_k x (member k's scores / that user's top score).

Dividing each member's scores by the user's largest absolute score puts factor models,
neighbour sums and popularity on one scale per user, so weights fitted on validation
mean the same for heavy and light users. Members are stored under ``m<k>.`` prefixes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.models._base import Model, TrainingData


class Blend(Model):
    """Members and their weights; fitting refits every member on the same data."""

    kind = "blend"

    def __init__(self, members: Sequence[Model], weights: Sequence[float], num_threads: int = 0) -> None:
        super().__init__(num_threads)
        if not members or len(members) != len(weights):
            raise InvalidArgument("weights", "give one weight per member, and at least one member")
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise InvalidArgument("weights", "weights must be non-negative with a positive sum")
        self.members = list(members)
        self.weights = [float(w) for w in weights]
        self.n_items = max((m.n_items for m in self.members), default=0)
        self.reason = self.lead.reason

    def fit(self, data: TrainingData) -> Blend:
        """Fit every member with a positive weight."""
        for member, weight in zip(self.members, self.weights, strict=True):
            if weight > 0:
                member.fit(data)
        self.n_items = int(data.user_items.shape[1])
        return self

    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """Weighted sum of per-user normalised member scores."""
        out = np.zeros((len(users), self.n_items), dtype=np.float32)
        for _, part in self.parts(users, rows):
            out += part
        return out

    def parts(self, users: np.ndarray, rows: csr_matrix) -> list[tuple[Model, np.ndarray]]:
        """Each member with a positive weight and its share of the scores (weight x normalised scores)."""
        return [
            (member, weight * normalised(member.scores(users, rows)))
            for member, weight in zip(self.members, self.weights, strict=True)
            if weight > 0
        ]

    @property
    def lead(self) -> Model:
        """The member with the largest weight: its reason is the blend's."""
        return self.members[int(np.argmax(self.weights))]

    def because(self, row: csr_matrix, item: int) -> int | None:
        """The leading member's explanation."""
        return self.lead.because(row, item)

    @property
    def uses_rows(self) -> bool:
        """Whether any member needs the users' rows."""
        return any(m.uses_rows for m in self.members)

    def user_state(self, rows: csr_matrix) -> dict[str, np.ndarray]:
        """Every member's per-user state under its ``m<k>.`` prefix."""
        return {f"m{k}.{n}": a for k, m in enumerate(self.members) for n, a in m.user_state(rows).items()}

    def with_user_state(self, users: np.ndarray, state: Mapping[str, np.ndarray]) -> Blend:
        """A blend of the members holding their share of ``state``."""
        members = [m.with_user_state(users, _prefixed(state, f"m{k}.")) if _prefixed(state, f"m{k}.") else m
                   for k, m in enumerate(self.members)]  # fmt: skip
        return Blend(members, self.weights, self.num_threads)

    def params(self) -> dict[str, Any]:
        """Members' kinds and parameters, and the weights."""
        return {
            "members": [{"kind": m.kind, "params": m.params()} for m in self.members],
            "weights": self.weights,
        }

    def arrays(self) -> dict[str, np.ndarray]:
        """Every member's arrays under its ``m<k>.`` prefix."""
        return {f"m{k}.{name}": a for k, m in enumerate(self.members) for name, a in m.arrays().items()}

    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Hand each member its own arrays."""
        for k, member in enumerate(self.members):
            member.restore(_prefixed(arrays, f"m{k}."))
        self.n_items = max(m.n_items for m in self.members)


def _prefixed(arrays: Mapping[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    """The arrays named ``prefix...``, with the prefix taken off."""
    return {n[len(prefix) :]: a for n, a in arrays.items() if n.startswith(prefix)}


def normalised(scores: np.ndarray) -> np.ndarray:
    """Each row divided by its largest absolute finite value (rows of zeros stay zero)."""
    finite = np.where(np.isfinite(scores), np.abs(scores), 0.0)
    top = finite.max(axis=1, keepdims=True) if scores.shape[1] else np.ones((len(scores), 1))
    return np.asarray(scores / np.where(top > 0, top, 1.0), dtype=np.float32)
