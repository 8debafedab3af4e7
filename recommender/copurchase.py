"""Affinity from what is bought close in time to products that already fit an event.

Shoppers buy for an event in a burst: the dress, the confetti and the table runner within
a few weeks, whatever department each sits in, while everyday taste spreads over the year.
So for every product and (event type, subject) row, this compares the prior affinity of
what the same consumers bought within the same few weeks (near) with what they bought at
any time (all), against the product's own habit of being bought in bursts. A product bought
near fitting products more than that habit says gains affinity, even when its title names
no event and no past event was ever posted. It only raises a product's score: its own tags,
title and meaning are never lowered by it (posted events' learned lift can).

The same bursts also say, without any prior, how much each product is an event product at
all and which products go together (``burst_structure``): its rank in the catalog by its habit
of being bought in bursts (everyday products are bought steadily), and the products most often
bought in the same weeks as it. Affinity weighs every score by the first and shares it along
the second, so a product bought beside several fitting ones gains and a steady seller that
merely sounds right loses.

Computed at training from consenting consumers' purchases, kept with the learned lift as
``near:<event type>/<subject>`` entries (``p:<product id>`` -> raised score), ``near:burst``
(``p:<product id>`` -> rank in [0, 1]) and ``near:nn:<product id>`` (``p:<neighbour>`` ->
weight, summing to 1), and applied by ``recommender.affinity.catalog_affinity``.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from recommender.event_descriptions import row_key

NEAR_PREFIX = "near:"
PRODUCT = "p:"
BURST = NEAR_PREFIX + "burst"  # products' rank by their habit of being bought in bursts
STRENGTH = "strength"  # in BURST: how clearly the history holds bursts at all, in [0, 1]
NEIGHBOURS = NEAR_PREFIX + "nn:"  # + product id: the products bought in the same weeks as it
BLOCK_ROWS = 200_000  # consumer-period rows multiplied at once: bounds memory on long histories


@dataclass(frozen=True)
class NearOptions:
    """How purchase bursts become affinity (tuned on the simulation's tuning catalogs, see README)."""

    period_days: float = 20.0  # purchases of one consumer within one period are "near" (two offsets)
    lift_full: float = 2.0  # near/expected ratio at which the evidence is full affinity
    prior_weight: float = 5.0  # pairs of evidence that weigh as much as the prior
    pseudo_pairs: float = 2.0  # added to near and expected pairs: a few pairs make no ratio
    caution: float = 1.0  # Poisson standard deviations taken off the near pairs: chance stays chance
    base_share: float = 0.1  # near share of a product's pairs assumed before its own data
    base_weight: float = 10.0  # pairs that weigh as much as that assumption
    least: float = 0.2  # raised scores below this are not kept
    least_raise: float = 0.05  # nor raises smaller than this
    least_buyers: int = 3  # products fewer consumers bought are not raised (one shopper is no pattern)
    most_per_row: int = 500  # products kept per row, highest first (bounds the stored lift)
    neighbours: int = 10  # products bought in the same weeks kept per product
    most_neighbour_lists: int = (
        5_000  # products given neighbours, most bought first (the lift is one document)
    )
    most_ranked: int = 20_000  # products given a burst rank, most bought first (the rest count as bursty)
    burst_z: float = 2.0  # standard scores above (below) which a product is bought in (out of) bursts
    excess_none: float = 0.02  # share of products more in bursts than out of them: no bursts in the history
    excess_full: float = 0.06  # ... and where the history surely holds them (strength 1)


def near_affinity(
    purchases: Iterable[tuple[str, str, datetime]],
    item_ids: Sequence[str],
    prior: np.ndarray,
    row_names: Sequence[tuple[str, str]],
    options: NearOptions | None = None,
) -> dict[str, dict[str, float]]:
    """Raised scores per row, from (consumer, product, time) purchases and the prior
    affinity (rows x ``item_ids``, scores in [0, 1]) of the catalog without learned lift."""
    opt = options or NearOptions()
    u, i, t = _arrays(purchases, item_ids)
    if not len(u) or prior.size == 0:
        return {}
    weights = np.hstack([prior.T.astype(np.float64), np.ones((len(item_ids), 1))])
    everything = _pairs(u, i, len(item_ids), weights)
    near = np.zeros_like(everything)
    for together in _periods(u, t, opt.period_days):
        near += _pairs(together, i, len(item_ids), weights) / 2
    buyers = _buyers(u, i, len(item_ids))
    habit = (near[:, -1] + opt.base_share * opt.base_weight) / (everything[:, -1] + opt.base_weight)
    out: dict[str, dict[str, float]] = {}
    for r, (kind, subject) in enumerate(row_names):
        observed = np.maximum(near[:, r], 0.0)  # float sums less the self-pairs may dip below 0
        expected = habit * np.maximum(everything[:, r], 0.0)
        surely = np.maximum(observed - opt.caution * np.sqrt(observed), 0.0)
        ratio = (surely + opt.pseudo_pairs) / (expected + opt.pseudo_pairs)
        signal = np.clip(np.log2(ratio) / math.log2(opt.lift_full), 0.0, 1.0)
        evidence = np.maximum(observed, expected)
        weight = evidence / (evidence + opt.prior_weight)
        base = prior[r].astype(np.float64)
        raised = (1.0 - weight) * base + weight * signal
        keep = np.flatnonzero(
            (raised >= opt.least) & (raised >= base + opt.least_raise) & (buyers >= opt.least_buyers)
        )
        keep = keep[np.argsort(-raised[keep], kind="stable")][: opt.most_per_row]
        if len(keep):
            out[NEAR_PREFIX + row_key(kind, subject)] = {
                PRODUCT + str(item_ids[int(k)]): round(float(raised[k]), 4) for k in keep
            }
    return out


def burst_structure(
    purchases: Iterable[tuple[str, str, datetime]],
    item_ids: Sequence[str],
    options: NearOptions | None = None,
) -> dict[str, dict[str, float]]:
    """From (consumer, product, time) purchases alone: every bought product's rank in [0, 1] by its
    habit of being bought in bursts (``BURST``, with ``STRENGTH``: how clearly the history holds
    bursts at all, 0 when no more products are bought in bursts than chance gives), and the
    products most often bought in the same weeks as it, by cosine of their shared
    consumer-periods (``NEIGHBOURS`` + its id)."""
    opt = options or NearOptions()
    n = len(item_ids)
    u, i, t = _arrays(purchases, item_ids)
    if not len(u):
        return {}
    ones = np.ones((n, 1))
    everything = _pairs(u, i, n, ones)[:, 0]
    near = np.zeros(n)
    shared = sp.csr_matrix((n, n))
    for together in _periods(u, t, opt.period_days):
        near += _pairs(together, i, n, ones)[:, 0] / 2
        m = sp.csr_matrix((np.ones(len(i)), (together, i)), shape=(int(together.max()) + 1, n))
        m.data[:] = 1.0  # bought in the period, however often
        shared = shared + (m.T @ m) / 2
    habit = (near + opt.base_share * opt.base_weight) / (everything + opt.base_weight)
    # Without events in the history, products are bought in bursts as often as out of them
    # (chance alone, symmetric); events add an excess of products bought in bursts.
    share = float(near.sum() / max(everything.sum(), 1e-9))
    z = (near - share * everything) / np.sqrt(np.maximum(share * everything, 1e-9))
    excess = float(np.mean(z > opt.burst_z) - np.mean(z < -opt.burst_z))
    strength = min(max((excess - opt.excess_none) / (opt.excess_full - opt.excess_none), 0.0), 1.0)
    buyers = _buyers(u, i, n)
    bought = np.flatnonzero(buyers > 0)
    by_buyers = bought[np.argsort(-buyers[bought], kind="stable")]
    order = np.argsort(np.argsort(habit[bought], kind="stable"), kind="stable")
    rank = np.zeros(n)
    rank[bought] = order / max(len(bought) - 1, 1)
    out: dict[str, dict[str, float]] = {
        BURST: {
            STRENGTH: round(strength, 4),
            **{
                PRODUCT + str(item_ids[int(k)]): round(float(rank[k]), 4)
                for k in by_buyers[: opt.most_ranked]
            },
        }
    }
    shared = sp.csr_matrix(shared)
    norm = np.sqrt(np.maximum(shared.diagonal(), 1e-12))
    listed = by_buyers[buyers[by_buyers] >= opt.least_buyers][: opt.most_neighbour_lists]
    for k in listed:
        lo, hi = shared.indptr[k], shared.indptr[k + 1]
        cols, counts = shared.indices[lo:hi], shared.data[lo:hi]
        keep = (cols != k) & (counts > 0)
        cols, sims = cols[keep], counts[keep] / (norm[k] * norm[cols[keep]])
        best = np.lexsort((cols, -sims))[: opt.neighbours]
        total = float(sims[best].sum())
        if total > 0:
            out[NEIGHBOURS + str(item_ids[int(k)])] = {
                PRODUCT + str(item_ids[int(c)]): round(float(w) / total, 4)
                for c, w in zip(cols[best], sims[best], strict=True)
            }
    return out


def _arrays(
    purchases: Iterable[tuple[str, str, datetime]], item_ids: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(consumer index, item index, day) arrays of the purchases of known items."""
    index = {str(i): n for n, i in enumerate(item_ids)}
    users: dict[str, int] = {}
    who, what, when = array("q"), array("q"), array("d")  # 8 bytes a purchase each, not a Python object
    for user, product, at in purchases:
        k = index.get(str(product))
        if k is None or at is None:
            continue
        who.append(users.setdefault(str(user), len(users)))
        what.append(k)
        when.append(at.timestamp() / 86400.0)
    return np.frombuffer(who, dtype=np.int64), np.frombuffer(what, dtype=np.int64), np.frombuffer(when)


def _periods(u: np.ndarray, t: np.ndarray, period_days: float) -> list[np.ndarray]:
    """Consumer-period group of every purchase, for two offsets of the periods (half a period apart)."""
    out = []
    for offset in (0.0, period_days / 2):
        period = np.floor((t + offset) / period_days).astype(np.int64)
        period -= period.min()
        _, together = np.unique(u * (int(period.max()) + 1) + period, return_inverse=True)
        out.append(together.ravel())
    return out


def _buyers(u: np.ndarray, i: np.ndarray, n_items: int) -> np.ndarray:
    """Distinct consumers who bought each item."""
    return np.bincount(np.unique(u * n_items + i) % n_items, minlength=n_items)


def _pairs(groups: np.ndarray, items: np.ndarray, n_items: int, weights: np.ndarray) -> np.ndarray:
    """For every item: the summed ``weights`` of the other purchases in the groups it was bought in
    (items x weight columns); a purchase never pairs with itself."""
    n_groups = int(groups.max()) + 1
    out = np.zeros((n_items, weights.shape[1]))
    order = np.argsort(groups, kind="stable")
    groups, items = groups[order], items[order]
    bounds = np.searchsorted(groups, np.arange(0, n_groups + BLOCK_ROWS, BLOCK_ROWS))
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
        if hi <= lo:
            continue
        g = groups[lo:hi] - groups[lo]
        m = sp.csr_matrix((np.ones(hi - lo), (g, items[lo:hi])), shape=(int(g.max()) + 1, n_items))
        out += np.asarray(m.T @ (m @ weights))
        own = np.asarray(m.multiply(m).sum(axis=0)).ravel()
        out -= own[:, None] * weights
    return out
