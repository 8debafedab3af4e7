"""Opening the store: a database handle from a ``mongodb://`` URI, schema ensured.

The handle is pymongo's `Database`, re-exported here so that callers can name its type
without importing pymongo; they pass it to `genome_store` functions and never query it
themselves. The client is made in one place (`connect`), so the driver options every
repository relies on hold everywhere: timezone-aware UTC datetimes, standard UUIDs, and
majority write and read concerns (a write acknowledged is a write that survives a
failover; on a single server, such as the embedded one, majority is that server).

Timeouts are short on purpose: a call made while the database is unreachable waits at
most ``timeout_ms`` (server selection, default 0.5 s; twice when the driver retries once)
before it fails ``UNAVAILABLE``, rather than pymongo's 30 s. `reachable` is the health check's ping, bounded by its own deadline.

The driver's heartbeat waits ``connect_timeout_ms`` for an answer, and a heartbeat that times
out makes the driver cancel every operation in flight on that client. A single-threaded server
(the embedded one) answers nothing else while it builds a whole-collection read, which at a
million consumers takes minutes; so batch jobs read through `patient`, a second client whose
heartbeat waits that long, while calls keep the short timeouts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pymongo import MongoClient
from pymongo.database import Database
from pymongo.errors import PyMongoError
from pymongo.read_concern import ReadConcern

from genome_store.deadlines import deadline
from genome_store.driver_errors import storage_call
from genome_store.schema import ensure_schema
from lifecue.errors import StorageUnavailable

READ_CONCERN = ReadConcern("majority")
SERVER_SELECTION_MS = 500
CONNECT_MS = 1000
STARTUP_SECONDS = 10.0


@dataclass
class Store:
    """A connected database."""

    client: MongoClient[dict[str, Any]]
    db: Database[dict[str, Any]]
    uri: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    @storage_call
    def drop(self) -> None:
        """Drop the whole database (tests and benchmarks)."""
        self.client.drop_database(self.db.name)

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()


def connect(
    uri: str,
    db_name: str,
    timeout_ms: int = SERVER_SELECTION_MS,
    write_concern: str = "majority",
    journal: bool = True,
    connect_timeout_ms: int = CONNECT_MS,
) -> Store:
    """A client and database handle for ``uri``; nothing is sent until the first call.

    Every write (transaction commits included) is acknowledged per ``write_concern``
    (``majority`` or a member count) and, with ``journal``, only once it is journaled.
    ``timeout_ms`` bounds the wait for a reachable server, ``connect_timeout_ms`` each
    new connection.
    """
    w: int | str = int(write_concern) if write_concern.isdigit() else write_concern
    client: MongoClient[dict[str, Any]] = MongoClient(
        uri,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=connect_timeout_ms,
        tz_aware=True,
        uuidRepresentation="standard",
        w=w,
        journal=journal,
        readConcernLevel=READ_CONCERN.level,
    )
    options = {"timeout_ms": timeout_ms, "write_concern": write_concern, "journal": journal,
               "connect_timeout_ms": connect_timeout_ms}  # fmt: skip
    return Store(client=client, db=client[db_name], uri=uri, options=options)


def patient(store: Store, seconds: float) -> Store:
    """A second client to ``store``'s database, with the same options except a heartbeat (and
    connection) wait of ``seconds``: for batch jobs whose reads may keep the server busy that long.
    The caller closes it."""
    options = dict(store.options, connect_timeout_ms=max(store.options.get("connect_timeout_ms", CONNECT_MS),
                                                         round(seconds * 1000)))  # fmt: skip
    return connect(store.uri, store.db.name, **options)


def open_store(
    uri: str,
    db_name: str,
    timeout_ms: int = SERVER_SELECTION_MS,
    write_concern: str = "majority",
    journal: bool = True,
    connect_timeout_ms: int = CONNECT_MS,
    startup_seconds: float = STARTUP_SECONDS,
) -> Store:
    """Connect, check the server answers (trying for up to ``startup_seconds``), ensure the schema."""
    store = connect(uri, db_name, timeout_ms, write_concern, journal, connect_timeout_ms)
    try:
        _first_ping(store, startup_seconds)
        ensure_schema(store.db)
    except (PyMongoError, StorageUnavailable) as exc:
        store.close()
        raise StorageUnavailable(f"cannot reach MongoDB at {_redact(uri)}: {exc}") from exc
    except BaseException:
        store.close()
        raise
    return store


def _first_ping(store: Store, seconds: float) -> None:
    """Ping until the server answers; a database that starts with lifecue may need a moment."""
    give_up = time.monotonic() + seconds
    while True:
        try:
            store.client.admin.command("ping")
            return
        except PyMongoError:
            if time.monotonic() >= give_up:
                raise
            time.sleep(0.2)


@storage_call
def reachable(db: Database[Any], seconds: float) -> bool:
    """Whether the server answers a ping within ``seconds`` (server selection included)."""
    try:
        with deadline(seconds):
            db.client.admin.command("ping")
    except PyMongoError:
        return False
    return True


def _redact(uri: str) -> str:
    """Hide credentials in a URI for error messages."""
    if "@" not in uri:
        return uri
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
