"""Does the event boost pay? Plain ALS against boosted ALS on a simulated world.

Train on everything before a cutoff, then replay each later purchase with ``as_of``
just before it. Purchases fall in three groups: event-relevant and inside a usable
event window (the boost's target), inside a window but unrelated, and outside every
window (where the boost must not hurt).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from typing import Any

from recommender.als import AlsParams
from recommender.events import GIFT_CATEGORIES, SENSITIVE_TYPES, WINDOWS, usable_events
from recommender.ranker import rank
from recommender.simulation import World
from recommender.snapshot import Catalog
from recommender.training import TrainingData, assemble, fit

KIND_WEIGHTS = {"VIEW": 1.0, "CLICK": 2.0, "ADD_TO_CART": 4.0, "PURCHASE": 8.0, "OFFER_REDEEMED": 8.0}


def evaluate_boost(
    world: World,
    test_days: int = 60,
    k: int = 10,
    params: AlsParams | None = None,
    boost_weight: float = 1.0,
    half_life_days: float = 0.0,
) -> dict[str, Any]:
    """Hit-rate@k and ndcg@k per group, plain vs boosted (and boosted with tags only)."""
    cutoff = world.end - timedelta(days=test_days)
    params = params or AlsParams(factors=32, iterations=10, num_threads=0)
    rows: list[tuple[Any, ...]] = [
        ("interaction", i["consumer_id"], i["product_id"], i["kind"], i["occurred_at"])
        for i in world.interactions
        if i["occurred_at"] < cutoff
    ]
    rows += [
        ("purchase", p["consumer_id"], p["product_id"], p["category"], p["purchased_at"])
        for p in world.purchases
        if p["purchased_at"] < cutoff
    ]
    events = {
        g["_id"]: [
            e
            for e in g["life_events"]
            if "sensitive_inference" in g["consents"] or e["type"] not in SENSITIVE_TYPES
        ]
        for g in world.genomes
    }
    data = TrainingData(params, KIND_WEIGHTS, 8.0, half_life_days, WINDOWS)
    meta, arrays, lift = fit(rows, world.products, events, data, cutoff, "sim")
    counts: dict[str, float] = defaultdict(float)
    for r in rows:
        counts[r[2]] += 1.0
    snap = assemble(meta, arrays, Catalog.build(world.products, counts, lift), lift)
    tags_only = replace(snap, catalog=Catalog.build(world.products, counts, {}))
    genomes = {g["_id"]: g for g in world.genomes}
    plain_cache: dict[str, list[str]] = {}
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for p in sorted(world.purchases, key=lambda p: p["purchased_at"]):
        at = p["purchased_at"]
        if at < cutoff:
            continue
        user, item = p["consumer_id"], p["product_id"]
        as_of = at - timedelta(hours=12)
        usable = usable_events(genomes[user], as_of, WINDOWS)
        if user not in plain_cache:
            plain_cache[user] = [r.product_id for r in rank(snap, user, k, [], True, True).items]
        boosted = [r.product_id for r in rank(snap, user, k, usable, True, True, (), boost_weight).items]
        tagged = [r.product_id for r in rank(tags_only, user, k, usable, True, True, (), boost_weight).items]
        related = any(
            p["category"] in (GIFT_CATEGORIES if e.subject == "network" else world.event_categories[e.type])
            for e in usable
        )
        group = "event_in_window" if related else ("other_in_window" if usable else "outside_window")
        for name, ranked in (("plain", plain_cache[user]), ("boosted", boosted), ("tags_only", tagged)):
            pos = ranked.index(item) if item in ranked else -1
            scores[group][f"{name}_hit"].append(1.0 if pos >= 0 else 0.0)
            scores[group][f"{name}_ndcg"].append(1.0 / math.log2(pos + 2) if pos >= 0 else 0.0)
    report: dict[str, Any] = {"k": k, "cutoff": cutoff.isoformat(), "model_users": meta.users}
    for group, values in scores.items():
        report[group] = {m: round(sum(v) / len(v), 4) for m, v in values.items()} | {
            "purchases": len(next(iter(values.values())))
        }
    target = report.get("event_in_window", {})
    if target.get("plain_hit"):
        report["lift_hit_rate"] = round(target["boosted_hit"] / target["plain_hit"], 2)
    outside = report.get("outside_window", {})
    if outside.get("plain_ndcg"):
        report["outside_ndcg_change"] = round(outside["boosted_ndcg"] / outside["plain_ndcg"] - 1.0, 4)
    report["learned_lift"] = lift
    return report
