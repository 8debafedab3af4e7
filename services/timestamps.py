"""Timestamps at the edge: protobuf ``Timestamp`` to and from aware UTC datetimes, checked.

Every timestamp a request carries must lie in what lifecue accepts at all
(`genome_store` ``EARLIEST_TIME`` to ``LATEST_TIME``, 1900 to 2199); the domain narrows
that further where it means something (a purchase is not in the future).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import EARLIEST_TIME, LATEST_TIME
from lifecue.errors import InvalidArgument

EARLIEST = EARLIEST_TIME
LATEST = LATEST_TIME
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DEFAULT_RANGE = (int(EARLIEST.timestamp()), int(LATEST.timestamp()))


def to_datetime(
    field: str, ts: Timestamp, earliest: datetime = EARLIEST, latest: datetime = LATEST
) -> datetime:
    """An aware UTC datetime; InvalidArgument naming ``field`` when malformed or outside the range."""
    seconds, nanos = ts.seconds, ts.nanos
    if not 0 <= nanos < 1_000_000_000:
        raise InvalidArgument(field, f"malformed timestamp (nanos={nanos}); nanos must be in [0, 1e9)")
    low, high = (
        _DEFAULT_RANGE
        if earliest is EARLIEST and latest is LATEST
        else (int(earliest.timestamp()), int(latest.timestamp()))
    )
    if not low <= seconds <= high:
        raise InvalidArgument(
            field, f"timestamp out of range; send a time from {earliest.year} to {latest.year}"
        )
    # the arithmetic Timestamp.ToDatetime does, without its generic checks (Recommend's hot path)
    return _EPOCH + timedelta(seconds=seconds, microseconds=nanos // 1000)


def optional_datetime(
    field: str, holder: Any, name: str, default: datetime | None = None, **bounds: datetime
) -> datetime | None:
    """The Timestamp field ``name`` of ``holder`` as a datetime when set, else ``default``."""
    return to_datetime(field, getattr(holder, name), **bounds) if holder.HasField(name) else default


def to_timestamp(value: datetime | None) -> Timestamp | None:
    """A Timestamp of a datetime (naive ones are taken as UTC); None leaves the field unset."""
    if value is None:
        return None
    delta = (value if value.tzinfo else value.replace(tzinfo=UTC)) - _EPOCH
    # what Timestamp.FromDatetime computes, without its generic path (Recommend's offers use it per call)
    return Timestamp(seconds=delta.days * 86400 + delta.seconds, nanos=delta.microseconds * 1000)
