"""Seeded interaction logs of two kinds, to check that selection picks the right model family.

``grocery``: shoppers repeat baskets dominated by best sellers, and buy complements of
their staples (items come in small "goes with" groups); tastes barely differ, so
popularity and item neighbours beat a factor model. ``boutique``: tastes follow a few
latent styles and popularity matters little, so ALS wins. Both return
``(user_id, item_id, timestamp, weight)`` rows with times over ``days`` days; `as_world`
turns them into a shop's products, consumers and purchases for the database.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from recommender.simulation import World

Row = tuple[str, str, int, float]
START = 1_700_000_000
DAY = 86_400


def grocery(users: int = 1500, items: int = 1200, days: int = 120, seed: int = 11) -> list[Row]:
    """Repeat baskets over Zipf best sellers plus complements of each shopper's staples."""
    rng = np.random.default_rng(seed)
    pop = 1.0 / np.arange(1, items + 1) ** 1.05
    pop /= pop.sum()
    group = np.arange(items) // 4  # complements: items 4g..4g+3 go together
    rows: list[Row] = []
    for u in range(users):
        staples = rng.choice(items, size=int(rng.integers(3, 10)), replace=False, p=pop)
        visits = np.sort(rng.uniform(0, days, size=int(rng.integers(3, 16))))
        for day in visits:
            basket = set(rng.choice(staples, size=min(len(staples), int(rng.integers(1, 5))), replace=False))
            basket |= set(rng.choice(items, size=int(rng.integers(1, 5)), p=pop).tolist())
            for s in staples:
                if rng.random() < 0.25:
                    basket.add(int(4 * group[s] + rng.integers(0, 4)))
            at = START + int(day * DAY)
            rows.extend((f"g{u}", f"p{i}", at + n, 1.0) for n, i in enumerate(sorted(basket)))
    return rows


def boutique(users: int = 1500, items: int = 1200, days: int = 365, seed: int = 13) -> list[Row]:
    """Purchases driven by a few latent styles per shopper, popularity a weak prior."""
    rng = np.random.default_rng(seed)
    styles = 24
    item_style = rng.integers(0, styles, size=items)
    pop = 1.0 / np.arange(1, items + 1) ** 0.3
    rows: list[Row] = []
    for u in range(users):
        liked = rng.choice(styles, size=2, replace=False)
        p = pop * np.where(np.isin(item_style, liked), 40.0, 1.0)
        p /= p.sum()
        n = int(rng.integers(4, 30))
        chosen = rng.choice(items, size=n, replace=False, p=p)
        times = np.sort(rng.uniform(0, days, size=n))
        rows.extend((f"b{u}", f"q{i}", START + int(t * DAY), 1.0) for i, t in zip(chosen, times, strict=True))
    return rows


def temporal_split(rows: list[Row], fraction: float = 0.2, min_rows: int = 5) -> tuple[list[Row], list[Row]]:
    """Per user, the latest ``fraction`` of rows to test (users with fewer than ``min_rows`` stay in train)."""
    by_user: dict[str, list[Row]] = {}
    for r in rows:
        by_user.setdefault(r[0], []).append(r)
    train: list[Row] = []
    test: list[Row] = []
    for user_rows in by_user.values():
        user_rows.sort(key=lambda r: (r[2], r[1]))
        n = len(user_rows)
        cut = n - max(1, int(round(n * fraction))) if n >= min_rows else n
        train.extend(user_rows[:cut])
        test.extend(user_rows[cut:])
    return train, test


def as_world(rows: list[Row], end: datetime, category_size: int = 40) -> World:
    """The rows as a lifecue shop ending at ``end``: every item a product (grouped into aisles of
    ``category_size``), every user a consenting consumer, every row a purchase."""
    shift = end.timestamp() - max(r[2] for r in rows) if rows else 0.0
    items = sorted({r[1] for r in rows}, key=lambda i: (len(i), i))
    aisle = {i: f"aisle{n // category_size:02d}" for n, i in enumerate(items)}
    products = [{"_id": i, "title": f"Product {i}", "category": aisle[i], "price": 2.5, "tags": [],
                 "in_stock": True} for i in items]  # fmt: skip
    when = [datetime.fromtimestamp(r[2] + shift, UTC) for r in rows]
    purchases = [
        {"_id": f"{r[0]}-o{n}", "consumer_id": r[0], "product_id": r[1], "quantity": 1, "amount": 2.5,
         "currency": "EUR", "category": aisle[r[1]], "purchased_at": at}
        for n, (r, at) in enumerate(zip(rows, when, strict=True))
    ]  # fmt: skip
    start = min(when) if when else end
    granted = {"granted": True, "at": start, "source": "simulation"}
    genomes = [{"_id": u, "created_at": start, "updated_at": start, "consents": {"personalization": granted},
                "life_events": []} for u in dict.fromkeys(r[0] for r in rows)]  # fmt: skip
    return World(products, genomes, purchases, [], start, end)
