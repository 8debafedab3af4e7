"""One ranking: the base score plus the event boost, masked to what may be shown, with reasons.

score(u, i) = base(u, i) + boost_weight x scale(u) x sum over usable events e of
affinity(type e, subject e, i) x proximity(e), where base is the model selection chose
(`Snapshot.base_scores`, which also explains it) and scale(u) the consumer's best base
score, so the boost means the same for heavy and light consumers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recommender.affinity import row
from recommender.events import UsableEvent
from recommender.reasons import Reason
from recommender.snapshot import Snapshot


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


def rank(
    snap: Snapshot,
    consumer_id: str,
    n: int,
    events: Sequence[UsableEvent],
    personal: bool,
    exclude_purchased: bool = True,
    categories: Sequence[str] = (),
    boost_weight: float = 1.0,
) -> Ranking:
    """Top ``n`` in-stock products for the consumer; ``personal`` False means popularity only."""
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
    scores = np.add(base, cat.hidden, dtype=np.float32)
    boosts: list[tuple[UsableEvent, np.ndarray]] = []
    if personal and boost_weight > 0:
        for event in events:
            contribution = cat.affinity[row(event.type, event.subject)] * (
                boost_weight * scale * event.proximity
            )
            if contribution.any():
                scores += contribution
                boosts.append((event, contribution))
    if categories:
        scores[~cat.in_categories(categories)] = -np.inf
    if personal:
        if exclude_purchased and consumer_id in snap.purchased:
            scores[snap.purchased[consumer_id]] = -np.inf
        if consumer_id in snap.suppressed:
            scores[snap.suppressed[consumer_id]] = -np.inf
    order = top(scores, n, cat.item_ids)
    items = [Ranked(str(cat.item_ids[i]), float(scores[i]), _reasons(i, why, boosts)) for i in order.tolist()]
    return Ranking(items=items, personalized=known, model_version=snap.version if personal else "")


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
    i: int, why: Callable[[int], Reason | None], boosts: list[tuple[UsableEvent, np.ndarray]]
) -> tuple[Reason, ...]:
    base = why(i)
    out = [base] if base is not None else []
    for event, contribution in boosts:
        if contribution[i] > 0:
            label = event.type.replace("_", " ")
            whose = (
                f"your {event.relation or 'friend'}'s {label}"
                if event.subject == "network"
                else f"your {label}"
            )
            when = f"in {event.days_until} days" if event.days_until >= 0 else f"{-event.days_until} days ago"
            out.append(
                Reason(
                    "event_boost",
                    f"for {whose} {when}",
                    event.type,
                    event.subject,
                    event.relation,
                    event.days_until,
                    float(contribution[i]),
                )  # fmt: skip
            )
    return tuple(out)
