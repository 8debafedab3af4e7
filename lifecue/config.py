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

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from lifecue.roles import Role

ENV_PREFIX = "LIFECUE_"
NESTED_DELIMITER = "__"


class ServerSettings(BaseModel):
    """gRPC server."""

    host: str = "127.0.0.1"
    port: int = Field(50051, ge=0, le=65535)
    max_workers: int = Field(32, ge=1, le=1024)
    grace_seconds: float = Field(10.0, ge=0)
    warm_up_seconds: float = Field(
        120.0,
        ge=0,
        description="longest a serving process waits at start for what it prepares ahead of calls "
        "(rankings, LIFECUE_RECOMMENDER__PREWARM) before it takes calls; 0 = take calls at once",
    )
    metrics_port: int = Field(0, ge=0, le=65535, description="Prometheus /metrics port; 0 = off")
    health_port: int = Field(
        0, ge=0, le=65535, description="plaintext port answering only grpc.health.v1 (probes); 0 = off"
    )
    processes: int = Field(
        0,
        ge=0,
        le=256,
        description="serving processes of `lifecue serve` sharing the port (SO_REUSEPORT); 0 = one per usable core",
    )
    max_message_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    reflection: bool = Field(True, description="serve gRPC server reflection (lists the API; open to all)")


TokenAlgorithm = Literal[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "EdDSA",
]  # fmt: skip


class AuthSettings(BaseModel):
    """Bearer-token (JWT) authentication of every call but health and reflection.

    ``keys`` maps a key id (the token's ``kid`` header) to a verification key: the shared
    secret for HS* algorithms, a PEM public key (or the path of a PEM file) for the others.
    Several keys at once let keys rotate without downtime. ``signing_key`` (asymmetric
    algorithms only) is the private key, set only where tokens are signed.
    """

    enabled: bool = Field(True, description="false turns authentication off (logged as a warning)")
    algorithm: TokenAlgorithm = "HS256"
    keys: dict[str, SecretStr] = Field(default_factory=dict, description="kid -> secret, PEM or PEM path")
    signing_kid: str = Field(
        "", description="kid of the key new tokens are signed with; default: the only key"
    )
    signing_key: SecretStr | None = Field(None, description="private key PEM or path (asymmetric algorithms)")
    issuer: str = Field("lifecue", min_length=1)
    audience: str = Field("lifecue", min_length=1)
    leeway_seconds: float = Field(30.0, ge=0, le=600, description="clock skew allowed on exp/iat/nbf")


class TlsSettings(BaseModel):
    """TLS on the server port; with ``client_ca_file`` clients must present a certificate (mutual TLS)."""

    cert_file: Path | None = Field(None, description="server certificate chain (PEM)")
    key_file: Path | None = Field(None, description="server private key (PEM)")
    client_ca_file: Path | None = Field(
        None, description="CA that signs client certificates; set: mutual TLS"
    )
    client_roles: dict[str, Role] = Field(
        default_factory=dict, description="client certificate name (subject CN or a SAN) -> role"
    )

    def model_post_init(self, context: object, /) -> None:
        """Reject half-configured TLS."""
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("tls: set both cert_file and key_file, or neither")
        if self.client_ca_file is not None and self.cert_file is None:
            raise ValueError("tls: client_ca_file (mutual TLS) needs cert_file and key_file")
        if self.client_roles and self.client_ca_file is None:
            raise ValueError("tls: client_roles needs client_ca_file (client certificates are not asked for)")


class DatabaseSettings(BaseModel):
    """How lifecue writes to MongoDB, and how fast it gives up when MongoDB is away."""

    write_concern: str = Field(
        "majority", pattern=r"^(majority|[1-9][0-9]?)$", description="w of every write: majority or a count"
    )
    journal: bool = Field(True, description="acknowledge writes only once they are in the journal (j)")
    server_selection_timeout_ms: int = Field(
        500,
        ge=50,
        le=60000,
        description="a call waits this long for an unreachable database, then UNAVAILABLE",
    )
    connect_timeout_ms: int = Field(1000, ge=50, le=60000, description="longest wait for a new connection")
    batch_patience_seconds: float = Field(
        1800,
        ge=1,
        le=86400,
        description="how long the worker's batch jobs (tier recompute, retrain) let one whole-collection "
        "read keep the database from answering before the driver gives it up as lost",
    )
    health_check_seconds: float = Field(
        0.5, gt=0, le=60, description="how often health pings the database (NOT_SERVING while it fails)"
    )
    health_timeout_seconds: float = Field(
        1.0, gt=0, le=60, description="a health ping that takes longer counts as a failure"
    )
    embedded_restart_seconds: float = Field(
        10.0,
        ge=0,
        description="the embedded database is restarted this long after it died, unless something "
        "answers on its port by then (0: never)",
    )


