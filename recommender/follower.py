"""Keeps a serving process on the newest model: the change stream wakes it, polling backs it up.

Two daemon threads: one follows the change stream of ``models`` and wakes the other on
every write; the other calls ``sync`` when woken and at least every ``poll_seconds``. A
database without change streams (or a stream that fails) leaves polling alone in charge,
and a stream that comes back triggers a sync at once, since writes may have been missed
while it was down. ``sync`` loads beside the serving snapshot and swaps it in whole, so
no call fails or waits during a swap.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from lifecue.reconnect import Opened, keep_following

log = logging.getLogger(__name__)


class ModelFollower:
    """Calls ``sync`` on every registry change (when ``open_changes`` is given) and every ``poll_seconds``."""

    def __init__(
        self,
        sync: Callable[[], object],
        poll_seconds: float,
        open_changes: Callable[[], Any] | None = None,
        retry_seconds: float = 1.0,
    ) -> None:
        self.sync = sync
        self.poll_seconds = poll_seconds
        self.open_changes = open_changes
        self.retry_seconds = retry_seconds
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._live = threading.Event()
        self._threads = [threading.Thread(target=self._sync_loop, name="model-sync", daemon=True)]
        if open_changes is not None:
            self._threads.append(threading.Thread(target=self._stream_loop, name="model-watch", daemon=True))

    @property
    def live(self) -> bool:
        """Whether the change stream is open (False: polling only)."""
        return self._live.is_set()

    def start(self) -> ModelFollower:
        """Start the threads."""
        for thread in self._threads:
            thread.start()
        return self

    def wake(self) -> None:
        """Sync now rather than at the next poll."""
        self._wake.set()

    def close(self) -> None:
        """Stop both threads."""
        self._closed.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _sync_loop(self) -> None:
        while not self._closed.is_set():
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._closed.is_set():
                break
            try:
                self.sync()
            except Exception:  # serving keeps the model it has; the next wake or poll tries again
                log.exception("loading a newer model failed")

    def _stream_loop(self) -> None:
        keep_following(self._closed, self._follow_stream, self._down, self.retry_seconds, 60.0,
                       after=self._live.clear)  # fmt: skip

    def _down(self, exc: Exception, retry_s: float) -> None:
        log.warning("model change stream down; polling", extra={"error": str(exc), "retry_s": retry_s})

    def _follow_stream(self, opened: Opened) -> None:
        assert self.open_changes is not None
        changes = self.open_changes()
        try:
            opened()
            self._live.set()
            self._wake.set()  # anything written while the stream was down
            while not self._closed.is_set():
                if changes.wait():
                    self._wake.set()
        finally:
            try:
                changes.close()
            except Exception:  # already broken
                log.debug("closing the model change stream failed", exc_info=True)
