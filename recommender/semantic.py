"""How close each product is in meaning to each event: product text against event phrasings.

A product's title, category, tags and description are encoded with the shipped sentence
encoder (all-MiniLM-L6-v2) and compared, by cosine similarity, with every phrasing of
``lifeevents/event_descriptions.json``; a signal is the best match within one group of
phrasings (one (event type, subject) row, gifts in general, everyday shopping). This runs
when products are upserted, never while serving: the signals are stored with a hash of
the product's content and of the descriptions, so an unchanged product is not encoded again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from recommender.event_descriptions import ROW_KEYS, TAG_PREFIX, EventDescriptions, normalise

GIFT, EVERYDAY = "gift", "everyday"
SIGNAL_KEYS: tuple[str, ...] = (*ROW_KEYS, GIFT, EVERYDAY)
ENCODER_NAME = "all-MiniLM-L6-v2"
MAX_DESCRIPTION_CHARS = 400  # the encoder reads ~256 tokens; the title and category come first


class TextEncoder(Protocol):
    """Texts to L2-normalised embeddings (``lifeevents.encoder.Encoder`` is one)."""

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embeddings of ``texts`` in order, shape (len(texts), dim)."""
        ...


def product_text(product: Mapping[str, Any]) -> str:
    """What the encoder reads of a product: title, category, tags (without ``event:``), description."""
    tags = []
    for tag in product.get("tags") or ():
        name = normalise(str(tag))
        tags.append(name[len(TAG_PREFIX) :].strip() if name.startswith(TAG_PREFIX) else name)
    parts = [
        str(product.get("title") or "").strip(),
        str(product.get("category") or "").replace("_", " ").strip(),
        ", ".join(t for t in tags if t),
        str(product.get("description") or "").strip()[:MAX_DESCRIPTION_CHARS],
    ]
    return ". ".join(p for p in parts if p)


def basis(descriptions: EventDescriptions, encoder_name: str = ENCODER_NAME) -> str:
    """What stored signals were computed against: the encoder and the descriptions' digest."""
    return f"{encoder_name}:{descriptions.digest}"


def content_hash(text: str, basis_id: str) -> str:
    """Hash of a product's encoded text and the basis: equal hashes need no new encoding."""
    return hashlib.sha256(f"{basis_id}\n{text}".encode()).hexdigest()[:32]


class PhrasingBank:
    """The event phrasings encoded once, grouped by signal key."""

    def __init__(self, encoder: TextEncoder, descriptions: EventDescriptions) -> None:
        groups: list[tuple[str, str]] = [(k, t) for k in ROW_KEYS for t in descriptions.phrasings[k]]
        groups += [(GIFT, t) for t in descriptions.gift] + [(EVERYDAY, t) for t in descriptions.everyday]
        self.embeddings = encoder.encode([t for _, t in groups])
        labels = np.array([k for k, _ in groups])
        self.groups = [np.flatnonzero(labels == key) for key in SIGNAL_KEYS]

    def signals(self, embeddings: np.ndarray) -> np.ndarray:
        """(products, len(SIGNAL_KEYS)) best cosine similarity within each group of phrasings."""
        sims = embeddings @ self.embeddings.T
        out = np.empty((len(embeddings), len(SIGNAL_KEYS)), dtype=np.float32)
        for k, idx in enumerate(self.groups):
            out[:, k] = sims[:, idx].max(axis=1) if len(embeddings) else 0.0
        return out


class SemanticMatcher:
    """Product texts to meaning signals with one encoder (loaded on first use) and one bank."""

    def __init__(self, encoder_factory: Any, descriptions: EventDescriptions, batch_size: int = 64) -> None:
        self._factory = encoder_factory
        self.descriptions = descriptions
        self.batch_size = batch_size
        self.basis = basis(descriptions)
        self._bank: PhrasingBank | None = None
        self._encoder: TextEncoder | None = None
        self._lock = threading.Lock()

    def _ready(self) -> tuple[TextEncoder, PhrasingBank]:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._factory()
            if self._bank is None:
                self._bank = PhrasingBank(self._encoder, self.descriptions)
            return self._encoder, self._bank

    def signals(self, texts: Sequence[str]) -> np.ndarray:
        """Meaning signals of product texts (see ``SIGNAL_KEYS``)."""
        if not texts:
            return np.zeros((0, len(SIGNAL_KEYS)), dtype=np.float32)
        encoder, bank = self._ready()
        return bank.signals(encoder.encode(list(texts), batch_size=self.batch_size))
