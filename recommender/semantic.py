"""How close each product is in meaning to each event: product text against event phrasings.

A product's title, category, tags and description are encoded with the shipped sentence
encoder (all-MiniLM-L6-v2) and compared, by cosine similarity, with every phrasing of
``lifeevents/event_descriptions.json``; a signal is the best match within one group of
phrasings (one (event type, subject) row, gifts in general, everyday shopping), plus the vote
of the product's nearest known products (``recommender.product_knowledge``). This runs
when products are upserted, never while serving: the signals are stored with a hash of
the product's content, the descriptions and the known products, so an unchanged product is
not encoded again.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from recommender.event_descriptions import ROW_KEYS, SIGNAL_KEYS, TAG_PREFIX, EventDescriptions, normalise
from recommender.product_knowledge import ProductKnowledge, Vote, load_knowledge, votes

GIFT, EVERYDAY = SIGNAL_KEYS[-2:]
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


def basis(
    descriptions: EventDescriptions, knowledge: ProductKnowledge, vote: Vote, encoder_name: str = ENCODER_NAME
) -> str:
    """What stored signals were computed against: the encoder, the descriptions' and known products'
    digests and the vote's constants."""
    return (
        f"{encoder_name}:{descriptions.digest}:{knowledge.digest}:"
        f"{vote.neighbours},{vote.temperature:g},{vote.weight:g}"
    )


def content_hash(text: str, basis_id: str) -> str:
    """Hash of a product's encoded text and the basis: equal hashes need no new encoding."""
    return hashlib.sha256(f"{basis_id}\n{text}".encode()).hexdigest()[:32]


class PhrasingBank:
    """The event phrasings and the known products, encoded once."""

    def __init__(
        self, encoder: TextEncoder, descriptions: EventDescriptions, knowledge: ProductKnowledge, vote: Vote
    ) -> None:
        groups: list[tuple[str, str]] = [(k, t) for k in ROW_KEYS for t in descriptions.phrasings[k]]
        groups += [(GIFT, t) for t in descriptions.gift] + [(EVERYDAY, t) for t in descriptions.everyday]
        self.embeddings = encoder.encode([t for _, t in groups])
        labels = np.array([k for k, _ in groups])
        self.groups = [np.flatnonzero(labels == key) for key in SIGNAL_KEYS]
        self.known = encoder.encode(list(knowledge.texts)) if knowledge.texts else None
        self.known_labels = knowledge.labels
        self.vote = vote

    def signals(self, embeddings: np.ndarray) -> np.ndarray:
        """(products, len(SIGNAL_KEYS)) best cosine similarity within each group of phrasings,
        plus ``vote.weight`` x the known products' vote."""
        sims = embeddings @ self.embeddings.T
        out = np.empty((len(embeddings), len(SIGNAL_KEYS)), dtype=np.float32)
        for k, idx in enumerate(self.groups):
            out[:, k] = sims[:, idx].max(axis=1) if len(embeddings) else 0.0
        if self.known is not None and self.vote.weight > 0 and len(embeddings):
            out += self.vote.weight * votes(embeddings @ self.known.T, self.known_labels, self.vote)
        return out


_banks: weakref.WeakKeyDictionary[Any, dict[str, PhrasingBank]] = weakref.WeakKeyDictionary()
_banks_lock = threading.Lock()


def phrasing_bank(
    encoder: TextEncoder, descriptions: EventDescriptions, knowledge: ProductKnowledge, vote: Vote
) -> PhrasingBank:
    """One bank per encoder and basis in a process: encoding the known products takes seconds,
    and every app of a process (tests, ``lifecue up``) shares the process's encoder."""
    key = basis(descriptions, knowledge, vote)
    with _banks_lock:
        try:
            per_encoder = _banks.setdefault(encoder, {})
        except TypeError:  # an encoder that cannot be weakly referenced is not cached
            return PhrasingBank(encoder, descriptions, knowledge, vote)
        if key not in per_encoder:
            per_encoder[key] = PhrasingBank(encoder, descriptions, knowledge, vote)
        return per_encoder[key]


class SemanticMatcher:
    """Product texts to meaning signals with one encoder (loaded on first use) and one bank."""

    def __init__(
        self,
        encoder_factory: Any,
        descriptions: EventDescriptions,
        batch_size: int = 64,
        knowledge: ProductKnowledge | None = None,
        vote: Vote | None = None,
    ) -> None:
        self._factory = encoder_factory
        self.descriptions = descriptions
        self.knowledge = knowledge if knowledge is not None else load_knowledge()
        self.vote = vote or Vote()
        self.batch_size = batch_size
        self.basis = basis(descriptions, self.knowledge, self.vote)
        self._bank: PhrasingBank | None = None
        self._encoder: TextEncoder | None = None
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Load the encoder and encode the bank now rather than on the first product (seconds)."""
        self._ready()

    def _ready(self) -> tuple[TextEncoder, PhrasingBank]:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._factory()
            if self._bank is None:
                self._bank = phrasing_bank(self._encoder, self.descriptions, self.knowledge, self.vote)
            return self._encoder, self._bank

    def signals(self, texts: Sequence[str]) -> np.ndarray:
        """Meaning signals of product texts (see ``SIGNAL_KEYS``)."""
        if not texts:
            return np.zeros((0, len(SIGNAL_KEYS)), dtype=np.float32)
        encoder, bank = self._ready()
        return bank.signals(encoder.encode(list(texts), batch_size=self.batch_size))
