"""Each genome_store repository against the one contract of `repository_contract.RepositoryContract`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from genome_store import (
    NewInteraction,
    ProductInput,
    PurchaseInput,
    StandingWrite,
    consumers_with_feedback_since,
    ensure_genome,
    existing_post_ids,
    feedback_rows,
    genomes_fields,
    get_genome,
    get_life_events,
    get_product,
    get_review_item,
    get_standing,
    grant_consent,
    has_consent,
    hold_review_items,
    insert_posts,
    last_tier_run,
    list_audit_entries,
    list_pending_reviews,
    list_standings,
    merge_life_events,
    post_document,
    purchases_by_consumer,
    record_audit,
    record_interactions,
    record_purchases,
    record_tier_run,
    resolve_review_item,
    review_item_document,
    review_item_id,
    upsert_products,
    write_standings,
)
from lifecue.errors import AlreadyExists, NotFound
from tests.contract.repository_contract import RepositoryContract

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


class TestGenomes(RepositoryContract):
    announces_genome_changes = True

    def write(self, db: Any, key: str) -> None:
        ensure_genome(db, key, NOW)

    def read(self, db: Any, key: str) -> Any:
        return get_genome(db, key)

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        return set(genomes_fields(db, keys, {"_id": 1}))


class TestConsents(RepositoryContract):
    announces_genome_changes = True

    def write(self, db: Any, key: str) -> None:
        grant_consent(db, key, "personalization", source="contract", now=NOW)

    def read(self, db: Any, key: str) -> Any:
        return has_consent(db, key, "personalization")


class TestLifeEvents(RepositoryContract):
    announces_genome_changes = True

    def prepare(self, db: Any, key: str) -> None:
        ensure_genome(db, key, NOW)

    def write(self, db: Any, key: str) -> None:
        event = {"type": "wedding", "recurrence": "one_off", "subject": "self", "relation": None,
                 "date": NOW + timedelta(days=30), "date_precision": "day", "next_occurrence": None,
                 "confidence": 0.7, "sensitive": False, "source_post_ids": [f"post-{key}"], "model_version": "c"}  # fmt: skip
        merge_life_events(db, {key: [event]}, NOW)

    def read(self, db: Any, key: str) -> Any:
        try:
            return get_life_events(db, key)[0]
        except NotFound:
            return []

    def stored_count(self, db: Any, key: str) -> int:
        return len(self.read(db, key))


class TestPosts(RepositoryContract):
    def write(self, db: Any, key: str) -> None:
        insert_posts(db, [post_document(key, "c1", "test", "hello", NOW, NOW, retention_days=30)])

    def read(self, db: Any, key: str) -> Any:
        return key in existing_post_ids(db, [key])

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        return existing_post_ids(db, keys)


class TestCatalog(RepositoryContract):
    def write(self, db: Any, key: str) -> None:
        upsert_products(db, [ProductInput(key, "Mug", "kitchen", 9.5, ["gift"])])

    def read(self, db: Any, key: str) -> Any:
        return get_product(db, key)


class TestInteractions(RepositoryContract):
    def prepare(self, db: Any, key: str) -> None:
        ensure_genome(db, f"c-{key}", NOW)
        upsert_products(db, [ProductInput("p1", "Mug", "kitchen", 9.5)])

    def write(self, db: Any, key: str) -> None:
        (outcome,) = record_interactions(db, [NewInteraction(key, f"c-{key}", "p1", "VIEW", NOW)], NOW)
        assert outcome.status in ("accepted", "duplicate"), outcome

    def read(self, db: Any, key: str) -> Any:
        return list(feedback_rows(db, [f"c-{key}"]))

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        return {
            c.removeprefix("c-") for c in consumers_with_feedback_since(db, NOW - timedelta(days=1))
        } & set(keys)

    def stored_count(self, db: Any, key: str) -> int:
        return len(self.read(db, key))


class TestPurchases(RepositoryContract):
    announces_genome_changes = True  # the buyer's summary moves

    def key(self, n: int) -> str:
        return f"c{n:05d}"

    def write(self, db: Any, key: str) -> None:
        record_purchases(db, [PurchaseInput(f"o-{key}", key, "p1", 1, 10.0, "EUR", NOW)], now=NOW)

    def read(self, db: Any, key: str) -> Any:
        return next((row["p"] for row in purchases_by_consumer(db) if row["_id"] == key), [])

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        return {row["_id"] for row in purchases_by_consumer(db, batch_size=7)} & set(keys)

    def stored_count(self, db: Any, key: str) -> int:
        return len(self.read(db, key))


class TestStandings(RepositoryContract):
    announces_genome_changes = True

    def write(self, db: Any, key: str) -> None:
        write_standings(db, [StandingWrite(key, {"tier": "gold", "value_12m": 1000.0}, "A", "top")], NOW)

    def read(self, db: Any, key: str) -> Any:
        found = get_standing(db, key)
        return None if found is None or not found.tier else found

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        return {s.consumer_id for s in list_standings(db, tier="gold", limit=10_000)} & set(keys)


class TestTierRuns(RepositoryContract):
    many = 1  # only the newest run is read back

    def write(self, db: Any, key: str) -> None:
        record_tier_run(db, key, as_of=NOW, started_at=NOW, finished_at=NOW, seconds=0.1, consumers=2,
                        changed=1, tier_counts={"gold": 1, "none": 1}, rfm_counts={}, behaviour_counts={},
                        transitions=[("none", "gold", 1), ("none", "none", 1)])  # fmt: skip

    def rewrite(self, db: Any, key: str) -> None:
        with pytest.raises(AlreadyExists):  # a run is recorded once; its id is its unique key
            self.write(db, key)

    def read(self, db: Any, key: str) -> Any:
        last = last_tier_run(db)
        return last if last is not None and last["_id"] == key else None


class TestAuditLog(RepositoryContract):
    idempotent = False  # append-only: every record is a new entry

    def write(self, db: Any, key: str) -> None:
        record_audit(db, actor="contract", action="test.write", consumer_id=key, details={"n": 1}, at=NOW)

    def read(self, db: Any, key: str) -> Any:
        return list_audit_entries(db, consumer_id=key).entries

    def stored_count(self, db: Any, key: str) -> int:
        return len(self.read(db, key))


def _held(key: str) -> dict[str, Any]:
    """A held wedding of consumer ``key``, detected in post ``key``."""
    event = {"type": "wedding", "recurrence": "one_off", "subject": "self", "relation": None,
             "date": NOW + timedelta(days=30), "date_precision": "day", "next_occurrence": None,
             "confidence": 0.6, "sensitive": False, "source_post_ids": [key], "model_version": "c"}  # fmt: skip
    return review_item_document(consumer_id=key, post_id=key, text="a wedding?", platform="x", posted_at=NOW,
                                event=event, reasons=["low_confidence"], acted=[], now=NOW, retention_days=30)  # fmt: skip


class TestReviewItems(RepositoryContract):
    def write(self, db: Any, key: str) -> None:
        hold_review_items(db, [_held(key)])

    def read(self, db: Any, key: str) -> Any:
        try:
            return get_review_item(db, review_item_id(key, "wedding"))
        except NotFound:
            return None

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        page = list_pending_reviews(db, page_size=500)[0]
        return {d["post_id"] for d in page} & set(keys)


class TestReviewDecisions(RepositoryContract):
    """A steward's confirmation: the item, the genome and the audit entry in one transaction."""

    announces_genome_changes = True
    many = 12  # each write is a transaction; the lookups here are one item at a time

    def prepare(self, db: Any, key: str) -> None:
        ensure_genome(db, key, NOW)
        hold_review_items(db, [_held(key)])

    def write(self, db: Any, key: str) -> None:
        final = dict(_held(key)["event"])
        resolve_review_item(db, review_item_id(key, "wedding"), "confirmed", final, actor="contract",
                            labelled_days=365, now=NOW)  # fmt: skip

    def read(self, db: Any, key: str) -> Any:
        try:
            return get_life_events(db, key)[0]
        except NotFound:
            return []

    def stored_count(self, db: Any, key: str) -> int:
        return len(self.read(db, key))
