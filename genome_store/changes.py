"""In-process notice of genome changes, published after the write commits.

Readers that keep genomes in memory (the recommender's genome cache) subscribe and drop
their copy synchronously, so a consent revoked through this process applies to the very
next call. Changes made by other processes still need the change stream; this only
removes its delay for the writes this process makes itself.

Erasures also notify erasure listeners (`subscribe_erasures`): a serving process drops the
consumer's factors from its model before ``EraseConsumer`` answers.

Every write to ``genomes`` in `genome_store` calls `publish` once its transaction has
committed (never inside it: a retried or aborted transaction must not be announced
before the data is visible, and a reader that refills early would cache the old copy).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

Listener = Callable[[str], None]

_lock = threading.Lock()
_listeners: tuple[Listener, ...] = ()
_erasure_listeners: tuple[Listener, ...] = ()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener(consumer_id)`` after every committed genome change; returns an unsubscribe."""
    global _listeners
    with _lock:
        _listeners = (*_listeners, listener)

    def unsubscribe() -> None:
        global _listeners
        with _lock:
            _listeners = tuple(x for x in _listeners if x is not listener)

    return unsubscribe


def publish(consumer_id: str) -> None:
    """Tell every listener that ``consumer_id``'s genome changed (call after the commit)."""
    for listener in _listeners:  # a tuple swapped whole, so no lock on the hot path
        try:
            listener(consumer_id)
        except Exception:  # one broken listener must not fail the write that already committed
            log.exception("genome change listener failed", extra={"consumer_id": consumer_id})


def subscribe_erasures(listener: Listener) -> Callable[[], None]:
    """Call ``listener(consumer_id)`` after every committed erasure made in this process; returns an unsubscribe."""
    global _erasure_listeners
    with _lock:
        _erasure_listeners = (*_erasure_listeners, listener)

    def unsubscribe() -> None:
        global _erasure_listeners
        with _lock:
            _erasure_listeners = tuple(x for x in _erasure_listeners if x is not listener)

    return unsubscribe


def publish_erased(consumer_id: str) -> None:
    """Tell erasure listeners (serving models) that ``consumer_id`` was erased (call after the commit)."""
    for listener in _erasure_listeners:
        try:
            listener(consumer_id)
        except Exception:  # the erasure committed; a listener's failure is logged, never raised
            log.exception("erasure listener failed")


def publish_many(consumer_ids: Iterable[str]) -> None:
    """`publish` for each id."""
    for consumer_id in consumer_ids:
        publish(consumer_id)
