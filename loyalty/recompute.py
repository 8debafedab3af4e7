"""The recompute: tiers, RFM(T) groups and behaviour groups for every consumer, in bounded memory.

Pass 1 streams the database-side grouping of purchases (`genome_store.purchases_by_consumer`,
in consumer-id order) into a temporary file and samples RFM(T) metrics for the quintile cut points.
Pass 2 reads the file back in batches beside one forward cursor over the stored standings in
the same order (`genome_store.standings_in_order`): a merge join that also meets tier holders
with no purchases left, reading each genome once (a range query per batch made SecantusDB
scan the collection per batch, quadratic in consumers); the consumers whose fields changed
are written with one unordered bulk write per batch. Memory stays at one batch plus the fixed-size samples, whatever
the number of consumers.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from genome_store import (
    Database,
    StandingWrite,
    StoredStanding,
    millis,
    record_tier_run,
    standings_in_order,
    with_purchases,
    write_standings,
)
from lifecue.errors import FailedPrecondition, InvalidArgument
from lifecue.progress import Progress, quiet
from loyalty.rules import LoyaltyPolicy, cents, period_start
from loyalty.segments import LOWEST, Activity, Quintiles, behaviour_for, group_for, rfmt
from loyalty.standing import Change, Standing, assess
from loyalty.totals import Totals, Windows, stream_totals

log = logging.getLogger(__name__)

#: the phases a recompute reports, with how many consumers each has done
READ, ASSESS = "read", "assess"


@dataclass
class RunResult:
    """What one recompute did."""

    run_id: str
    as_of: datetime
    consumers: int = 0
    changed: int = 0
    written: int = 0
    seconds: float = 0.0
    computed_at: datetime | None = None
    tier_counts: Counter[str] = field(default_factory=Counter)
    rfm_counts: Counter[str] = field(default_factory=Counter)
    behaviour_counts: Counter[str] = field(default_factory=Counter)
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)


class Recompute:
    """Recomputes every consumer's tier and segments; one run at a time per instance."""

    def __init__(self, db: Database[Any], policy: LoyaltyPolicy) -> None:
        self.db = db
        self.policy = policy
        self._lock = threading.Lock()

    def run(self, as_of: datetime | None = None, progress: Progress | None = None) -> RunResult:
        """Recompute for ``as_of`` (default now), record the run, and return its summary.

        ``progress`` hears the phase (``read``: buyers grouped so far; ``assess``: consumers
        decided and written so far) after every batch.
        """
        if as_of is not None and as_of.tzinfo is None:
            raise InvalidArgument("as_of", "must carry a time zone (UTC)")
        if not self._lock.acquire(blocking=False):
            raise FailedPrecondition("a tier recompute is already running; retry when it has finished")
        try:
            return self._run(as_of or datetime.now(UTC), progress or quiet)
        finally:
            self._lock.release()

    def _run(self, as_of: datetime, progress: Progress) -> RunResult:
        started = time.perf_counter()
        started_at = datetime.now(UTC)
        windows = Windows.of(as_of, self.policy)
        result = RunResult(run_id=uuid.uuid4().hex, as_of=as_of)
        current = Quintiles(self.policy.quantile_sample, self.policy.seed)
        comparison = Quintiles(self.policy.quantile_sample, self.policy.seed + 1)
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
            progress(READ, 0)
            for read, totals in enumerate(stream_totals(self.db, windows, self.policy.batch_size), 1):
                if read % self.policy.batch_size == 0:
                    progress(READ, read)
                if totals.current is not None and totals.first_at is not None:
                    current.add(rfmt(totals.current, totals.first_at, as_of))
                if totals.comparison is not None and totals.first_at is not None:
                    comparison.add(rfmt(totals.comparison, totals.first_at, windows.current_from))
                spill.write(_dump(totals))
            spill.seek(0)
            segmenter = _Segmenter(windows, current.cuts(), comparison.cuts())
            # totals arrive in consumer-id order, so batches and the genomes between them
            # tile the id space: a merge join that also meets tier holders without purchases
            stored = _Ahead(standings_in_order(self.db, self.policy.batch_size))
            progress(ASSESS, 0)
            for batch in _batches(map(_load, spill), self.policy.batch_size):
                self._apply(batch, stored.upto(batch[-1].consumer_id), segmenter, result)
                progress(ASSESS, result.consumers)
            while rest := stored.next(self.policy.batch_size):  # tier holders after the last buyer
                self._apply([], rest, segmenter, result)
                progress(ASSESS, result.consumers)
        # stored dates keep milliseconds; the answer should equal what GetTierSummary reads back
        result.computed_at = millis()
        result.seconds = time.perf_counter() - started
        self._record(result, started_at)
        log.info("tiers recomputed", extra={"consumers": result.consumers, "changed": result.changed,
                                             "written": result.written, "seconds": round(result.seconds, 3)})  # fmt: skip
        return result

    def _apply(
        self, batch: list[Totals], stored: dict[str, StoredStanding], segmenter: _Segmenter, result: RunResult
    ) -> None:
        """Decide and write the consumers of ``batch`` and every tier holder among ``stored`` (the
        genomes whose ids fall between the batch before and the last of this one)."""
        seen = {t.consumer_id for t in batch}
        batch = batch + [Totals(consumer_id=i) for i, d in stored.items() if i not in seen and d.tier]
        # a genome is created only while its purchases still exist, so an erasure that ran
        # since pass 1 is not undone by recreating the consumer
        alive = with_purchases(self.db, [t.consumer_id for t in batch if t.consumer_id not in stored])
        writes = []
        for totals in batch:
            doc = stored.get(totals.consumer_id)
            if doc is None and totals.consumer_id not in alive:
                continue
            before = _standing(doc)
            standing, changes = assess(
                before,
                self.policy.thresholds.earned(totals.value_12m),
                result.as_of,
                self.policy.qualification_months,
                self.policy.grace_months,
            )
            rfm, behaviour = segmenter.groups(totals)
            decided = StandingWrite(
                totals.consumer_id, self._fields(totals, standing), rfm, behaviour, _history(changes)
            )
            if (
                changes
                or doc is None
                or (decided.loyalty, rfm, behaviour) != (doc.loyalty, doc.rfm, doc.behaviour)
            ):
                writes.append(decided)
            result.consumers += 1
            result.changed += standing.tier != before.tier
            result.transitions[(before.tier, standing.tier)] += 1
            result.tier_counts[standing.tier] += 1
            if rfm is not None and behaviour is not None:
                result.rfm_counts[rfm] += 1
                result.behaviour_counts[behaviour] += 1
        result.written += write_standings(self.db, writes, datetime.now(UTC))

    def _fields(self, totals: Totals, standing: Standing) -> dict[str, Any]:
        """The stored loyalty fields; a consumer whose fields and groups are unchanged is not written."""
        next_tier, gap = self.policy.thresholds.next_above(standing.tier, totals.value_12m)
        categories = [
            {"category": name, "tier": cat_rules.earned(value), "value_12m": cents(value)}
            for name, cat_rules in sorted(self.policy.categories.items())
            if (value := totals.category_values.get(name, 0.0)) > 0
        ]
        assessed = standing.assessed_at
        return {
            "tier": standing.tier,
            "since": standing.since,
            "grace_until": standing.grace_until,
            # the period, not the moment: it only changes at a boundary, so quiet days write nothing
            "assessed_period": None
            if assessed is None
            else period_start(assessed, self.policy.qualification_months),
            "value_12m": cents(totals.value_12m),
            "next_tier": next_tier,
            "next_tier_gap": gap,
            "category_tiers": categories,
        }

    def _record(self, result: RunResult, started_at: datetime) -> None:
        assert result.computed_at is not None
        record_tier_run(
            self.db,
            result.run_id,
            as_of=result.as_of,
            started_at=started_at,
            finished_at=result.computed_at,
            seconds=result.seconds,
            consumers=result.consumers,
            changed=result.changed,
            tier_counts=result.tier_counts,
            rfm_counts=result.rfm_counts,
            behaviour_counts=result.behaviour_counts,
            transitions=[(a, b, n) for (a, b), n in sorted(result.transitions.items())],
        )


