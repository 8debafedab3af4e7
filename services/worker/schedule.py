"""When scheduled jobs are due: crontab and fixed-period schedules, as slots every worker agrees on.

A slot is a fire time computed from the schedule alone (a crontab in UTC, or a multiple of
the period since the epoch), never from when a worker started, so every worker names the
same slot and `genome_store.jobs.schedule_slot` creates its job once. A worker that starts
late runs the last slot it missed by at most the misfire grace.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Schedule:
    """One job kind's schedule: the first slot at or after a time, and the slot after a slot."""

    kind: str
    first_from: Callable[[datetime], datetime | None]
    after: Callable[[datetime], datetime | None]
    text: str


def cron(kind: str, expr: str) -> Schedule:
    """A crontab schedule in UTC (five fields; six with leading seconds)."""
    fields = expr.split()
    if len(fields) == 6:
        sec, minute, hour, day, month, dow = fields
        trigger = CronTrigger(second=sec, minute=minute, hour=hour, day=day, month=month, day_of_week=dow,
                              timezone=UTC)  # fmt: skip
    else:
        trigger = CronTrigger.from_crontab(expr, timezone=UTC)
    return Schedule(
        kind,
        lambda t: trigger.get_next_fire_time(None, t),
        lambda slot: trigger.get_next_fire_time(slot, slot + _SECOND),
        f"cron {expr!r} (UTC)",
    )


def every(kind: str, seconds: float) -> Schedule:
    """Every ``seconds`` (at least one), at multiples of the period since the epoch."""
    period = max(1.0, float(seconds))

    def first_from(t: datetime) -> datetime:
        return datetime.fromtimestamp(math.ceil(t.timestamp() / period) * period, UTC)

    return Schedule(kind, first_from, lambda slot: first_from(slot + _SECOND), f"every {period:g} s")


class Slots:
    """The next slot of each schedule, for one worker; `due` hands out the slots reached."""

    def __init__(self, schedules: Sequence[Schedule], now: datetime, grace: timedelta) -> None:
        self._schedules = {s.kind: s for s in schedules}
        self._next = {s.kind: s.first_from(now - grace) for s in schedules}

    def due(self, now: datetime) -> list[tuple[str, datetime]]:
        """``(kind, slot)`` for every schedule whose next slot has come; missed slots collapse into the last."""
        out = []
        for kind, nxt in self._next.items():
            if nxt is None or nxt > now:
                continue
            slot = nxt
            following = self._schedules[kind].after(slot)
            while following is not None and following <= now:
                slot, following = following, self._schedules[kind].after(following)
            self._next[kind] = following
            out.append((kind, slot))
        return out
