"""Timestamps at the edge: protobuf ``Timestamp`` to and from aware UTC datetimes, checked.

Every timestamp a request carries must lie in what lifecue accepts at all
(`genome_store` ``EARLIEST_TIME`` to ``LATEST_TIME``, 1900 to 2199); the domain narrows
that further where it means something (a purchase is not in the future).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import EARLIEST_TIME, LATEST_TIME
from lifecue.errors import InvalidArgument

EARLIEST = EARLIEST_TIME
LATEST = LATEST_TIME


def to_datetime(
    field: str, ts: Timestamp, earliest: datetime = EARLIEST, latest: datetime = LATEST
) -> datetime:
    """An aware UTC datetime; InvalidArgument naming ``field`` when malformed or outside the range."""
    if not 0 <= ts.nanos < 1_000_000_000:
        raise InvalidArgument(field, f"malformed timestamp (nanos={ts.nanos}); nanos must be in [0, 1e9)")
    if not int(earliest.timestamp()) <= ts.seconds <= int(latest.timestamp()):
        raise InvalidArgument(
            field, f"timestamp out of range; send a time from {earliest.year} to {latest.year}"
        )
    return ts.ToDatetime(tzinfo=UTC)


def optional_datetime(
    field: str, holder: Any, name: str, default: datetime | None = None, **bounds: datetime
) -> datetime | None:
    """The Timestamp field ``name`` of ``holder`` as a datetime when set, else ``default``."""
    return to_datetime(field, getattr(holder, name), **bounds) if holder.HasField(name) else default


def to_timestamp(value: datetime | None) -> Timestamp | None:
    """A Timestamp of a datetime (naive ones are taken as UTC); None leaves the field unset."""
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC))
    return ts
