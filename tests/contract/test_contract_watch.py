"""Following genome changes: the watch delivers other writers' changes and comes back after an outage."""

from __future__ import annotations

import threading
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

from genome_store import MEMORY, EmbeddedMongo, connect, ensure_genome, open_store, watch_genomes
from recommender.genome_cache import GenomeCache
from tests.waiting import wait_for

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


class Seen:
    """Changes a watch delivered, waited on."""

    def __init__(self) -> None:
        self.ids: list[str | None] = []
        self.arrived = threading.Condition()

    def __call__(self, consumer_id: str | None) -> None:
        with self.arrived:
            self.ids.append(consumer_id)
            self.arrived.notify_all()

    def wait_for(self, consumer_id: str, timeout: float = 10.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: consumer_id in self.ids, timeout)


def test_the_watch_delivers_changes_made_through_another_client(db: Any, mongo_uri: str) -> None:
    seen = Seen()
    watch = watch_genomes(db, seen)
    try:
        assert watch.live, "the server under test must offer change streams (a replica set)"
        with closing(connect(mongo_uri, db.name)) as other:
            ensure_genome(other.db, "c1", NOW)
        assert seen.wait_for("c1")
    finally:
        watch.close()
    assert not watch.live


def test_the_watch_and_the_genome_cache_come_back_after_the_database_restarts() -> None:
    server = EmbeddedMongo(MEMORY).start()
    store = connect(server.uri, "lifecue", timeout_ms=300)
    try:
        open_store(server.uri, "lifecue").close()
        seen = Seen()
        states: list[bool] = []
        watch = watch_genomes(store.db, seen, states.append, retry_seconds=0.1)
        cache = GenomeCache(store.db, {"consents": 1})
        try:
            assert watch.live and cache.live
            server.stop()
            wait_for(lambda: not watch.live and not cache.live, 20, "an outage to switch them off")
            server.start()  # same port, empty database
            open_store(server.uri, "lifecue").close()
            assert watch.wait_live(30) and wait_for(lambda: cache.live, 30), (
                "they must reconnect by themselves"
            )
            ensure_genome(store.db, "after", NOW)
            assert seen.wait_for("after")
            # the cache's own stream delivers the same change a moment later and evicts again
            assert wait_for(lambda: cache.get("after") is not None and "after" in cache._entries, 10)
            assert states[:3] == [True, False, True] and watch.failures >= 1
        finally:
            cache.close()
            watch.close()
    finally:
        store.close()
        server.stop()
