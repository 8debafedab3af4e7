"""Reading tier assignments: one consumer, filtered pages in a stable order, the last run's summary.

Pages are keyset-paginated on ``_id`` (the consumer id): the token carries the last id
served and a digest of the filters, so a consumer who stays unchanged while others are
added, removed or re-tiered during paging is served exactly once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from genome_store import Database, StoredStanding, get_standing, last_tier_run, list_standings
from lifecue.errors import InvalidArgument, NotFound, quote
from loyalty.rules import NONE, TIERS, Thresholds
from loyalty.segments import BEHAVIOURS, GROUPS
from loyalty.standing import Change

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class CategoryTier:
    """The tier earned in one category."""

    category: str
    tier: str
    value_12m: float


@dataclass(frozen=True)
class Assignment:
    """A consumer's tier, the gap to the next one, and their segments."""

    consumer_id: str
    tier: str = NONE
    value_12m: float = 0.0
    since: datetime | None = None
    grace_until: datetime | None = None
    next_tier: str | None = None
    next_tier_gap: float = 0.0
    rfm: str | None = None
    behaviour: str | None = None
    category_tiers: list[CategoryTier] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """Optional filters of a listing; empty strings mean no filter."""

    tier: str = ""
    rfm: str = ""
    behaviour: str = ""

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("tier", self.tier, TIERS),
            ("rfm_group", self.rfm, GROUPS),
            ("behaviour", self.behaviour, BEHAVIOURS),
        ):
            if value and value not in allowed:
                raise InvalidArgument(
                    name, f"{quote(value)} is unknown; use one of {', '.join(allowed)} or leave empty"
                )

    def digest(self) -> str:
        """A short digest that ties a page token to these filters."""
        text = json.dumps([self.tier, self.rfm, self.behaviour])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Page:
    """One page of assignments and the token of the next ('' on the last page)."""

    assignments: list[Assignment]
    next_page_token: str


def get_assignment(db: Database[Any], consumer_id: str, thresholds: Thresholds) -> Assignment:
    """The consumer's assignment with history; tier none until a recompute has seen them."""
    if not consumer_id:
        raise InvalidArgument("consumer_id", "is required")
    stored = get_standing(db, consumer_id)
    if stored is None:
        raise NotFound("consumer", consumer_id)
    if not stored.tier:
        return Assignment(consumer_id, next_tier=TIERS[1], next_tier_gap=thresholds.silver)
    history = [Change(h["from"], h["to"], h["at"], h.get("reason", "")) for h in stored.history]
    return _assignment(stored, history)


def list_assignments(db: Database[Any], filters: Filters, page_size: int = 0, page_token: str = "") -> Page:
    """One page of assignments ordered by consumer id."""
    if page_size < 0 or page_size > MAX_PAGE_SIZE:
        raise InvalidArgument(
            "page_size", f"{page_size} is out of range; use 1..{MAX_PAGE_SIZE} (0 = default)"
        )
    size = page_size or DEFAULT_PAGE_SIZE
    after = decode_token(page_token, filters) if page_token else None
    found = list_standings(
        db, tier=filters.tier, rfm=filters.rfm, behaviour=filters.behaviour, after=after, limit=size + 1
    )
    more = len(found) > size
    found = found[:size]
    token = encode_token(found[-1].consumer_id, filters) if more else ""
    return Page([_assignment(s, []) for s in found], token)


def iter_assignments(db: Database[Any], filters: Filters, batch: int = MAX_PAGE_SIZE) -> Iterator[Assignment]:
    """Every matching assignment in consumer-id order, page by page (for exports)."""
    token = ""
    while True:
        page = list_assignments(db, filters, batch, token)
        yield from page.assignments
        if not page.next_page_token:
            return
        token = page.next_page_token


def encode_token(last_id: str, filters: Filters) -> str:
    """The opaque token of the page after ``last_id``."""
    raw = json.dumps({"after": last_id, "filters": filters.digest()}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_token(token: str, filters: Filters) -> str:
    """The last id a token points after; InvalidArgument if it is malformed or for other filters."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        after, digest = data["after"], data["filters"]
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise InvalidArgument(
            "page_token", "is not a token this service issued; omit it to start over"
        ) from exc
    if not isinstance(after, str) or digest != filters.digest():
        raise InvalidArgument(
            "page_token", "was issued for different filters; send the same filters or omit the token"
        )
    return after


@dataclass(frozen=True)
class Summary:
    """Counts and the tier-transition matrix of the last recompute (empty before the first)."""

    tier_counts: dict[str, int] = field(default_factory=dict)
    rfm_counts: dict[str, int] = field(default_factory=dict)
    behaviour_counts: dict[str, int] = field(default_factory=dict)
    transitions: list[tuple[str, str, int]] = field(default_factory=list)
    computed_at: datetime | None = None
    consumers: int = 0
    changed: int = 0


def last_summary(db: Database[Any]) -> Summary:
    """The summary recorded by the most recent recompute."""
    doc = last_tier_run(db)
    if doc is None:
        return Summary()
    return Summary(
        tier_counts={k: int(v) for k, v in (doc.get("tier_counts") or {}).items()},
        rfm_counts={k: int(v) for k, v in (doc.get("rfm_counts") or {}).items()},
        behaviour_counts={k: int(v) for k, v in (doc.get("behaviour_counts") or {}).items()},
        transitions=[(t["from"], t["to"], int(t["count"])) for t in doc.get("transitions") or ()],
        computed_at=doc.get("finished_at"),
        consumers=int(doc.get("consumers", 0)),
        changed=int(doc.get("changed", 0)),
    )


def _assignment(stored: StoredStanding, history: list[Change]) -> Assignment:
    loyalty = stored.loyalty
    return Assignment(
        consumer_id=stored.consumer_id,
        tier=loyalty.get("tier") or NONE,
        value_12m=float(loyalty.get("value_12m") or 0.0),
        since=loyalty.get("since"),
        grace_until=loyalty.get("grace_until"),
        next_tier=loyalty.get("next_tier"),
        next_tier_gap=float(loyalty.get("next_tier_gap") or 0.0),
        rfm=stored.rfm,
        behaviour=stored.behaviour,
        category_tiers=[
            CategoryTier(c["category"], c["tier"], float(c["value_12m"]))
            for c in loyalty.get("category_tiers") or ()
        ],
        history=history,
    )
