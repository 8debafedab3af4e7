"""Fetching many documents by ``_id`` in small ``$in`` chunks.

SecantusDB answers ``$in`` in time that grows faster than the list: 1,000 ids in one
``$in`` took 2.7 s against 0.17 s as twenty chunks of 50 (20,000 documents, same
machine). MongoDB is fast either way, so chunks cost nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.collection import Collection

CHUNK = 50


def by_ids(
    collection: Collection[Any],
    ids: Iterable[str],
    projection: dict[str, int] | None = None,
    session: ClientSession | None = None,
) -> dict[str, dict[str, Any]]:
    """The stored documents among ``ids``, keyed by ``_id`` (missing ids are absent)."""
    wanted = sorted(set(ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = {"_id": {"$in": wanted[start : start + CHUNK]}}
        found.update((d["_id"], d) for d in collection.find(query, projection, session=session))
    return found
