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

import logging
import os
import sys
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from recommender.catalog_affinity import AffinityIndexer
from recommender.event_descriptions import load_descriptions
from recommender.semantic import SemanticMatcher

if TYPE_CHECKING:
    from services.app import App

log = logging.getLogger(__name__)

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


def prepare_in_background(app: App, served: Iterable[str]) -> threading.Thread | None:
    """Load the plain encoder and encode the phrasings and known products in a background thread
    when this process serves GenomeService, so the first ``UpsertProducts`` does not pay for it
    (seconds on a small machine; an upsert arriving meanwhile waits for it, as it would have)."""
    from services.genome import SPEC as GENOME  # not at the top: GenomeService's module imports this one

    indexer = indexer_of(app) if GENOME.full_name in served else None
    if indexer is None:
        return None

    def prepare() -> None:
        started = time.perf_counter()
        try:
            indexer.matcher.prepare()
        except Exception:  # the first upsert tries again and logs its own failure
            log.exception("product affinity: preparing the encoder failed")
            return
        log.info("product affinity ready", extra={"seconds": round(time.perf_counter() - started, 2)})

    # not a daemon: a process that ends while the encoder is mid-batch would abort in its native code
    # ("terminate called without an active exception"); the exit waits for the warm-up instead
    thread = threading.Thread(target=prepare, name="affinity-prepare", daemon=False)
    thread.start()
    return thread


def exit_if_still_preparing(thread: threading.Thread | None) -> None:
    """End a stopped server's process now if `prepare_in_background` is still encoding: the warm-up holds nothing
    to keep, and Python's exit would wait for it (seconds here, tens of seconds on a loaded machine) after the
    server has already drained and stopped. ``os._exit`` leaves at once without tearing the encoder down mid-batch."""
    if thread is None or not thread.is_alive():
        return
    log.info("exiting before product affinity was ready")
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
