"""Batch calls, item by item: one size check, one item validator, one outcome type.

The three batch calls (IngestPosts, UpsertProducts / RecordPurchases, RecordInteractions)
answer per item in request order, and one bad item never fails the batch. They share:

- `check_batch`: the size of the whole batch (an error here fails the call, naming the list);
- `judge`: each item through its checker, an `InvalidArgument` becoming that item's
  ``invalid`` outcome with the field path (``posts[3].text: ...``);
- `ItemOutcome` with the statuses below, spelled the same way by every call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from lifecue.errors import InvalidArgument

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
INVALID = "invalid"
REJECTED_NO_CONSENT = "rejected_no_consent"
STATUSES: tuple[str, ...] = (ACCEPTED, DUPLICATE, INVALID, REJECTED_NO_CONSENT)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item: its id, a status above, for ``invalid`` the field and the fix,
    and for an ingested post the stored life events it contributed to."""

    id: str
    status: str
    error: str = ""
    events: tuple[dict[str, Any], ...] = ()


def check_batch(field: str, size: int, max_batch: int, allow_empty: bool = False) -> None:
    """InvalidArgument naming ``field`` when the batch is empty (unless allowed) or too large."""
    if size == 0 and not allow_empty:
        raise InvalidArgument(field, "is empty; send at least one item")
    if size > max_batch:
        raise InvalidArgument(field, f"{size} given; send at most {max_batch} per call")


def judge(
    field: str,
    items: Sequence[T | ItemOutcome],
    check: Callable[[T, str], R],
    id_of: Callable[[T], object],
) -> list[R | ItemOutcome]:
    """``check(item, "field[i].")`` for each item, in order; a failed check becomes an ``invalid`` outcome.

    An `ItemOutcome` among ``items`` is an item already judged (e.g. a malformed timestamp
    at the gRPC edge) and is passed through in its place.
    """
    out: list[R | ItemOutcome] = []
    for index, item in enumerate(items):
        if isinstance(item, ItemOutcome):
            out.append(item)
            continue
        try:
            out.append(check(item, f"{field}[{index}]."))
        except InvalidArgument as exc:
            out.append(ItemOutcome(str(id_of(item)), INVALID, str(exc)))
    return out


def counts(outcomes: Sequence[ItemOutcome]) -> tuple[int, int]:
    """(accepted, duplicates) among ``outcomes``."""
    return sum(o.status == ACCEPTED for o in outcomes), sum(o.status == DUPLICATE for o in outcomes)
