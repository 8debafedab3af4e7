"""The recommender a serving process holds: recommend from a snapshot, swap to newer models.

Serving reads ``self._snap`` once per call. Training and refresh run in the worker role
and publish to the registry; `sync` (called by `recommender.follower.ModelFollower` on a
change notice or a poll, and by ``Retrain`` with ``wait``) builds the newer snapshot
beside the serving one and replaces the reference (an atomic swap), so no request waits
for a load or sees half a model.

Erased consumers leave the serving snapshot (`recommender.forgetting`): at once in the
process that erased them, at the next sync elsewhere, and on their own next call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from genome_store import (
    PERSONALIZATION,
    SharedGenerations,
    check_id,
    genome_fields,
    is_granted,
    models,
    subscribe_erasures,
)
from lifecue.errors import InvalidArgument, quote
from recommender.als import AlsParams
from recommender.events import UsableEvent, Window, usable_events, utc_day
from recommender.follower import ModelFollower
from recommender.forgetting import Forgetting
from recommender.genome_cache import GenomeCache
from recommender.loading import load_latest, newer
from recommender.offers import DEFAULT_RULES, Offer, OfferRule, offers_for, tier_of
from recommender.prewarm import Prewarm
from recommender.ranker import BoostShape, Ranking, rank
from recommender.ranking_cache import Kept, RankingCache, events_key
from recommender.reason_tally import ReasonTally
from recommender.registry import Registry
from recommender.snapshot import Snapshot

log = logging.getLogger(__name__)

MAX_CATEGORIES = 1000
DAY_SWITCH_CALLS = 200  # calls about one other day before rankings ahead follow them there
STREAM_SETTLES_SECONDS = 6.0  # the genome watch is up or has given up within 5 s (recommender.genome_cache)
GENOME_FIELDS = {"consents": 1, "life_events": 1, "loyalty.tier": 1, "purchases.value_12m": 1}


@dataclass(frozen=True)
class Options:
    """Everything the recommender is configured with (built from settings by the edge)."""

    params: AlsParams = AlsParams()
    kind_weights: Mapping[str, float] = field(default_factory=dict)
    purchase_weight: float = 8.0
    half_life_days: float = 90.0
    windows: Mapping[str, Window] = field(default_factory=dict)
    boost: BoostShape = BoostShape()
    exclude_purchased: bool = True
    max_n: int = 100
    rules: Sequence[OfferRule] = DEFAULT_RULES
    tier_thresholds: tuple[float, float, float] = (250.0, 1000.0, 5000.0)
    genome_cache: bool = True
    ranking_cache: int = 50_000  # rankings kept between calls (0: rank on every call)
    prewarm: int = 0  # consumers ranked ahead of their calls after every swap (`recommender.prewarm`)
    prewarm_n: int = 10
    pseudonym_key: str = "lifecue-dev-pseudonym-key"


@dataclass(frozen=True)
class Recommendations:
    """A ranking with the consumer's tier and offers."""

    ranking: Ranking
    offers: list[Offer]
    tier: str
    events: list[UsableEvent]


