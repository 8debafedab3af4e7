"""One ranking: the base score plus the event boost, masked to what may be shown, with reasons.

score(u, i) = base(u, i) + Σ over usable events e of boost(e, i), where base is the model
selection chose (`Snapshot.base_scores`, which also explains it), and
boost(e, i) = weight × scale(u) × strength(days until e) × affinity(type e, subject e, i)
× (1 − popularity + popularity × pop(i)); scale(u) is the consumer's best base score (so
the boost means the same for heavy and light consumers) and pop(i) the product's
popularity in [0, 1], which orders the boosted products among themselves. Boosted
products may take at most ``max_share`` x strength of the n slots (fewer while the event
is far); the rest stay with the base ranking.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from recommender.affinity import row
from recommender.events import UsableEvent
from recommender.reasons import Reason, event_reason
from recommender.snapshot import Snapshot


@dataclass(frozen=True)
class BoostShape:
    """How strong the event boost is, how it ramps toward the day, how many slots it may take.

    Defaults were tuned on the simulation's tuning catalogs (README "Recommendations").
    """

    weight: float = 10.0  # boost of a fully relevant product at full strength, x the best base score
    popularity: float = 0.9  # 0: boosted products keep the base order; 1: ordered by popularity alone
    max_share: float = 1.0  # most of the n slots boosted products may take (x strength)
    full_days: int = 21  # full strength from this many days before the day
    ramp_days: int = 60  # strength falls linearly over these days before that ...
    floor: float = 0.5  # ... to no less than this (the event's window still bounds it)

    def strength(self, event: UsableEvent) -> float:
        """Strength in [floor, 1] before the day; after it, the event's own fade."""
        days = event.days_until
        if days < 0:
            return event.proximity
        if days <= self.full_days:
            return 1.0
        return max(self.floor, 1.0 - (days - self.full_days) / max(self.ramp_days, 1))


@dataclass(frozen=True)
class Ranked:
    """One ranked product."""

    product_id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Ranking:
    """What Recommend answers, before offers."""

    items: list[Ranked]
    personalized: bool
    model_version: str

    @cached_property
    def reason_kinds(self) -> tuple[tuple[str, str], ...]:
        """(kind, event type) of every reason its items give, worked out once (a kept ranking is
        answered many times; `recommender.reason_tally` counts them)."""
        return tuple((r.kind, r.event_type) for item in self.items for r in item.reasons)


def rank(
    snap: Snapshot,
    consumer_id: str,
    n: int,
    events: Sequence[UsableEvent],
    personal: bool,
    exclude_purchased: bool = True,
    categories: Sequence[str] = (),
    shape: BoostShape | float = 1.0,
) -> Ranking:
    """Top ``n`` in-stock products for the consumer; ``personal`` False means popularity only.

    ``shape`` may be a bare number, read as the boost weight with the default shape.
    """
    boost_shape = shape if isinstance(shape, BoostShape) else BoostShape(weight=float(shape))
    cat = snap.catalog
    found = snap.base_scores(consumer_id) if personal else None
    known = found is not None
    why: Callable[[int], Reason | None]
    if found is not None:
        base = found.scores
        why = found.reason
        scale = max(float(base.max()) if len(base) else 0.0, 1e-3)
    else:
        base = cat.popularity  # shared: never written to
        base_kind = ("cold_start" if events else "popular") if personal else "fallback_non_personal"
        why = lambda i: Reason(base_kind, _TEXTS[base_kind], weight=float(base[i]))  # noqa: E731
        scale = 1.0
    # Products that may not be shown score -inf instead of being filtered out of a copy:
    # one add against the catalog's stock mask, then the consumer's few exclusions by index.
    plain = np.add(base, cat.hidden, dtype=np.float32)
    if categories:
        plain[~cat.in_categories(categories)] = -np.inf
    if personal:
        if exclude_purchased and consumer_id in snap.purchased:
            plain[snap.purchased[consumer_id]] = -np.inf
        if consumer_id in snap.suppressed:
            plain[snap.suppressed[consumer_id]] = -np.inf
    boosts = _boosts(snap, events, scale, boost_shape) if personal and boost_shape.weight > 0 else []
    if boosts:
        scores = plain + sum(b for _, b in boosts)
        share = boost_shape.max_share * max(boost_shape.strength(e) for e, _ in boosts)
        order = _with_slot_cap(plain, scores, n, cat.item_ids, share)
    else:
        scores = plain
        order = top(plain, n, cat.item_ids)
    items = [
        Ranked(str(cat.item_ids[i]), float(scores[i]), _reasons(snap, i, why, boosts)) for i in order.tolist()
    ]
    return Ranking(items=items, personalized=known, model_version=snap.version if personal else "")


