"""The recommender a server holds: recommend from a snapshot, retrain and refresh beside it.

Serving reads ``self._snap`` once per call; training and refresh build a new snapshot
in a background thread and replace the reference under a lock (an atomic swap), so no
request waits for training or sees half a model.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from pymongo.database import Database

from genome_store.interactions import consumers_with_feedback_since, feedback_rows
from genome_store.purposes import PERSONALIZATION, is_granted
from genome_store.schema import GENOMES
from lifecue.errors import InvalidArgument
from recommender.als import AlsParams, refit_users
from recommender.events import UsableEvent, Window, usable_events
from recommender.genome_cache import GenomeCache
from recommender.offers import DEFAULT_RULES, Offer, OfferRule, offers_for, tier_of
from recommender.ranker import BoostShape, Ranking, rank
from recommender.registry import Registry
from recommender.snapshot import Catalog, Snapshot
from recommender.training import TrainingData, counts, fit_snapshot, load_snapshot, products, to_feedback

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class Recommendations:
    """A ranking with the consumer's tier and offers."""

    ranking: Ranking
    offers: list[Offer]
    tier: str
    events: list[UsableEvent]


class Recommender:
    """Serving, retraining and incremental refresh over one database."""

    def __init__(self, db: Database[Any], registry: Registry, options: Options) -> None:
        self.db = db
        self.registry = registry
        self.options = options
        self._swap = threading.Lock()
        self._train_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._watermark = datetime.now(UTC)
        self._snap = load_snapshot(db, registry)
        self._cache = GenomeCache(db, GENOME_FIELDS) if options.genome_cache else None

    def close(self) -> None:
        """Stop the genome cache's change stream."""
        if self._cache is not None:
            self._cache.close()

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot serving now."""
        return self._snap

    @property
    def training(self) -> bool:
        """Whether a full retrain is running."""
        return self._train_lock.locked()

    def install(self, snap: Snapshot) -> None:
        """Serve ``snap`` from the next call on (atomic reference swap)."""
        with self._swap:
            self._snap = snap

    def recommend(
        self,
        consumer_id: str,
        n: int,
        as_of: datetime | None = None,
        exclude_purchased: bool | None = None,
        categories: Sequence[str] = (),
    ) -> Recommendations:
        """Ranked products and offers; personal only with the personalization consent."""
        if not consumer_id:
            raise InvalidArgument("consumer_id", "give the consumer's id")
        n = n or 10
        if not 1 <= n <= self.options.max_n:
            raise InvalidArgument("n", f"ask for 1..{self.options.max_n} products (0 means 10)")
        snap = self._snap
        unknown = sorted(set(categories) - snap.catalog.category_set) if categories else []
        if unknown:
            raise InvalidArgument("categories", f"unknown categor(ies) {unknown}; use catalog categories")
        when = as_of or datetime.now(UTC)
        if self._cache is not None:
            genome = self._cache.get(consumer_id)
        else:
            genome = self.db[GENOMES].find_one({"_id": consumer_id}, GENOME_FIELDS)
        personal = is_granted(genome, PERSONALIZATION)
        events = usable_events(genome, when, self.options.windows) if personal else []
        ranking = rank(
            snap,
            consumer_id,
            n,
            events,
            personal,
            self.options.exclude_purchased if exclude_purchased is None else exclude_purchased,
            categories,
            self.options.boost,
        )
        tier = tier_of(genome, *self.options.tier_thresholds)
        return Recommendations(ranking, offers_for(tier, events, when, self.options.rules), tier, events)

    def retrain(self, wait: bool = False) -> str:
        """Start a full retrain in the background: "started", "running" or (with wait) "done".

        With ``wait`` the caller's thread trains (other threads keep serving) and a
        failure, such as no data to train on, is raised to the caller.
        """
        if self._train_lock.locked():
            if wait and self._thread is not None:
                self._thread.join()
                return "done"
            return "running"
        if wait:
            self.retrain_now()
            return "done"
        thread = threading.Thread(target=self._retrain, name="als-retrain", daemon=True)
        self._thread = thread
        thread.start()
        return "started"

    def retrain_now(self) -> Snapshot:
        """Train in this thread and serve the result."""
        with self._train_lock:
            started = datetime.now(UTC)
            snap = fit_snapshot(self.db, self.registry, self._data(), datetime.now(UTC))
            self.install(snap)
            self._watermark = max(self._watermark, started)
            return snap

    def _retrain(self) -> None:
        try:
            self.retrain_now()
        except Exception:  # logged; serving keeps the previous model
            log.exception("retrain failed")

    def _data(self) -> TrainingData:
        o = self.options
        return TrainingData(o.params, o.kind_weights, o.purchase_weight, o.half_life_days, o.windows)

    def refresh(self) -> int:
        """Reload the catalog and refit the users with feedback since the last refresh."""
        started = datetime.now(UTC)
        base = self._snap
        catalog = Catalog.build(products(self.db), counts(self.db), base.lift)
        rebased = base.on_catalog(catalog)
        users = consumers_with_feedback_since(self.db, self._watermark)
        vectors: dict[str, np.ndarray] = {}
        purchased: dict[str, np.ndarray] = {}
        suppressed: dict[str, np.ndarray] = {}
        if users and rebased.item_factors is not None and rebased.user_factors is not None:
            consented = {
                g["_id"]
                for g in self.db[GENOMES].find({"_id": {"$in": users}}, {"consents": 1})
                if is_granted(g, PERSONALIZATION)
            }
            users = [u for u in users if u in consented]
            if users:
                o = self.options
                matrix = to_feedback(
                    feedback_rows(self.db, users), o.kind_weights, o.purchase_weight, o.half_life_days,
                    catalog.item_ids.tolist(), started,
                )  # fmt: skip
                fresh = refit_users(matrix.user_items, rebased.item_factors, o.params, rebased.bm25)
                for k, user in enumerate(matrix.user_ids.tolist()):
                    vectors[user] = fresh[k]
                    purchased[user] = matrix.purchased[k].indices.astype(np.int64)
                    suppressed[user] = matrix.suppressed[k].indices.astype(np.int64)
        with self._swap:
            if self._snap is not base:  # a retrain landed meanwhile; it already has this data
                return 0
            self._snap = rebased.with_users(vectors, purchased, suppressed) if vectors else rebased
        self._watermark = started
        return len(vectors)
