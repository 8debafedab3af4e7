"""The implicit-feedback matrix: feedback of every kind weighted into one users x items CSR.

Views, clicks, carts, purchases and redemptions add weight; a dismissal adds nothing
and suppresses the item for that consumer at serving time, because every model reads
every stored value as a (weighted) positive. The weighted signals are also kept one by
one with their times (``Matrix.history``): model selection holds out each user's latest.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.sparse import csr_matrix

from recommender.history import History

PURCHASE_ROW = "PURCHASE_ROW"


@dataclass(frozen=True)
class Feedback:
    """One signal: a consumer did ``kind`` with a product at ``at``."""

    user: str
    item: str
    kind: str
    at: datetime | None = None
    weight: float = 1.0


@dataclass
class Matrix:
    """Weighted users x items matrix with its id maps and per-user exclusion sets."""

    user_ids: np.ndarray
    item_ids: np.ndarray
    user_items: csr_matrix
    purchased: csr_matrix
    suppressed: csr_matrix
    data_from: datetime | None
    data_to: datetime | None
    history: History | None = None

    @property
    def nnz(self) -> int:
        """Stored (user, item) pairs."""
        return int(self.user_items.nnz)


def build_matrix(
    feedback: Iterable[Feedback],
    kind_weights: Mapping[str, float],
    purchase_weight: float = 8.0,
    half_life_days: float = 0.0,
    now: datetime | None = None,
    item_ids: Iterable[str] | None = None,
) -> Matrix:
    """Sum weighted feedback per (user, item); optional exponential decay by age.

    ``feedback`` is consumed once, as it streams in: coordinates and weights go into typed
    arrays (12 bytes a signal) rather than lists of Python numbers (~100 bytes), so a retrain
    never holds millions of interactions as objects.
    """
    users: dict[str, int] = {}
    items: dict[str, int] = {i: n for n, i in enumerate(item_ids)} if item_ids is not None else {}
    fixed_items = item_ids is not None
    rows, cols, vals = array("i"), array("i"), array("f")
    bought_r, bought_c, dis_r, dis_c = array("i"), array("i"), array("i"), array("i")
    times = array("d")  # seconds since the epoch of each signal (recency-aware models)
    first: datetime | None = None
    last: datetime | None = None
    for f in feedback:
        if fixed_items and f.item not in items:
            continue
        u = users.setdefault(f.user, len(users))
        i = items.setdefault(f.item, len(items))
        if f.at is not None:
            first = f.at if first is None or f.at < first else first
            last = f.at if last is None or f.at > last else last
        if f.kind == "DISMISS":
            dis_r.append(u)
            dis_c.append(i)
            continue
        weight = purchase_weight if f.kind == PURCHASE_ROW else kind_weights.get(f.kind, 0.0)
        weight *= f.weight
        if half_life_days > 0 and now is not None and f.at is not None:
            age = max((now - f.at).total_seconds() / 86400.0, 0.0)
            weight *= 0.5 ** (age / half_life_days)
        if f.kind in (PURCHASE_ROW, "PURCHASE"):
            bought_r.append(u)
            bought_c.append(i)
        if weight > 0:
            rows.append(u)
            cols.append(i)
            vals.append(weight)
            times.append(f.at.timestamp() if f.at is not None else 0.0)
    shape = (len(users), len(items))
    return Matrix(
        user_ids=np.array(list(users), dtype=str),
        item_ids=np.array(list(items), dtype=str),
        user_items=_csr(rows, cols, vals, shape),
        purchased=_csr(bought_r, bought_c, None, shape),
        suppressed=_csr(dis_r, dis_c, None, shape),
        data_from=first,
        data_to=last,
        history=History(
            np.asarray(rows, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            np.asarray(times, dtype=np.float64),
            np.asarray(vals, dtype=np.float32),
            shape[0],
            shape[1],
        ),  # fmt: skip
    )


def _csr(rows: array[int], cols: array[int], vals: array[float] | None, shape: tuple[int, int]) -> csr_matrix:
    """Duplicates summed, zeros dropped; without ``vals`` a set: every stored pair is 1."""
    r = np.frombuffer(rows, dtype=np.int32) if len(rows) else np.zeros(0, np.int32)
    c = np.frombuffer(cols, dtype=np.int32) if len(cols) else np.zeros(0, np.int32)
    v = (
        np.ones(len(r), np.float32)
        if vals is None
        else np.frombuffer(vals, dtype=np.float32)
        if len(vals)
        else np.zeros(0, np.float32)
    )
    m = csr_matrix((v, (r, c)), shape=shape, dtype=np.float32)
    m.sum_duplicates()
    if vals is None:
        m.data[:] = 1.0
    m.eliminate_zeros()
    return m
