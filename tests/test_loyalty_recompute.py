"""Recompute against the real database: windows, grace over several runs, groups, categories, summaries."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lifecue.errors import FailedPrecondition
from loyalty import LoyaltyPolicy, Recompute, Thresholds, get_assignment, last_summary

RULES = Thresholds(silver=250, gold=1000, platinum=5000)
_ids = itertools.count()


def at(year: int, month: int, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def buy(db: Any, consumer: str, amount: float, when: datetime, category: str | None = None) -> None:
    db.purchases.insert_one(
        {"_id": f"p{next(_ids)}", "consumer_id": consumer, "product_id": "prod", "quantity": 1,
         "amount": amount, "currency": "EUR", "category": category, "purchased_at": when}
    )  # fmt: skip


def recompute(db: Any, **policy: Any) -> Recompute:
    return Recompute(db, LoyaltyPolicy(RULES, **policy))


def loyalty(db: Any, consumer: str) -> dict[str, Any]:
    return db.genomes.find_one({"_id": consumer})["loyalty"]


def test_trailing_window_is_twelve_months_ending_at_as_of(db) -> None:
    as_of = at(2025, 6, 15)
    buy(db, "c1", 200, at(2024, 6, 15))  # exactly 12 months before: outside
    buy(db, "c1", 100.10, at(2024, 6, 15) + timedelta(seconds=1))
    buy(db, "c1", 149.90, as_of)  # at as_of: inside
    buy(db, "c1", 5000, as_of + timedelta(seconds=1))  # after as_of: ignored
    recompute(db).run(as_of)
    doc = loyalty(db, "c1")
    assert (doc["tier"], doc["value_12m"], doc["next_tier"], doc["next_tier_gap"]) == (
        "silver",
        250.0,
        "gold",
        750.0,
    )
    assert [(h["from"], h["to"], h["reason"]) for h in doc["history"]] == [("none", "silver", "qualified")]


def test_one_cent_short_of_a_threshold_earns_nothing(db) -> None:
    buy(db, "c1", 249.99, at(2025, 6, 1))
    recompute(db).run(at(2025, 6, 15))
    assert loyalty(db, "c1")["tier"] == "none"
    assert loyalty(db, "c1")["next_tier_gap"] == pytest.approx(0.01)


def test_consumer_with_purchases_but_no_genome_gets_a_minimal_one(db) -> None:
    buy(db, "fresh", 1000, at(2025, 6, 1))
    recompute(db).run(at(2025, 6, 15))
    doc = db.genomes.find_one({"_id": "fresh"})
    assert doc["schema_version"] >= 1 and doc["created_at"] and doc["loyalty"]["tier"] == "gold"


def test_qualification_and_grace_over_nightly_runs(db) -> None:
    job = recompute(db, qualification_months=3, grace_months=3)
    buy(db, "c1", 1200, at(2024, 2, 10))
    job.run(at(2024, 2, 10))
    assert loyalty(db, "c1")["tier"] == "gold"
    job.run(at(2025, 1, 2))  # boundary passed, still qualified
    # the value leaves the window on 2025-02-10, but demotions wait for the next period boundary
    job.run(at(2025, 3, 30))
    assert (loyalty(db, "c1")["tier"], loyalty(db, "c1")["grace_until"]) == ("gold", None)
    job.run(at(2025, 4, 1))  # boundary: not requalified, grace until the end of the next period
    doc = loyalty(db, "c1")
    assert (doc["tier"], doc["grace_until"]) == ("gold", at(2025, 7, 1))
    job.run(at(2025, 6, 30))
    assert loyalty(db, "c1")["tier"] == "gold"
    buy(db, "c1", 300, at(2025, 6, 30))
    job.run(at(2025, 7, 1))  # grace over, value earns silver
    doc = loyalty(db, "c1")
    assert (doc["tier"], doc["since"], doc["grace_until"]) == ("silver", at(2025, 7, 1), None)
    assert [(h["from"], h["to"], h["reason"]) for h in doc["history"]] == [
        ("none", "gold", "qualified"),
        ("gold", "gold", "grace_started"),
        ("gold", "silver", "grace_expired"),
    ]


def test_requalifying_during_grace_is_recorded(db) -> None:
    job = recompute(db)
    buy(db, "c1", 1000, at(2024, 3, 1))
    job.run(at(2024, 3, 1))
    job.run(at(2025, 4, 2))
    assert loyalty(db, "c1")["grace_until"] == at(2025, 7, 1)
    buy(db, "c1", 1000, at(2025, 5, 1))
    job.run(at(2025, 5, 2))
    doc = loyalty(db, "c1")
    assert (doc["tier"], doc["since"], doc["grace_until"]) == ("gold", at(2024, 3, 1), None)
    assert doc["history"][-1]["reason"] == "requalified"


def test_category_tiers_beside_the_overall_tier(db) -> None:
    job = recompute(db, categories={"baby_care": Thresholds(50, 200, 800)})
    buy(db, "c1", 250, at(2025, 5, 1), "baby_care")
    buy(db, "c1", 100, at(2025, 5, 2), "garden")
    job.run(at(2025, 6, 1))
    doc = loyalty(db, "c1")
    assert doc["tier"] == "silver"
    assert doc["category_tiers"] == [{"category": "baby_care", "tier": "gold", "value_12m": 250.0}]


def test_consumer_whose_purchases_vanished_is_still_assessed(db) -> None:
    job = recompute(db, grace_months=0)
    buy(db, "c1", 1000, at(2025, 1, 5))
    job.run(at(2025, 1, 5))
    db.purchases.delete_many({"consumer_id": "c1"})
    result = job.run(at(2025, 4, 1))
    assert loyalty(db, "c1")["tier"] == "none"
    assert result.transitions[("gold", "none")] == 1


def _population(db: Any) -> None:
    """Consumers whose behaviour group is known by construction (as_of 2025-07-01)."""
    for i in range(10):  # steady consumers of rising size, the same pattern in both periods
        for year in (2023, 2024):
            for month in (8, 11, 2, 5):
                buy(db, f"steady{i}", 20 + 10 * i, at(year + (month < 8), month, 10))
    for when in (at(2022, 8, 1), at(2023, 9, 1), at(2024, 5, 1), at(2024, 6, 20)):
        for k in range(6):
            buy(db, "top", 400, when + timedelta(days=k))
    for k in range(6):
        buy(db, "top", 400, at(2025, 6, 20) + timedelta(days=k))
        buy(db, "top", 400, at(2024, 9, 1) + timedelta(days=k))
        buy(db, "sleeper", 300, at(2024, 5, 1) + timedelta(days=k))
    buy(db, "newbie", 50, at(2025, 3, 1))
    buy(db, "riser", 5, at(2021, 8, 1))
    for k in range(8):
        buy(db, "riser", 300, at(2025, 6, 1) + timedelta(days=k))
    for k in range(8):
        buy(db, "faller", 300, at(2024, 6, 1) + timedelta(days=k))
    for k in range(3):
        buy(db, "faller", 60, at(2025, 4, 1) + timedelta(days=k))


def test_behaviour_groups_in_a_known_population(db) -> None:
    _population(db)
    result = recompute(db).run(at(2025, 7, 1))
    seg = {d["_id"]: d["segments"] for d in db.genomes.find({}, {"segments": 1})}
    assert seg["top"] == {**seg["top"], "rfm": "A", "behaviour": "top"}
    assert seg["sleeper"]["rfm"] == "E" and seg["sleeper"]["behaviour"] == "sleeping"
    assert seg["newbie"]["behaviour"] == "new"
    assert seg["riser"]["behaviour"] == "growing"
    assert seg["faller"]["behaviour"] == "needs_attention"
    assert {seg[f"steady{i}"]["behaviour"] for i in range(10)} == {"loyal"}
    assert sum(result.behaviour_counts.values()) == len(seg) == result.consumers


def test_summary_holds_the_transition_matrix_of_the_last_run(db) -> None:
    job = recompute(db)
    buy(db, "a", 300, at(2025, 5, 1))
    buy(db, "b", 1500, at(2025, 5, 1))
    buy(db, "c", 10, at(2025, 5, 1))
    job.run(at(2025, 5, 2))
    buy(db, "a", 800, at(2025, 5, 3))
    buy(db, "c", 6000, at(2025, 5, 3))
    result = job.run(at(2025, 5, 4))
    s = last_summary(db)
    assert s.computed_at == result.computed_at
    assert sorted(s.transitions) == [("gold", "gold", 1), ("none", "platinum", 1), ("silver", "gold", 1)]
    assert s.tier_counts == {"gold": 2, "platinum": 1}
    assert (s.consumers, s.changed) == (3, 2)
    assert get_assignment(db, "c", RULES).tier == "platinum"


def test_only_one_recompute_at_a_time(db) -> None:
    job = recompute(db)
    job._lock.acquire()
    try:
        with pytest.raises(FailedPrecondition, match="already running"):
            job.run(at(2025, 1, 1))
    finally:
        job._lock.release()


def test_small_batches_meet_every_tier_holder_and_quiet_reruns_write_nothing(db) -> None:
    job = recompute(db, batch_size=2, grace_months=0)
    for i in range(9):
        buy(db, f"c{i}", 300 * (i + 1), at(2025, 1, 5))
    first = job.run(at(2025, 1, 6))
    assert (first.consumers, first.written) == (9, 9)
    quiet = job.run(at(2025, 1, 7))
    assert (quiet.consumers, quiet.written, quiet.changed) == (9, 0, 0)
    for gone in ("c0", "c4", "c8"):  # first, middle and last of the id range lose their purchases
        db.purchases.delete_many({"consumer_id": gone})
    after = job.run(at(2025, 4, 1))
    assert after.consumers == 9
    assert {c: loyalty(db, c)["tier"] for c in ("c0", "c4", "c8", "c1")} == {
        "c0": "none", "c4": "none", "c8": "none", "c1": "silver",
    }  # fmt: skip
