"""What a retrain trains, from the settings: shared by the worker's retrain and eval-recommender."""

from __future__ import annotations

from lifecue.config import RecommenderSettings, Settings
from lifecue.errors import InvalidArgument
from recommender.candidates import Candidate, default_grid, named
from recommender.selection import SelectionOptions
from recommender.training import TrainingData
from services.recommender import options


def selection_of(cfg: RecommenderSettings, timed: bool = True) -> tuple[list[Candidate], SelectionOptions]:
    """The candidate grid (ALS sized by the settings) and how to validate it."""
    sel = cfg.selection
    grid = default_grid(cfg.factors, cfg.iterations, cfg.regularization, cfg.seed, sel.ease_max_items, timed)
    known = {c.name for c in default_grid(ease_max_items=sel.ease_max_items)}
    unknown = sorted(set(sel.candidates) - known)
    if unknown:
        raise InvalidArgument(
            "LIFECUE_RECOMMENDER__SELECTION__CANDIDATES",
            f"unknown candidate(s) {unknown}; known: {sorted(known)}",
        )
    options = SelectionOptions(
        holdout=sel.holdout,
        min_items=sel.min_items,
        max_validation_users=sel.max_validation_users,
        blend=sel.blend,
        budget_seconds=sel.budget_seconds,
        seed=cfg.seed,
        num_threads=cfg.num_threads,
    )
    return named(grid, sel.candidates), options


def training_data(settings: Settings, timed: bool = True) -> TrainingData:
    """How feedback becomes a model: weights, decay, windows, and selection unless it is switched off."""
    o = options(settings)
    cfg = settings.recommender
    candidates, selection = selection_of(cfg, timed) if cfg.selection.enabled else ([], SelectionOptions())
    return TrainingData(o.params, o.kind_weights, o.purchase_weight, o.half_life_days, o.windows,
                        tuple(candidates), selection)  # fmt: skip
