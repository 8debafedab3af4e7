"""gRPC edge of RecommenderService: the serving recommender, following the registry by itself.

Training and refresh are jobs of the worker role (`services.worker.kinds`); a serving
process loads the newest published model at start and swaps to newer ones as they appear.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lifecue.config import Settings
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.als import AlsParams
from recommender.blas import pin_for_serving
from recommender.events import merged_windows
from recommender.offers import DEFAULT_RULES, OfferRule
from recommender.ranker import BoostShape
from recommender.registry import Registry
from recommender.serving import Options, Recommender
from services import metrics
from services.recommender.servicer import RecommenderServicer
from services.spec import ServiceSpec

if TYPE_CHECKING:
    from services.app import App

COMPONENT = "recommender"


def options(settings: Settings) -> Options:
    """Recommender options from the settings."""
    cfg = settings.recommender
    rules = (
        DEFAULT_RULES
        if cfg.offers is None
        else tuple(
            OfferRule(
                r.offer_id,
                r.text,
                r.discount_percent,
                tuple(r.tiers),
                tuple(r.event_types),
                r.within_days,
                r.valid_days,
                tuple(r.categories),
            )  # fmt: skip
            for r in cfg.offers
        )
    )
    return Options(
        params=AlsParams(
            factors=cfg.factors,
            regularization=cfg.regularization,
            alpha=cfg.alpha,
            iterations=cfg.iterations,
            weighting=cfg.weighting,
            seed=cfg.seed,
            num_threads=cfg.num_threads,
            engine=cfg.engine,
            spark_master=cfg.spark_master,
        ),
        kind_weights=dict(cfg.kind_weights),
        purchase_weight=cfg.purchase_weight,
        half_life_days=cfg.half_life_days,
        windows=merged_windows(cfg.windows),
        boost=BoostShape(
            weight=cfg.boost_weight,
            popularity=cfg.boost_popularity,
            max_share=cfg.boost_max_share,
            full_days=cfg.boost_full_days,
            ramp_days=cfg.boost_ramp_days,
            floor=cfg.boost_floor,
        ),
        exclude_purchased=cfg.exclude_purchased,
        max_n=cfg.max_n,
        rules=rules,
        tier_thresholds=(settings.loyalty.silver, settings.loyalty.gold, settings.loyalty.platinum),
        genome_cache=cfg.genome_cache,
        ranking_cache=cfg.ranking_cache,
        prewarm=cfg.prewarm,
        prewarm_n=min(cfg.prewarm_n, cfg.max_n),
        pseudonym_key=settings.genome.pseudonym_key,
    )


def recommender_of(app: App) -> Recommender:
    """The app's one Recommender (built on first use), following the registry."""
    existing = app.components.get(COMPONENT)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    # Sixteen RPC threads each running a multi-threaded BLAS call oversubscribe the cores and made
    # Recommend ~60x slower in bench/bench_recommend.py; fitting in this process keeps the pin.
    pin_for_serving()
    cfg = app.settings.recommender
    rec = Recommender(
        app.db,
        Registry(app.db),
        options(app.settings),
        app.generations,
        on_swap=lambda snap: metrics.set_model_version("recommender", snap.version or "none"),
        on_cache_lookup=metrics.count_genome_cache,
        on_ranking_lookup=metrics.count_ranking_lookup,
    )
    rec.follow(cfg.model_poll_seconds, cfg.model_change_stream)
    rec.flush_reasons_every(60.0)
    app.components[COMPONENT] = rec
    return rec


def warm(app: App, seconds: float) -> bool:
    """Wait up to ``seconds`` for the first round of rankings computed ahead (True when done or off)."""
    return recommender_of(app).wait_prewarmed(seconds)


def build(app: App) -> RecommenderServicer:
    """The servicer over the app's recommender."""
    return RecommenderServicer(recommender_of(app), app.settings.genome.max_batch, app.handoff)


def inline(servicer: RecommenderServicer) -> dict[str, Callable[[Any], bool]]:
    """Recommend runs on the event loop when the consumer's genome is cached (no database read)."""
    holds = servicer.recommender.holds
    return {"Recommend": lambda request: holds(request.consumer_id)}


SPEC = ServiceSpec(
    key="recommender",
    full_name="lifecue.v1.RecommenderService",
    add=recommender_service_pb2_grpc.add_RecommenderServiceServicer_to_server,
    build=build,
    warm=warm,
    inline=inline,
)