class GenomeSettings(BaseModel):
    """Genome store, consent and catalog/purchase intake."""

    max_batch: int = Field(1000, ge=1, description="items per UpsertProducts/RecordPurchases call")
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
    encoder_build: Literal["fp32", "int8", "onnx", "onnx-int8"] = Field(
        "onnx-int8",
        description="How the encoder runs: torch fp32, torch int8, ONNX Runtime fp32 or int8 "
        "(lifeevents.encoder_builds; README 'Encoder builds' for speed and scores)",
    )
    build_cache: Path | None = Field(
        None,
        description="Folder ONNX builds are exported to once and read from; default: <state_dir>/encoder-builds",
    )
    min_confidence: float = Field(0.5, ge=0, le=1)
    acting_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Calibrated confidence an event needs to be acted on; default: the model's",
    )
    review_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Below acting, at or above this: pending (held for review); default: the model's",
    )
    post_retention_days: int = Field(30, ge=1)
    max_posts_per_call: int = Field(500, ge=1)
    max_text_chars: int = Field(5000, ge=1)
    review_sensitive: bool = Field(
        True,
        description="Hold every sensitive event (pregnancy, bereavement) for a steward, whatever its confidence",
    )
    review_retention_days: int = Field(
        30,
        ge=1,
        description="A pending event not reviewed within this many days is dropped with its evidence",
    )
    reviewed_retention_days: int = Field(
        365, ge=1, description="Reviewed events are kept this long as labelled examples for training"
    )
    review_page_size: int = Field(50, ge=1, le=500, description="Default ListReviewItems page size")


class EventWindow(BaseModel):
    """Proximity window of one event type: days before the day, and after it."""

    before: int = Field(ge=0)
    after: int = Field(0, ge=0)


class OfferRuleSettings(BaseModel):
    """One offer rule: tiers it applies to, optional approaching event, the discount."""

    offer_id: str
    text: str
    discount_percent: float = Field(ge=0, le=100)
    tiers: list[str] = Field(
        description="loyalty tiers (loyalty.TIERS) the offer is for; checked by the offer rule"
    )
    event_types: list[str] = Field(default_factory=list, description="empty: no event needed")
    within_days: int = Field(30, ge=0)
    valid_days: int = Field(14, ge=1)
    categories: list[str] = Field(default_factory=list)


