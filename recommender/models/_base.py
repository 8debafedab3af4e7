"""The one contract every candidate recommender obeys, in the manner of implicit's RecommenderBase.

A model is fitted on a users x items CSR matrix (with the time of each pair's latest
interaction where it needs recency), scores users, and recommends the top n excluding
given items. It serialises to a dict of named numpy arrays plus small JSON-able
parameters, which is what the model registry stores and what ``.npz`` files hold
(read back with ``allow_pickle=False``).

Scoring reads what serving holds: ``scores(users, rows)`` takes the users' training
indexes (``-1`` for a user the model never saw) and their item rows. A known user may
be scored from either; a new user, or one refreshed since the fit, from the row alone.
Scoring never changes BLAS threads: serving pins them to one, training may use all cores.

Models that keep something per user (ALS's user factors) say so: ``user_state(rows)``
computes it for new feedback rows with the item side fixed (the worker's incremental
refresh), ``with_user_state(users, state)`` is a copy holding it (what servers apply);
``uses_rows`` tells serving whether it must keep the users' rows to score them.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from scipy.sparse import csr_matrix

PARAMS_KEY = "__params__"
KIND_KEY = "__kind__"


@dataclass(frozen=True)
class TrainingData:
    """What a model is fitted on: weights, and the latest time (epoch seconds) of each pair."""

    user_items: csr_matrix
    last_seen: csr_matrix | None = None
    now: float = 0.0

    @property
    def shape(self) -> tuple[int, int]:
        """(users, items)."""
        return self.user_items.shape  # type: ignore[no-any-return]


class Model(ABC):
    """Base of every candidate: fit, scores, recommend, to/from named arrays.

    ``n_items`` is 0 until fit or restore; ``num_threads`` (0 = every core) bounds fitting only.
    """

    kind: ClassVar[str] = ""
    # What a recommendation from this model tells the consumer: "taste" (people with your
    # taste chose it), "also_bought" (people who bought X also bought this), "popular".
    reason: str = "taste"

    def __init__(self, num_threads: int = 0) -> None:
        self.num_threads = num_threads
        self.n_items = 0

    @abstractmethod
    def fit(self, data: TrainingData) -> Model:
        """Learn from ``data`` and return self."""

    @abstractmethod
    def scores(self, users: np.ndarray, rows: csr_matrix) -> np.ndarray:
        """Dense float32 scores (len(users) x items); ``users[k]`` is -1 for a user the model never saw."""

    @abstractmethod
    def params(self) -> dict[str, Any]:
        """Hyper-parameters (JSON-able), enough with ``arrays()`` to rebuild the model."""

    @abstractmethod
    def arrays(self) -> dict[str, np.ndarray]:
        """Learned state as named numpy arrays (no objects)."""

    @abstractmethod
    def restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Set learned state from ``arrays()`` output."""

    def recommend(
        self, user: int, row: csr_matrix, n: int = 10, exclude: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` item indexes and scores for one user, without ``exclude`` (default: the row's items)."""
        scores = self.scores(np.array([user]), row)[0]
        excluded = row.indices if exclude is None else exclude
        scores[np.asarray(excluded, dtype=np.int64)] = -np.inf
        return top_n(scores, n)

    def because(self, row: csr_matrix, item: int) -> int | None:
        """For "also_bought" models: the user's item that contributes most to ``item``'s score."""
        return None

    @property
    def uses_rows(self) -> bool:
        """Whether a known user's scores need their item row (False: the index is enough)."""
        return True

    def user_state(self, rows: csr_matrix) -> dict[str, np.ndarray]:
        """Per-user state refitted from ``rows`` (one per user) with the item side fixed; {} when the
        model keeps none and scores from rows alone."""
        return {}

    def with_user_state(self, users: np.ndarray, state: Mapping[str, np.ndarray]) -> Model:
        """A model whose users at the indexes ``users`` (past the end: appended) hold ``state``
        (`user_state` output, one row per user); self when the model keeps no per-user state."""
        return self

    def describe(self) -> str:
        """Kind and parameters in one short string (logs, reports)."""
        inner = ",".join(f"{k}={v}" for k, v in self.params().items() if k != "members")
        return f"{self.kind}({inner})"

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays plus the kind and parameters as unicode scalars: what the registry stores."""
        out = dict(self.arrays())
        out[KIND_KEY] = np.array(self.kind)
        out[PARAMS_KEY] = np.array(json.dumps(self.params(), sort_keys=True))
        return out

    def save(self, path: Path | str) -> None:
        """Write ``to_arrays()`` as an ``.npz`` (readable with ``allow_pickle=False``)."""
        np.savez(path, **self.to_arrays())  # type: ignore[arg-type]


def top_n(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indexes and scores of the ``n`` best finite scores, best first, ties by index."""
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) > n:
        cut = np.partition(scores[finite], len(finite) - n)[len(finite) - n]
        finite = finite[scores[finite] >= cut]
    order = finite[np.lexsort((finite, -scores[finite]))][:n]
    return order, scores[order]


def as_rows(rows: csr_matrix, n_items: int) -> csr_matrix:
    """Rows cut or padded to the model's item count (serving may hold newer items at the end).

    Rows that already fit are returned as they are (serving scores a row per call): never write to them."""
    if isinstance(rows, csr_matrix) and rows.dtype == np.float32 and rows.shape[1] == n_items:
        return rows
    rows = csr_matrix(rows, dtype=np.float32)
    if rows.shape[1] == n_items:
        return rows
    if rows.shape[1] > n_items:
        return csr_matrix(rows[:, :n_items])
    return csr_matrix((rows.data, rows.indices, rows.indptr), shape=(rows.shape[0], n_items))


def binary(rows: csr_matrix) -> csr_matrix:
    """The same sparsity pattern with every value 1 (a new matrix; ``rows`` is left alone)."""
    return csr_matrix(
        (np.ones(len(rows.indices), dtype=np.float32), rows.indices, rows.indptr), shape=rows.shape
    )


def links_arrays(links: csr_matrix, n_items: int) -> dict[str, np.ndarray]:
    """An item x item link matrix (item-kNN similarities, RP3beta transitions) as CSR parts."""
    return {"sim_data": links.data, "sim_indices": links.indices, "sim_indptr": links.indptr,
            "item_count": np.array([n_items])}  # fmt: skip


def links_of(arrays: Mapping[str, np.ndarray]) -> csr_matrix:
    """The link matrix `links_arrays` wrote, with sorted indices (as `strongest_link` needs)."""
    n_items = int(arrays["item_count"][0])
    links = csr_matrix(
        (arrays["sim_data"], arrays["sim_indices"], arrays["sim_indptr"]), shape=(n_items,) * 2
    )
    links.sort_indices()
    return links


def strongest_link(row: csr_matrix, links: csr_matrix, item: int) -> int | None:
    """Index of the row's item ``j`` with the largest ``weight x links[j, item]`` (None if nothing adds).

    Reads only the links of the row's own items, each a binary search in its sorted CSR row
    (a column of a CSR matrix costs a pass over all of it), so serving can explain items per call.
    ``links`` must have sorted indices."""
    row = csr_matrix(row)
    if row.nnz == 0:
        return None
    indptr, indices, data = links.indptr, links.indices, links.data
    column = np.zeros(row.nnz, dtype=np.float64)
    for k, j in enumerate(row.indices.tolist()):
        if j == item:  # "people who bought X also bought X" explains nothing
            continue
        a, b = indptr[j], indptr[j + 1]
        at = a + int(np.searchsorted(indices[a:b], item))
        if at < b and indices[at] == item:
            column[k] = data[at]
    contributions = row.data * column
    best = int(np.argmax(contributions))
    return int(row.indices[best]) if contributions[best] > 0 else None
