"""What the store promises beyond single repositories: transactions, paging, chunked lookups,
write concerns and error translation, on the server under test."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from genome_store import (
    StandingWrite,
    ensure_genome,
    get_consents,
    grant_consent,
    list_audit_entries,
    list_standings,
    record_audit,
    record_tier_run,
    revoke_consent,
    write_standings,
)
from genome_store.driver_errors import storage_errors
from genome_store.lookups import CHUNK, by_ids
from genome_store.schema import GENOMES
from genome_store.transactions import in_transaction
from lifecue.errors import AlreadyExists, LifecueError, StorageUnavailable

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _entries(db: Any, consumer_id: str) -> int:
    return len(list_audit_entries(db, consumer_id=consumer_id, page_size=500).entries)


def test_a_transaction_that_fails_leaves_nothing(db: Any) -> None:
    def work(session: Any) -> None:
        record_audit(db, actor="t", action="a", consumer_id="c1", session=session)
        record_audit(db, actor="t", action="b", consumer_id="c1", session=session)
        raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        in_transaction(db, work)
    assert _entries(db, "c1") == 0
    in_transaction(
        db, lambda s: [record_audit(db, actor="t", action=x, consumer_id="c1", session=s) for x in "ab"]
    )
    assert _entries(db, "c1") == 2


def test_conflicting_transactions_on_one_genome_are_retried_and_lose_nothing(db: Any) -> None:
    ensure_genome(db, "c1", NOW)

    def writer(worker: int) -> None:
        for i in range(4):
            change = grant_consent if i % 2 == 0 else revoke_consent
            change(db, "c1", "personalization", actor=f"w{worker}", now=NOW)

    with ThreadPoolExecutor(max_workers=4) as pool:
        for job in [pool.submit(writer, w) for w in range(4)]:
            job.result()
    assert len(get_consents(db, "c1").history) == 16


def test_audit_pages_never_shift_while_entries_are_added(db: Any) -> None:
    for n in range(7):
        record_audit(
            db, actor="t", action="step", consumer_id="c1", details={"n": n}, at=NOW + timedelta(seconds=n)
        )
    first = list_audit_entries(db, consumer_id="c1", page_size=3)
    record_audit(
        db, actor="t", action="step", consumer_id="c1", details={"n": 99}, at=NOW + timedelta(hours=1)
    )
    served = [e.details["n"] for e in first.entries]
    token = first.next_page_token
    while token:
        page = list_audit_entries(db, consumer_id="c1", page_size=3, page_token=token)
        served += [e.details["n"] for e in page.entries]
        token = page.next_page_token
    assert served == [6, 5, 4, 3, 2, 1, 0]


def test_standing_pages_are_keyed_on_the_consumer_id(db: Any) -> None:
    write_standings(
        db, [StandingWrite(f"c{n:03d}", {"tier": "silver"}, "B", "loyal") for n in range(0, 20, 2)], NOW
    )
    first = list_standings(db, tier="silver", limit=4)
    write_standings(db, [StandingWrite("c001", {"tier": "silver"}, "B", "loyal")], NOW)  # before the cursor
    rest = list_standings(db, tier="silver", after=first[-1].consumer_id, limit=100)
    assert [s.consumer_id for s in first + rest] == [f"c{n:03d}" for n in range(0, 20, 2)]
    assert list_standings(db, tier="gold") == []


def test_lookups_by_many_ids_cross_chunks_and_keep_the_filter(db: Any) -> None:
    ids = [f"c{n:04d}" for n in range(3 * CHUNK + 1)]
    for cid in ids:
        ensure_genome(db, cid, NOW)
    write_standings(db, [StandingWrite(cid, {"tier": "gold"}, None, None) for cid in ids[::3]], NOW)
    assert set(by_ids(db[GENOMES], [*ids, "ghost"], {"_id": 1})) == set(ids)
    assert set(by_ids(db[GENOMES], ids, {"_id": 1}, query={"loyalty.tier": "gold"})) == set(ids[::3])


def test_writes_wait_for_a_majority(db: Any) -> None:
    assert db.write_concern.document.get("w") == "majority"
    assert db.read_concern.level == "majority"


def test_a_unique_key_taken_twice_is_already_exists(db: Any) -> None:
    run = {"as_of": NOW, "started_at": NOW, "finished_at": NOW, "seconds": 0.0, "consumers": 0, "changed": 0,
           "tier_counts": {}, "rfm_counts": {}, "behaviour_counts": {}, "transitions": []}  # fmt: skip
    record_tier_run(db, "r1", **run)
    with pytest.raises(AlreadyExists, match="r1"):
        record_tier_run(db, "r1", **run)


def test_driver_errors_are_translated_only_by_the_outermost_storage_call(dead_db: Any) -> None:
    with pytest.raises(StorageUnavailable), storage_errors():
        try:
            with storage_errors():  # an inner call leaves the driver's error to the outer one
                dead_db.genomes.find_one({})
        except LifecueError:
            pytest.fail("an inner storage call translated; a transaction could not retry")
    started = datetime.now(UTC)
    with pytest.raises(StorageUnavailable):
        grant_consent(dead_db, "c1", "personalization")
    assert datetime.now(UTC) - started < timedelta(seconds=10), (
        "a dead server must answer fast, not after retries"
    )
