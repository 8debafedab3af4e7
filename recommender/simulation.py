"""A seeded retail world whose consumers buy toward event categories before their events.

Everyday taste drives most purchases; inside the window before a life event (and after
it for types like new_baby) a consumer also buys from that event's categories, gifts
when the event is someone else's. Some of those categories (travel before a wedding,
home before a new baby) are in no hand-written table, so only learned lift finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from genome_store import Database, load_documents
from recommender.events import GIFT_CATEGORIES, WINDOWS

EVERYDAY = ("grocery", "beauty", "sports", "outdoor", "kitchen", "gaming", "music", "books", "electronics",
            "fashion", "home", "garden")  # fmt: skip
# What the simulated consumers really buy before each event (a superset of recommender.events).
BOUGHT_FOR: dict[str, tuple[str, ...]] = {
    "birthday": ("party", "gifts"),
    "anniversary": ("jewelry", "flowers"),
    "wedding": ("wedding", "jewelry", "travel"),
    "new_baby": ("baby_care", "toys", "home"),
    "pregnancy": ("maternity", "baby_care"),
    "graduation": ("electronics", "books"),
    "new_job": ("fashion", "office"),
    "moving_home": ("furniture", "home", "kitchen"),
    "new_pet": ("pet_supplies",),
}
EVENTFUL = ("party", "gifts", "jewelry", "flowers", "wedding", "travel", "baby_care", "toys", "maternity",
            "office", "furniture", "pet_supplies")  # fmt: skip
CATEGORIES = EVERYDAY + EVENTFUL


@dataclass
class World:
    """Products, genomes (consents, life events), purchases and interactions of a simulation."""

    products: list[dict[str, Any]]
    genomes: list[dict[str, Any]]
    purchases: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    start: datetime
    end: datetime
    event_categories: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(BOUGHT_FOR))


def _products(rng: np.random.Generator, per_category: int) -> list[dict[str, Any]]:
    out = []
    for cat in CATEGORIES:
        for k in range(per_category):
            tags = [
                f"event:{t}"
                for t, cats in BOUGHT_FOR.items()
                if cat in cats and cat not in ("travel", "home")
            ]
            if cat in GIFT_CATEGORIES:
                tags.append("gift")
            out.append(
                {
                    "_id": f"p-{cat}-{k:03d}",
                    "title": f"{cat.replace('_', ' ').title()} item {k}",
                    "category": cat,
                    "price": round(float(rng.uniform(5, 200)), 2),
                    "tags": tags if rng.random() < 0.7 else [],
                    "in_stock": bool(rng.random() > 0.03),
                }
            )
    return out


def simulate(
    consumers: int = 2000,
    per_category: int = 25,
    days: int = 365,
    seed: int = 7,
    end: datetime | None = None,
    event_share: float = 0.5,
    id_prefix: str = "u",
) -> World:
    """Generate the world; every number comes from ``seed``."""
    rng = np.random.default_rng(seed)
    end = end or datetime(2026, 6, 1, tzinfo=UTC)
    start = end - timedelta(days=days)
    products = _products(rng, per_category)
    by_cat: dict[str, list[str]] = {}
    for p in products:
        by_cat.setdefault(p["category"], []).append(p["_id"])
    zipf = {c: _zipf(len(ids), rng) for c, ids in by_cat.items()}
    prices = {p["_id"]: p["price"] for p in products}
    genomes: list[dict[str, Any]] = []
    purchases: list[dict[str, Any]] = []
    interactions: list[dict[str, Any]] = []
    types = tuple(BOUGHT_FOR)

    def buy(user: str, cat: str, at: datetime) -> None:
        item = by_cat[cat][int(rng.choice(len(by_cat[cat]), p=zipf[cat]))]
        n = len(purchases)
        purchases.append(
            {"_id": f"{user}-b{n}", "consumer_id": user, "product_id": item, "quantity": 1,
             "amount": prices[item], "currency": "EUR", "category": cat, "purchased_at": at}
        )  # fmt: skip
        interactions.append(
            {"_id": f"{user}-v{n}", "consumer_id": user, "product_id": item, "kind": "VIEW",
             "occurred_at": at - timedelta(minutes=5)}
        )  # fmt: skip

    for u in range(consumers):
        user = f"{id_prefix}{u:05d}"
        taste = rng.choice(len(EVERYDAY), size=3, replace=False)
        weights = rng.dirichlet(np.ones(3) * 2)
        for _ in range(int(rng.poisson(days / 14))):
            at = start + timedelta(days=float(rng.uniform(0, days)))
            cat = (
                EVERYDAY[int(taste[rng.choice(3, p=weights)])]
                if rng.random() < 0.85
                else str(rng.choice(CATEGORIES))
            )
            buy(user, cat, at)
        events: list[dict[str, Any]] = []
        if rng.random() < event_share:
            kind = str(rng.choice(types))
            subject = "network" if rng.random() < 0.3 else "self"
            day = start + timedelta(days=float(rng.uniform(60, days + 60)))
            day = day.replace(hour=12, minute=0, second=0, microsecond=0)
            window = WINDOWS[kind]
            cats = GIFT_CATEGORIES if subject == "network" else BOUGHT_FOR[kind]
            for _ in range(int(rng.poisson(4)) + 1):
                at = day - timedelta(days=float(rng.uniform(-window.after, window.before)))
                if start <= at <= end:
                    buy(user, str(rng.choice(cats)), at)
            recurring = kind in ("birthday", "anniversary")
            events.append(
                {"event_id": f"{user}-e1", "type": kind, "recurrence": "recurring" if recurring else "one_off",
                 "subject": subject, "relation": "sister" if subject == "network" else None, "date": day,
                 "date_precision": "day", "next_occurrence": None, "confidence": 0.9,
                 "sensitive": kind == "pregnancy", "source_post_ids": [], "model_version": "sim",
                 "detected_at": start}
            )  # fmt: skip
        granted = {"granted": True, "at": start, "source": "simulation"}
        consents = {"personalization": granted, "social_analysis": granted}
        if rng.random() < 0.5:
            consents["sensitive_inference"] = granted
        genomes.append({"_id": user, "created_at": start, "updated_at": start, "consents": consents,
                        "life_events": events})  # fmt: skip
    return World(products, genomes, purchases, interactions, start, end)


def _zipf(n: int, rng: np.random.Generator) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** 1.1
    w = w[rng.permutation(n)]
    return w / w.sum()


def load_into(db: Database[Any], world: World) -> None:
    """Write the world into a lifecue database (tests and benchmarks; the demo uses the API)."""
    load_documents(
        db,
        products=world.products,
        genomes=world.genomes,
        purchases=world.purchases,
        interactions=world.interactions,
    )
