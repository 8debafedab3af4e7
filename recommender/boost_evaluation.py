"""Does the event boost pay on a shop it never saw? Recall@k of next purchases, offline.

The protocol of the outside check, without the network: train on the shop's history,
then at ``t0`` rank for every consumer with the events their posts announced, and count
how many of their next purchases the top k holds (recall@k, averaged over consumers with
at least one). Rankings: plain implicit ALS (implicit's defaults, no events), lifecue (its
base model plus the boost, affinity from the stored signals and learned lift), lifecue
without the "together" source (what bursts of purchases add), and an oracle told the true
event and which products serve it (the strongest of a few boost shapes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from recommender.affinity import AffinityTable, Calibration, Lift, catalog_affinity, row
from recommender.als import AlsParams
from recommender.copurchase import NEAR_PREFIX
from recommender.events import WINDOWS, UsableEvent, usable_events
from recommender.ranker import BoostShape, rank
from recommender.semantic import SIGNAL_KEYS
from recommender.shop_simulation import ShopWorld, announced_event
from recommender.snapshot import Catalog, Snapshot
from recommender.training import TrainingData, assemble, fit

KIND_WEIGHTS = {"VIEW": 1.0, "CLICK": 2.0, "ADD_TO_CART": 4.0, "PURCHASE": 8.0, "OFFER_REDEEMED": 8.0}
# The oracle knows the event and which products serve it; it takes every slot at full strength.
ORACLE_SHAPES = tuple(
    BoostShape(weight=w, popularity=p, max_share=1.0, full_days=365)
    for w in (3.0, 10.0)
    for p in (0.0, 0.5, 1.0)
)


@dataclass(frozen=True)
class Trained:
    """Models trained on a world's history, and everything ranking needs besides the affinity."""

    lifecue: Snapshot
    plain: Snapshot
    lift: Lift
    counts: dict[str, float]
    docs: list[dict[str, Any]]
    events: dict[str, list[UsableEvent]]


def with_signals(
    world: ShopWorld, signals: np.ndarray, names: Sequence[Iterable[str]] | None = None
) -> list[dict[str, Any]]:
    """The world's product documents with stored-affinity fields, as the catalog reads them."""
    docs = []
    for k, doc in enumerate(world.products):
        stored: dict[str, Any] = {
            "signals": {key: float(v) for key, v in zip(SIGNAL_KEYS, signals[k], strict=True)}
        }
        if names is not None:
            stored["names"] = sorted(names[k])
        docs.append({**doc, "affinity": stored})
    return docs


def train(world: ShopWorld, docs: list[dict[str, Any]], params: AlsParams | None = None) -> Trained:
    """Fit lifecue's base model and plain implicit ALS on the history before ``t0``."""
    params = params or AlsParams(num_threads=0)
    rows: list[tuple[Any, ...]] = [
        ("interaction", i["consumer_id"], i["product_id"], i["kind"], i["occurred_at"])
        for i in world.interactions
    ]
    category = {d["_id"]: d["category"] for d in docs}
    rows += [
        ("purchase", p["consumer_id"], p["product_id"], category[p["product_id"]], p["purchased_at"])
        for p in world.purchases
    ]
    known = {g["_id"]: list(g["life_events"]) for g in world.genomes}
    data = TrainingData(params, KIND_WEIGHTS, 8.0, 90.0, WINDOWS)
    meta, arrays, lift = fit(rows, docs, known, data, world.t0, "sim")
    plain_meta, plain_arrays, _ = fit(rows, docs, known, replace(data, params=replace(params, weighting="none")),
                                      world.t0, "plain")  # fmt: skip
    counts: dict[str, float] = {}
    for r in rows:
        counts[r[2]] = counts.get(r[2], 0.0) + 1.0
    catalog = Catalog.build(docs, counts, lift)
    genomes = {g["_id"]: g for g in world.genomes}
    events: dict[str, list[UsableEvent]] = {}
    for a in world.announcements:
        genome = dict(genomes[a.consumer_id])
        genome["life_events"] = [*genome["life_events"], announced_event(a)]
        events[a.consumer_id] = usable_events(genome, world.t0, WINDOWS)
    return Trained(
        lifecue=assemble(meta, arrays, catalog, lift),
        plain=assemble(plain_meta, plain_arrays, catalog, {}),
        lift=lift,
        counts=counts,
        docs=docs,
        events=events,
    )


