"""Fetching many documents by ``_id`` in small ``$in`` chunks: the one home of that loop.

SecantusDB answers ``$in`` in time that grows faster than the list: 1,000 ids in one
``$in`` took 2.7 s against 0.17 s as twenty chunks of 50 (20,000 documents, same
machine). MongoDB is fast either way, so chunks cost nothing there. Every repository
that looks documents up by a list of ids goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.collection import Collection

CHUNK = 50


def chunks(ids: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """The distinct ``ids``, sorted, in lists of at most ``size``."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), size):
        yield wanted[start : start + size]


def by_ids(
    collection: Collection[Any],
    ids: Iterable[str],
    projection: Mapping[str, Any] | None = None,
    session: ClientSession | None = None,
    query: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """The stored documents among ``ids`` (also matching ``query``), keyed by ``_id``; missing ids are absent."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids):
        wanted = {**(query or {}), "_id": {"$in": chunk}}
        found.update((d["_id"], d) for d in collection.find(wanted, projection, session=session))
    return found


def present(
    collection: Collection[Any], ids: Iterable[str], session: ClientSession | None = None
) -> set[str]:
    """Which of ``ids`` are stored."""
    return set(by_ids(collection, ids, {"_id": 1}, session))
