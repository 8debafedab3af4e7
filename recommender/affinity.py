"""How strongly each product fits each (event type, subject), and why.

Five sources, combined into one score in [0, 1] per row and product:

- **tag**: a tag that names the event exactly (``event:wedding``, ``wedding``, ``housewarming``);
- **name**: a word of the title or category that names it (``Brautschleier``, ``Baby Shower``);
- **meaning**: the product's stored similarity to the event's phrasings (``recommender.semantic``),
  calibrated against the rest of the catalog: a product counts when it stands out from the
  catalog's typical product for that event, smoothed toward its category's mean;
- **together**: bought in the same few weeks as products that fit the event, more than the
  product's own habit says (``recommender.copurchase``; no posted event needed); then every
  score is weighed by how much the product is bought in bursts at all and shared with the
  products most often bought in the same weeks as it (a product beside several fitting ones
  gains, a steady seller that merely sounds right loses);
- **learned**: what consumers with a dated event bought inside its window, per category and
  per product, shrunk toward the prior above when the evidence is thin; it raises a prior
  the data confirms and lowers one the data contradicts.

Operators' overrides (pin, block, weight) come last. Categories never become document keys:
learned counts are stored as lists and overrides name categories in values.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import scipy.sparse as sp

from recommender.copurchase import (
    BURST,
    NEAR_PREFIX,
    NEIGHBOURS,
    PRODUCT,
    STRENGTH,
    burst_structure,
    near_affinity,
)
from recommender.event_descriptions import GIFT_TAG, EventDescriptions, load_descriptions, normalise, row_key
from recommender.events import EVENT_TYPES, SUBJECTS, Window, event_day
from recommender.semantic import SIGNAL_KEYS

NONE, TAG, NAME, MEANING, LEARNED, OVERRIDE, TOGETHER = range(7)
SOURCE_NAMES: tuple[str, ...] = ("", "tag", "name", "meaning", "learned", "override", "together")
TOTAL = "n"  # learned-lift entry: purchases inside windows of the row
CONSUMERS = "u"  # learned-lift entry: distinct consumers behind those purchases
BY_CATEGORY = "c:"  # learned-lift entries per category ...
BY_PRODUCT = PRODUCT  # ... and per product, spelled as the "together" entries spell them

# Learned lift as {"wedding/self": {"n": 412, "c:Bridal": 96, "p:sku-1": 7, ...}}: counts of
# purchases inside event windows, so the registry stores it as [key, name, value] triples.
Lift = dict[str, dict[str, float]]


def row(event_type: str, subject: str) -> int:
    """Row of the affinity matrix for an event type and subject."""
    return EVENT_TYPES.index(event_type) * len(SUBJECTS) + (1 if subject == "network" else 0)


def row_name(index: int) -> tuple[str, str]:
    """(event type, subject) of a row."""
    return EVENT_TYPES[index // len(SUBJECTS)], SUBJECTS[index % len(SUBJECTS)]


@dataclass(frozen=True)
class Calibration:
    """How the sources become one score (tuned on the simulation's tuning catalogs, see README)."""

    contrast: float = 3.0  # penalty per unit a row's similarity falls short of the product's best
    category_mix: float = 0.6  # weight of the category's mean similarity in a product's meaning
    z_start: float = 0.0  # robust z-score over the catalog where meaning starts to count
    z_full: float = 3.0  # ... and where it counts fully
    name: float = 0.8  # a title or category word names the event
    named_elsewhere: float = 0.3  # share of meaning kept when tags or title name other events only
    tag_network: float = 0.6  # an exact event tag, for someone else's event (1.0 with a gift tag)
    gift_tag: float = 0.2  # a gift tag alone, for anyone's event
    network_gift_mix: float = 0.3  # weight of the general gift similarity in network meaning
    lift_full: float = 8.0  # window share / overall share at which learned affinity is 1
    lift_prior: float = 5.0  # purchases of evidence that weigh as much as the prior
    lift_consumers: int = 3  # fewest distinct consumers behind a row's purchases for it to count
    least: float = 0.2  # scores below this count as no affinity at all (nor as a reason)
    learned_source: float = 0.15  # change by the data above which "learned" is the source
    burst_floor: float = 0.45  # weight of the product least bought in bursts (1 for the most)
    spread: float = 0.5  # share of a product's score taken from the products bought in the same weeks
    spread_source: float = 0.05  # rise by the spread above which "together" is the source


@dataclass(frozen=True)
class AffinityTable:
    """Scores (rows x products, float32 in [0, 1]) and the source of each (``SOURCE_NAMES`` codes)."""

    scores: np.ndarray
    sources: np.ndarray

    def __getitem__(self, index: int) -> np.ndarray:
        return self.scores[index]  # type: ignore[no-any-return]

    @classmethod
    def empty(cls, items: int) -> AffinityTable:
        """No affinity for ``items`` products."""
        shape = (len(EVENT_TYPES) * len(SUBJECTS), items)
        return cls(np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.uint8))

    def source(self, index: int, item: int) -> str:
        """Name of the source of one score ("" when it is zero)."""
        return SOURCE_NAMES[int(self.sources[index, item])]


