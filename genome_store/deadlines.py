"""Time limits on database work: no read, write or transaction outlives the call that asked for it.

Two ways to set a limit:

- `deadline(seconds)`: every database operation inside the block gives up when the time is
  spent (a writer that shuts down, a health ping);
- `call_deadline(seconds, cap)`: the gRPC edge opens one per RPC with the time the client
  left it; each storage call made inside then runs under `deadline` with what remains of
  the call (a little less, so the answer still reaches the client) and at most ``cap``
  seconds. Calls that wait on purpose (``Retrain`` with ``wait``) make many short storage
  calls, each bounded, rather than one long one.

The driver's timeout leaves `genome_store` as `StorageUnavailable` like any other outage,
and `transactions.in_transaction` stops retrying once `remaining` is spent.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pymongo

from lifecue.errors import StorageUnavailable

#: the part of a call's time kept back for answering: 10% of it, at most this many seconds
ANSWER_SECONDS = 0.25


@dataclass(frozen=True)
class _Call:
    until: float  # time.monotonic() by which storage work must end (inf: the client set no deadline)
    cap: float  # longest one storage call may take


_call: ContextVar[_Call | None] = ContextVar("genome_store_call_deadline", default=None)
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


def remaining() -> float:
    """Seconds left to the innermost `deadline` (inf when none is set)."""
    return _until.get() - time.monotonic()


@contextmanager
def call_deadline(seconds: float | None, cap: float) -> Iterator[None]:
    """Bound the storage calls made inside by a call's time left (None: no deadline) and ``cap`` each."""
    if seconds is None:
        until = math.inf
    else:
        until = time.monotonic() + max(0.0, seconds - min(ANSWER_SECONDS, 0.1 * seconds))
    token = _call.set(_Call(until, cap))
    try:
        yield
    finally:
        _call.reset(token)


@contextmanager
def bounded_by_call() -> Iterator[None]:
    """Run one storage call within what its RPC has left (no limit outside an RPC)."""
    call = _call.get()
    if call is None:
        yield
        return
    budget = min(call.until - time.monotonic(), call.cap)
    if budget <= 0:
        raise StorageUnavailable("the call's deadline passed before the database could answer; retry")
    with deadline(budget):
        yield
