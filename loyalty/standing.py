"""A consumer's held tier over time: immediate upgrades, demotions only after a grace period.

Upgrades take effect on the recompute that sees the value reach a higher threshold.
Demotions are assessed once per qualification period: on the first recompute after a
period boundary, a consumer whose trailing value no longer earns the held tier keeps it
through a grace period (``grace_months`` from that boundary, i.e. to the end of the next
period by default) and loses it only if the value has not come back by then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from dateutil.relativedelta import relativedelta

from loyalty.rules import NONE, period_start, rank

QUALIFIED = "qualified"
UPGRADED = "upgraded"
GRACE_STARTED = "grace_started"
REQUALIFIED = "requalified"
GRACE_EXPIRED = "grace_expired"
NOT_REQUALIFIED = "not_requalified"


@dataclass(frozen=True)
class Standing:
    """The tier a consumer holds, since when, and until when it is kept without requalifying."""

    tier: str = NONE
    since: datetime | None = None
    grace_until: datetime | None = None
    assessed_at: datetime | None = None


@dataclass(frozen=True)
class Change:
    """One entry of the tier history; ``from_tier == to_tier`` for grace events."""

    from_tier: str
    to_tier: str
    at: datetime
    reason: str


def assess(
    held: Standing, earned: str, as_of: datetime, qualification_months: int, grace_months: int
) -> tuple[Standing, list[Change]]:
    """The standing after a recompute at ``as_of`` that found ``earned`` for the trailing value."""
    have, get = rank(held.tier), rank(earned)
    if get > have:
        reason = QUALIFIED if held.tier == NONE else UPGRADED
        return Standing(earned, as_of, None, as_of), [Change(held.tier, earned, as_of, reason)]
    if held.grace_until is not None:
        if get == have:
            kept = Standing(held.tier, held.since, None, as_of)
            return kept, [Change(held.tier, held.tier, as_of, REQUALIFIED)]
        if as_of >= held.grace_until:
            return _demoted(held, earned, as_of, GRACE_EXPIRED)
        return replace(held, assessed_at=as_of), []
    if get < have and _new_period(held.assessed_at, as_of, qualification_months):
        boundary = period_start(as_of, qualification_months)
        if grace_months == 0:
            return _demoted(held, earned, as_of, NOT_REQUALIFIED)
        until = boundary + relativedelta(months=grace_months)
        started = Standing(held.tier, held.since, until, as_of)
        return started, [Change(held.tier, held.tier, as_of, GRACE_STARTED)]
    return replace(held, assessed_at=as_of), []


def _demoted(held: Standing, earned: str, as_of: datetime, reason: str) -> tuple[Standing, list[Change]]:
    since = None if earned == NONE else as_of
    return Standing(earned, since, None, as_of), [Change(held.tier, earned, as_of, reason)]


def _new_period(assessed_at: datetime | None, as_of: datetime, months: int) -> bool:
    """Whether a qualification-period boundary lies between the last assessment and ``as_of``."""
    return assessed_at is None or period_start(as_of, months) > assessed_at
