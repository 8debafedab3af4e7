"""BLAS threads: one in a process that serves, as many as fitting asks for in a worker.

BLAS thread pools belong to the whole process. Serving pins them to one: sixteen RPC
threads each starting BLAS threads made Recommend ~60x slower (README "Recommendations").
Fitting changes them for its own span (EASE's inverse uses every core, implicit's ALS
wants BLAS at one because it parallelises itself), restoring them on exit; but two threads
that enter and leave such spans out of order can leave one's value behind. So once a
process serves (``lifecue up`` and tests run the worker's jobs in the serving process),
fitting there leaves the pin alone and runs with one BLAS thread; the worker role, which
serves nothing, fits with as many as it is given.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

_lock = threading.Lock()
_pinned = threading.Event()


def pin_for_serving() -> None:
    """One BLAS thread for the rest of this process's life; later fitting spans leave it alone."""
    with _lock:
        threadpool_limits(1, "blas")
        _pinned.set()


def pinned() -> bool:
    """Whether this process serves (BLAS pinned to one thread)."""
    return _pinned.is_set()


@contextmanager
def blas_threads(count: int) -> Iterator[None]:
    """BLAS at ``count`` threads while the block runs, unless the process serves (then one, as pinned)."""
    if _pinned.is_set():
        yield
        return
    with threadpool_limits(count, "blas"):
        yield