class SelectionSettings(BaseModel):
    """Choosing the base model by temporal validation at every full retrain (README "Recommendations")."""

    enabled: bool = Field(True, description="false: train the ALS of the settings above, no selection")
    candidates: list[str] = Field(
        default_factory=list,
        description="names from recommender.candidates.default_grid to try; empty = all of them",
    )
    holdout: float = Field(0.2, gt=0, lt=1, description="share of each user's latest interactions held out")
    min_items: int = Field(3, ge=2, description="users with fewer distinct items are not held out")
    max_validation_users: int = Field(10000, ge=100, description="a seeded sample of the held-out users")
    blend: bool = Field(True, description="try a blend of the best three kinds (kept only if it validates)")
    budget_seconds: float = Field(
        1800.0,
        ge=0,
        description="no new candidate is tried once selection has run this long (the grid runs cheap "
        "kinds first); 0 = no limit. The default fits a nightly retrain of a 1M-interaction shop on 2 cores",
    )
    ease_max_items: int = Field(5000, ge=10, description="EASE fits the most popular N items (memory ~12 N²)")


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
    engine: Literal["implicit", "spark"] = Field(
        "implicit",
        description="ALS trainer: implicit in this process, or Spark MLlib (pip install lifecue[spark])",
    )
    spark_master: str = Field(
        "local[*]", min_length=1, description="Spark master URL of the spark engine, e.g. spark://host:7077"
    )
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
    retrain_cron: str = Field(
        "0 3 * * *", description="full retrain (crontab, UTC; a 6th leading field is seconds)"
    )
    refresh_minutes: float = Field(5, gt=0, description="incremental refresh period of the worker")
    model_poll_seconds: float = Field(
        5.0, gt=0, description="how often a server checks for a newer model (the change stream is faster)"
    )
    model_change_stream: bool = Field(
        True, description="watch the models collection; off (or unsupported): poll only"
    )
    keep_models: int = Field(
        5, ge=1, description="model versions kept in the database; older ones are pruned"
    )
    erasure_retrain_hours: float = Field(
        24.0,
        gt=0,
        le=24 * 366,
        description="a full retrain follows every erasure within this bound (queued at 90% of it)",
    )
    erasure_check_minutes: float = Field(
        10.0, gt=0, description="how often the worker checks that stored models are clean of erased consumers"
    )
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
    affinity_backfill_minutes: int = Field(
        60, ge=1, description="how often the worker computes affinity of products stored without it"
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
    ranking_cache: int = Field(
        50_000,
        ge=0,
        description="rankings kept between Recommend calls, each served only while its snapshot, genome "
        "(as the genome cache holds it) and day-level events are the same; 0 = rank every call; "
        "needs genome_cache; ~6 KiB each",
    )
    prewarm: int = Field(
        50_000,
        ge=0,
        description="consumers ranked ahead of their calls after every model swap (a background thread, "
        "the top prewarm_n with the default exclusion), so a first call is served like a repeat; "
        "capped by ranking_cache; 0 = off",
    )
    prewarm_n: int = Field(
        10, ge=1, description="the n those rankings are computed for (calls asking another n rank)"
    )
    selection: SelectionSettings = SelectionSettings()


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


class WorkerSettings(BaseModel):
    """The worker role: scheduled and requested jobs, each under a lease in MongoDB."""

    lease_seconds: float = Field(
        30.0, gt=0, description="a job's lease lasts this long unless renewed; a dead worker's expires"
    )
    poll_seconds: float = Field(1.0, gt=0, description="how often a worker looks for due and queued jobs")
    misfire_grace_seconds: float = Field(
        900.0, ge=0, description="a schedule slot missed by no more than this still runs when a worker starts"
    )
    max_attempts: int = Field(3, ge=1, description="runs of a job whose worker died before it is failed")
    stop_grace_seconds: float = Field(
        10.0,
        ge=0,
        description="on SIGTERM, running jobs get this long before they are handed back (the process exits when their "
        "threads end; a handed-back run's result is not recorded)",
    )
    job_retention_days: int = Field(7, ge=1, description="finished jobs are kept this long")
    progress_seconds: float = Field(
        5.0, gt=0, description="a running job stores and logs how far it has come at most this often"
    )
    sweep_minutes: float = Field(60, gt=0, description="post retention sweep period")


class ConsoleUser(BaseModel):
    """A console user who signs in with a password: its role and the password's hash.

    The hash is werkzeug's format (``scrypt:...`` or ``pbkdf2:...``), made with
    ``python -c "from werkzeug.security import generate_password_hash as h; print(h('...'))"``.
    """

    role: Role
    password_hash: SecretStr


class ConsoleSettings(BaseModel):
    """The web console for data stewards and loyalty teams (served by `lifecue serve` and `lifecue up`).

    Sessions live in a signed, HTTP-only, SameSite=Strict cookie; ``secret_key`` signs it
    (random per process when unset, so sessions end at a restart and replicas need one
    shared key). The cookie is ``Secure`` whenever the console is served over TLS
    (``cert_file``/``key_file``, or a proxy that says ``X-Forwarded-Proto: https`` from a
    trusted address) and ``cookie_secure`` is ``auto``.
    """

    enabled: bool = Field(True, description="serve the console beside the gRPC services")
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535, description="console HTTP port; 0 = a free port")
    secret_key: SecretStr | None = Field(None, description="signs session cookies; set one shared secret")
    session_minutes: int = Field(480, ge=1, le=7 * 24 * 60, description="longest a sign-in lasts")
    users: dict[str, ConsoleUser] = Field(default_factory=dict, description="name -> role and password hash")
    cookie_secure: Literal["auto", "always", "never"] = Field(
        "auto", description="auto: Secure whenever the request came over TLS"
    )
    cert_file: Path | None = Field(None, description="serve HTTPS with this certificate chain (PEM)")
    key_file: Path | None = Field(None, description="private key of cert_file (PEM)")
    trusted_proxies: list[str] = Field(
        default_factory=list, description="addresses whose X-Forwarded-Proto/For headers are believed"
    )
    page_size: int = Field(50, ge=5, le=500, description="rows per table page")
    threads: int = Field(8, ge=1, le=128, description="HTTP worker threads")

    def model_post_init(self, context: object, /) -> None:
        """Reject half-configured TLS."""
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("console: set both cert_file and key_file, or neither")


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
    tracking_uri: str | None = Field(
        None,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "LIFECUE_TRACKING_URI"),
        description="MLflow tracking store of training runs; unset: a file store in <state_dir>/mlruns",
    )
    db_name: str = "lifecue"
    state_dir: Path = Path(".lifecue")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    server: ServerSettings = ServerSettings()
    auth: AuthSettings = AuthSettings()
    tls: TlsSettings = TlsSettings()
    database: DatabaseSettings = DatabaseSettings()
    genome: GenomeSettings = GenomeSettings()
    lifeevents: LifeEventSettings = LifeEventSettings()
    recommender: RecommenderSettings = RecommenderSettings()
    loyalty: LoyaltySettings = LoyaltySettings()
    worker: WorkerSettings = WorkerSettings()

    console: ConsoleSettings = ConsoleSettings()


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