def truth_table(world: ShopWorld, catalog: Catalog) -> AffinityTable:
    """The oracle's affinity: 1 for the products that truly serve each (event type, subject)."""
    table = AffinityTable.empty(len(catalog.item_ids))
    for key, products in world.relevant.items():
        kind, _, subject = key.partition("/")
        at = [catalog.index[p] for p in products if p in catalog.index]
        table.scores[row(kind, subject), at] = 1.0
        table.sources[row(kind, subject), at] = 1
    return table


def recall(
    world: ShopWorld,
    snap: Snapshot,
    events: Mapping[str, Sequence[UsableEvent]],
    shape: BoostShape,
    k: int = 10,
    consumers: Iterable[str] | None = None,
) -> float:
    """Mean recall@k of next purchases over ``consumers`` (default: all with a next purchase)."""
    values = []
    for user in consumers if consumers is not None else world.next_purchases:
        wanted = set(world.next_purchases.get(user, ()))
        if not wanted:
            continue
        ranked = rank(snap, user, k, events.get(user, ()), True, True, (), shape)
        values.append(len(wanted & {r.product_id for r in ranked.items}) / len(wanted))
    return float(np.mean(values)) if values else 0.0


def report(
    world: ShopWorld,
    trained: Trained,
    shape: BoostShape | None = None,
    calibration: Calibration | None = None,
    k: int = 10,
) -> dict[str, Any]:
    """Recall@k of event and everyday consumers: plain ALS, lifecue, oracle (and their ratios)."""
    shape = shape or BoostShape()
    lifecue = trained.lifecue
    if calibration is not None:
        table = catalog_affinity(_sorted(trained.docs), trained.counts, trained.lift, calibration)
        lifecue = replace(lifecue, catalog=replace(lifecue.catalog, affinity=table))
    alone = {k: v for k, v in trained.lift.items() if not k.startswith(NEAR_PREFIX)}
    apart = catalog_affinity(_sorted(trained.docs), trained.counts, alone, calibration)
    apart_snap = replace(lifecue, catalog=replace(lifecue.catalog, affinity=apart))
    oracle_snap = replace(
        lifecue, catalog=replace(lifecue.catalog, affinity=truth_table(world, lifecue.catalog))
    )
    eventful = sorted(world.event_consumers)
    everyday = sorted(set(world.next_purchases) - world.event_consumers)
    no_events: dict[str, list[UsableEvent]] = {}
    out: dict[str, Any] = {
        "event": {
            "plain_als": recall(world, trained.plain, no_events, shape, k, eventful),
            "lifecue_no_boost": recall(world, lifecue, no_events, shape, k, eventful),
            "lifecue": recall(world, lifecue, trained.events, shape, k, eventful),
            "lifecue_without_together": recall(world, apart_snap, trained.events, shape, k, eventful),
            "oracle": max(recall(world, oracle_snap, trained.events, s, k, eventful) for s in ORACLE_SHAPES),
        },
        "everyday": {
            "plain_als": recall(world, trained.plain, no_events, shape, k, everyday),
            "lifecue_no_boost": recall(world, lifecue, no_events, shape, k, everyday),
            "lifecue": recall(world, lifecue, trained.events, shape, k, everyday),
        },
        "consumers": {"event": len(eventful), "everyday": len(everyday)},
        "by_subject": {},
    }
    for subject in ("self", "network"):  # own events buy for themselves, others' events buy gifts
        whose = sorted(a.consumer_id for a in world.announcements if a.subject == subject)
        out["by_subject"][subject] = {
            "consumers": len(whose),
            "lifecue": recall(world, lifecue, trained.events, shape, k, whose),
            "oracle": max(recall(world, oracle_snap, trained.events, s, k, whose) for s in ORACLE_SHAPES),
        }
    out["event_vs_oracle"] = out["event"]["lifecue"] / max(out["event"]["oracle"], 1e-9)
    out["everyday_vs_plain"] = out["everyday"]["lifecue"] / max(out["everyday"]["plain_als"], 1e-9)
    return out


def _sorted(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(docs, key=lambda d: str(d["_id"]))
