"""The process's product-affinity indexer and the plain sentence encoder it reads products with.

Product texts are compared with event phrasings by the PLAIN all-MiniLM-L6-v2: the
classifier's encoder may carry fine-tuned deltas (its artifact's adapter), which move
embeddings away from the space the phrasings were written for. One plain encoder is
loaded per process, on first use, and handed to each app through ``app.components``; the
classifier's is reused only when it is plain too. GenomeService computes signals on ``UpsertProducts``;
the worker's ``affinity_backfill`` job and ``lifecue affinity compute`` bring products
stored without current signals up to date.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from recommender.catalog_affinity import AffinityIndexer
from recommender.event_descriptions import load_descriptions
from recommender.semantic import SemanticMatcher

if TYPE_CHECKING:
    from services.app import App

PLAIN_ENCODER = "encoder.plain"
INDEXER = "recommender.affinity_indexer"
CLASSIFIER = "lifeevents.classifier"  # services.lifeevents.CLASSIFIER, not imported: it loads spaCy
_loaded: list[Any] = []
_loading = threading.Lock()


def _process_encoder() -> Any:
    """The plain encoder of this process (loaded once: ~90 MB and seconds of start-up)."""
    with _loading:
        if not _loaded:
            from lifeevents.encoder import Encoder

            _loaded.append(Encoder())
        return _loaded[0]


def plain_encoder_of(app: App) -> Any:
    """The process's plain (not fine-tuned) sentence encoder, loaded on first use."""
    classifier = app.components.get(CLASSIFIER)
    encoder = getattr(classifier, "encoder", None)
    if encoder is not None and not getattr(encoder, "adapted", True):
        return encoder
    found = app.components.get(PLAIN_ENCODER)
    if found is None:
        found = app.components[PLAIN_ENCODER] = _process_encoder()
    return found


def indexer_of(app: App) -> AffinityIndexer | None:
    """The process's product-affinity indexer (None when ``RECOMMENDER__AFFINITY_ON_UPSERT`` is off)."""
    if not app.settings.recommender.affinity_on_upsert:
        return None
    found = app.components.get(INDEXER)
    if found is None:
        matcher = SemanticMatcher(lambda: plain_encoder_of(app), load_descriptions())
        found = app.components[INDEXER] = AffinityIndexer(matcher)
    return found  # type: ignore[no-any-return]
