"""Per-item results of the batch calls: `genome_store.ItemOutcome` to protobuf, one spelling for all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from genome_store import ACCEPTED, DUPLICATE, INVALID, REJECTED_NO_CONSENT, ItemOutcome
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2

STATUS: dict[str, Any] = {
    ACCEPTED: common_pb2.ACCEPTED,
    DUPLICATE: common_pb2.DUPLICATE,
    INVALID: common_pb2.INVALID,
    REJECTED_NO_CONSENT: common_pb2.REJECTED_NO_CONSENT,
}


def item_result(outcome: ItemOutcome) -> common_pb2.ItemResult:
    """The message of one batch outcome."""
    return common_pb2.ItemResult(id=outcome.id, status=STATUS[outcome.status], error=outcome.error)


def item_results(outcomes: Sequence[ItemOutcome]) -> list[common_pb2.ItemResult]:
    """The messages of a batch's outcomes, in order."""
    return [item_result(o) for o in outcomes]


def unreadable(item_id: str, exc: InvalidArgument) -> ItemOutcome:
    """The ``invalid`` outcome of an item the edge could not even read (a malformed timestamp)."""
    return ItemOutcome(item_id, INVALID, str(exc))
