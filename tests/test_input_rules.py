"""Regressions for the hostile inputs an outside probe found, and the rules of `genome_store.checks`.

Each test names the bug it pins down: a NUL in a category made every purchase of the
product fail INTERNAL; ``upcoming_within_days`` = 2**31-1 raised OverflowError; ``as_of``
near year 1 or 9999 raised "year out of range"; status messages echoed 10,000 characters
of a bad value and clients saw RESOURCE_EXHAUSTED instead of the error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import check_key, check_text, grant_consent
from lifecue.errors import InvalidArgument, NotFound, clip, quote
from lifecue.v1 import (
    common_pb2,
    consent_service_pb2,
    consent_service_pb2_grpc,
    genome_service_pb2,
    genome_service_pb2_grpc,
    life_event_service_pb2,
    life_event_service_pb2_grpc,
    loyalty_service_pb2,
    loyalty_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)
from services.interceptors import MAX_MESSAGE

YEAR_1 = -62135596800
YEAR_9999 = 253402300799
NOW = datetime.now(UTC).replace(microsecond=0)


def _ts(seconds: int) -> Timestamp:
    return Timestamp(seconds=seconds)


def _code(call: Any, *args: Any) -> tuple[grpc.StatusCode, str]:
    try:
        call(*args, timeout=60)
    except grpc.RpcError as exc:
        return exc.code(), exc.details()
    return grpc.StatusCode.OK, ""


@pytest.fixture
def channel(serve: Any, app: Any) -> grpc.Channel:
    grant_consent(app.db, "c1", "personalization", source="test")
    return serve("consent", "genome", "recommender", "loyalty", "lifeevents")


def test_a_nul_in_a_category_is_refused_and_the_product_stays_sellable(
    channel: grpc.Channel, app: Any
) -> None:
    genome = genome_service_pb2_grpc.GenomeServiceStub(channel)
    products = [
        common_pb2.Product(product_id="p1", title="Cake", category="food", price=9.5, in_stock=True),
        common_pb2.Product(product_id="p1", title="Cake", category="fo\x00od", price=9.5, in_stock=True),
        common_pb2.Product(product_id="p2", title="Pram", category="baby.care", price=9.5, in_stock=True),
        common_pb2.Product(
            product_id="p3", title="Tag", category="toys", price=1, tags=["a\x00b"], in_stock=True
        ),
    ]
    reply = genome.UpsertProducts(genome_service_pb2.UpsertProductsRequest(products=products))
    assert [r.status for r in reply.results] == [common_pb2.ACCEPTED] + [common_pb2.INVALID] * 3
    assert reply.results[1].error.startswith("products[1].category: must not contain NUL")
    assert reply.results[3].error.startswith("products[3].tags[0]")
    assert app.db.products.find_one({"_id": "p1"})["category"] == "food"
    assert app.db.products.count_documents({"_id": {"$in": ["p2", "p3"]}}) == 0
    bought = common_pb2.Purchase(purchase_id="o1", consumer_id="c1", product_id="p1", quantity=1, amount=9.5,
                                 currency="EUR", purchased_at=_ts(int((NOW - timedelta(hours=1)).timestamp())))  # fmt: skip
    done = genome.RecordPurchases(genome_service_pb2.RecordPurchasesRequest(purchases=[bought]))
    assert done.accepted == 1


def test_upcoming_within_days_at_the_int32_limit_is_invalid_argument(channel: grpc.Channel) -> None:
    events = life_event_service_pb2_grpc.LifeEventServiceStub(channel)
    for days in (2**31 - 1, -1, 36526):
        code, details = _code(
            events.ListLifeEvents,
            life_event_service_pb2.ListLifeEventsRequest(consumer_id="c1", upcoming_within_days=days),
        )
        assert code is grpc.StatusCode.INVALID_ARGUMENT and details.startswith("upcoming_within_days"), (
            details
        )
    reply = events.ListLifeEvents(
        life_event_service_pb2.ListLifeEventsRequest(consumer_id="c1", upcoming_within_days=36525)
    )
    assert list(reply.events) == []


@pytest.mark.parametrize("seconds", [YEAR_1, YEAR_9999, YEAR_1 - 1, YEAR_9999 + 1, 2**62, -(2**62)])
def test_as_of_near_year_1_or_9999_is_invalid_argument(channel: grpc.Channel, seconds: int) -> None:
    rec = recommender_service_pb2_grpc.RecommenderServiceStub(channel)
    loyalty = loyalty_service_pb2_grpc.LoyaltyServiceStub(channel)
    events = life_event_service_pb2_grpc.LifeEventServiceStub(channel)
    for call, request in (
        (rec.Recommend, recommender_service_pb2.RecommendRequest(consumer_id="c1", as_of=_ts(seconds))),
        (loyalty.RecomputeTiers, loyalty_service_pb2.RecomputeTiersRequest(as_of=_ts(seconds))),
        (
            events.ListLifeEvents,
            life_event_service_pb2.ListLifeEventsRequest(consumer_id="c1", as_of=_ts(seconds)),
        ),
        (events.ClassifyText, life_event_service_pb2.ClassifyTextRequest(text="hi", posted_at=_ts(seconds))),
    ):
        code, details = _code(call, request)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, (call, code, details)
        assert details.split(":")[0] in ("as_of", "posted_at"), details


def test_status_messages_never_echo_a_huge_value(channel: grpc.Channel) -> None:
    huge = "x" * 10_000
    calls = [
        (loyalty_service_pb2_grpc.LoyaltyServiceStub(channel).GetTier, loyalty_service_pb2.GetTierRequest(consumer_id=huge)),
        (loyalty_service_pb2_grpc.LoyaltyServiceStub(channel).ListTierAssignments,
         loyalty_service_pb2.ListTierAssignmentsRequest(rfm_group=huge)),
        (recommender_service_pb2_grpc.RecommenderServiceStub(channel).GetModelInfo,
         recommender_service_pb2.GetModelInfoRequest(job_id=huge)),
        (recommender_service_pb2_grpc.RecommenderServiceStub(channel).Recommend,
         recommender_service_pb2.RecommendRequest(consumer_id="c1", categories=[huge, huge + "y"])),
        (consent_service_pb2_grpc.ConsentServiceStub(channel).ListAuditLog,
         consent_service_pb2.ListAuditLogRequest(page_token=huge)),
        (consent_service_pb2_grpc.ConsentServiceStub(channel).GrantConsent,
         consent_service_pb2.GrantConsentRequest(consumer_id="c1", purpose=2, evidence=huge)),
    ]  # fmt: skip
    for call, request in calls:
        code, details = _code(call, request)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, (code, details[:300])
        assert len(details) <= MAX_MESSAGE and huge not in details, len(details)


def test_quote_and_clip_bound_what_is_repeated() -> None:
    assert quote("abc") == "'abc'"
    long = quote("y" * 5000)
    assert len(long) < 260 and long.endswith("(5000 characters)")
    assert len(clip("z" * 5000, 800)) <= 800 and clip("short", 800) == "short"
    assert len(str(NotFound("consumer", "k" * 5000))) < 300


@pytest.mark.parametrize(
    "value", ["a.b", "$x", "a\x00b", "tab\there", " padded", "\u200bzero-width", "", "x" * 101, "bad\ud800"]
)
def test_keys_refuse_what_mongodb_field_names_and_indexes_cannot_hold(value: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        check_key("category", value)
    assert err.value.field == "category" and len(str(err.value)) < 400


@pytest.mark.parametrize("value", ["a\x00b", "lone \udc80 surrogate"])
def test_text_refuses_nul_and_lone_surrogates(value: str) -> None:
    with pytest.raises(InvalidArgument):
        check_text("text", value, 100)
    assert check_text("text", "line one\nline two\t\U0001f382 e\u0301", 100)
