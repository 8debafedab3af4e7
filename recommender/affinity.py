"""How strongly each product fits each (event type, subject): catalog tags plus learned lift.

Tags such as ``event:wedding`` and the known event categories give a prior; the data
adds the categories consumers actually buy more of inside the window of such an event
(lift over their overall share). A network event favours gift categories.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from recommender.events import EVENT_CATEGORIES, EVENT_TYPES, GIFT_CATEGORIES, SUBJECTS, Window, event_day

TAG_PREFIX = "event:"
GIFT_TAG = "gift"
MIN_SUPPORT = 3
MIN_LIFT = 1.5  # below this a category is noise, not a pattern

Lift = dict[str, dict[str, dict[str, float]]]  # "type/subject" -> category -> affinity


def row(event_type: str, subject: str) -> int:
    """Row of the affinity matrix for an event type and subject."""
    return EVENT_TYPES.index(event_type) * len(SUBJECTS) + (1 if subject == "network" else 0)


def learn_lift(
    purchases: Iterable[tuple[str, str | None, datetime]],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    windows: Mapping[str, Window],
) -> dict[str, dict[str, float]]:
    """Per "type/subject", categories bought more often inside the event window than overall."""
    overall: Counter[str] = Counter()
    inside: dict[str, Counter[str]] = defaultdict(Counter)
    for user, category, at in purchases:
        if not category:
            continue
        overall[category] += 1
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
                inside[f"{kind}/{subject}"][category] += 1
    total = sum(overall.values())
    lift: dict[str, dict[str, float]] = {}
    for key, counts in inside.items():
        n_in = sum(counts.values())
        found = {}
        for category, c in counts.items():
            if c < MIN_SUPPORT:
                continue
            ratio = (c / n_in) / (overall[category] / total)
            if ratio >= MIN_LIFT:
                found[category] = round(min(math.log2(ratio) / 2.0, 1.0), 4)
        if found:
            lift[key] = found
    return lift


def affinity_matrix(
    categories: Sequence[str], tags: Sequence[Sequence[str]], lift: Mapping[str, Mapping[str, float]]
) -> np.ndarray:
    """(event types x subjects) x items affinities in [0, 1]."""
    n = len(categories)
    out = np.zeros((len(EVENT_TYPES) * len(SUBJECTS), n), dtype=np.float32)
    cats = np.asarray(categories, dtype=str)
    gift = np.isin(cats, GIFT_CATEGORIES) | np.array([GIFT_TAG in t for t in tags], dtype=bool)
    for kind in EVENT_TYPES:
        tagged = np.array([f"{TAG_PREFIX}{kind}" in t for t in tags], dtype=bool)
        known = np.isin(cats, EVENT_CATEGORIES.get(kind, ()))
        self_row = np.maximum(tagged * 1.0, known * 0.6)
        network_row = np.maximum.reduce([tagged * gift * 1.0, tagged * 0.5, gift * 0.6])
        for subject, base in (("self", self_row), ("network", network_row)):
            learned = lift.get(f"{kind}/{subject}", {})
            if learned:
                base = np.maximum(base, np.array([learned.get(c, 0.0) for c in cats], dtype=np.float32))
            out[row(kind, subject)] = base
    return out
