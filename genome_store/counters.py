"""Named counters in the ``counters`` collection, incremented atomically.

``find_one_and_update`` with ``$inc`` and ``upsert`` is one atomic write on the server, so
any number of processes drawing from one counter get distinct, increasing values — what
"read the highest and add one" could not promise. A number may be skipped (a write the
driver retried, or a process that died before using its number), never handed out twice.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from genome_store.driver_errors import storage_call
from genome_store.schema import COUNTERS


@storage_call
def next_value(db: Database[Any], name: str, session: ClientSession | None = None) -> int:
    """The counter's next value (1 for a new counter); with ``session``, part of its transaction."""
    for _ in range(3):
        try:
            doc = db[COUNTERS].find_one_and_update(
                {"_id": name},
                {"$inc": {"value": 1}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
                session=session,
            )
            if doc is not None:
                return int(doc["value"])
        except DuplicateKeyError:  # two first increments raced to insert; the loser increments
            continue
    raise RuntimeError(f"counter {name!r} could not be incremented")


@storage_call
def current_value(db: Database[Any], name: str) -> int:
    """The last value handed out (0 when none was)."""
    doc = db[COUNTERS].find_one({"_id": name})
    return int(doc["value"]) if doc else 0
