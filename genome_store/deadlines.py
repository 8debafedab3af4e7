"""Time limits on database work: no transaction outlives the call that asked for it.

Two ways to set a limit:

- `deadline(seconds)`: every database operation inside the block gives up when the time is
  spent, through pymongo's own timeout (a health ping, a writer that shuts down);
- `call_deadline(seconds)`: the gRPC edge opens one per RPC with the time the client left
  it (a little less, so the answer still reaches the client). Inside it no storage call
  starts once the time is spent (`StorageUnavailable` at once), and a transaction starts
  no retry and no commit past it (`transactions.in_transaction` reads `remaining`).

Why an RPC does not simply run under pymongo's timeout: with one set, pymongo waits for
an unreachable server for the whole time left (its server selection takes the remaining
time instead of ``serverSelectionTimeoutMS``) and retries reads and writes until then, so
during an outage every call hung to its deadline, and calls waiting when the database came
back succeeded late. Without it an unreachable database fails a call within the client's
server selection timeout (0.5 s by default; `genome_store.database`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pymongo

from lifecue.errors import StorageUnavailable

#: the part of a call's time kept back for answering: 10% of it, at most this many seconds
ANSWER_SECONDS = 0.25

_until: ContextVar[float] = ContextVar("genome_store_deadline", default=math.inf)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound every database operation started inside the block by ``seconds`` in all."""
    if seconds <= 0:
        raise ValueError(f"a deadline must be positive, not {seconds}")
    token = _until.set(min(_until.get(), time.monotonic() + seconds))
    try:
        with pymongo.timeout(seconds):
            yield
    finally:
        _until.reset(token)


@contextmanager
def call_deadline(seconds: float | None) -> Iterator[None]:
    """The storage work of one call ends with the call (``seconds`` left; None: no deadline)."""
    if seconds is None:
        yield
        return
    left = max(0.0, seconds - min(ANSWER_SECONDS, 0.1 * seconds))
    token = _until.set(min(_until.get(), time.monotonic() + left))
    try:
        yield
    finally:
        _until.reset(token)


def remaining() -> float:
    """Seconds left to the innermost deadline (inf when none is set)."""
    return _until.get() - time.monotonic()


def require_time_left() -> None:
    """StorageUnavailable when the deadline of the work in progress has passed."""
    if remaining() <= 0:
        raise StorageUnavailable("the call's deadline passed before the database could answer; retry")
