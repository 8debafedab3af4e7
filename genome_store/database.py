"""Opening the store: a pymongo database from a ``mongodb://`` URI, schema ensured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo import MongoClient
from pymongo.database import Database
from pymongo.errors import PyMongoError

from genome_store.schema import ensure_schema
from lifecue.errors import StorageUnavailable


@dataclass
class Store:
    """A connected database with its schema in place."""

    client: MongoClient[dict[str, Any]]
    db: Database[dict[str, Any]]

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()


def open_store(
    uri: str, db_name: str, timeout_ms: int = 5000, write_concern: str = "majority", journal: bool = True
) -> Store:
    """Connect, check the server answers, and ensure collections, validators and indexes.

    Every write (transaction commits included) is acknowledged per ``write_concern``
    (``majority`` or a member count) and, with ``journal``, only once it is journaled.
    """
    w: int | str = int(write_concern) if write_concern.isdigit() else write_concern
    client: MongoClient[dict[str, Any]] = MongoClient(
        uri,
        serverSelectionTimeoutMS=timeout_ms,
        tz_aware=True,
        uuidRepresentation="standard",
        w=w,
        journal=journal,
    )
    try:
        client.admin.command("ping")
        db = client[db_name]
        ensure_schema(db)
    except PyMongoError as exc:
        client.close()
        raise StorageUnavailable(f"cannot reach MongoDB at {_redact(uri)}: {exc}") from exc
    return Store(client=client, db=db)


def _redact(uri: str) -> str:
    """Hide credentials in a URI for error messages."""
    if "@" not in uri:
        return uri
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
