"""Multi-document writes as one transaction, retried on write conflicts, bounded in time.

pymongo's ``with_transaction`` retries transient errors for up to two minutes, which
also covers "the server is gone": a call made during a database outage would hang for
two minutes before anyone heard ``UNAVAILABLE``. Here write conflicts (another writer
touched the same genome) are retried for up to `CONFLICT_SECONDS` with a short jittered
pause, a lost connection is retried once (a failover), and anything else goes up at once.
No retry starts once the caller's deadline (`genome_store.deadlines`: an RPC's time left,
or an explicit `deadline`) is spent, so a transaction never outlives its call; the
driver's timeout stops the attempt in flight.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, PyMongoError

from genome_store.deadlines import remaining
from genome_store.driver_errors import storage_call

T = TypeVar("T")

CONFLICT_SECONDS = 30.0
CONNECTION_RETRIES = 1
_TRANSIENT = "TransientTransactionError"
_UNKNOWN_COMMIT = "UnknownTransactionCommitResult"


class _Budget:
    """How much retrying one transaction may still do."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + CONFLICT_SECONDS
        self.connection_retries = CONNECTION_RETRIES
        self.attempt = 0

    def allows(self, exc: BaseException, label: str) -> bool:
        """Whether to retry after ``exc`` (pausing briefly first)."""
        if not isinstance(exc, PyMongoError) or not exc.has_error_label(label):
            return False
        if remaining() <= 0:  # the caller's deadline is spent: report, do not retry
            return False
        if isinstance(exc, ConnectionFailure):
            if self.connection_retries <= 0:
                return False
            self.connection_retries -= 1
        elif time.monotonic() >= self.deadline:
            return False
        self.attempt += 1
        # a random pause, so writers that collided once do not collide again in step
        time.sleep(random.uniform(0, min(0.05, 0.002 * self.attempt)))
        return True


@storage_call
def in_transaction(db: Database[Any], work: Callable[[ClientSession], T]) -> T:
    """Run ``work(session)`` in a transaction; retried whole on write conflicts.

    ``work`` may run more than once, so it must return its results rather than
    collect them in outer variables.
    """
    budget = _Budget()
    with db.client.start_session() as session:
        while True:
            session.start_transaction()
            try:
                result = work(session)
            except BaseException as exc:
                if session.in_transaction:
                    session.abort_transaction()  # never raises; the server drops it anyway on timeout
                if budget.allows(exc, _TRANSIENT):
                    continue
                raise
            try:
                _commit(session, budget)
            except PyMongoError as exc:
                if budget.allows(exc, _TRANSIENT):
                    continue
                raise
            return result


def _commit(session: ClientSession, budget: _Budget) -> None:
    """Commit, retrying the commit alone while its outcome is unknown."""
    while True:
        try:
            session.commit_transaction()
            return
        except PyMongoError as exc:
            if not budget.allows(exc, _UNKNOWN_COMMIT):
                raise
