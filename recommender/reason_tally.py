"""Counting the reasons the recommender gives, in memory, for the console's reasons-over-time page.

`Recommend` is the hot path, so a call only adds one to the count of its answer's reason
kinds (a tuple the ranking keeps, `Ranking.reason_kinds`) under a lock; a scheduler
job drains the counter into the database (`genome_store.reason_counts`) once a minute
and at shutdown. Counts are kept per (UTC day, reason kind, event type): aggregate, with
no consumer, product or text, so they hold nothing personal.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from genome_store import Database, add_reason_counts
from recommender.reasons import Reason

Key = tuple[date, str, str]
Kinds = tuple[tuple[str, str], ...]
"""(reason kind, event type) of every reason of one answer."""


class ReasonTally:
    """A thread-safe counter of reasons given, drained into the database by `flush`."""

    def __init__(self) -> None:
        self._counts: Counter[Key] = Counter()
        self._answers: Counter[tuple[date, Kinds]] = Counter()  # expanded into _counts on drain
        self._lock = threading.Lock()

    def add(self, reasons: Iterable[Reason], when: datetime) -> None:
        """Count ``reasons`` (of one answer's items and offers) on the UTC day of ``when``."""
        day = when.date()
        keys = [(day, r.kind, r.event_type) for r in reasons]
        with self._lock:
            self._counts.update(keys)

    def add_kinds(self, kinds: Kinds, when: datetime) -> None:
        """Count one answer whose reasons are ``kinds`` on the UTC day of ``when`` (one dict update)."""
        key = (when.date(), kinds)
        with self._lock:
            self._answers[key] += 1

    def drain(self) -> dict[Key, int]:
        """The counts so far; the tally starts again from zero."""
        with self._lock:
            counts, answers = self._counts, self._answers
            self._counts, self._answers = Counter(), Counter()
        for (day, kinds), times in answers.items():
            for kind, event_type in kinds:
                counts[(day, kind, event_type)] += times
        return dict(counts)

    def flush(self, db: Database[Any]) -> int:
        """Add the counts so far to the stored daily rows; returns the rows written.

        If the write fails the counts go back into the tally for the next flush.
        """
        counts = self.drain()
        try:
            return add_reason_counts(db, counts)
        except Exception:
            with self._lock:
                self._counts.update(counts)
            raise
