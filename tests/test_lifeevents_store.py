"""genome_store.life_events and genome_store.posts on the real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from genome_store import life_events, posts
from genome_store.schema import GENOMES, POSTS
from tests.builders import a_consumer

NOW = datetime(2026, 3, 11, 12, tzinfo=UTC)


def _event(
    type_: str, post: str, date: datetime | None = None, precision: str = "unknown", **extra: Any
) -> dict[str, Any]:
    return {"type": type_, "recurrence": "one_off", "subject": "self", "relation": None, "date": date,
            "date_precision": precision, "next_occurrence": None, "confidence": 0.6, "sensitive": False,
            "source_post_ids": [post], "model_version": "t", **extra}  # fmt: skip


def test_merge_many_merges_compatible_events_and_skips_missing_genomes(db: Any) -> None:
    a_consumer(db, "c1", now=NOW)
    june = datetime(2026, 6, 1, tzinfo=UTC)
    merged = life_events.merge_many(
        db,
        {
            "c1": [
                _event("wedding", "p1", june, "month", subject="network", relation="sister"),
                _event(
                    "wedding",
                    "p2",
                    datetime(2026, 6, 5, tzinfo=UTC),
                    "day",
                    subject="network",
                    relation="sister",
                ),
                _event(
                    "wedding",
                    "p3",
                    datetime(2026, 9, 5, tzinfo=UTC),
                    "day",
                    subject="network",
                    relation="sister",
                ),
                _event("wedding", "p4", subject="network", relation="brother"),
            ],
            "gone": [_event("new_job", "p5")],
        },
        NOW,
    )
    assert set(merged) == {"c1"}
    stored = db[GENOMES].find_one({"_id": "c1"})["life_events"]
    assert [(e["relation"], e["source_post_ids"], e["date_precision"]) for e in stored] == [
        ("sister", ["p1", "p2"], "day"),
        ("sister", ["p3"], "day"),
        ("brother", ["p4"], "unknown"),
    ]
    assert stored[0]["date"] == datetime(2026, 6, 5, tzinfo=UTC)
    assert stored[0]["confidence"] == 0.84  # noisy-or of 0.6 and 0.6
    assert merged["c1"][0]["event_id"] == merged["c1"][1]["event_id"] == stored[0]["event_id"]


def test_an_undated_event_keeps_the_day_of_the_first_post_that_told_of_it(db: Any) -> None:
    a_consumer(db, "c1", now=NOW)
    first, later = datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)
    (stored,) = life_events.merge_events(db, "c1", [_event("engagement", "p2", announced_on=later)], NOW)
    assert stored["announced_on"] == later
    (stored,) = life_events.merge_events(db, "c1", [_event("engagement", "p1", announced_on=first)], NOW)
    assert stored["announced_on"] == first and stored["source_post_ids"] == ["p2", "p1"]
    (stored,) = life_events.merge_events(db, "c1", [_event("engagement", "p3")], NOW)
    assert stored["announced_on"] == first
    (other,) = life_events.merge_events(db, "c1", [_event("new_pet", "p4")], NOW)
    assert "announced_on" not in other


def test_recurring_events_compare_month_and_day_only() -> None:
    born = _event("birthday", "p1", datetime(1990, 6, 5, tzinfo=UTC), "day", recurrence="recurring")
    this_year = _event("birthday", "p2", datetime(2026, 6, 5, tzinfo=UTC), "day", recurrence="recurring")
    other_day = _event("birthday", "p3", datetime(2026, 6, 6, tzinfo=UTC), "day", recurrence="recurring")
    assert life_events.same_event(born, this_year)
    assert not life_events.same_event(born, other_day)


def test_posts_dedupe_and_expire(db: Any) -> None:
    doc = posts.post_document("p1", "c1", "x", "hello", NOW, NOW, retention_days=2)
    assert doc["expires_at"] == NOW + timedelta(days=2)
    assert posts.insert_posts(db, [doc]) == set()
    assert posts.insert_posts(db, [doc, posts.post_document("p2", "c1", "x", "hi", NOW, NOW, 2)]) == {"p1"}
    assert posts.existing_ids(db, ["p1", "p2", "p3"]) == {"p1", "p2"}
    assert posts.sweep_expired(db, NOW + timedelta(days=1)) == 0
    assert posts.sweep_expired(db, NOW + timedelta(days=2)) == 2
    assert db[POSTS].count_documents({}) == 0
