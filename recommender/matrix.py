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
from typing import Any, NamedTuple

import numpy as np
from scipy.sparse import csr_matrix

from recommender.history import History

PURCHASE_ROW = "PURCHASE_ROW"


class Feedback(NamedTuple):
    """One signal: a consumer did ``kind`` with a product at ``at`` (a tuple: millions stream through a retrain)."""

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
    codes: dict[str, int] = {}  # kind -> its index in the weight table built after the loop
    rows, cols, kinds, scale = array("i"), array("i"), array("i"), array("d")
    bought_r, bought_c, dis_r, dis_c = array("i"), array("i"), array("i"), array("i")
    times = array("d")  # seconds since the epoch of each signal (recency-aware models); NaN: no time
    first: datetime | None = None
    last: datetime | None = None
    nan = float("nan")
    for user, item, kind, at, weight in feedback:
        i = items.get(item)
        if i is None:
            if fixed_items:
                continue
            i = items[item] = len(items)
        u = users.setdefault(user, len(users))
        if at is not None:
            if first is None or at < first:
                first = at
            if last is None or at > last:
                last = at
        if kind == "DISMISS":
            dis_r.append(u)
            dis_c.append(i)
            continue
        if kind == PURCHASE_ROW or kind == "PURCHASE":
            bought_r.append(u)
            bought_c.append(i)
        code = codes.get(kind)
        if code is None:
            code = codes[kind] = len(codes)
        rows.append(u)
        cols.append(i)
        kinds.append(code)
        scale.append(weight)
        times.append(at.timestamp() if at is not None else nan)
    # the weights, in one pass over the arrays: the kind's weight, the signal's own, decay by age
    table = np.array(
        [purchase_weight if k == PURCHASE_ROW else kind_weights.get(k, 0.0) for k in codes], np.float64
    )
    stamps = _array(times, np.float64)
    weights = table[_array(kinds, np.int32)] * _array(scale, np.float64)
    if half_life_days > 0 and now is not None:
        dated = ~np.isnan(stamps)
        age = np.maximum((now.timestamp() - stamps[dated]) / 86400.0, 0.0)
        weights[dated] *= np.power(0.5, age / half_life_days)
    kept = weights > 0
    stamps = np.where(np.isnan(stamps), 0.0, stamps)[kept]
    r, c, w = _array(rows, np.int32)[kept], _array(cols, np.int32)[kept], weights[kept].astype(np.float32)
    shape = (len(users), len(items))
    return Matrix(
        user_ids=np.array(list(users), dtype=str),
        item_ids=np.array(list(items), dtype=str),
        user_items=_csr(r, c, w, shape),
        purchased=_csr(_array(bought_r, np.int32), _array(bought_c, np.int32), None, shape),
        suppressed=_csr(_array(dis_r, np.int32), _array(dis_c, np.int32), None, shape),
        data_from=first,
        data_to=last,
        history=History(r.astype(np.int64), c.astype(np.int64), stamps, w, shape[0], shape[1]),
    )


def _array(typed: array[Any], dtype: type[np.generic]) -> np.ndarray:
    """A typed array as numpy, without a copy (an empty one too)."""
    return np.frombuffer(typed, dtype=dtype) if len(typed) else np.zeros(0, dtype)


def _csr(r: np.ndarray, c: np.ndarray, vals: np.ndarray | None, shape: tuple[int, int]) -> csr_matrix:
    """Duplicates summed, zeros dropped; without ``vals`` a set: every stored pair is 1."""
    v = np.ones(len(r), np.float32) if vals is None else vals
    m = csr_matrix((v, (r, c)), shape=shape, dtype=np.float32)
    m.sum_duplicates()
    if vals is None:
        m.data[:] = 1.0
    m.eliminate_zeros()
    return m
