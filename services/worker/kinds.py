"""The jobs of the worker role: what each kind runs and when it is scheduled.

| kind | runs | schedule (settings) |
|---|---|---|
| ``retrain`` | full retrain with model selection, published to the registry; old versions pruned; tracked in MLflow | ``RECOMMENDER__RETRAIN_CRON`` |
| ``refresh`` | incremental refresh of the served model (newest or pinned), published as a refresh | ``RECOMMENDER__REFRESH_MINUTES`` |
| ``recompute_tiers`` | loyalty tiers and segments (params: ``as_of``) | ``LOYALTY__RECOMPUTE_CRON`` |
| ``sweep_posts`` | delete posts and review items past their retention | ``WORKER__SWEEP_MINUTES`` |

Handlers read the settings when they run, so a changed setting applies to the next run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from genome_store import sweep_expired_posts, sweep_expired_review_items
from lifecue.tracking import resolve_tracking_uri
from loyalty import LoyaltyPolicy, Recompute
from recommender.refresh import Refresher
from recommender.registry import Registry
from recommender.training import TrainingData, train_and_publish
from services.recommender.selection_settings import training_data as settings_training_data
from services.worker.handoff import KINDS, RECOMPUTE_TIERS, REFRESH, RETRAIN, SWEEP_POSTS
from services.worker.runner import Handler
from services.worker.schedule import Schedule, cron, every
from services.worker.tracking import RunTracker

if TYPE_CHECKING:
    from services.app import App

TRACKER = "tracking"


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
    registry = Registry(app.db)
    refresher = Refresher(app.db, registry)
    tracker = tracker_of(app, registry)

    def retrain(_params: Mapping[str, Any]) -> dict[str, Any]:
        data = training_data(app)
        meta = train_and_publish(app.db, registry, data, datetime.now(UTC))
        pruned = registry.prune(app.settings.recommender.keep_models)
        tracker.retrain(meta, data)  # after publishing, in the background: never delays the model
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
        now = datetime.now(UTC)
        return {"deleted": sweep_expired_posts(app.db, now),
                "review_items_deleted": sweep_expired_review_items(app.db, now)}  # fmt: skip

    table: dict[str, Handler] = {RETRAIN: retrain, REFRESH: refresh, RECOMPUTE_TIERS: recompute_tiers,
                                 SWEEP_POSTS: sweep_posts}  # fmt: skip
    return {k: table[k] for k in kinds}


def schedules(app: App) -> list[Schedule]:
    """When each kind is due, from the settings."""
    s = app.settings
    return [
        cron(RETRAIN, s.recommender.retrain_cron),
        every(REFRESH, s.recommender.refresh_minutes * 60),
        cron(RECOMPUTE_TIERS, s.loyalty.recompute_cron),
        every(SWEEP_POSTS, s.worker.sweep_minutes * 60),
    ]
