"""The review queue's use cases on the real database: holding, listing, decisions, races, consent.

Events are held through ingest's own holding step (`tests.builders.held_for_review`), without
the classifier, so each test states exactly which detections it holds.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from genome_store import (
    REVIEW_RESOLVE,
    erase_consumer,
    export_consumer,
    get_genome,
    list_audit_entries,
    preview_revocation,
    reviewed_items,
    revoke_consent,
    sweep_expired_review_items,
)
from genome_store.schema import REVIEW_ITEMS
from lifecue.config import LifeEventSettings
from lifecue.errors import FailedPrecondition, InvalidArgument, NotFound
from lifeevents.review import (
    LOW_CONFIDENCE,
    SENSITIVE,
    Resolution,
    list_review_items,
    reasons_held,
    resolve_review,
)
from recommender.events import WINDOWS, usable_events
from tests.builders import a_consumer, a_detection, an_event, held_for_review

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
DAYS = 365
STEWARD = "kim (steward)"


def _consumer(db: Any, cid: str = "c1", *extra: str, events: Any = ()) -> None:
    a_consumer(db, cid, consents=("social_analysis", *extra), granted_at=NOW - timedelta(days=1),
               events=events, now=NOW)  # fmt: skip


def _resolve(db: Any, item_id: str, resolution: Resolution, actor: str = STEWARD) -> Any:
    return resolve_review(db, item_id, resolution, actor=actor, labelled_days=DAYS, now=NOW)


def test_reasons_held_low_confidence_and_sensitive_by_setting() -> None:
    assert reasons_held(a_detection("wedding", pending=True), True) == (LOW_CONFIDENCE,)
    assert reasons_held(a_detection("wedding", pending=False), True) == ()
    assert reasons_held(a_detection("pregnancy", pending=False), True) == (SENSITIVE,)
    assert reasons_held(a_detection("bereavement", pending=True), True) == (LOW_CONFIDENCE, SENSITIVE)
    assert reasons_held(a_detection("pregnancy", pending=False), False) == ()
    assert LifeEventSettings().review_sensitive is True  # on unless switched off


def test_held_events_wait_outside_the_genome_and_holding_again_changes_nothing(db: Any) -> None:
    _consumer(db, "c1", "personalization", "sensitive_inference")
    wedding = a_detection("wedding", NOW + timedelta(days=20))
    acted = a_detection("new_job", NOW, pending=False, confidence=0.9)
    first = held_for_review(db, "c1", "p1", "my sister's wedding?", [acted, wedding], now=NOW)
    again = held_for_review(
        db, "c1", "p1", "my sister's wedding?", [acted, wedding], now=NOW + timedelta(hours=1)
    )
    assert [(e["type"], e["pending"]) for e in first] == [("wedding", True)]
    assert first[0]["review_item_id"] == again[0]["review_item_id"] and first[0]["event_id"] == ""
    stored = db[REVIEW_ITEMS].find_one({"_id": first[0]["review_item_id"]})
    assert stored["held_at"] == NOW  # the first hold stays
    assert stored["acted"] == ["new_job"] and stored["post"]["text"] == "my sister's wedding?"
    assert db[REVIEW_ITEMS].count_documents({}) == 1
    assert not (get_genome(db, "c1") or {}).get("life_events")
    assert usable_events(get_genome(db, "c1"), NOW, WINDOWS) == []


def test_the_queue_pages_oldest_first_and_filters_by_type_reason_and_consumer(db: Any) -> None:
    _consumer(db, "c1")
    _consumer(db, "c2")
    for k in range(5):
        kind = ("wedding", "pregnancy")[k % 2]
        held_for_review(db, f"c{1 + k % 2}", f"p{k}", f"post {k}", [a_detection(kind, pending=k != 1)],
                        now=NOW + timedelta(minutes=k))  # fmt: skip
    first = list_review_items(db, page_size=2)
    second = list_review_items(db, page_size=2, page_token=first.next_page_token)
    third = list_review_items(db, page_size=2, page_token=second.next_page_token)
    posts = [i.post_id for page in (first, second, third) for i in page.items]
    assert posts == ["p0", "p1", "p2", "p3", "p4"] and third.next_page_token == ""
    assert [i.post_id for i in list_review_items(db, event_type="pregnancy").items] == ["p1", "p3"]
    assert [i.post_id for i in list_review_items(db, reason=SENSITIVE).items] == ["p1", "p3"]
    low = list_review_items(db, reason=LOW_CONFIDENCE).items
    assert [(i.post_id, i.reasons) for i in low] == [
        ("p0", (LOW_CONFIDENCE,)), ("p2", (LOW_CONFIDENCE,)), ("p3", (LOW_CONFIDENCE, SENSITIVE)),
        ("p4", (LOW_CONFIDENCE,))]  # fmt: skip
    assert [i.post_id for i in list_review_items(db, consumer_id="c2").items] == ["p1", "p3"]
    for bad, field in (({"event_type": "none"}, "event_type"), ({"reason": "hunch"}, "reason"),
                       ({"page_token": "bm90LW91cnM="}, "page_token"), ({"page_size": 0}, "page_size")):  # fmt: skip
        with pytest.raises(InvalidArgument) as err:
            list_review_items(db, **bad)
        assert err.value.field == field


def test_a_confirmed_event_merges_like_any_event_and_the_decision_is_audited(db: Any) -> None:
    day = NOW + timedelta(days=30)
    _consumer(db, "c1", "personalization", events=[an_event("wedding", day, source_post_ids=["p0"])])
    (held,) = held_for_review(db, "c1", "p1", "wedding!", [a_detection("wedding", day)], now=NOW)
    done = _resolve(db, held["review_item_id"], Resolution("confirm"))
    assert done.changed and done.item.state == "confirmed" and done.item.resolved_by == STEWARD
    (event,) = get_genome(db, "c1")["life_events"]
    assert event["source_post_ids"] == ["p0", "p1"] and done.event["event_id"] == event["event_id"]
    assert [u.type for u in usable_events(get_genome(db, "c1"), NOW + timedelta(days=25), WINDOWS)] == [
        "wedding"
    ]
    (entry,) = list_audit_entries(db, action=REVIEW_RESOLVE).entries
    assert (entry.actor, entry.consumer_id, entry.details["decision"]) == (STEWARD, "c1", "confirmed")
    assert entry.details["event_id"] == event["event_id"] and "wedding!" not in json.dumps(
        entry.details, default=str
    )
    assert list_review_items(db).items == []


def test_a_correction_states_the_whole_event_and_a_rejection_adds_nothing(db: Any) -> None:
    _consumer(db, "c1")
    (bday,) = held_for_review(db, "c1", "p1", "happy bday sis", [a_detection("anniversary")], now=NOW)
    (dog,) = held_for_review(db, "c1", "p2", "not getting a dog", [a_detection("new_pet")], now=NOW)
    fix = Resolution("correct", "birthday", "network", " sister ", date(1990, 3, 20))
    done = _resolve(db, bday["review_item_id"], fix)
    assert done.item.state == "corrected"
    event = done.event
    assert (event["type"], event["subject"], event["relation"], event["recurrence"]) == (
        "birthday", "network", "sister", "recurring")  # fmt: skip
    assert event["next_occurrence"].date() == date(2026, 3, 20) and event["date_precision"] == "day"
    assert (event["confidence"], event["model_version"]) == (1.0, "review")
    rejected = _resolve(db, dog["review_item_id"], Resolution("reject"))
    assert rejected.event is None and rejected.item.state == "rejected"
    assert [e["type"] for e in get_genome(db, "c1")["life_events"]] == ["birthday"]
    kept = db[REVIEW_ITEMS].find_one({"_id": dog["review_item_id"]})
    assert kept["expires_at"] == NOW + timedelta(days=DAYS)  # kept as a labelled example
    for bad, field in ((Resolution("correct", "none", "self"), "correction.event_type"),
                       (Resolution("correct", "wedding", "me"), "correction.subject"),
                       (Resolution("correct", "wedding", "self", date_precision="month"), "correction.date"),
                       (Resolution("correct", "wedding", "self", "", date(2026, 5, 1), "week"),
                        "correction.date_precision"),
                       (Resolution("maybe"), "decision")):  # fmt: skip
        with pytest.raises(InvalidArgument) as err:
            _resolve(db, dog["review_item_id"], bad)
        assert err.value.field == field
    with pytest.raises(NotFound):
        _resolve(db, "ri-000000000000000000000000", Resolution("reject"))


def test_repeating_a_decision_changes_nothing_and_a_different_one_is_refused(db: Any) -> None:
    _consumer(db, "c1")
    (held,) = held_for_review(db, "c1", "p1", "new job!", [a_detection("new_job", NOW)], now=NOW)
    first = _resolve(db, held["review_item_id"], Resolution("confirm"))
    again = _resolve(db, held["review_item_id"], Resolution("confirm"), actor="lee (steward)")
    assert first.changed and not again.changed and again.item.resolved_by == STEWARD
    assert again.event is not None and again.event["event_id"] == first.event["event_id"]
    with pytest.raises(FailedPrecondition, match="already confirmed by kim"):
        _resolve(db, held["review_item_id"], Resolution("reject"))
    assert len(list_audit_entries(db, action=REVIEW_RESOLVE).entries) == 1
    assert len(get_genome(db, "c1")["life_events"]) == 1


def test_stewards_deciding_at_once_resolve_an_item_exactly_once(db: Any) -> None:
    _consumer(db, "c1")
    (held,) = held_for_review(db, "c1", "p1", "moving!", [a_detection("moving_home", NOW)], now=NOW)
    decisions = [Resolution("confirm"), Resolution("reject")] * 3
    results: list[Any] = [None] * len(decisions)
    start = threading.Barrier(len(decisions))

    def decide(k: int) -> None:
        start.wait()
        try:
            results[k] = _resolve(db, held["review_item_id"], decisions[k], actor=f"s{k} (steward)")
        except FailedPrecondition as exc:
            results[k] = exc

    threads = [threading.Thread(target=decide, args=(k,)) for k in range(len(decisions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    winners = [r for r in results if not isinstance(r, Exception) and r.changed]
    assert len(winners) == 1, results
    won = winners[0].item.state
    for k, r in enumerate(results):  # the same decision answers unchanged; the other is refused
        same = decisions[k].decision == {"confirmed": "confirm", "rejected": "reject"}[won]
        assert isinstance(r, FailedPrecondition) != same, (k, r)
    assert len(list_audit_entries(db, action=REVIEW_RESOLVE).entries) == 1
    assert len(get_genome(db, "c1").get("life_events") or []) == (1 if won == "confirmed" else 0)


def test_revocations_erasure_and_export_cover_review_items(db: Any) -> None:
    for cid in ("c1", "c2"):
        _consumer(db, cid, "sensitive_inference")
        held_for_review(db, cid, f"{cid}-p1", "bump!", [a_detection("pregnancy", pending=False)], now=NOW)
        (w,) = held_for_review(db, cid, f"{cid}-p2", "wedding?", [a_detection("wedding")], now=NOW)
        _resolve(db, w["review_item_id"], Resolution("reject"))
    exported = json.loads(export_consumer(db, "c1", now=NOW).json)
    assert sorted(i["event"]["type"] for i in exported["review_items"]) == ["pregnancy", "wedding"]
    cascade, _ = preview_revocation(db, "c1", "sensitive_inference")
    assert cascade.review_items_deleted == 1
    revoked = revoke_consent(db, "c1", "sensitive_inference", now=NOW)
    assert revoked.cascade.review_items_deleted == 1
    assert [d["event"]["type"] for d in db[REVIEW_ITEMS].find({"consumer_id": "c1"})] == ["wedding"]
    assert preview_revocation(db, "c1", "social_analysis")[0].review_items_deleted == 1
    assert revoke_consent(db, "c1", "social_analysis", now=NOW).cascade.review_items_deleted == 1
    assert db[REVIEW_ITEMS].count_documents({"consumer_id": "c1"}) == 0
    erased = erase_consumer(db, "c2", key="k" * 16, now=NOW)
    assert erased.deleted[REVIEW_ITEMS] == 2 and db[REVIEW_ITEMS].count_documents({}) == 0


def test_retention_sweep_and_labelled_examples_follow_consent(db: Any) -> None:
    _consumer(db, "c1")
    _consumer(db, "c2")
    (old,) = held_for_review(db, "c1", "p-old", "old", [a_detection("wedding")], now=NOW - timedelta(days=40))
    (kept,) = held_for_review(db, "c1", "p-new", "new", [a_detection("new_job")], now=NOW)
    (other,) = held_for_review(db, "c2", "p-c2", "pet", [a_detection("new_pet")], now=NOW)
    assert sweep_expired_review_items(db, NOW) == 1  # 30 days of evidence, unreviewed
    assert {d["_id"] for d in db[REVIEW_ITEMS].find()} == {kept["review_item_id"], other["review_item_id"]}
    assert reviewed_items(db) == []
    _resolve(db, kept["review_item_id"], Resolution("confirm"))
    _resolve(db, other["review_item_id"], Resolution("reject"))
    assert [d["post_id"] for d in reviewed_items(db)] == ["p-new", "p-c2"]
    assert [d["post_id"] for d in reviewed_items(db, model_version="other")] == []
    db["genomes"].update_one({"_id": "c2"}, {"$set": {"consents.social_analysis.granted": False}})
    assert [d["post_id"] for d in reviewed_items(db)] == ["p-new"]  # consent checked on read too
    assert sweep_expired_review_items(db, NOW + timedelta(days=DAYS + 1)) == 2