class _Segmenter:
    """RFM(T) and behaviour groups of one run, given its quintile cut points."""

    def __init__(self, windows: Windows, current: list[list[float]], comparison: list[list[float]]) -> None:
        self.windows = windows
        self.current = current
        self.comparison = comparison

    def groups(self, totals: Totals) -> tuple[str | None, str | None]:
        """(rfm group, behaviour group); (None, None) for a consumer with no purchases."""
        first = totals.first_at
        if first is None:
            return None, None
        w = self.windows
        now = self._group(totals.current, first, w.as_of, self.current)
        if first > w.current_from:
            return now, behaviour_for(None, now)
        before = self._group(totals.comparison, first, w.current_from, self.comparison)
        return now, behaviour_for(before, now)

    @staticmethod
    def _group(activity: Activity | None, first: datetime, end: datetime, cuts: list[list[float]]) -> str:
        return LOWEST if activity is None else group_for(rfmt(activity, first, end), cuts)


def _standing(stored: StoredStanding | None) -> Standing:
    if stored is None or not stored.tier:
        return Standing()
    loyalty = stored.loyalty
    return Standing(
        tier=loyalty["tier"],
        since=loyalty.get("since"),
        grace_until=loyalty.get("grace_until"),
        assessed_at=loyalty.get("assessed_period"),
    )


