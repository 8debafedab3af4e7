"""Rankings kept between calls: a page view repeats the work of the one before it.

A ranking is a pure function of the serving snapshot, the consumer's projected genome,
the request's shape (n, exclusion, categories) and the consumer's usable events, which
change at most once a day (`recommender.events` counts whole days). So an entry is
served only while all of them are the very same objects or values it was computed from:

- the snapshot by identity: every swap, refresh or erasure purge installs a new one;
- the genome by identity: the genome cache hands out the same dict until a change
  evicts it (consent, events, erasure; `recommender.genome_cache` keeps that honest
  across processes), and a read from the database is always a new dict;
- the events by value: their ids, types, subjects and whole days until the day.

Nothing is ever served for a consent or erasure change late: those change the genome
(or drop it), and the genome cache is what vouches for it. Memory is bounded by
``max_entries`` (oldest entries go first).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence
from typing import Any

from recommender.events import UsableEvent

Key = tuple[str, int, bool, tuple[str, ...]]
"""consumer id, n, exclude purchased, categories."""


def events_key(events: Sequence[UsableEvent]) -> tuple[Hashable, ...]:
    """What of the usable events a ranking reads (all whole-day values)."""
    return tuple((e.event_id, e.type, e.subject, e.relation, e.days_until, e.proximity) for e in events)


class Kept:
    """A bounded map whose oldest entries go first (dict order); reads take no lock."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(1, max_entries)
        self._entries: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any | None:
        """The value kept for ``key``, None without one."""
        return self._entries.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key`` (replacing an older one), dropping the oldest entries when full."""
        with self._lock:
            entries = self._entries
            entries.pop(key, None)
            while len(entries) >= self.max_entries:
                del entries[next(iter(entries))]
            entries[key] = value

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()


class RankingCache:
    """(consumer, request shape) -> the ranking computed for one snapshot, genome and event set."""

    def __init__(self, max_entries: int) -> None:
        """``max_entries`` of at least 1; the oldest entry goes when it is full."""
        self._kept = Kept(max_entries)

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def max_entries(self) -> int:
        """How many rankings it keeps at most."""
        return self._kept.max_entries

    def get(self, key: Key, snap: object, genome: object, events: tuple[Hashable, ...]) -> Any | None:
        """The ranking stored for ``key`` if it was computed from exactly these inputs, else None."""
        hit = self._kept.get(key)
        if hit is None or hit[0] is not snap or hit[1] is not genome or hit[2] != events:
            return None
        return hit[3]

    def put(self, key: Key, snap: object, genome: object, events: tuple[Hashable, ...], ranking: Any) -> None:
        """Keep ``ranking`` for ``key`` (replacing an older one)."""
        self._kept.put(key, (snap, genome, events, ranking))

    def clear(self) -> None:
        """Drop every entry (a new snapshot makes them all stale; this frees their memory at once)."""
        self._kept.clear()
