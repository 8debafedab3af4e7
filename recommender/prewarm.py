"""Rankings computed ahead of the calls that will ask for them, whenever a new model serves.

A consumer's first Recommend after a start or a model swap ranks the whole catalog; the
ones after it are served from `recommender.ranking_cache`. Gorse serves precomputed
recommendation lists for the same reason. Here a daemon thread, woken by every swap,
ranks the consumers the genome cache holds with the most common request shape (top
``n``, the default exclusion, no category filter) and leaves each ranking in the cache
under exactly the rules a call's own ranking obeys: a consent, event or erasure change
makes it unusable at once, as it would any kept ranking. Calls arriving meanwhile share the
interpreter with it as with any other call (each waits at most the switch interval); the round
stops as soon as a newer snapshot serves (the swap wakes it again for that one). Rounds rank for
today, or for the day callers keep asking about (`recommender.serving.DAY_SWITCH_CALLS`); a
consumer whose ranking does not depend on the day (no usable event) is kept from the round before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Round:
    """What the last round did: consumers ranked, seconds it took, whether it ran to its end."""

    ranked: int = 0
    seconds: float = 0.0
    finished: bool = False


class Prewarm:
    """Runs ``work(stop)`` on its own thread after each `request`; ``stop()`` turns true when a newer request came."""

    def __init__(self, work: Callable[[Callable[[], bool]], int], name: str = "ranking-prewarm") -> None:
        self._work = work
        self._wanted = threading.Event()
        self._closed = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()  # "asked for" and "idle" change together
        self.last = Round()
        self.rounds = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Start a round (the one running stops early and a new one begins)."""
        with self._lock:
            self._idle.clear()
            self._wanted.set()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no round runs or is asked for; whether that happened within ``timeout`` seconds."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """Stop the thread (a round in progress stops after its current consumer)."""
        self._closed.set()
        self._wanted.set()
        self._thread.join(timeout=10)

    def _stop(self) -> bool:
        return self._wanted.is_set() or self._closed.is_set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._closed.is_set():
                return
            self._wanted.clear()
            started = time.perf_counter()
            try:
                ranked = self._work(self._stop)
            except Exception:  # serving goes on without the head start; the next swap tries again
                log.warning("ranking ahead of calls failed", exc_info=True)
                ranked = 0
            finished = not self._stop()
            self.last = Round(ranked, round(time.perf_counter() - started, 3), finished)
            self.rounds += 1
            if ranked:
                log.info("rankings computed ahead of calls", extra={"consumers": ranked,
                         "seconds": self.last.seconds, "finished": finished})  # fmt: skip
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()
