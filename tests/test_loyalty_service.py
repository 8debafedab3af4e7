"""LoyaltyService through a real gRPC server: tiers, filtered pages under concurrent changes, summaries."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc

from lifecue.v1 import common_pb2, loyalty_service_pb2_grpc
from lifecue.v1 import loyalty_service_pb2 as pb
from services.demo import loyalty as step
from services.demo.context import DemoContext
from services.worker import RECOMPUTE_TIERS
from services.worker.kinds import schedules
from tests.builders import a_consumer

AS_OF = datetime(2025, 6, 15, tzinfo=UTC)
_ids = itertools.count()


def ts(moment: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(moment)
    return out


def buy(db: Any, consumer: str, amount: float, when: datetime = datetime(2025, 6, 1, tzinfo=UTC)) -> None:
    db.purchases.insert_one(
        {"_id": f"p{next(_ids)}", "consumer_id": consumer, "product_id": "prod", "quantity": 1,
         "amount": amount, "category": None, "purchased_at": when}
    )  # fmt: skip


@pytest.fixture
def stub(serve) -> loyalty_service_pb2_grpc.LoyaltyServiceStub:
    return loyalty_service_pb2_grpc.LoyaltyServiceStub(serve("loyalty"))


def recompute(stub: Any) -> pb.RecomputeTiersResponse:
    return stub.RecomputeTiers(pb.RecomputeTiersRequest(as_of=ts(AS_OF)))


def test_service_is_serving_and_nightly_job_is_scheduled(serve, app) -> None:
    channel = serve("loyalty")
    health = health_pb2_grpc.HealthStub(channel)
    reply = health.Check(health_pb2.HealthCheckRequest(service="lifecue.v1.LoyaltyService"))
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    nightly = next(s for s in schedules(app) if s.kind == RECOMPUTE_TIERS)
    assert nightly.first_from(AS_OF) == datetime(2025, 6, 15, 2, 30, tzinfo=UTC)


def test_get_tier_reports_value_gap_segments_and_history(stub, db) -> None:
    buy(db, "c1", 1000)
    reply = recompute(stub)
    assert (reply.consumers, reply.changed) == (1, 1)
    got = stub.GetTier(pb.GetTierRequest(consumer_id="c1"))
    a = got.assignment
    assert (a.tier, a.value_12m, a.next_tier, a.next_tier_gap) == (
        common_pb2.TIER_GOLD, 1000.0, common_pb2.TIER_PLATINUM, 4000.0,
    )  # fmt: skip
    assert a.since.ToDatetime(tzinfo=UTC) == AS_OF and not a.HasField("grace_until")
    assert a.rfm_group in "ABCDE" and a.behaviour == "new"
    assert [(h.from_tier, h.to_tier, h.reason) for h in got.history] == [
        (common_pb2.TIER_NONE, common_pb2.TIER_GOLD, "qualified")
    ]


def test_get_tier_errors_name_the_field(stub, db) -> None:
    with pytest.raises(grpc.RpcError) as info:
        stub.GetTier(pb.GetTierRequest(consumer_id=""))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "consumer_id" in info.value.details()
    with pytest.raises(grpc.RpcError) as info:
        stub.GetTier(pb.GetTierRequest(consumer_id="nobody"))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


def test_consumer_without_a_computed_tier_has_none_and_the_silver_gap(stub, db) -> None:
    a_consumer(db, "c0")
    a = stub.GetTier(pb.GetTierRequest(consumer_id="c0")).assignment
    assert (a.tier, a.next_tier, a.next_tier_gap) == (common_pb2.TIER_NONE, common_pb2.TIER_SILVER, 250.0)


def _ids_of(pages: list[pb.ListTierAssignmentsResponse]) -> list[str]:
    return [a.consumer_id for page in pages for a in page.assignments]


def test_filters_by_tier_segment_and_behaviour(stub, db) -> None:
    for i, amount in enumerate([10, 300, 300, 1500, 6000]):
        buy(db, f"c{i}", amount)
    recompute(stub)
    gold_up = stub.ListTierAssignments(pb.ListTierAssignmentsRequest(tier=common_pb2.TIER_SILVER))
    assert [a.consumer_id for a in gold_up.assignments] == ["c1", "c2"]
    assert not gold_up.next_page_token
    every = stub.ListTierAssignments(pb.ListTierAssignmentsRequest(behaviour="new"))
    assert [a.consumer_id for a in every.assignments] == [f"c{i}" for i in range(5)]
    group = every.assignments[4].rfm_group
    by_group = stub.ListTierAssignments(pb.ListTierAssignmentsRequest(rfm_group=group))
    assert "c4" in [a.consumer_id for a in by_group.assignments]
    assert all(a.rfm_group == group for a in by_group.assignments)


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (pb.ListTierAssignmentsRequest(page_size=1001), "page_size"),
        (pb.ListTierAssignmentsRequest(page_size=-1), "page_size"),
        (pb.ListTierAssignmentsRequest(rfm_group="F"), "rfm_group"),
        (pb.ListTierAssignmentsRequest(behaviour="happy"), "behaviour"),
        (pb.ListTierAssignmentsRequest(tier=9), "tier"),
        (pb.ListTierAssignmentsRequest(page_token="not a token"), "page_token"),
    ],
)
def test_bad_listing_requests_name_the_field(stub, request_: Any, field: str) -> None:
    with pytest.raises(grpc.RpcError) as info:
        stub.ListTierAssignments(request_)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in info.value.details()


def test_a_token_used_with_other_filters_is_rejected(stub, db) -> None:
    for i in range(3):
        buy(db, f"c{i}", 300)
    recompute(stub)
    first = stub.ListTierAssignments(pb.ListTierAssignmentsRequest(page_size=1))
    assert first.next_page_token
    with pytest.raises(grpc.RpcError) as info:
        stub.ListTierAssignments(
            pb.ListTierAssignmentsRequest(
                page_size=1, page_token=first.next_page_token, tier=common_pb2.TIER_GOLD
            )
        )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in info.value.details()


def test_paging_while_data_changes_serves_every_unchanged_consumer_once(stub, db) -> None:
    for i in range(0, 200, 2):
        buy(db, f"c{i:03d}", 300 + i)
    recompute(stub)
    original = {f"c{i:03d}" for i in range(0, 200, 2)}
    touched: set[str] = set()
    pages = [stub.ListTierAssignments(pb.ListTierAssignmentsRequest(page_size=15))]
    step = 0
    while pages[-1].next_page_token:
        step += 1
        # between pages: new consumers appear on both sides of the cursor, some are deleted,
        # some change tier, and a recompute runs
        for new in (f"c{step * 7 % 200 + 1:03d}", f"c{199 - step:03d}x"):
            buy(db, new, 2000)
            touched.add(new)
        gone = f"c{(step * 34) % 200:03d}"
        db.genomes.delete_one({"_id": gone})
        db.purchases.delete_many({"consumer_id": gone})
        touched.add(gone)
        changed = f"c{(step * 22 + 6) % 200:03d}"
        buy(db, changed, 9000)
        touched.add(changed)
        if step % 3 == 0:
            recompute(stub)
        pages.append(
            stub.ListTierAssignments(
                pb.ListTierAssignmentsRequest(page_size=15, page_token=pages[-1].next_page_token)
            )
        )
    served = _ids_of(pages)
    assert served == sorted(served) and len(served) == len(set(served)), "ordered, no duplicates"
    assert original - touched <= set(served), "no unchanged consumer skipped"
    assert step >= 6


def test_summary_and_transition_matrix_since_the_last_run(stub, db) -> None:
    empty = stub.GetTierSummary(pb.GetTierSummaryRequest())
    assert not empty.HasField("computed_at") and not empty.transitions
    buy(db, "a", 300)
    buy(db, "b", 5000)
    recompute(stub)
    buy(db, "a", 700)
    buy(db, "c", 10)
    reply = recompute(stub)
    s = stub.GetTierSummary(pb.GetTierSummaryRequest())
    matrix = {(t.from_tier, t.to_tier): t.count for t in s.transitions}
    assert matrix == {
        (common_pb2.TIER_SILVER, common_pb2.TIER_GOLD): 1,
        (common_pb2.TIER_PLATINUM, common_pb2.TIER_PLATINUM): 1,
        (common_pb2.TIER_NONE, common_pb2.TIER_NONE): 1,
    }
    assert dict(s.tier_counts) == {"gold": 1, "platinum": 1, "none": 1}
    assert sum(s.rfm_counts.values()) == 3 and sum(s.behaviour_counts.values()) == 3
    assert s.computed_at == reply.computed_at and reply.changed == 1


def test_recompute_rejects_a_malformed_as_of(stub) -> None:
    with pytest.raises(grpc.RpcError) as info:
        stub.RecomputeTiers(pb.RecomputeTiersRequest(as_of=Timestamp(seconds=1, nanos=-5)))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "as_of" in info.value.details()


def test_demo_step_recomputes_and_reports_personas(serve, db) -> None:
    buy(db, "c-ana", 1200)
    a_consumer(db, "c-ben")
    lines = step.run(DemoContext(channel=serve("loyalty"), as_of=AS_OF))
    assert lines[0].startswith("recomputed 1 consumers")
    assert "gold 1" in lines[1]
    assert any(line.startswith("Ana") and "gold" in line and "3800.00 to platinum" in line for line in lines)
    assert any(line.startswith("Ben") and "none" in line for line in lines)
    assert any(line.startswith("Chloe") and "no genome" in line for line in lines)
