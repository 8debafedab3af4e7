"""The one typed settings object, read from the environment.

Every variable starts with ``LIFECUE_``; nested sections use ``__``
(``LIFECUE_RECOMMENDER__FACTORS=128``). ``MONGODB_URI`` is read as is, because that
is what deployments already set. Unknown ``LIFECUE_*`` variables are rejected at
start-up so that a typo never silently falls back to a default. Domain classes take
plain constructor arguments; only entry points build a `Settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "LIFECUE_"
NESTED_DELIMITER = "__"


class ServerSettings(BaseModel):
    """gRPC server."""

    host: str = "127.0.0.1"
    port: int = Field(50051, ge=0, le=65535)
    max_workers: int = Field(32, ge=1, le=1024)
    grace_seconds: float = Field(10.0, ge=0)
    metrics_port: int = Field(0, ge=0, le=65535, description="Prometheus /metrics port; 0 = off")
    max_message_bytes: int = Field(16 * 1024 * 1024, ge=1024)


class GenomeSettings(BaseModel):
    """Genome store, consent and catalog/purchase intake."""

    max_batch: int = Field(1000, ge=1, description="items per UpsertProducts/RecordPurchases call")
    max_id_length: int = Field(128, ge=1)
    audit_page_size: int = Field(50, ge=1, le=500)
    pseudonym_key: str = Field(
        "lifecue-dev-pseudonym-key",
        min_length=8,
        description="HMAC key of erasure pseudonyms; set a secret in production and never change it",
    )
    default_currency: str = Field("EUR", pattern=r"^[A-Z]{3}$", description="for purchases sent without one")


class LifeEventSettings(BaseModel):
    """Life-event detection and post storage."""

    model_dir: Path | None = Field(None, description="Classifier artifact folder; default: the shipped one")
    batch_size: int = Field(64, ge=1, le=4096)
    min_confidence: float = Field(0.5, ge=0, le=1)
    post_retention_days: int = Field(30, ge=1)
    max_posts_per_call: int = Field(500, ge=1)
    max_text_chars: int = Field(5000, ge=1)


class EventWindow(BaseModel):
    """Proximity window of one event type: days before the day, and after it."""

    before: int = Field(ge=0)
    after: int = Field(0, ge=0)


class OfferRuleSettings(BaseModel):
    """One offer rule: tiers it applies to, optional approaching event, the discount."""

    offer_id: str
    text: str
    discount_percent: float = Field(ge=0, le=100)
    tiers: list[Literal["none", "silver", "gold", "platinum"]]
    event_types: list[str] = Field(default_factory=list, description="empty: no event needed")
    within_days: int = Field(30, ge=0)
    valid_days: int = Field(14, ge=1)
    categories: list[str] = Field(default_factory=list)


class RecommenderSettings(BaseModel):
    """ALS training, serving and the event boost.

    ALS defaults are implicit's own (factors 100, regularization 0.01, alpha 1,
    15 iterations) plus BM25 weighting of the feedback matrix, which beat plain
    implicit on both synthetic sets of the README; ``weighting=none`` is plain.
    """

    factors: int = Field(100, ge=1)
    regularization: float = Field(0.01, ge=0)
    iterations: int = Field(15, ge=1)
    alpha: float = Field(1.0, gt=0)
    weighting: Literal["none", "bm25"] = "bm25"
    seed: int = 42
    num_threads: int = Field(0, ge=0, description="training threads; 0 = all cores")
    kind_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "VIEW": 1.0,
            "CLICK": 2.0,
            "ADD_TO_CART": 4.0,
            "PURCHASE": 8.0,
            "OFFER_REDEEMED": 8.0,
            "DISMISS": 0.0,
        },
        description="matrix weight per interaction kind; DISMISS also suppresses the item in serving",
    )
    purchase_weight: float = Field(8.0, ge=0, description="weight of a row of the purchases collection")
    half_life_days: float = Field(
        90.0,
        ge=0,
        description="time decay of feedback weights (README: +14% ndcg@10 on the simulation); 0 = off",
    )
    retrain_cron: str = "0 3 * * *"
    refresh_minutes: int = Field(5, ge=1)
    exclude_purchased: bool = True
    max_n: int = Field(100, ge=1)
    boost_weight: float = Field(
        10.0, ge=0, description="event boost relative to the consumer's top base score"
    )
    boost_popularity: float = Field(
        0.9, ge=0, le=1, description="how much popularity orders boosted products (0: base score only)"
    )
    boost_max_share: float = Field(
        1.0, gt=0, le=1, description="most of the n slots boosted products may take"
    )
    boost_full_days: int = Field(
        21, ge=0, description="the boost is at full strength this many days before the day"
    )
    boost_ramp_days: int = Field(60, ge=1, description="before that it falls linearly over these days ...")
    boost_floor: float = Field(
        0.5, ge=0, le=1, description="... to no less than this (the window still bounds it)"
    )
    affinity_on_upsert: bool = Field(
        True,
        description="compute products' event affinity when they are upserted (the encoder loads on first use)",
    )
    windows: dict[str, EventWindow] = Field(
        default_factory=dict, description="per event type overrides of recommender.events.WINDOWS"
    )
    offers: list[OfferRuleSettings] | None = Field(None, description="None: recommender.offers.DEFAULT_RULES")
    genome_cache: bool = Field(
        True,
        description="cache genomes in memory; this process's genome writes evict at once, "
        "other processes' through the change stream (off: one genome read per Recommend)",
    )


class TierThresholds(BaseModel):
    """Trailing 12-month value that earns each tier; a value exactly at a threshold earns it."""

    silver: float = Field(250.0, gt=0)
    gold: float = Field(1000.0, gt=0)
    platinum: float = Field(5000.0, gt=0)

    def model_post_init(self, context: object, /) -> None:
        """Reject thresholds that do not rise from silver to platinum."""
        if not self.silver < self.gold < self.platinum:
            raise ValueError(
                f"tier thresholds must rise: silver {self.silver} < gold {self.gold} < platinum {self.platinum}"
            )


class LoyaltySettings(TierThresholds):
    """Tier thresholds (trailing 12-month value) and segmentation periods."""

    categories: dict[str, TierThresholds] = Field(
        default_factory=dict,
        description='per-category thresholds as JSON, e.g. {"baby_care": {"silver": 50, "gold": 200, "platinum": 800}}',
    )
    qualification_months: Literal[1, 2, 3, 4, 6, 12] = Field(
        3, description="length of a qualification period; demotions are only assessed at period boundaries"
    )
    grace_months: int = Field(
        3, ge=0, le=36, description="a tier that failed requalification is kept this long"
    )
    current_months: int = Field(12, ge=1, le=60, description="current period of the behaviour groups")
    comparison_months: int = Field(36, ge=1, le=120, description="comparison period before the current one")
    batch_size: int = Field(1000, ge=1, le=10000, description="consumers per bulk write of a recompute")
    quantile_sample: int = Field(50000, ge=100, description="reservoir size for RFM(T) quintile cut points")
    seed: int = 7
    recompute_cron: str = "30 2 * * *"


class Settings(BaseSettings):
    """Settings of one lifecue process."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=NESTED_DELIMITER,
        extra="forbid",
        populate_by_name=True,
    )

    mongodb_uri: str | None = Field(
        None,
        validation_alias=AliasChoices("MONGODB_URI", "LIFECUE_MONGODB_URI"),
        description="MongoDB to use; unset starts the embedded SecantusDB",
    )
    db_name: str = "lifecue"
    state_dir: Path = Path(".lifecue")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    server: ServerSettings = ServerSettings()
    genome: GenomeSettings = GenomeSettings()
    lifeevents: LifeEventSettings = LifeEventSettings()
    recommender: RecommenderSettings = RecommenderSettings()
    loyalty: LoyaltySettings = LoyaltySettings()


class UnknownSetting(ValueError):
    """A LIFECUE_* variable that no setting reads."""


def known_env_names(model: type[BaseModel] = Settings, prefix: str = ENV_PREFIX) -> set[str]:
    """Every LIFECUE_* name the settings read, nested sections included."""
    names: set[str] = set()
    for name, field in model.model_fields.items():
        full = f"{prefix}{name.upper()}"
        names.add(full)
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= known_env_names(annotation, full + NESTED_DELIMITER)
    return names


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build and validate the settings from the environment; reject unknown LIFECUE_* names."""
    env = os.environ if environ is None else environ
    known = known_env_names()
    unknown = sorted(k for k in env if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)
    if unknown:
        raise UnknownSetting(f"unknown setting(s): {', '.join(unknown)}; see README 'Configuration'")
    return Settings()
