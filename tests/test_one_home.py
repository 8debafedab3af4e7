"""One home per concept: values two packages need are read from one place, so they cannot drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from genome_store import (
    GENOME_SCHEMA_VERSION,
    MAX_ID_LENGTH,
    ItemOutcome,
    ProductInput,
    check_batch,
    feedback_rows,
    judge,
    upsert_products,
)
from genome_store.outcomes import STATUSES
from genome_store.schema import SPECS
from lifecue.errors import InvalidArgument
from lifeevents.taxonomy import SENSITIVE_LABELS, TAXONOMY
from loyalty import TIERS, Thresholds
from recommender import offers
from recommender.events import SENSITIVE_TYPES, WINDOWS, Window
from services.item_results import STATUS
from tests.builders import AnInteraction, APurchase, a_consumer, an_event

# The windows the recommender served with before the taxonomy became their one home.
SERVED = {"birthday": (21, 1), "anniversary": (21, 1), "wedding": (60, 7), "engagement": (14, 30),
          "new_baby": (30, 90), "pregnancy": (120, 0), "graduation": (30, 7), "new_job": (21, 30),
          "moving_home": (30, 45), "retirement": (30, 30), "new_pet": (14, 60), "bereavement": (7, 30)}  # fmt: skip


def test_the_recommender_reads_the_taxonomys_windows_and_they_are_the_ones_it_served() -> None:
    assert {k: Window(r.window_before_days, r.window_after_days) for k, r in TAXONOMY.items()} == WINDOWS
    assert {k: (w.before, w.after) for k, w in WINDOWS.items()} == SERVED


def test_sensitive_types_are_the_taxonomys() -> None:
    assert SENSITIVE_TYPES is SENSITIVE_LABELS
    assert {"pregnancy", "bereavement"} == SENSITIVE_TYPES


def test_offers_use_loyaltys_tier_rule_with_its_rounding_to_cents() -> None:
    assert offers.TIERS is TIERS
    rule = Thresholds(250, 1000, 5000)
    for value in (0.0, 249.99, 249.996, 250.0, 999.994, 1000.0, 5000.0, 12_000.0):
        genome = {"purchases": {"value_12m": value}}
        assert offers.tier_of(genome, 250, 1000, 5000) == rule.earned(value), value
    assert offers.tier_of({"purchases": {"value_12m": 249.996}}, 250, 1000, 5000) == "silver"
    assert (
        offers.tier_of({"loyalty": {"tier": "gold"}, "purchases": {"value_12m": 1.0}}, 250, 1000, 5000)
        == "gold"
    )


def test_an_offer_rule_for_an_unknown_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="diamond"):
        offers.OfferRule("x", "x", 5.0, ("gold", "diamond"))


def test_the_id_limit_of_the_checks_is_the_validators() -> None:
    limits = {
        spec.name: spec.validator["properties"]["_id"].get("maxLength")
        for spec in SPECS
        if spec.validator["properties"].get("_id", {}).get("bsonType") == "string"
        and "minLength" in spec.validator["properties"]["_id"]
    }
    assert limits and set(limits.values()) == {MAX_ID_LENGTH}


def test_every_batch_status_has_one_protobuf_spelling() -> None:
    assert set(STATUS) == set(STATUSES)
    assert len(set(STATUS.values())) == len(STATUSES)


def test_one_validator_judges_items_in_place_and_names_the_field() -> None:
    def check(item: str, prefix: str) -> str:
        if not item:
            raise InvalidArgument(prefix + "name", "is empty")
        return item.upper()

    judged = judge("things", ["a", "", ItemOutcome("c", "invalid", "edge"), "d"], check, lambda i: i)
    assert judged == ["A", ItemOutcome("", "invalid", "things[1].name: is empty"),
                      ItemOutcome("c", "invalid", "edge"), "D"]  # fmt: skip
    with pytest.raises(InvalidArgument, match="things: is empty"):
        check_batch("things", 0, 10)
    with pytest.raises(InvalidArgument, match="11 given"):
        check_batch("things", 11, 10)
    check_batch("things", 0, 10, allow_empty=True)


def test_a_built_consumer_is_made_by_the_products_write_paths(db: Any) -> None:
    upsert_products(db, [ProductInput("p1", "Veil", "wedding", 80.0)])
    day = datetime(2026, 6, 1, tzinfo=UTC)
    genome = a_consumer(db, "c1", consents=("personalization",), events=[an_event("wedding", day)],
                        purchases=[APurchase("p1", 80.0, day - timedelta(days=30))],
                        interactions=[AnInteraction("p1", "CLICK", day - timedelta(days=31))], tier="gold",
                        now=day)  # fmt: skip
    assert (
        genome["schema_version"] == GENOME_SCHEMA_VERSION and genome["consents"]["personalization"]["granted"]
    )
    assert [e["type"] for e in genome["life_events"]] == ["wedding"] and genome["life_events"][0]["event_id"]
    assert genome["purchases"]["orders"] == 1 and genome["loyalty"]["tier"] == "gold"
    assert [r[0] for r in feedback_rows(db, ["c1"])] == ["interaction", "purchase"]