def learn_lift(
    purchases: Iterable[tuple[str, str, str | None, datetime]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    windows: Mapping[str, Window],
) -> Lift:
    """Counts of (consumer, product, category, time) purchases inside the windows of dated events."""
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    who: dict[str, set[str]] = defaultdict(set)
    for user, product, category, at in purchases:
        for event in events.get(user, ()):
            kind = str(event.get("type"))
            if kind not in windows:
                continue
            day = event_day(event, at)
            if day is None:
                continue
            days = (day - at).total_seconds() / 86400.0
            if -windows[kind].after <= days <= windows[kind].before:
                subject = "network" if event.get("subject") == "network" else "self"
                counts = inside[f"{kind}/{subject}"]
                who[f"{kind}/{subject}"].add(user)
                counts[TOTAL] += 1
                counts[BY_PRODUCT + product] += 1
                if category:
                    counts[BY_CATEGORY + category] += 1
    return {
        key: {**{name: float(n) for name, n in counts.items()}, CONSUMERS: float(len(who[key]))}
        for key, counts in inside.items()
    }


def near_lift(
    purchases: Sequence[tuple[str, str, str | None, datetime]], products: Sequence[Mapping[str, Any]]
) -> Lift:
    """The ``near:`` entries of learned lift: products raised by being bought alongside fitting ones."""
    ordered = sorted(products, key=lambda p: str(p["_id"]))
    prior = catalog_affinity(ordered, {}, {})
    rows = [row_name(r) for r in range(prior.scores.shape[0])]
    ids = [str(p["_id"]) for p in ordered]
    bought = [(u, p, at) for u, p, _, at in purchases]
    return {**near_affinity(bought, ids, prior.scores, rows), **burst_structure(bought, ids)}


def catalog_affinity(
    products: Sequence[Mapping[str, Any]],
    counts: Mapping[str, float],
    lift: Mapping[str, Mapping[str, float]],
    calibration: Calibration | None = None,
    descriptions: EventDescriptions | None = None,
) -> AffinityTable:
    """The affinity of every product (documents in catalog order, stored signals attached as
    ``affinity`` and overrides as ``affinity_overrides``) to every (event type, subject)."""
    cal = calibration or Calibration()
    desc = descriptions or load_descriptions()
    n = len(products)
    table = AffinityTable.empty(n)
    if n == 0:
        return table
    categories = np.array([str(p.get("category") or "") for p in products])
    _, cat_codes = np.unique(categories, return_inverse=True)
    tagged = [desc.tag_events(list(p.get("tags") or ())) for p in products]
    gift = np.array([GIFT_TAG in {normalise(str(t)) for t in p.get("tags") or ()} for p in products])
    by_category = {c: desc.title_events(c) for c in set(categories.tolist())}
    named = [
        frozenset((p.get("affinity") or {}).get("names") or ()) | by_category[c]
        for c, p in zip(categories.tolist(), products, strict=True)
    ]
    signals, known = _signals(products)
    meaning = _meaning(signals, known, cat_codes, cal)
    spoken_for = np.array([bool(t or m) for t, m in zip(tagged, named, strict=True)])
    for r in range(table.scores.shape[0]):
        kind, subject = row_name(r)
        has_tag = np.array([kind in t for t in tagged])
        has_name = np.array([kind in t for t in named])
        elsewhere = spoken_for & ~np.array(
            [kind in t or kind in m for t, m in zip(tagged, named, strict=True)]
        )
        meaning[r] = np.where(elsewhere, meaning[r] * cal.named_elsewhere, meaning[r])
        if subject == "self":
            tag = has_tag * 1.0
            name = has_name * cal.name
        else:
            tag = np.maximum(
                np.where(has_tag, np.where(gift, 1.0, cal.tag_network), 0.0), gift * cal.gift_tag
            )
            name = has_name * cal.name * cal.tag_network
        stacked = np.stack([np.zeros(n), tag, name, meaning[r]])
        table.scores[r] = stacked.max(axis=0)
        table.sources[r] = np.where(table.scores[r] > 0, stacked.argmax(axis=0), NONE)
    if lift:
        _together(table, products, lift)
        _spread(table, products, lift, cal)
        _learned(table, products, categories, counts, lift, cal)
    if cal.least > 0:
        weak = table.scores < cal.least
        table.scores[weak], table.sources[weak] = 0.0, NONE
    _overrides(table, products)
    return table


def _signals(products: Sequence[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """(products x SIGNAL_KEYS) stored similarities, and which products have them."""
    out = np.zeros((len(products), len(SIGNAL_KEYS)), dtype=np.float32)
    known = np.zeros(len(products), dtype=bool)
    for i, p in enumerate(products):
        stored = (p.get("affinity") or {}).get("signals")
        if stored:
            out[i] = [float(stored.get(k, 0.0)) for k in SIGNAL_KEYS]
            known[i] = True
    return out, known


def _meaning(signals: np.ndarray, known: np.ndarray, cat_codes: np.ndarray, cal: Calibration) -> np.ndarray:
    """Rows x products meaning scores in [0, 1], calibrated over the products with signals.

    A product's similarity to a row loses ``contrast`` x how far it falls short of the
    product's best match (any row, or everyday shopping), so a party kit that fits
    retirement best counts less for an engagement; then it moves toward its category's
    mean, and the catalog's median and spread for the row say how much it stands out.
    """
    rows = len(EVENT_TYPES) * len(SUBJECTS)
    out = np.zeros((rows, len(known)), dtype=np.float32)
    if known.sum() < 2:
        return out
    s = signals.astype(np.float64)
    gift, everyday = s[:, SIGNAL_KEYS.index("gift")], s[:, SIGNAL_KEYS.index("everyday")]
    best = np.maximum(s[:, :rows].max(axis=1), everyday)
    ncat = int(cat_codes.max()) + 1
    sizes = np.bincount(cat_codes[known], minlength=ncat)
    for r in range(rows):
        x = s[:, r]
        if row_name(r)[1] == "network" and cal.network_gift_mix > 0:
            x = (1 - cal.network_gift_mix) * x + cal.network_gift_mix * np.maximum(gift, s[:, r - 1])
        x = x - cal.contrast * (best - s[:, r])
        if cal.category_mix > 0:
            sums = np.bincount(cat_codes[known], weights=x[known], minlength=ncat)
            means = np.divide(sums, sizes, out=np.zeros_like(sums), where=sizes > 0)
            x = (1 - cal.category_mix) * x + cal.category_mix * means[cat_codes]
        ref = x[known]
        median = float(np.median(ref))
        spread = 1.4826 * float(np.median(np.abs(ref - median))) or float(ref.std()) or 1.0
        z = (x - median) / spread
        score = np.clip((z - cal.z_start) / (cal.z_full - cal.z_start), 0.0, 1.0)
        out[r] = np.where(known, score, 0.0)
    return out


def _together(
    table: AffinityTable, products: Sequence[Mapping[str, Any]], lift: Mapping[str, Mapping[str, float]]
) -> None:
    """Raise scores to what buying near fitting products says (``recommender.copurchase``), in place."""
    index = {str(p["_id"]): n for n, p in enumerate(products)}
    for r in range(table.scores.shape[0]):
        entry = lift.get(NEAR_PREFIX + row_key(*row_name(r)))
        if not entry:
            continue
        for name, value in entry.items():
            i = index.get(name[len(BY_PRODUCT) :]) if name.startswith(BY_PRODUCT) else None
            if i is not None and value > table.scores[r, i]:
                table.scores[r, i], table.sources[r, i] = min(float(value), 1.0), TOGETHER


def _spread(
    table: AffinityTable,
    products: Sequence[Mapping[str, Any]],
    lift: Mapping[str, Mapping[str, float]],
    cal: Calibration,
) -> None:
    """Weigh every score by the product's burst rank, then move it ``spread`` of the way to the
    weighed scores of the products bought in the same weeks as it (``recommender.copurchase``
    ``burst_structure``), in place. Products without a rank count as bursty, without neighbours
    keep their own score. Both go only as far as the history's ``STRENGTH`` of bursts: without
    any, ranks and neighbours are chance and nothing changes."""
    ranks = lift.get(BURST) or {}
    strength = min(max(float(ranks.get(STRENGTH, 1.0)), 0.0), 1.0)
    if not ranks or strength <= 0:
        return
    floor, spread = 1.0 - strength * (1.0 - cal.burst_floor), strength * cal.spread
    index = {str(p["_id"]): n for n, p in enumerate(products)}
    n = len(products)
    weight = np.ones(n)
    for name, value in ranks.items():
        i = index.get(name[len(PRODUCT) :]) if name.startswith(PRODUCT) else None
        if i is not None:
            weight[i] = floor + (1.0 - floor) * min(max(float(value), 0.0), 1.0)
    before = table.scores.astype(np.float64)
    weighed = before * weight
    at, to, share = [], [], []
    for key, entry in lift.items():
        i = index.get(key[len(NEIGHBOURS) :]) if key.startswith(NEIGHBOURS) else None
        if i is None:
            continue
        for name, value in entry.items():
            j = index.get(name[len(PRODUCT) :])
            if j is not None:
                at.append(i)
                to.append(j)
                share.append(float(value))
    listed = np.zeros(n, dtype=bool)
    listed[at] = True
    near = sp.csr_matrix((share, (at, to)), shape=(n, n)) @ weighed.T
    after = np.where(listed, (1.0 - spread) * weighed + spread * near.T, weighed)
    raised = (after >= before + cal.spread_source) & np.isin(table.sources, (NONE, MEANING))
    table.scores[:] = after.astype(np.float32)
    table.sources[raised] = TOGETHER
    table.sources[table.scores <= 0] = NONE


def _learned(
    table: AffinityTable,
    products: Sequence[Mapping[str, Any]],
    categories: np.ndarray,
    counts: Mapping[str, float],
    lift: Mapping[str, Mapping[str, float]],
    cal: Calibration,
) -> None:
    """Shrink category and product evidence of ``lift`` toward the prior in ``table``, in place."""
    ids = [str(p["_id"]) for p in products]
    volume = np.array([float(counts.get(i, 0.0)) for i in ids]) + 0.5
    share = volume / volume.sum()
    names, codes = np.unique(categories, return_inverse=True)
    cat_share = np.bincount(codes, weights=share, minlength=len(names))
    for key, entry in lift.items():
        kind, _, subject = key.partition("/")
        if kind not in EVENT_TYPES or subject not in SUBJECTS:
            continue
        total = float(entry.get(TOTAL, 0.0))
        # one or two consumers' everyday shopping says nothing about what an event means
        # (lift learned before consumers were counted has no CONSUMERS entry and still counts)
        if total <= 0 or entry.get(CONSUMERS, math.inf) < cal.lift_consumers:
            continue
        r = row(kind, subject)
        prior = table.scores[r].astype(np.float64)
        observed_c = np.array([float(entry.get(BY_CATEGORY + str(c), 0.0)) for c in names])
        sizes = np.bincount(codes, minlength=len(names))
        prior_c = np.bincount(codes, weights=prior, minlength=len(names)) / np.maximum(sizes, 1)
        post_c = _shrink(prior_c, observed_c, total * cat_share, cal)
        base = np.clip(prior + (post_c - prior_c)[codes], 0.0, 1.0)
        observed_p = np.array([float(entry.get(BY_PRODUCT + i, 0.0)) for i in ids])
        post = _shrink(base, observed_p, total * share, cal)
        moved = np.abs(post - prior) > cal.learned_source
        table.scores[r] = post.astype(np.float32)
        table.sources[r] = np.where(
            post > 0,
            np.where(moved, LEARNED, np.where(table.sources[r] == NONE, LEARNED, table.sources[r])),
            NONE,
        )


def _shrink(prior: np.ndarray, observed: np.ndarray, expected: np.ndarray, cal: Calibration) -> np.ndarray:
    """Posterior affinity: the prior, moved toward what observed/expected purchases say by their weight."""
    ratio = (observed + 0.5) / (expected + 0.5)
    signal = np.clip(np.log2(ratio) / math.log2(cal.lift_full), 0.0, 1.0)
    evidence = np.maximum(observed, expected)
    weight = evidence / (evidence + cal.lift_prior)
    return np.asarray((1.0 - weight) * prior + weight * signal)


def _overrides(table: AffinityTable, products: Sequence[Mapping[str, Any]]) -> None:
    """Apply operators' pins, blocks and weights (product ones after category ones), in place."""
    for i, p in enumerate(products):
        rules = p.get("affinity_overrides") or ()
        for rule in sorted(rules, key=lambda o: 1 if o.get("product_id") else 0):
            kind = str(rule.get("event_type"))
            if kind not in EVENT_TYPES:
                continue
            subjects = SUBJECTS if rule.get("subject") in (None, "", "any") else (str(rule["subject"]),)
            value = {"pin": 1.0, "block": 0.0}.get(str(rule.get("action")), float(rule.get("weight", 0.0)))
            for subject in subjects:
                r = row(kind, subject)
                table.scores[r, i] = min(max(value, 0.0), 1.0)
                table.sources[r, i] = OVERRIDE
