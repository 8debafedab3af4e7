"""The jobs of the worker role: what each kind runs and when it is scheduled.

| kind | runs | schedule (settings) |
|---|---|---|
| ``retrain`` | full ALS retrain, published to the registry; old versions pruned | ``RECOMMENDER__RETRAIN_CRON`` |
| ``refresh`` | incremental refresh of the newest model, published as a refresh | ``RECOMMENDER__REFRESH_MINUTES`` |
| ``recompute_tiers`` | loyalty tiers and segments (params: ``as_of``) | ``LOYALTY__RECOMPUTE_CRON`` |
| ``sweep_posts`` | delete posts past their retention | ``WORKER__SWEEP_MINUTES`` |
| ``affinity_backfill`` | event-affinity signals of products stored without current ones | ``RECOMMENDER__AFFINITY_BACKFILL_MINUTES`` |

Handlers read the settings when they run, so a changed setting applies to the next run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from genome_store import sweep_expired_posts
from loyalty import LoyaltyPolicy, Recompute
from recommender.refresh import Refresher
from recommender.registry import Registry
from recommender.training import TrainingData, train_and_publish
from services.product_affinity import indexer_of
from services.recommender import options
from services.worker.handoff import AFFINITY_BACKFILL, KINDS, RECOMPUTE_TIERS, REFRESH, RETRAIN, SWEEP_POSTS
from services.worker.runner import Handler
from services.worker.schedule import Schedule, cron, every

if TYPE_CHECKING:
    from services.app import App


def training_data(app: App) -> TrainingData:
    """How feedback becomes a model, from the current settings."""
    o = options(app.settings)
    return TrainingData(o.params, o.kind_weights, o.purchase_weight, o.half_life_days, o.windows)


def handlers(app: App, kinds: tuple[str, ...] = KINDS) -> dict[str, Handler]:
    """The handler of each of ``kinds`` over the app's database."""
    registry = Registry(app.db)
    refresher = Refresher(app.db, registry)

    def retrain(_params: Mapping[str, Any]) -> dict[str, Any]:
        meta = train_and_publish(app.db, registry, training_data(app), datetime.now(UTC))
        pruned = registry.prune(app.settings.recommender.keep_models)
        return {"version": meta.version, "seq": meta.seq, "users": meta.users, "pruned": pruned}

    def refresh(_params: Mapping[str, Any]) -> dict[str, Any]:
        done = refresher.run(training_data(app), datetime.now(UTC))
        return {"base": done.base, "seq": done.seq, "users": done.users}

    def recompute_tiers(params: Mapping[str, Any]) -> dict[str, Any]:
        as_of = datetime.fromisoformat(params["as_of"]) if params.get("as_of") else None
        run = Recompute(app.db, LoyaltyPolicy.from_settings(app.settings.loyalty)).run(as_of)
        return {"run_id": run.run_id, "consumers": run.consumers, "changed": run.changed,
                "seconds": run.seconds, "computed_at": run.computed_at}  # fmt: skip

    def sweep_posts(_params: Mapping[str, Any]) -> dict[str, Any]:
        return {"deleted": sweep_expired_posts(app.db, datetime.now(UTC))}

    def affinity_backfill(_params: Mapping[str, Any]) -> dict[str, Any]:
        indexer = indexer_of(app)
        if indexer is None:
            return {"skipped": "RECOMMENDER__AFFINITY_ON_UPSERT is off"}
        done = indexer.refresh(app.db)
        return {"encoded": done.encoded, "unchanged": done.unchanged, "failed": done.failed}

    table: dict[str, Handler] = {RETRAIN: retrain, REFRESH: refresh, RECOMPUTE_TIERS: recompute_tiers,
                                 SWEEP_POSTS: sweep_posts, AFFINITY_BACKFILL: affinity_backfill}  # fmt: skip
    return {k: table[k] for k in kinds}


def schedules(app: App) -> list[Schedule]:
    """When each kind is due, from the settings."""
    s = app.settings
    return [
        cron(RETRAIN, s.recommender.retrain_cron),
        every(REFRESH, s.recommender.refresh_minutes * 60),
        cron(RECOMPUTE_TIERS, s.loyalty.recompute_cron),
        every(SWEEP_POSTS, s.worker.sweep_minutes * 60),
        every(AFFINITY_BACKFILL, s.recommender.affinity_backfill_minutes * 60),
    ]
