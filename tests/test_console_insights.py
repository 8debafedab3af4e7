"""The figures behind the insight pages: upcoming events by week and type (consent-aware), purchases
by weekday and hour, and the recommender's reason counts from real Recommend calls to the page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from genome_store.insights import EventRow, life_event_rows, purchase_hours
from genome_store.products import ProductInput, upsert_products
from genome_store.purchases import PurchaseInput, record_purchases
from genome_store.reason_counts import add_counts, daily_counts
from lifecue.v1 import recommender_service_pb2, recommender_service_pb2_grpc
from lifeevents.outlook import upcoming_by_week
from recommender.reason_tally import ReasonTally
from recommender.reasons import Reason
from services.recommender import COMPONENT
from tests.console_data import seed

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _row(
    kind: str, when: datetime | None, sensitive: bool = False, ok: bool = False, rec: str = "one_off"
) -> EventRow:
    return EventRow(kind, rec, when, "day" if when else "unknown", sensitive, ok)


def test_outlook_counts_by_week_and_type_and_leaves_out_unconsented_sensitive_events() -> None:
    rows = [
        _row("wedding", MONDAY + timedelta(days=2)),  # this week
        _row("wedding", MONDAY + timedelta(days=9)),  # next week
        _row("new_job", MONDAY + timedelta(days=13)),  # next week (Sunday)
        _row("birthday", datetime(1990, 3, 20, tzinfo=UTC), rec="recurring"),  # next occurrence 2026-03-20
        _row("pregnancy", MONDAY + timedelta(days=3), sensitive=True, ok=True),
        _row("bereavement", MONDAY + timedelta(days=3), sensitive=True, ok=False),
        _row("graduation", None),
        _row("moving_home", MONDAY + timedelta(weeks=5)),  # beyond 4 weeks
        _row("retirement", MONDAY - timedelta(days=1)),  # past
    ]
    outlook = upcoming_by_week(rows, MONDAY, weeks=4)
    week = [date(2026, 3, 2) + timedelta(weeks=k) for k in range(4)]
    assert outlook.weeks == week
    assert outlook.counts == {
        (week[0], "wedding"): 1, (week[0], "pregnancy"): 1, (week[1], "wedding"): 1,
        (week[1], "new_job"): 1, (week[2], "birthday"): 1,
    }  # fmt: skip
    assert outlook.undated == {"graduation": 1}
    assert "bereavement" not in outlook.types and "moving_home" not in outlook.types
    assert [outlook.total(w) for w in week] == [2, 2, 1, 0]


def test_life_event_rows_carry_whether_sensitive_use_is_consented(db: Any) -> None:
    seed(db)
    rows = list(life_event_rows(db))
    sensitive = {(r.type, r.sensitive_ok) for r in rows if r.sensitive}
    assert sensitive == {("pregnancy", True), ("bereavement", False)}
    assert len(rows) == 5 + 40


def test_purchase_hours_counts_by_iso_weekday_and_utc_hour(db: Any) -> None:
    upsert_products(db, [ProductInput("p", "P", "home", 5.0)])
    times = [
        MONDAY,
        MONDAY + timedelta(minutes=30),
        MONDAY + timedelta(days=6, hours=11),
        MONDAY - timedelta(days=40),
    ]
    record_purchases(db, [PurchaseInput(f"o{k}", "c", "p", 1, 5.0, "EUR", t) for k, t in enumerate(times)],
                     now=MONDAY + timedelta(days=7))  # fmt: skip
    counts = purchase_hours(db, MONDAY - timedelta(days=7), MONDAY + timedelta(days=7))
    assert counts == {(1, 9): 2, (7, 20): 1}


def test_reason_tally_adds_up_in_the_database_across_flushes(db: Any) -> None:
    tally = ReasonTally()
    today = datetime(2026, 3, 2, 10, tzinfo=UTC)
    tally.add([Reason("als", "x"), Reason("event_boost", "y", event_type="wedding")] * 2, today)
    assert tally.flush(db) == 2
    tally.add([Reason("als", "x")], today + timedelta(days=1))
    tally.add([Reason("als", "x")], today)
    tally.flush(db)
    add_counts(db, {(today.date(), "tier", ""): 3})
    rows = {(r.day.isoformat(), r.kind, r.event_type): r.count for r in daily_counts(db, today.date())}
    assert rows == {("2026-03-02", "als", ""): 3, ("2026-03-02", "event_boost", "wedding"): 2,
                    ("2026-03-02", "tier", ""): 3, ("2026-03-03", "als", ""): 1}  # fmt: skip
    assert tally.flush(db) == 0  # nothing new


def test_recommend_calls_are_counted_by_reason_kind(app: Any, serve: Any, db: Any) -> None:
    upsert_products(db, [ProductInput(f"p{k}", f"P{k}", "home", 5.0 + k) for k in range(5)])
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    for _ in range(3):
        answer = stub.Recommend(recommender_service_pb2.RecommendRequest(consumer_id="nobody", n=4))
        assert len(answer.items) == 4
    kinds = {r.kind for item in answer.items for r in item.reasons}
    app.components[COMPONENT].reasons.flush(db)
    rows = daily_counts(db, datetime.now(UTC).date())
    assert {r.kind for r in rows} == kinds and sum(r.count for r in rows) == 12
