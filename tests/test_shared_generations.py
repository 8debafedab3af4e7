"""The cross-process invalidation prototype: a bump by any process spoils every cached copy at once."""

from __future__ import annotations

import multiprocessing as mp
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bench.shared_generations import SharedGenerationCache, SharedGenerations
from genome_store import consents
from recommender.serving import GENOME_FIELDS


@pytest.fixture
def table() -> Iterator[SharedGenerations]:
    created = SharedGenerations(f"lctest{uuid.uuid4().hex[:8]}", create=True, slots=1024)
    yield created
    created.close()


def _bump_elsewhere(name: str, consumer_id: str) -> None:
    other = SharedGenerations(name, slots=1024)
    other.bump(consumer_id)
    other.close()


def test_a_bump_in_another_process_is_seen_here(table: SharedGenerations) -> None:
    before = table.get("c1")
    proc = mp.get_context("spawn").Process(target=_bump_elsewhere, args=(table.name, "c1"))
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == 0
    assert table.get("c1") == before + 1


def test_cache_serves_fresh_consent_once_another_process_bumps(db: Any, table: SharedGenerations) -> None:
    consents.grant(db, "c1", "personalization", source="test")
    cache = SharedGenerationCache(db, GENOME_FIELDS, table)
    try:
        if not cache.live:
            pytest.skip("no change stream on this server: the cache reads the database on every call")
        assert cache.get("c1")["consents"]["personalization"]["granted"] is True
        # another process revokes: its write is committed, then it bumps the shared slot and answers
        cache._unsubscribe()  # this process stands in for the other one: its own eviction is off
        consents.revoke(db, "c1", "personalization", source="test")
        _bump_elsewhere(table.name, "c1")
        assert cache.get("c1")["consents"]["personalization"]["granted"] is False
    finally:
        cache.close()


def test_this_process_writes_bump_the_shared_table(db: Any, table: SharedGenerations) -> None:
    consents.grant(db, "c2", "personalization", source="test")
    cache = SharedGenerationCache(db, GENOME_FIELDS, table)
    try:
        before = table.get("c2")
        consents.revoke(db, "c2", "personalization", source="test")  # publishes through genome_store.changes
        assert table.get("c2") > before
    finally:
        cache.close()
