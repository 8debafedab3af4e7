"""Input checks shared by the repositories: each failure names the field and says how to fix it.

This is the one home of the rules for what a caller may send:

- **ids** are printable strings of at most `MAX_ID_LENGTH` characters (the collection
  validators of `genome_store.schema` read the same constant);
- **keys** (`check_key`: product categories, which become field names of the genome's
  purchase summary and loyalty standing, and index entries) are printable, without NUL,
  without ``.`` and not starting with ``$``, which MongoDB field names may not hold;
- **text** (`check_text`) holds no NUL and no lone surrogate (neither is Unicode text a
  database or a tokenizer can take) and has a length limit;
- **numbers** are finite and in a range (`check_amount`, `check_count`, `check_days`);
- **times**: stored times are UTC cut to the millisecond (`millis`, what BSON keeps), a
  reported time may lie at most `CLOCK_SKEW` in the future, and every time lifecue accepts
  at all lies from `EARLIEST_TIME` to `LATEST_TIME` (1900 to 2199), so that adding a few
  years of days or months to it never leaves what Python's datetime (years 1 to 9999) and
  BSON hold (`check_moment`).

Bad values are quoted with `lifecue.errors.quote`: at most 200 characters of them.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from genome_store.purposes import PURPOSES
from lifecue.errors import InvalidArgument, quote

MAX_ID_LENGTH = 128
MAX_KEY_LENGTH = 100
CLOCK_SKEW = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EARLIEST_TIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC)
#: the longest horizon a caller may ask about ("events within N days"): 100 years
MAX_DAYS = 36_525
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    """A string of at most ``max_length`` characters (non-blank when ``required``), without NUL."""
    if not isinstance(value, str):
        raise InvalidArgument(field, "must be a string")
    if required and not value.strip():
        raise InvalidArgument(field, "must not be empty")
    if len(value) > max_length:
        raise InvalidArgument(field, f"is {len(value)} characters long; at most {max_length} allowed")
    if "\x00" in value:
        raise InvalidArgument(field, "must not contain NUL characters")
    if _SURROGATE.search(value):
        raise InvalidArgument(field, "must be valid Unicode text (it holds a lone surrogate)")
    return value


def check_key(field: str, value: object, max_length: int = MAX_KEY_LENGTH) -> str:
    """A name usable as a document key and index entry (categories): printable, no '.', no leading '$'."""
    text = check_text(field, value, max_length)
    if not text.isprintable():
        raise InvalidArgument(field, f"{quote(text)} holds control or invisible characters; use plain text")
    if text != text.strip():
        raise InvalidArgument(field, f"{quote(text)} has surrounding spaces")
    if "." in text or text.startswith("$"):
        raise InvalidArgument(field, f"{quote(text)} must not contain '.' or start with '$'")
    return text


def check_name(field: str, value: object, max_length: int = MAX_KEY_LENGTH, required: bool = True) -> str:
    """A short label (a tag, a platform): printable text of at most ``max_length`` characters."""
    text = check_text(field, value, max_length, required)
    if not text.isprintable():
        raise InvalidArgument(field, f"{quote(text)} holds control or invisible characters; use plain text")
    return text


def check_purpose(field: str, value: object) -> str:
    """One of the consent purposes."""
    if value not in PURPOSES:
        raise InvalidArgument(field, f"unknown purpose {quote(value)}; use one of {', '.join(PURPOSES)}")
    return str(value)


def check_amount(field: str, value: object, high: float = 1e12) -> float:
    """A finite number from 0 to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidArgument(field, "must be a finite number")
    if value < 0:
        raise InvalidArgument(field, f"is {value}; must be >= 0")
    if value > high:
        raise InvalidArgument(field, f"is {value}; must be at most {high:g}")
    return float(value)


def check_count(field: str, value: object, low: int = 1, high: int = 1_000_000) -> int:
    """An integer in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(field, f"is {quote(value)}; must be an integer from {low} to {high}")
    return value


def check_days(field: str, value: object, high: int = MAX_DAYS) -> int:
    """A number of days from 0 to ``high`` (0 usually means "no limit")."""
    return check_count(field, value, 0, high)


def check_currency(field: str, value: object) -> str:
    """An ISO 4217 code such as EUR."""
    if not isinstance(value, str) or not _CURRENCY.match(value):
        raise InvalidArgument(field, f"is {quote(value)}; use a three-letter ISO 4217 code such as EUR")
    return value


def check_moment(
    field: str, value: object, earliest: datetime = EARLIEST_TIME, latest: datetime = LATEST_TIME
) -> datetime:
    """A timezone-aware moment from ``earliest`` to ``latest`` (default 1900 to 2199), in UTC."""
    if not isinstance(value, datetime):
        raise InvalidArgument(field, "must be a timestamp")
    if value.tzinfo is None:
        raise InvalidArgument(field, "must carry a time zone (UTC)")
    moment = value.astimezone(UTC)
    if not earliest <= moment <= latest:
        raise InvalidArgument(
            field, f"{moment.isoformat()} is out of range; send a time from {earliest.year} to {latest.year}"
        )
    return moment


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
