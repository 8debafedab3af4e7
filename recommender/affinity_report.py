"""What serves each event, and why: the listing behind ``lifecue affinity show``.

Read from the serving catalog's affinity table (the same numbers the boost uses), per
(event type, subject): the products with the highest affinity and the source of each
score (tag, name, meaning, together, learned, override), and the categories by mean affinity with
the source most of their scored products share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from recommender.affinity import SOURCE_NAMES, row
from recommender.events import EVENT_TYPES, SUBJECTS
from recommender.snapshot import Catalog


@dataclass(frozen=True)
class ProductLine:
    """One product serving an event."""

    product_id: str
    title: str
    category: str
    score: float
    source: str


@dataclass(frozen=True)
class CategoryLine:
    """One category serving an event: how many of its products do, their mean affinity, the usual source."""

    category: str
    products: int
    scored: int
    mean_score: float
    source: str


@dataclass(frozen=True)
class EventAffinity:
    """Products and categories serving one (event type, subject)."""

    event_type: str
    subject: str
    products: list[ProductLine]
    categories: list[CategoryLine]


def affinity_report(
    catalog: Catalog,
    titles: Mapping[str, str],
    event_type: str | None = None,
    subject: str | None = None,
    top: int = 20,
    min_score: float = 0.05,
) -> list[EventAffinity]:
    """The best ``top`` products and categories per (event type, subject), scores of at least ``min_score``."""
    out = []
    for kind in [event_type] if event_type else EVENT_TYPES:
        for who in [subject] if subject else SUBJECTS:
            r = row(kind, who)
            scores = catalog.affinity.scores[r]
            sources = catalog.affinity.sources[r]
            order = np.lexsort((catalog.item_ids, -scores))
            products = [
                ProductLine(
                    str(catalog.item_ids[i]),
                    titles.get(str(catalog.item_ids[i]), ""),
                    str(catalog.categories[i]),
                    round(float(scores[i]), 3),
                    SOURCE_NAMES[int(sources[i])],
                )
                for i in order[:top].tolist()
                if scores[i] >= min_score
            ]
            out.append(
                EventAffinity(kind, who, products, _categories(catalog, scores, sources, top, min_score))
            )
    return out


def _categories(
    catalog: Catalog, scores: np.ndarray, sources: np.ndarray, top: int, min_score: float
) -> list[CategoryLine]:
    names, codes = np.unique(catalog.categories, return_inverse=True)
    sizes = np.bincount(codes, minlength=len(names))
    means = np.bincount(codes, weights=scores, minlength=len(names)) / np.maximum(sizes, 1)
    scored = np.bincount(codes, weights=(scores >= min_score).astype(float), minlength=len(names))
    lines = []
    for c in np.argsort(-means, kind="stable")[:top].tolist():
        if means[c] < min_score:
            break
        members = (codes == c) & (scores >= min_score)
        usual = Counter(int(s) for s in sources[members]).most_common(1)
        lines.append(
            CategoryLine(
                str(names[c]),
                int(sizes[c]),
                int(scored[c]),
                round(float(means[c]), 3),
                SOURCE_NAMES[usual[0][0]] if usual else "",
            )
        )
    return lines