def _history(changes: list[Change]) -> list[dict[str, Any]]:
    """History entries as stored, oldest first."""
    return [{"from": c.from_tier, "to": c.to_tier, "at": c.at, "reason": c.reason} for c in changes]


class _Ahead:
    """Stored standings read forward in consumer-id order, handed out by id range."""

    def __init__(self, standings: Iterator[StoredStanding]) -> None:
        self._standings = standings
        self._held: StoredStanding | None = None

    def upto(self, last: str) -> dict[str, StoredStanding]:
        """The standings not handed out yet with ids up to ``last``."""
        return self._take(lambda found, _out: found.consumer_id <= last)

    def next(self, count: int) -> dict[str, StoredStanding]:
        """Up to ``count`` standings not handed out yet."""
        return self._take(lambda _found, out: len(out) < count)

    def _take(
        self, wanted: Callable[[StoredStanding, dict[str, StoredStanding]], bool]
    ) -> dict[str, StoredStanding]:
        """Standings in order while ``wanted(next one, taken so far)``; the first refused one waits."""
        out: dict[str, StoredStanding] = {}
        while True:
            found = self._held if self._held is not None else next(self._standings, None)
            self._held = None
            if found is None:
                return out
            if not wanted(found, out):
                self._held = found
                return out
            out[found.consumer_id] = found


def _batches(items: Iterable[Totals], size: int) -> Iterator[list[Totals]]:
    batch: list[Totals] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _date(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _dump(t: Totals) -> str:
    def activity(a: Activity | None) -> list[Any] | None:
        return None if a is None else [a.orders, a.value, _iso(a.first_at), _iso(a.last_at)]

    row = [t.consumer_id, t.value_12m, _iso(t.first_at), activity(t.current), activity(t.comparison),
           dict(t.category_values)]  # fmt: skip
    return json.dumps(row, separators=(",", ":")) + "\n"


def _load(line: str) -> Totals:
    consumer_id, value, first, cur, cmp_, cats = json.loads(line)

    def activity(a: list[Any] | None) -> Activity | None:
        if a is None:
            return None
        first_at, last_at = _date(a[2]), _date(a[3])
        assert first_at is not None and last_at is not None
        return Activity(a[0], a[1], first_at, last_at)

    return Totals(consumer_id, value, _date(first), activity(cur), activity(cmp_), cats)
