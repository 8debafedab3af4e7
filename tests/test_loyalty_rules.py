"""Tier thresholds, qualification and grace periods, RFM(T) scoring and behaviour groups (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import loyalty as loyalty
from loyalty import LoyaltyPolicy, Standing, Thresholds, assess
from loyalty.rules import period_start
from loyalty.segments import Quintiles, behaviour_for, group_for, score

RULES = Thresholds(silver=250, gold=1000, platinum=5000)


def at(year: int, month: int, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (0, "none"),
        (249.99, "none"),
        (250, "silver"),
        (100.10 + 149.90, "silver"),
        (999.99, "silver"),
        (1000, "gold"),
        (4999.99, "gold"),
        (5000, "platinum"),
        (10**9, "platinum"),
    ],
)
def test_a_value_exactly_at_a_threshold_earns_the_tier(value: float, tier: str) -> None:
    assert RULES.earned(value) == tier


@pytest.mark.parametrize(
    ("tier", "value", "expected"),
    [("none", 0, ("silver", 250.0)), ("silver", 600.5, ("gold", 399.5)), ("gold", 1000, ("platinum", 4000.0)),
     ("platinum", 7000, (None, 0.0)), ("gold", 1200, ("platinum", 3800.0))],
)  # fmt: skip
def test_gap_to_the_next_tier(tier: str, value: float, expected: tuple[str | None, float]) -> None:
    assert RULES.next_above(tier, value) == expected


def test_thresholds_must_rise() -> None:
    with pytest.raises(ValueError, match="rise"):
        Thresholds(silver=500, gold=400, platinum=5000)


def test_quarterly_periods_align_to_the_calendar() -> None:
    assert period_start(at(2025, 5, 17), 3) == at(2025, 4, 1)
    assert period_start(at(2025, 12, 31), 3) == at(2025, 10, 1)
    assert period_start(at(2025, 12, 31), 12) == at(2025, 1, 1)
    with pytest.raises(ValueError, match="divide"):
        LoyaltyPolicy(RULES, qualification_months=5)


def test_first_qualification_and_upgrades_take_effect_at_once() -> None:
    s, changes = assess(Standing(), "silver", at(2025, 2, 10), 3, 3)
    assert (s.tier, s.since, s.grace_until) == ("silver", at(2025, 2, 10), None)
    assert [(c.from_tier, c.to_tier, c.reason) for c in changes] == [("none", "silver", "qualified")]
    s, changes = assess(s, "platinum", at(2025, 2, 11), 3, 3)
    assert s.tier == "platinum" and s.since == at(2025, 2, 11)
    assert [c.reason for c in changes] == ["upgraded"]


def test_a_drop_inside_the_period_keeps_the_tier_without_grace() -> None:
    gold = Standing("gold", at(2025, 1, 5), None, at(2025, 1, 5))
    s, changes = assess(gold, "silver", at(2025, 3, 31), 3, 3)
    assert (s.tier, s.grace_until, changes) == ("gold", None, [])


def test_grace_starts_at_a_period_boundary_and_lasts_to_the_end_of_the_next_period() -> None:
    gold = Standing("gold", at(2025, 1, 5), None, at(2025, 3, 31))
    s, changes = assess(gold, "silver", at(2025, 4, 1), 3, 3)
    assert (s.tier, s.since, s.grace_until) == ("gold", at(2025, 1, 5), at(2025, 7, 1))
    assert [(c.from_tier, c.to_tier, c.reason) for c in changes] == [("gold", "gold", "grace_started")]
    # still short of gold during the grace period: kept, no new history
    s2, changes = assess(s, "none", at(2025, 6, 30), 3, 3)
    assert (s2.tier, s2.grace_until, changes) == ("gold", at(2025, 7, 1), [])
    # not requalified by the end of the grace period: down to what the value earns, possibly several steps
    s3, changes = assess(s2, "none", at(2025, 7, 1), 3, 3)
    assert (s3.tier, s3.since, s3.grace_until) == ("none", None, None)
    assert [(c.from_tier, c.to_tier, c.reason) for c in changes] == [("gold", "none", "grace_expired")]


def test_requalifying_during_grace_keeps_the_tier_and_its_since() -> None:
    grace = Standing("gold", at(2025, 1, 5), at(2025, 7, 1), at(2025, 4, 1))
    s, changes = assess(grace, "gold", at(2025, 5, 2), 3, 3)
    assert (s.tier, s.since, s.grace_until) == ("gold", at(2025, 1, 5), None)
    assert [c.reason for c in changes] == ["requalified"]


def test_upgrading_during_grace_ends_it() -> None:
    grace = Standing("gold", at(2025, 1, 5), at(2025, 7, 1), at(2025, 4, 1))
    s, changes = assess(grace, "platinum", at(2025, 5, 2), 3, 3)
    assert (s.tier, s.grace_until, [c.reason for c in changes]) == ("platinum", None, ["upgraded"])


def test_without_grace_a_failed_requalification_demotes_at_the_boundary() -> None:
    gold = Standing("gold", at(2025, 1, 5), None, at(2025, 3, 31))
    s, changes = assess(gold, "silver", at(2025, 4, 1), 3, 0)
    assert (s.tier, [c.reason for c in changes]) == ("silver", ["not_requalified"])


@pytest.mark.parametrize(
    ("before", "now", "behaviour"),
    [
        ("A", "A", "top"),
        (None, "A", "new"),
        (None, "E", "new"),
        ("A", "B", "needs_attention"),
        ("C", "D", "needs_attention"),
        ("D", "B", "growing"),
        ("E", "D", "growing"),
        ("B", "B", "loyal"),
        ("D", "D", "loyal"),
        ("A", "E", "sleeping"),
        ("C", "E", "sleeping"),
        ("E", "E", "sleeping"),
    ],
)
def test_every_behaviour_transition(before: str | None, now: str, behaviour: str) -> None:
    assert behaviour_for(before, now) == behaviour


def test_rfmt_groups_from_quintile_scores() -> None:
    q = Quintiles(capacity=1000, seed=1)
    for i in range(100):  # recency falls, the rest rise with i: consumer 99 is the best
        q.add((100.0 - i, i / 10, i * 10.0, i * 5.0))
    cuts = q.cuts()
    assert group_for((1.0, 9.9, 990.0, 495.0), cuts) == "A"
    assert group_for((100.0, 0.0, 0.0, 0.0), cuts) == "E"
    assert group_for((50.0, 5.0, 500.0, 250.0), cuts) == "C"
    assert score(5.0, [1.0, 1.0, 1.0, 1.0], True) == 5 and score(5.0, [1.0, 1.0, 1.0, 1.0], False) == 1


def test_quintile_sample_stays_bounded_and_seeded() -> None:
    def cuts(seed: int) -> list[list[float]]:
        q = Quintiles(capacity=500, seed=seed)
        for i in range(20000):
            q.add((float(i), float(i), float(i), float(i)))
        assert all(len(c) == 500 for c in q._columns)
        return q.cuts()

    first = cuts(3)
    assert first == cuts(3)
    # sampled cut points land near the true quintiles of 0..19999
    for true, got in zip([4000, 8000, 12000, 16000], first[0], strict=True):
        assert abs(got - true) < 1500


def test_public_surface_is_curated() -> None:
    assert sorted(loyalty.__all__) == sorted(set(loyalty.__all__))
    for name in loyalty.__all__:
        assert getattr(loyalty, name) is not None, name
    assert "Recompute" in loyalty.__all__ and "list_assignments" in loyalty.__all__
