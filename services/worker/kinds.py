"""The jobs of the worker role: what each kind runs and when it is scheduled.

| kind | runs | schedule (settings) |
|---|---|---|
| ``retrain`` | full retrain with model selection, published to the registry; old versions pruned; tracked in MLflow | ``RECOMMENDER__RETRAIN_CRON`` |
| ``refresh`` | incremental refresh of the served model (newest or pinned), published as a refresh | ``RECOMMENDER__REFRESH_MINUTES`` |
| ``recompute_tiers`` | loyalty tiers and segments (params: ``as_of``) | ``LOYALTY__RECOMPUTE_CRON`` |
| ``sweep_posts`` | delete posts and review items past their retention | ``WORKER__SWEEP_MINUTES`` |
| ``scrub_models`` | remove erased consumers from stored models; queue a retrain once an erasure nears ``RECOMMENDER__ERASURE_RETRAIN_HOURS`` without one | every erasure, and ``RECOMMENDER__ERASURE_CHECK_MINUTES`` |
| ``affinity_backfill`` | event-affinity signals of products stored without current ones | ``RECOMMENDER__AFFINITY_BACKFILL_MINUTES`` |

Handlers read the settings when they run, so a changed setting applies to the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from genome_store import jobs, sweep_expired_posts, sweep_expired_review_items
from lifecue.tracking import resolve_tracking_uri
from loyalty import LoyaltyPolicy, Recompute
from recommender.forgetting import Forgetting, scrub, uncovered_erasure
from recommender.refresh import Refresher
from recommender.registry import Registry
from recommender.training import TrainingData, train_and_publish
from services.product_affinity import indexer_of
from services.recommender.selection_settings import training_data as settings_training_data
from services.worker.handoff import (
    AFFINITY_BACKFILL,
    KINDS,
    RECOMPUTE_TIERS,
    REFRESH,
    RETRAIN,
    SCRUB_MODELS,
    SWEEP_POSTS,
)
from services.worker.progress import progress
from services.worker.runner import Handler
from services.worker.schedule import Schedule, cron, every
from services.worker.tracking import RunTracker

if TYPE_CHECKING:
    from services.app import App

TRACKER = "tracking"

log = logging.getLogger(__name__)
#: a retrain is queued once the oldest uncovered erasure has used this share of the bound
RETRAIN_AT = 0.9


def training_data(app: App) -> TrainingData:
    """How feedback becomes a model (selection included unless switched off), from the current settings."""
    return settings_training_data(app.settings)


def tracker_of(app: App, registry: Registry) -> RunTracker:
    """The app's one tracker of training runs (closed with the app), writing to the configured store."""
    found = app.components.get(TRACKER)
    if found is None:
        uri = resolve_tracking_uri(app.settings.tracking_uri, app.settings.state_dir)
        found = app.components[TRACKER] = RunTracker(uri, registry)
    return found  # type: ignore[no-any-return]


def handlers(app: App, kinds: tuple[str, ...] = KINDS) -> dict[str, Handler]:
    """The handler of each of ``kinds`` over the app's database."""
    forgetting = Forgetting(app.db, app.settings.genome.pseudonym_key)
    registry = Registry(app.db, forgetting.clean)
    refresher = Refresher(app.db, registry)
    tracker = tracker_of(app, registry)

    def retrain(_params: Mapping[str, Any]) -> dict[str, Any]:
        data = training_data(app)
        meta = train_and_publish(app.batch_db, registry, data, datetime.now(UTC), progress())
        pruned = registry.prune(app.settings.recommender.keep_models)
        tracker.retrain(meta, data)  # after publishing, in the background: never delays the model
        return {"version": meta.version, "seq": meta.seq, "users": meta.users, "pruned": pruned}

    def refresh(_params: Mapping[str, Any]) -> dict[str, Any]:
        done = refresher.run(training_data(app), datetime.now(UTC))
        return {"base": done.base, "seq": done.seq, "users": done.users}

    def recompute_tiers(params: Mapping[str, Any]) -> dict[str, Any]:
        as_of = datetime.fromisoformat(params["as_of"]) if params.get("as_of") else None
        run = Recompute(app.batch_db, LoyaltyPolicy.from_settings(app.settings.loyalty)).run(
            as_of, progress()
        )
        return {"run_id": run.run_id, "consumers": run.consumers, "changed": run.changed,
                "seconds": run.seconds, "computed_at": run.computed_at,
                "tier_counts": dict(run.tier_counts)}  # fmt: skip

    def sweep_posts(_params: Mapping[str, Any]) -> dict[str, Any]:
        now = datetime.now(UTC)
        return {"deleted": sweep_expired_posts(app.db, now),
                "review_items_deleted": sweep_expired_review_items(app.db, now)}  # fmt: skip

    def scrub_models(_params: Mapping[str, Any]) -> dict[str, Any]:
        done = scrub(app.db, forgetting)
        return {"erasure_seq": done.erasure_seq, "rewritten": done.rewritten, "clean": done.clean,
                "retrain": retrain_after_erasure(app, datetime.now(UTC))}  # fmt: skip

    def affinity_backfill(_params: Mapping[str, Any]) -> dict[str, Any]:
        indexer = indexer_of(app)
        if indexer is None:
            return {"skipped": "RECOMMENDER__AFFINITY_ON_UPSERT is off"}
        done = indexer.refresh(app.db)
        return {"encoded": done.encoded, "unchanged": done.unchanged, "failed": done.failed}

    table: dict[str, Handler] = {RETRAIN: retrain, REFRESH: refresh, RECOMPUTE_TIERS: recompute_tiers,
                                 SWEEP_POSTS: sweep_posts, SCRUB_MODELS: scrub_models,
                                 AFFINITY_BACKFILL: affinity_backfill}  # fmt: skip
    return {k: table[k] for k in kinds}


def schedules(app: App) -> list[Schedule]:
    """When each kind is due, from the settings."""
    s = app.settings
    return [
        cron(RETRAIN, s.recommender.retrain_cron),
        every(REFRESH, s.recommender.refresh_minutes * 60),
        cron(RECOMPUTE_TIERS, s.loyalty.recompute_cron),
        every(SWEEP_POSTS, s.worker.sweep_minutes * 60),
        every(SCRUB_MODELS, s.recommender.erasure_check_minutes * 60),
        every(AFFINITY_BACKFILL, s.recommender.affinity_backfill_minutes * 60),
    ]


def retrain_after_erasure(app: App, now: datetime) -> str:
    """Queue a full retrain when the newest model predates an erasure that has used 90% of the bound.

    Returns the queued job's id, or "" (no erasure waiting, not yet due, or a retrain was
    already requested after it and has not failed).
    """
    erasure = uncovered_erasure(app.db)
    if erasure is None:
        return ""
    bound = timedelta(hours=app.settings.recommender.erasure_retrain_hours)
    if now - erasure.at < bound * RETRAIN_AT:
        return ""
    last = jobs.recent(app.db, 1, kinds=[RETRAIN])
    if last and last[0].requested_at >= erasure.at and last[0].state != jobs.FAILED:
        return ""
    job, _ = jobs.submit(app.db, RETRAIN, {}, now, True)
    log.info("retrain queued: an erasure is older than the bound allows", extra={"job_id": job.job_id,
             "erasure_seq": erasure.seq, "erased_at": erasure.at.isoformat()})  # fmt: skip
    return job.job_id
