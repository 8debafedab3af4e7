"""Products in, affinity signals stored: the upsert use case and the backfill.

When products are upserted, each valid product's text is hashed with the matcher's basis
(encoder, descriptions, known products); only products whose hash differs from the stored one
are encoded (in batches), so re-sending an unchanged catalog costs one hash read per product. Serving never
encodes: the catalog reads the stored signals (``genome_store.attach_affinity``).
A failure to encode leaves the products stored and their affinity to tags and names
until the next upsert or ``lifecue affinity compute``; it is logged, not hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from genome_store import (
    ACCEPTED,
    DUPLICATE,
    Database,
    ItemOutcome,
    ProductInput,
    StoredSignals,
    product_texts,
    save_affinity_signals,
    stored_affinity_hashes,
    upsert_products,
)
from recommender.semantic import SIGNAL_KEYS, SemanticMatcher, content_hash, product_text

log = logging.getLogger(__name__)

BATCH = 512


@dataclass(frozen=True)
class AffinityRefresh:
    """What one refresh did: products encoded, found unchanged, and whether encoding failed."""

    encoded: int
    unchanged: int
    failed: bool = False


class AffinityIndexer:
    """Keeps ``product_affinity`` in step with the catalog, encoding only changed products."""

    def __init__(self, matcher: SemanticMatcher) -> None:
        self.matcher = matcher

    def refresh(self, db: Database[Any], product_ids: Iterable[str] | None = None) -> AffinityRefresh:
        """Compute and store signals of the given products (all when None) whose content changed."""
        ids = None if product_ids is None else sorted(set(product_ids))
        if ids == []:
            return AffinityRefresh(0, 0)
        docs = product_texts(db, ids)
        known = stored_affinity_hashes(db, ids)
        texts = [product_text(d) for d in docs]
        hashes = [content_hash(t, self.matcher.basis) for t in texts]
        todo = [k for k, d in enumerate(docs) if known.get(str(d["_id"])) != hashes[k]]
        encoded = 0
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            try:
                signals = self.matcher.signals([texts[k] for k in chunk])
            except Exception:  # the products stay stored; affinity falls back to tags until retried
                log.exception("product affinity: encoding failed", extra={"products": len(todo) - encoded})
                return AffinityRefresh(encoded, len(docs) - len(todo), failed=True)
            rows = [
                StoredSignals(
                    product_id=str(docs[k]["_id"]),
                    content_hash=hashes[k],
                    basis=self.matcher.basis,
                    signals=dict(zip(SIGNAL_KEYS, (round(float(v), 5) for v in signals[n]), strict=True)),
                    names=sorted(self.matcher.descriptions.title_events(_named_text(docs[k]))),
                )
                for n, k in enumerate(chunk)
            ]
            encoded += save_affinity_signals(db, rows)
        return AffinityRefresh(encoded, len(docs) - len(todo))


def _named_text(doc: dict[str, Any]) -> str:
    """Where a product may name an event in words: title, category and description."""
    return " ".join(str(doc.get(f) or "") for f in ("title", "category", "description"))


def upsert_catalog(
    db: Database[Any],
    products: Sequence[ProductInput],
    max_batch: int,
    indexer: AffinityIndexer | None,
) -> list[ItemOutcome]:
    """Store the products (per-item outcomes), then bring the affinity of every valid one up to date."""
    outcomes = upsert_products(db, list(products), max_batch)
    if indexer is not None:
        valid = [o.id for o in outcomes if o.status in (ACCEPTED, DUPLICATE)]
        report = indexer.refresh(db, valid)
        if report.encoded or report.failed:
            log.info(
                "product affinity refreshed",
                extra={"encoded": report.encoded, "unchanged": report.unchanged, "failed": report.failed},
            )
    return outcomes
