"""Time limits on database work: every operation inside the block gives up when the time is spent.

A caller that has a deadline of its own (an RPC, a shutting-down writer) wraps its storage
calls in `deadline(seconds)` so that no read, write or transaction retry outlives it; the
driver's timeout then leaves `genome_store` as `StorageUnavailable` like any other outage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pymongo


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound every database operation started inside the block by ``seconds`` in all."""
    if seconds <= 0:
        raise ValueError(f"a deadline must be positive, not {seconds}")
    with pymongo.timeout(seconds):
        yield
