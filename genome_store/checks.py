"""Input checks shared by the repositories: each failure names the field and says how to fix it.

This is the one home of the id and time rules: ids are printable strings of at most
`MAX_ID_LENGTH` characters (the collection validators of `genome_store.schema` read the
same constant), stored times are UTC cut to the millisecond (`millis`, what BSON keeps),
and a reported time may lie at most `CLOCK_SKEW` in the future.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from genome_store.purposes import PURPOSES
from lifecue.errors import InvalidArgument

MAX_ID_LENGTH = 128
CLOCK_SKEW = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def millis(moment: datetime | None = None) -> datetime:
    """``moment`` (default now) in UTC cut to the millisecond, the precision BSON stores."""
    value = utc(moment or datetime.now(UTC))
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def check_id(field: str, value: object, max_length: int = MAX_ID_LENGTH) -> str:
    """A non-empty printable id of at most ``max_length`` characters, returned unchanged."""
    if not isinstance(value, str) or not value or not value.strip():
        raise InvalidArgument(field, "must be a non-empty id")
    if len(value) > max_length:
        raise InvalidArgument(field, f"is {len(value)} characters long; at most {max_length} allowed")
    if value != value.strip() or not value.isprintable():
        raise InvalidArgument(field, "must not contain control characters or surrounding spaces")
    return value


def check_text(field: str, value: object, max_length: int, required: bool = True) -> str:
    """A string of at most ``max_length`` characters (non-blank when ``required``)."""
    if not isinstance(value, str):
        raise InvalidArgument(field, "must be a string")
    if required and not value.strip():
        raise InvalidArgument(field, "must not be empty")
    if len(value) > max_length:
        raise InvalidArgument(field, f"is {len(value)} characters long; at most {max_length} allowed")
    return value


def check_key(field: str, value: object, max_length: int = 100) -> str:
    """A name usable as a document key (categories): non-empty, no '.', not starting with '$'."""
    text = check_text(field, value, max_length)
    if "." in text or text.startswith("$"):
        raise InvalidArgument(field, "must not contain '.' or start with '$'")
    return text


def check_purpose(field: str, value: object) -> str:
    """One of the consent purposes."""
    if value not in PURPOSES:
        raise InvalidArgument(field, f"unknown purpose {value!r}; use one of {', '.join(PURPOSES)}")
    return str(value)


def check_amount(field: str, value: object) -> float:
    """A finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidArgument(field, "must be a finite number")
    if value < 0:
        raise InvalidArgument(field, f"is {value}; must be >= 0")
    return float(value)


def check_count(field: str, value: object, low: int = 1, high: int = 1_000_000) -> int:
    """An integer in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(field, f"is {value!r}; must be an integer from {low} to {high}")
    return value


def check_currency(field: str, value: object) -> str:
    """An ISO 4217 code such as EUR."""
    if not isinstance(value, str) or not _CURRENCY.match(value):
        raise InvalidArgument(field, f"is {value!r}; use a three-letter ISO 4217 code such as EUR")
    return value


def check_time(
    field: str, value: object, now: datetime | None = None, earliest: datetime = EPOCH
) -> datetime:
    """A timezone-aware moment from ``earliest`` to ``now`` plus `CLOCK_SKEW`, returned as stored."""
    if value is None:
        raise InvalidArgument(field, "is required; send when it happened")
    if not isinstance(value, datetime):
        raise InvalidArgument(field, "must be a timestamp")
    if value.tzinfo is None:
        raise InvalidArgument(field, "must carry a time zone (UTC)")
    moment = value.astimezone(UTC)
    limit = (now or datetime.now(UTC)) + CLOCK_SKEW
    if moment > limit:
        raise InvalidArgument(field, f"{moment.isoformat()} is in the future; send when it happened")
    if moment < earliest:
        raise InvalidArgument(field, f"{moment.isoformat()} is before {earliest.year}; send when it happened")
    return millis(moment)
