"""What shoppers buy around life events, as known products: a product is read by the company it keeps.

``lifeevents/product_knowledge.jsonl`` lists ~2,300 products as shops list them (a title and a
category, many naming styles, nearly a fifth in other languages), each with the events it is bought for
by the person whose event it is (``self``) and as a present for someone else's (``gift``), with
a weight, and ~40% everyday products that no event explains. A phrasing can only say what an
event sounds like; a known product says what it is bought for even when nothing in its
words names the event (a toaster for a new home and a wedding list, a drill for moving in,
a hamper for the bereaved). At upsert, each product's nearest known products (by the same
sentence encoder) vote with their labels, weighted by how close they are, and the vote is
added to the product's phrasing similarities (``recommender.semantic``); the rest of the
affinity pipeline is unchanged. The file's digest is part of the stored signals' basis.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from lifeevents.taxonomy import EVENT_LABELS
from recommender.event_descriptions import ROW_KEYS, SIGNAL_KEYS

GIFT, EVERYDAY = len(SIGNAL_KEYS) - 2, len(SIGNAL_KEYS) - 1  # columns of gifts in general, everyday


@dataclass(frozen=True)
class Vote:
    """How the nearest known products vote (chosen on the simulation's tuning inventory, see README)."""

    neighbours: int = 8  # known products that vote for each product
    temperature: float = 0.05  # softmax temperature over their cosine similarities
    weight: float = 0.3  # the vote's weight beside a phrasing similarity


@dataclass(frozen=True)
class ProductKnowledge:
    """Known products' texts and their labels per signal key (``SIGNAL_KEYS`` order)."""

    texts: tuple[str, ...]
    labels: np.ndarray  # (known products, len(SIGNAL_KEYS)) in [0, 1]
    digest: str


def parse(entries: list[dict[str, Any]]) -> ProductKnowledge:
    """Known products from their JSON lines; an unknown event or a weight outside (0, 1] is refused."""
    labels = np.zeros((len(entries), len(SIGNAL_KEYS)), dtype=np.float32)
    texts = []
    for i, entry in enumerate(entries):
        title, category = str(entry.get("title") or "").strip(), str(entry.get("category") or "").strip()
        if not title:
            raise ValueError(f"product knowledge line {i + 1}: title is empty")
        texts.append(f"{title}. {category}" if category else title)
        for subject, key in (("self", "self"), ("network", "gift")):
            for event, weight in (entry.get(key) or {}).items():
                if event not in EVENT_LABELS:
                    raise ValueError(f"product knowledge line {i + 1}: unknown event {event!r}")
                if not 0 < float(weight) <= 1:
                    raise ValueError(f"product knowledge line {i + 1}: weight of {event} must be in (0, 1]")
                labels[i, SIGNAL_KEYS.index(f"{event}/{subject}")] = float(weight)
        gifts = [float(w) for w in (entry.get("gift") or {}).values()]
        labels[i, GIFT] = max(gifts, default=0.0)
        labels[i, EVERYDAY] = 0.0 if labels[i, : len(ROW_KEYS)].any() else 1.0
    canonical = json.dumps(entries, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return ProductKnowledge(tuple(texts), labels, digest)


@cache
def load_knowledge() -> ProductKnowledge:
    """The shipped known products (read once per process)."""
    text = resources.files("lifeevents").joinpath("product_knowledge.jsonl").read_text("utf-8")
    return parse([json.loads(line) for line in text.splitlines() if line.strip()])


def votes(similarities: np.ndarray, labels: np.ndarray, vote: Vote) -> np.ndarray:
    """(products, len(SIGNAL_KEYS)) label votes of each product's nearest known products.

    ``similarities`` is (products, known products) cosine similarity; each product's
    ``vote.neighbours`` nearest vote with softmax weights, so a product close to one known
    product takes its labels and one between several takes their blend.
    """
    out = np.zeros((similarities.shape[0], labels.shape[1]), dtype=np.float32)
    if similarities.size == 0:
        return out
    k = min(vote.neighbours, similarities.shape[1])
    nearest = np.argpartition(-similarities, k - 1, axis=1)[:, :k]
    near = np.take_along_axis(similarities, nearest, axis=1)
    weights = np.exp((near - near.max(axis=1, keepdims=True)) / vote.temperature)
    weights /= weights.sum(axis=1, keepdims=True)
    return np.einsum("pk,pkl->pl", weights, labels[nearest]).astype(np.float32)
