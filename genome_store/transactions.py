"""Multi-document writes as one transaction, retried on write conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store.driver_errors import storage_call

T = TypeVar("T")


@storage_call
def in_transaction(db: Database[Any], work: Callable[[ClientSession], T]) -> T:
    """Run ``work(session)`` in a transaction; retried whole on transient errors (write conflicts).

    ``work`` may run more than once, so it must return its results rather than
    collect them in outer variables.
    """
    with db.client.start_session() as session:
        return session.with_transaction(work)
