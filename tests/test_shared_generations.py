"""Genome changes across processes: a change committed by one process is never served late by another."""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from genome_store import (
    SharedGenerations,
    grant_consent,
    open_store,
    publish_generations,
    revoke_consent,
)
from recommender.genome_cache import GenomeCache
from recommender.serving import GENOME_FIELDS

CONSUMERS = [f"c{i:03d}" for i in range(20)]


@pytest.fixture
def table(tmp_path: Path) -> Iterator[SharedGenerations]:
    created = SharedGenerations.create(tmp_path, slots=1024)
    yield created
    created.close()
    created.unlink()


def _bump_elsewhere(path: str, consumer_id: str) -> None:
    other = SharedGenerations(path, slots=1024)
    other.bump(consumer_id)
    other.close()


def test_a_bump_in_another_process_is_seen_here(table: SharedGenerations) -> None:
    before = table.get("c1")
    proc = mp.get_context("spawn").Process(target=_bump_elsewhere, args=(str(table.path), "c1"))
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == 0
    assert table.get("c1") == before + 1


def test_a_table_of_another_size_is_refused(table: SharedGenerations) -> None:
    with pytest.raises(ValueError, match="not a table"):
        SharedGenerations(table.path, slots=2048)


def test_this_process_commits_bump_the_table(db: Any, table: SharedGenerations) -> None:
    grant_consent(db, "c2", "personalization", source="test")
    unsubscribe = publish_generations(table)
    try:
        before = table.get("c2")
        revoke_consent(db, "c2", "personalization", source="test")
        assert table.get("c2") > before
    finally:
        unsubscribe()


def _reader(uri: str, name: str, path: str, asks: Any, answers: Any) -> None:
    """Another process: a genome cache on the shared table, answering 'is consent granted?' per id."""
    store = open_store(uri, name)
    table = SharedGenerations(path, slots=1024)
    cache = GenomeCache(store.db, GENOME_FIELDS, generations=table)
    try:
        deadline = time.monotonic() + 10
        while not cache.live and time.monotonic() < deadline:
            time.sleep(0.05)
        answers.put(cache.live)
        while (consumer_id := asks.get()) is not None:
            genome = cache.get(consumer_id) or {}
            answers.put(bool(genome.get("consents", {}).get("personalization", {}).get("granted")))
    finally:
        cache.close()
        table.close()
        store.close()


def test_a_revocation_here_is_obeyed_by_the_next_read_in_another_process(
    db: Any, mongo_uri: str, db_name: str, table: SharedGenerations
) -> None:
    for c in CONSUMERS:
        grant_consent(db, c, "personalization", source="test")
    ctx = mp.get_context("spawn")
    asks, answers = ctx.Queue(), ctx.Queue()
    reader = ctx.Process(target=_reader, args=(mongo_uri, db_name, str(table.path), asks, answers))
    reader.start()
    unsubscribe = publish_generations(table)
    try:
        if not answers.get(timeout=120):
            pytest.skip("no change stream on this server: the cache reads the database on every call")
        stale = 0
        for c in CONSUMERS:
            asks.put(c)
            assert answers.get(timeout=30) is True  # cached in the other process now
            revoke_consent(db, c, "personalization", source="test")  # committed, bumped, then "answered"
            asks.put(c)
            stale += answers.get(timeout=30)
        assert stale == 0
    finally:
        unsubscribe()
        asks.put(None)
        reader.join(timeout=60)
