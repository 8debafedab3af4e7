"""Following genome changes made by any process: a change stream that reconnects by itself.

`watch_genomes` runs a background thread on the ``genomes`` change stream and calls
``on_change(consumer_id)`` for every changed genome (``None`` when the whole collection
may have changed: a drop, rename or invalidation). When the stream fails (a database
outage, a failover, a server without change streams) the watch reports itself down
through ``on_live(False)``, waits, and opens a new stream; ``on_live(True)`` says it is
live again. Changes made while it was down are never delivered, so a reader that keeps
copies must drop them all whenever the watch goes down or comes back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pymongo.database import Database

from genome_store.driver_errors import storage_call
from genome_store.schema import GENOMES
from lifecue.reconnect import Opened, keep_following

log = logging.getLogger(__name__)

OnChange = Callable[[str | None], None]
OnLive = Callable[[bool], None]
_WHOLE_COLLECTION = ("drop", "rename", "invalidate", "dropDatabase")


class GenomeWatch:
    """A running watch on ``genomes``; `close` stops it."""

    def __init__(
        self,
        db: Database[Any],
        on_change: OnChange,
        on_live: OnLive | None = None,
        retry_seconds: float = 0.5,
        max_retry_seconds: float = 15.0,
        poll_ms: int = 500,
    ) -> None:
        self.db = db
        self.on_change = on_change
        self.on_live = on_live
        self.retry_seconds = retry_seconds
        self.max_retry_seconds = max_retry_seconds
        self.poll_ms = poll_ms
        self.failures = 0
        self._live = threading.Event()
        self._closed = threading.Event()
        self._settled = threading.Event()  # the first attempt went live or failed
        self._thread = threading.Thread(target=self._run, name="genome-watch", daemon=True)

    @property
    def live(self) -> bool:
        """Whether a change stream is open right now."""
        return self._live.is_set()

    def start(self, settle_seconds: float = 5.0) -> GenomeWatch:
        """Start the thread; wait up to ``settle_seconds`` for the first stream to open or fail."""
        self._thread.start()
        self._settled.wait(timeout=settle_seconds)
        return self

    def wait_live(self, timeout: float) -> bool:
        """Block until the stream is live (True) or ``timeout`` passes (False)."""
        return self._live.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Stop watching (the thread ends within one poll)."""
        self._closed.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    def _run(self) -> None:
        keep_following(self._closed, self._follow, self._down, self.retry_seconds, self.max_retry_seconds,
                       after=self._after)  # fmt: skip

    def _down(self, exc: Exception, retry_s: float) -> None:
        self.failures += 1
        log.warning("genome change stream down; reconnecting", extra={"error": str(exc), "retry_s": retry_s})

    def _after(self) -> None:
        self._set_live(False)
        self._settled.set()

    def _follow(self, opened: Opened) -> None:
        with self.db[GENOMES].watch(max_await_time_ms=self.poll_ms) as stream:
            opened()
            self._set_live(True)
            self._settled.set()
            while not self._closed.is_set():
                change = stream.try_next()
                if change is None:
                    continue
                key = (change.get("documentKey") or {}).get("_id")
                if key is None or change.get("operationType") in _WHOLE_COLLECTION:
                    self.on_change(None)
                else:
                    self.on_change(str(key))

    def _set_live(self, live: bool) -> None:
        if live == self._live.is_set():
            return
        if live:
            self._live.set()
        else:
            self._live.clear()
        if self.on_live is not None:
            try:
                self.on_live(live)
            except Exception:  # a broken listener must not stop the watch
                log.exception("genome watch listener failed")


@storage_call  # the stream's own failures stay in its thread; this only guards the start
def watch_genomes(
    db: Database[Any],
    on_change: OnChange,
    on_live: OnLive | None = None,
    retry_seconds: float = 0.5,
    settle_seconds: float = 5.0,
    max_retry_seconds: float = 15.0,
) -> GenomeWatch:
    """Start following genome changes (see the module docstring); returns the running watch."""
    return GenomeWatch(db, on_change, on_live, retry_seconds, max_retry_seconds).start(settle_seconds)
