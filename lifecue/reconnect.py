"""The one reconnect loop of lifecue's long-lived followers (genome and model change streams).

``follow`` runs until it fails or returns, calling the ``opened`` it is given once its
stream is open. After it ends the loop waits and calls it again, until ``closed`` is set;
the wait doubles on every failure up to a cap and starts again from the first delay once a
stream has opened. Failures go to the caller's ``on_failure`` (to log), never up: a follower
that stopped for good would leave its process serving stale data quietly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Opened = Callable[[], None]


def keep_following(
    closed: threading.Event,
    follow: Callable[[Opened], None],
    on_failure: Callable[[Exception, float], None],
    first_delay: float,
    max_delay: float,
    after: Callable[[], None] | None = None,
) -> None:
    """Call ``follow`` again and again until ``closed``; ``after`` runs after every attempt."""
    delay = [first_delay]

    def opened() -> None:
        delay[0] = first_delay

    while not closed.is_set():
        try:
            follow(opened)
        except Exception as exc:  # any failure means: down until the next attempt opens again
            if closed.is_set():
                break
            on_failure(exc, delay[0])
        finally:
            if after is not None:
                after()
        if closed.wait(delay[0]):
            break
        delay[0] = min(max_delay, delay[0] * 2)
