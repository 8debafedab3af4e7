"""Multi-document writes as one transaction, retried on write conflicts, bounded in time.

pymongo's ``with_transaction`` retries transient errors for up to two minutes, which
also covers "the server is gone": a call made during a database outage would hang for
two minutes before anyone heard ``UNAVAILABLE``. Here write conflicts (another writer
touched the same genome) are retried for up to `CONFLICT_SECONDS` with a short jittered
pause, a lost connection is retried once (a failover) unless no server could be selected at
all (the database is down: retrying would only wait again), and anything else goes up at once.
No retry and no commit starts once the caller's deadline (`genome_store.deadlines`: an
RPC's time left, or an explicit `deadline`) is spent, so a transaction never commits
after its caller gave up.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pymongo
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, PyMongoError, ServerSelectionTimeoutError

from genome_store.deadlines import remaining
from genome_store.driver_errors import storage_call
from lifecue.errors import StorageUnavailable

T = TypeVar("T")

CONFLICT_SECONDS = 30.0
CONNECTION_RETRIES = 1
ABORT_SECONDS = 0.2  # an abort is a courtesy (the server drops an abandoned transaction itself)
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
        if isinstance(exc, ServerSelectionTimeoutError):
            return False  # no server answered for a whole selection timeout: retrying would only wait again
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
                _abort(session)
                if budget.allows(exc, _TRANSIENT):
                    continue
                raise
            if remaining() <= 0:  # never commit after the caller gave up
                _abort(session)
                raise StorageUnavailable(
                    "the call's deadline passed before the transaction could commit; retry"
                )
            try:
                _commit(session, budget)
            except PyMongoError as exc:
                if budget.allows(exc, _TRANSIENT):
                    continue
                raise
            return result


def _abort(session: ClientSession) -> None:
    """Abort, waiting briefly: with the server unreachable an abort would wait a whole server selection."""
    if session.in_transaction:
        with pymongo.timeout(ABORT_SECONDS):
            session.abort_transaction()  # never raises


def _commit(session: ClientSession, budget: _Budget) -> None:
    """Commit, retrying the commit alone while its outcome is unknown."""
    while True:
        try:
            session.commit_transaction()
            return
        except PyMongoError as exc:
            if not budget.allows(exc, _UNKNOWN_COMMIT):
                raise
