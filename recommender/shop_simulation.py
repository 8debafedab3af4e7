"""A seeded shop in which some consumers announce a dated event: history, posts, next purchases.

Shaped like the outside check of the boost: a catalog (``recommender.shop_catalogs``),
a purchase history in which everyday taste drives most purchases and past events (some
announced in consented posts, most not) drive the rest, then at ``t0`` one post per
event consumer announcing an event ``lead_days`` ahead. The next purchases, within
``horizon_days`` of ``t0``, are what a ranking at ``t0`` should find: event consumers buy
mostly for their event (gifts when it is someone else's), everyday consumers as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from recommender.events import WINDOWS
from recommender.shop_catalogs import SimProduct

ANNOUNCED_TYPES: tuple[str, ...] = ("birthday", "anniversary", "wedding", "engagement", "new_baby", "graduation",
                                    "new_job", "moving_home", "retirement", "new_pet")  # fmt: skip
RECURRING = frozenset({"birthday", "anniversary"})
RELATIONS = ("sister", "brother", "friend", "cousin", "colleague", "best friend")
# One announcement per type and subject; {date} is "June 14", {who} a relation.
POSTS: dict[tuple[str, str], str] = {
    ("birthday", "self"): "My birthday is on {date}, planning a little party with everyone!",
    ("birthday", "network"): "My {who}'s birthday is on {date}, need ideas for a present",
    ("anniversary", "self"): "Our tenth wedding anniversary is on {date}, can't believe it",
    ("anniversary", "network"): "My {who} and her husband celebrate their anniversary on {date}",
    ("wedding", "self"): "We're getting married on {date}! Final preparations now",
    ("wedding", "network"): "My {who} is getting married on {date}, so happy for them",
    ("engagement", "self"): "I'm proposing to my girlfriend on {date}, ring is picked!",
    ("engagement", "network"): "My {who} is getting engaged on {date}, the whole family knows except her",
    ("new_baby", "self"): "Our baby girl is due on {date}, the nursery is almost ready",
    ("new_baby", "network"): "My {who} is having her baby on {date}, I'm going to be an aunt!",
    ("graduation", "self"): "I graduate on {date}! Four years of uni done",
    ("graduation", "network"): "My {who} graduates from university on {date}, so proud",
    ("new_job", "self"): "I start my new job on {date}! New office, new team",
    ("new_job", "network"): "My {who} starts her new job on {date}, so proud of her",
    ("moving_home", "self"): "We're moving into our new house on {date}!",
    ("moving_home", "network"): "My {who} moves into her first flat on {date}",
    ("retirement", "self"): "I retire on {date} after 35 years at the company",
    ("retirement", "network"): "My {who} retires on {date} after 40 years of teaching",
    ("new_pet", "self"): "We're bringing our new puppy home on {date}!",
    ("new_pet", "network"): "My {who} is getting a kitten on {date}, she's so excited",
}


@dataclass(frozen=True)
class Announcement:
    """One consented post announcing a dated event."""

    consumer_id: str
    event_type: str
    subject: str
    relation: str
    day: datetime
    posted_at: datetime
    text: str


@dataclass
class ShopWorld:
    """Everything the outside check sends, and what it measures against."""

    catalog: list[SimProduct]
    genomes: list[dict[str, Any]]  # consents and the life events of past posts
    purchases: list[dict[str, Any]]  # history, before t0
    interactions: list[dict[str, Any]]  # views, before t0
    announcements: list[Announcement]
    next_purchases: dict[str, list[str]]  # consumer -> products bought within the horizon
    event_consumers: frozenset[str]
    t0: datetime
    start: datetime
    relevant: dict[str, frozenset[str]] = field(default_factory=dict)  # "type/subject" -> product ids

    @property
    def products(self) -> list[dict[str, Any]]:
        """Product documents, as UpsertProducts sends them."""
        return [p.doc for p in self.catalog]


def simulate_shop(
    catalog: list[SimProduct],
    consumers: int = 2000,
    seed: int = 7,
    days: int = 365,
    t0: datetime | None = None,
    announce_share: float = 0.25,
    past_event_share: float = 0.4,
    past_posted_share: float = 0.5,
    lead_days: tuple[int, int] = (14, 14),
    horizon_days: int = 21,
    event_purchases: float = 5.0,
    everyday_during_event: float = 0.5,
    event_choice: str = "popular",
    truth: str = "product",
) -> ShopWorld:
    """Generate the shop's world; every number comes from ``seed``.

    ``event_choice`` says how an event's purchases pick among the products that serve it:
    "popular" (as often as everyday popularity says), "uniform", or "own" (a popularity of
    their own, unrelated to everyday sales). ``truth`` says which products serve an event:
    "product" (its product types) or "category" (every product of a department where most
    products serve it, as a shop that thinks in departments would see it).
    """
    rng = np.random.default_rng(seed)
    t0 = t0 or datetime(2026, 6, 1, tzinfo=UTC)
    start = t0 - timedelta(days=days)
    ids = np.array([p.product_id for p in catalog])
    pop = np.array([p.popularity for p in catalog])
    everyday = np.array([p.everyday for p in catalog])
    depts = np.array([p.doc["category"] for p in catalog])
    dept_names = sorted(set(depts.tolist()))
    relevant = _relevance(catalog, truth)
    event_pop = {"popular": pop, "uniform": np.ones(len(ids)), "own": rng.lognormal(0.0, 1.0, len(ids))}[
        event_choice
    ]
    prices = {p.product_id: float(p.doc["price"]) for p in catalog}
    purchases: list[dict[str, Any]] = []
    interactions: list[dict[str, Any]] = []
    genomes: list[dict[str, Any]] = []
    announcements: list[Announcement] = []
    upcoming: dict[str, list[str]] = {}

    def pick(weights: np.ndarray) -> str:
        return str(ids[int(rng.choice(len(ids), p=weights / weights.sum()))])

    def record(user: str, item: str, at: datetime) -> None:
        if at >= t0:
            upcoming.setdefault(user, []).append(item)
            return
        k = len(purchases)
        purchases.append({"_id": f"{user}-b{k}", "consumer_id": user, "product_id": item, "quantity": 1,
                          "amount": prices[item], "currency": "EUR", "purchased_at": at})  # fmt: skip
        interactions.append({"_id": f"{user}-v{k}", "consumer_id": user, "product_id": item, "kind": "VIEW",
                             "occurred_at": at - timedelta(minutes=5)})  # fmt: skip

    def event_weights(kind: str, subject: str) -> np.ndarray:
        chosen = relevant.get(f"{kind}/{subject}") or relevant.get(f"{kind}/self") or frozenset()
        return event_pop * np.isin(ids, list(chosen))

    event_consumers: set[str] = set()
    for u in range(consumers):
        user = f"c{u:05d}"
        liked = rng.choice(len(dept_names), size=min(3, len(dept_names)), replace=False)
        taste = np.full(len(dept_names), 0.15 / len(dept_names))
        taste[liked] += 0.85 * rng.dirichlet(np.ones(len(liked)) * 2)
        dept_weight = taste[np.searchsorted(dept_names, depts)]
        daily = pop * (everyday + 0.03) * dept_weight
        rate = float(rng.uniform(1 / 20, 1 / 7))  # everyday purchases per day
        for _ in range(int(rng.poisson(rate * days))):
            record(user, pick(daily), start + timedelta(days=float(rng.uniform(0, days))))
        life_events: list[dict[str, Any]] = []
        if rng.random() < past_event_share:
            kind, subject = _event_kind(rng)
            day = start + timedelta(days=float(rng.uniform(40, days - 10)))
            window = WINDOWS[kind]
            weights = event_weights(kind, subject)
            if weights.sum() > 0:
                for _ in range(int(rng.poisson(event_purchases)) + 1):
                    at = day - timedelta(
                        days=float(rng.uniform(-min(window.after, 14), min(window.before, 30)))
                    )
                    record(user, pick(weights), min(at, t0 - timedelta(hours=1)))
            if rng.random() < past_posted_share:
                life_events.append(_life_event(f"{user}-e0", kind, subject, day, start))
        if rng.random() < announce_share:
            kind, subject = _event_kind(rng)
            lead = int(rng.integers(lead_days[0], lead_days[1] + 1))
            day = (t0 + timedelta(days=lead)).replace(hour=0, minute=0, second=0, microsecond=0)
            relation = RELATIONS[int(rng.integers(len(RELATIONS)))] if subject == "network" else ""
            posted = t0 - timedelta(hours=2)
            text = POSTS[(kind, subject)].format(date=f"{day:%B} {day.day}", who=relation)
            announcements.append(Announcement(user, kind, subject, relation, day, posted, text))
            event_consumers.add(user)
            weights = event_weights(kind, subject)
            window = WINDOWS[kind]
            for _ in range(int(rng.poisson(event_purchases)) + 1):
                at = day - timedelta(days=float(rng.uniform(-min(window.after, 14), min(window.before, 30))))
                if t0 <= at <= t0 + timedelta(days=horizon_days):
                    record(user, pick(weights), at)
            for _ in range(int(rng.poisson(rate * horizon_days * everyday_during_event))):
                record(user, pick(daily), t0 + timedelta(days=float(rng.uniform(0, horizon_days))))
        else:
            for _ in range(int(rng.poisson(rate * horizon_days))):
                record(user, pick(daily), t0 + timedelta(days=float(rng.uniform(0, horizon_days))))
        granted = {"granted": True, "at": start, "source": "simulation"}
        genomes.append(
            {"_id": user, "schema_version": 1, "created_at": start, "updated_at": start,
             "consents": {"personalization": granted, "social_analysis": granted}, "life_events": life_events}
        )  # fmt: skip
    return ShopWorld(
        catalog=catalog,
        genomes=genomes,
        purchases=purchases,
        interactions=interactions,
        announcements=announcements,
        next_purchases=upcoming,
        event_consumers=frozenset(event_consumers),
        t0=t0,
        start=start,
        relevant=relevant,
    )


def _relevance(catalog: list[SimProduct], truth: str = "product") -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for p in catalog:
        for kind in p.self_events:
            out.setdefault(f"{kind}/self", set()).add(p.product_id)
        for kind in p.gift_events:
            out.setdefault(f"{kind}/network", set()).add(p.product_id)
    if truth == "category":
        members: dict[str, set[str]] = {}
        for p in catalog:
            members.setdefault(str(p.doc["category"]), set()).add(p.product_id)
        for key, chosen in out.items():
            whole = [m for m in members.values() if len(m & chosen) * 2 >= len(m)]
            out[key] = set().union(*whole) if whole else chosen
    return {k: frozenset(v) for k, v in out.items()}


def _event_kind(rng: np.random.Generator) -> tuple[str, str]:
    kind = str(ANNOUNCED_TYPES[int(rng.integers(len(ANNOUNCED_TYPES)))])
    return kind, ("network" if rng.random() < 0.3 else "self")


def _life_event(event_id: str, kind: str, subject: str, day: datetime, detected: datetime) -> dict[str, Any]:
    return {"event_id": event_id, "type": kind, "recurrence": "recurring" if kind in RECURRING else "one_off",
            "subject": subject, "relation": "friend" if subject == "network" else None, "date": day,
            "date_precision": "day", "next_occurrence": None, "confidence": 0.9, "sensitive": False,
            "source_post_ids": [], "model_version": "simulation", "detected_at": detected}  # fmt: skip


def announced_event(a: Announcement) -> dict[str, Any]:
    """The life event an announcement should become (what a perfect classifier would store)."""
    return _life_event(f"{a.consumer_id}-announced", a.event_type, a.subject, a.day, a.posted_at)