class Recommender:
    """Serving over one database: the newest published model, swapped in when it appears."""

    def __init__(
        self,
        db: Any,
        registry: Registry,
        options: Options,
        generations: SharedGenerations | None = None,
        on_swap: Callable[[Snapshot], None] | None = None,
        on_cache_lookup: Callable[[bool], None] | None = None,
        on_ranking_lookup: Callable[[bool], None] | None = None,
    ) -> None:
        """``generations`` are the host's shared genome generations (several serving processes);
        ``on_swap`` hears of every snapshot that starts serving (the first one too) and
        ``on_cache_lookup`` of every genome cache lookup (True: a hit) and ``on_ranking_lookup`` of
        every call's ranking (True: a kept one): the edge counts them."""
        self.on_ranking_lookup = on_ranking_lookup
        self.db = db
        self.registry = registry
        self.options = options
        self.on_swap = on_swap
        self._swap = threading.Lock()
        self._sync_lock = threading.Lock()
        self.forgetting = Forgetting(db, options.pseudonym_key)
        if registry.clean is None:
            registry.clean = self.forgetting.clean  # no load brings an erased consumer back
        self._snap = load_latest(registry, db)
        self._announce(self._snap)
        self._prewarm: Prewarm | None = None
        self._cache = (
            GenomeCache(
                db, GENOME_FIELDS, on_lookup=on_cache_lookup, generations=generations, on_live=self._cold
            )
            if options.genome_cache
            else None
        )
        # a kept ranking is vouched for by the genome cache's identity of the genome: both or neither
        keep = options.ranking_cache > 0 and options.genome_cache
        self._rankings = RankingCache(options.ranking_cache) if keep else None
        # what a genome says on a day, and the offers of a tier and events at a moment: same rule
        self._kept_facts = Kept(options.ranking_cache) if keep else None
        self._kept_offers = Kept(10_000) if keep else None
        # the moment rounds rank for (None: now), and the other day callers have been asking about
        self._ahead_when: datetime | None = None
        self._ahead_day = utc_day(datetime.now(UTC))
        self._asked_day: tuple[date, int] = (self._ahead_day, 0)
        self._prewarm = Prewarm(self._rank_ahead) if keep and options.prewarm > 0 else None
        self._follower: ModelFollower | None = None
        self.reasons = ReasonTally()
        self._closed = threading.Event()
        self._unsubscribe = subscribe_erasures(self._erased_here)
        if self._prewarm is not None:
            self._prewarm.request()

    def follow(self, poll_seconds: float, change_stream: bool = True) -> ModelFollower:
        """Keep swapping to newer models by itself (change stream when asked for, polling always)."""
        if self._follower is None:
            opener = (lambda: models.ModelChanges(self.db)) if change_stream else None
            self._follower = ModelFollower(self.sync, poll_seconds, opener).start()
        return self._follower

    def flush_reasons_every(self, seconds: float) -> None:
        """Write the reason counts of this process every ``seconds`` until `close` (a daemon thread)."""

        def loop() -> None:
            while not self._closed.wait(seconds):
                try:
                    self.reasons.flush(self.db)
                except Exception:  # aggregates only; the next round retries
                    log.warning("could not write reason counts", exc_info=True)

        threading.Thread(target=loop, name="reason-counts", daemon=True).start()

    def close(self) -> None:
        """Stop following the registry, write the reason counts not yet written, stop the genome cache."""
        self._closed.set()
        self._unsubscribe()
        if self._prewarm is not None:
            self._prewarm.close()
        if self._follower is not None:
            self._follower.close()
        try:
            self.reasons.flush(self.db)
        except Exception:  # the database may be gone at shutdown; the counts are only aggregates
            log.warning("could not write the last reason counts", exc_info=True)
        if self._cache is not None:
            self._cache.close()

    def warm_cache(self) -> int:
        """Fill the genome cache with every genome now (0 without a cache); returns how many."""
        return self._cache.warm() if self._cache is not None else 0

    def genome(self, consumer_id: str) -> dict[str, Any] | None:
        """The genome fields Recommend reads (from the cache when there is one)."""
        if self._cache is not None:
            return self._cache.get(consumer_id)
        return genome_fields(self.db, consumer_id, GENOME_FIELDS)  # type: ignore[no-any-return]

    def holds(self, consumer_id: str) -> bool:
        """Whether `genome` answers for this consumer from memory, with no database read."""
        return self._cache is not None and self._cache.holds(consumer_id)

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot serving now."""
        return self._snap

    def install(self, snap: Snapshot) -> None:
        """Serve ``snap`` from the next call on (atomic reference swap)."""
        with self._swap:
            self._snap = snap
        self._stale()
        self._announce(snap)

    def _erased_here(self, consumer_id: str) -> None:
        """An erasure made by this process: drop the factors before the erasure call answers."""
        self.forget([consumer_id])

    def forget(self, consumer_ids: Sequence[str]) -> bool:
        """Drop these consumers' factors from the serving snapshot; True when one of them was in it."""
        with self._swap:
            purged = self.forgetting.purge(self._snap, consumer_ids)
            if purged is self._snap:
                return False
            self._snap = purged
        self._stale()
        log.info("erased consumers dropped from the serving model", extra={"consumers": len(consumer_ids)})
        return True

    def sync(self) -> bool:
        """Drop consumers erased meanwhile, then load and serve a newer version or refresh from the registry.

        True when a newer model or refresh was swapped in.
        """
        if self.forgetting.refresh():
            self.forget(self.forgetting.erased(list(self._snap.user_index)))
        with self._sync_lock:
            current = self._snap
            found = newer(self.registry, self.db, current)
            if found is None or self._closed.is_set():  # a load that outlived close is not served
                return False
            with self._swap:
                if self._snap is not current:  # installed meanwhile by someone else; sync again later
                    return False
                self._snap = found
            self._stale()
            log.info("model swapped", extra={"version": found.version, "refresh": found.refresh_seq})
            self._announce(found)  # under the sync lock: listeners hear swaps in order
            return True

    def _stale(self) -> None:
        """A new snapshot serves: no kept ranking can be served again (they name the old one)."""
        if self._rankings is not None:
            self._rankings.clear()
        if self._prewarm is not None:
            self._prewarm.request()

    @property
    def kept_rankings(self) -> int:
        """How many rankings are kept for later calls now."""
        return len(self._rankings) if self._rankings is not None else 0

    def _asked_about(self, when: datetime, day: date) -> None:
        """A call about another day than the rankings ahead were made for: after `DAY_SWITCH_CALLS`
        such calls about one day (a simulation's fixed ``as_of``, or the next day after midnight)
        rank ahead for that day. Counts race harmlessly between threads."""
        seen, count = self._asked_day
        count = count + 1 if seen == day else 1
        self._asked_day = (day, count)
        if count == DAY_SWITCH_CALLS and self._prewarm is not None:
            self._ahead_when, self._ahead_day = when, day
            self._prewarm.request()

    def _cold(self) -> None:
        """The genome cache starts again empty (its change stream came up): rank ahead again."""
        if self._prewarm is not None:
            self._prewarm.request()

    def wait_prewarmed(self, seconds: float) -> bool:
        """Wait up to ``seconds`` until no round of ranking ahead runs or is due (True at once when off)."""
        return self._prewarm is None or self._prewarm.wait_idle(seconds)

    @property
    def prewarm(self) -> Prewarm | None:
        """The thread ranking consumers ahead of their calls (None when off)."""
        return self._prewarm

    def _rank_ahead(self, stop: Callable[[], bool]) -> int:
        """Rank the consumers the genome cache holds, known ones first, for the serving snapshot.

        Each ranking goes into the ranking cache as a call's own would (same key, same rules);
        stops when ``stop()`` says so or another snapshot serves. Returns how many were ranked.
        """
        cache, rankings = self._cache, self._rankings
        if cache is None or rankings is None or not cache.wait_live(STREAM_SETTLES_SECONDS):
            return 0  # no change stream yet: the cache serves nothing; it asks again when it is up
        limit = min(self.options.prewarm, rankings.max_entries)
        if len(cache) < limit:
            cache.warm(limit)
        snap = self._snap
        held = cache.ids()
        order = [c for c in held if c in snap.user_index] + [c for c in held if c not in snap.user_index]
        when = self._ahead_when or datetime.now(UTC)
        day, n, exclude = utc_day(when), self.options.prewarm_n, self.options.exclude_purchased
        self._ahead_day = day
        ranked = 0
        for consumer_id in order[:limit]:
            if stop() or self._snap is not snap or self._closed.is_set():
                break
            genome = cache.get(consumer_id, count=False)
            if genome is None:
                continue
            self._ranking(
                snap, genome, consumer_id, n, self._facts(consumer_id, genome, when, day), exclude, (), False
            )
            ranked += 1  # calls arriving meanwhile wait at most the interpreter's switch interval (5 ms)
        return ranked

    def _announce(self, snap: Snapshot) -> None:
        if self.on_swap is not None:
            try:
                self.on_swap(snap)
            except Exception:  # a listener never stops serving
                log.warning("model swap listener failed", exc_info=True)

    def recommend(
        self,
        consumer_id: str,
        n: int,
        as_of: datetime | None = None,
        exclude_purchased: bool | None = None,
        categories: Sequence[str] = (),
    ) -> Recommendations:
        """Ranked products and offers; personal only with the personalization consent."""
        check_id("consumer_id", consumer_id)
        n = n or 10
        if not 1 <= n <= self.options.max_n:
            raise InvalidArgument("n", f"ask for 1..{self.options.max_n} products (0 means 10)")
        if len(categories) > MAX_CATEGORIES:
            raise InvalidArgument("categories", f"{len(categories)} given; send at most {MAX_CATEGORIES}")
        snap = self._snap
        unknown = sorted(set(categories) - snap.catalog.category_set) if categories else []
        if unknown:
            shown = ", ".join(quote(c, 60) for c in unknown[:5])
            raise InvalidArgument("categories", f"unknown categor(ies) {shown}; use catalog categories")
        when = as_of or datetime.now(UTC)
        day = utc_day(when)  # the day usable_events counts from
        if self._prewarm is not None and day != self._ahead_day:
            self._asked_about(when, day)
        genome = self.genome(consumer_id)
        if genome is None and consumer_id in snap.user_index:
            self.forget([consumer_id])  # only an erasure removes a modelled consumer's genome
        facts = self._facts(consumer_id, genome, when, day)
        exclude = self.options.exclude_purchased if exclude_purchased is None else exclude_purchased
        ranking = self._ranking(snap, genome, consumer_id, n, facts, exclude, categories)
        offers = self._offers(facts, when, as_of is not None)
        kinds = ranking.reason_kinds
        if offers:
            kinds += tuple((r.kind, r.event_type) for o in offers for r in o.reasons)
        self.reasons.add_kinds(kinds, datetime.now(UTC))
        return Recommendations(ranking, offers, facts.tier, facts.events)

    def _facts(self, consumer_id: str, genome: dict[str, Any] | None, when: datetime, day: date) -> Facts:
        """Consent, usable events and tier of this genome on ``when``'s day (``day``; kept while both hold)."""
        kept = self._kept_facts.get(consumer_id) if self._kept_facts is not None else None
        if kept is not None and kept[0] is genome and kept[1] == day:
            return kept[2]  # type: ignore[no-any-return]
        personal = is_granted(genome, PERSONALIZATION)
        events = usable_events(genome, when, self.options.windows) if personal else []
        facts = Facts(personal, events, events_key(events), tier_of(genome, *self.options.tier_thresholds))
        if self._kept_facts is not None:
            self._kept_facts.put(consumer_id, (genome, day, facts))
        return facts

    def _offers(self, facts: Facts, when: datetime, asked: bool) -> list[Offer]:
        """Offers of the tier and events at ``when`` (the same list again for the same asked-for moment;
        "now" is a new moment every call)."""
        if self._kept_offers is None or not asked:
            return offers_for(facts.tier, facts.events, when, self.options.rules)
        key = (facts.tier, facts.events_key, when)
        found = self._kept_offers.get(key)
        if found is None:
            found = offers_for(facts.tier, facts.events, when, self.options.rules)
            self._kept_offers.put(key, found)
        return found  # type: ignore[no-any-return]

    def _ranking(
        self,
        snap: Snapshot,
        genome: object,
        consumer_id: str,
        n: int,
        facts: Facts,
        exclude: bool,
        categories: Sequence[str],
        count: bool = True,
    ) -> Ranking:
        """The ranking these inputs give: kept from an earlier call when they are the very same
        (``count=False``: ranking ahead of calls, kept out of the hit counts)."""
        cache = self._rankings
        events, personal = facts.events, facts.personal
        if cache is None:
            if count and self.on_ranking_lookup is not None:
                self.on_ranking_lookup(False)
            return rank(snap, consumer_id, n, events, personal, exclude, categories, self.options.boost)
        key = (consumer_id, n, exclude, tuple(categories))
        found = cache.get(key, snap, genome, facts.events_key)
        if count and self.on_ranking_lookup is not None:
            self.on_ranking_lookup(found is not None)
        if found is None:
            found = rank(snap, consumer_id, n, events, personal, exclude, categories, self.options.boost)
            if self._snap is snap:  # not computed on a snapshot swapped out meanwhile
                cache.put(key, snap, genome, facts.events_key, found)
        return found  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Facts:
    """What a call reads from the genome on one day: consent, usable events, tier."""

    personal: bool
    events: list[UsableEvent]
    events_key: tuple[Hashable, ...]
    tier: str