def _boosts(
    snap: Snapshot, events: Sequence[UsableEvent], scale: float, shape: BoostShape
) -> list[tuple[UsableEvent, np.ndarray]]:
    """Each usable event's boost vector over the catalog (events that boost nothing left out)."""
    cat = snap.catalog
    order_by = (1.0 - shape.popularity) + shape.popularity * cat.popularity
    out = []
    for event in events:
        affinity = cat.affinity[row(event.type, event.subject)]
        if not affinity.any():
            continue
        out.append((event, affinity * order_by * np.float32(shape.weight * scale * shape.strength(event))))
    return out


def _with_slot_cap(
    plain: np.ndarray, scores: np.ndarray, n: int, item_ids: np.ndarray, max_share: float
) -> np.ndarray:
    """Top ``n`` by boosted score, with at most ``max_share`` of the slots for products the boost
    brought in (those not in the top ``n`` by the base score); the rest from the base ranking."""
    boosted = top(scores, n, item_ids)
    base_top = top(plain, n, item_ids)
    promoted = np.setdiff1d(boosted, base_top, assume_unique=True)
    cap = math.floor(max_share * n + 0.5)
    if len(promoted) <= cap:
        return boosted
    keep_promoted = boosted[np.isin(boosted, promoted)][:cap]
    chosen = np.concatenate([keep_promoted, base_top[~np.isin(base_top, keep_promoted)]])[: len(boosted)]
    return chosen[np.lexsort((item_ids[chosen], -scores[chosen]))]


def top(scores: np.ndarray, n: int, item_ids: np.ndarray) -> np.ndarray:
    """Indexes of the ``n`` best finite scores, best first, ties by item id (smallest first)."""
    size = len(scores)
    k = min(n, size)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    chosen = np.argpartition(scores, size - k)[size - k :] if size > k else np.arange(size)
    cut = scores[chosen].min()
    if cut > -np.inf and np.count_nonzero(scores == cut) != np.count_nonzero(scores[chosen] == cut):
        # Ties straddle the cut: argpartition chose among them arbitrarily; take them by id instead.
        above = chosen[scores[chosen] > cut]
        tied = np.flatnonzero(scores == cut)
        tied = tied[np.argsort(item_ids[tied], kind="stable")][: k - len(above)]
        chosen = np.concatenate([above, tied])
    chosen = chosen[scores[chosen] > -np.inf]
    return chosen[np.lexsort((item_ids[chosen], -scores[chosen]))]


_TEXTS = {
    "popular": "popular right now",
    "cold_start": "popular with people before such events",
    "fallback_non_personal": "popular right now (not personalised)",
}


def _reasons(
    snap: Snapshot, i: int, why: Callable[[int], Reason | None], boosts: list[tuple[UsableEvent, np.ndarray]]
) -> tuple[Reason, ...]:
    first = why(i)
    out = [first] if first is not None else []
    cat = snap.catalog
    for event, contribution in boosts:
        if contribution[i] > 0:
            r = row(event.type, event.subject)
            out.append(
                event_reason(event, str(cat.categories[i]), cat.affinity.source(r, i), float(contribution[i]))
            )
    return tuple(out)
