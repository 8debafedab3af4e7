"""The consumer genome store: the only code that speaks to MongoDB.

Everything other packages may use is listed in ``__all__`` and imported from here
(``from genome_store import grant_consent``); the modules behind it are one repository
or one rule each and may change shape. Every function that reaches the database turns
driver errors into `lifecue.errors` exceptions (`genome_store.driver_errors`), and every
write to a genome announces the consumer id after it commits (`subscribe_genome_changes`).

Repositories: genomes (`genomes`, `consents` with `revocation`, `life_events`,
`standings`), posts, review items (`review_items`, `review_resolution`), catalog
(`products`; `product_affinity`: event signals and overrides), interactions, purchases, tier
runs, audit, export and erasure. Rules: `checks` (ids and times), `lookups` (chunked ``$in``),
`outcomes` (batch items), `purposes` (consent), `schema` (collections, validators,
indexes) and `migrations`. Opening: `database` and `embedded` (SecantusDB).
"""

from __future__ import annotations

from genome_store import counters, jobs, leases, models
from genome_store.audit import (
    CONSENT_CASCADE,
    CONSENT_GRANT,
    CONSENT_REVOKE,
    CONSUMER_ERASE,
    CONSUMER_EXPORT,
    REVIEW_RESOLVE,
    AuditEntry,
    AuditPage,
)
from genome_store.audit import list_entries as list_audit_entries
from genome_store.audit import record as record_audit
from genome_store.bulk import load_documents
from genome_store.cascade_preview import preview_revocation
from genome_store.changes import subscribe as subscribe_genome_changes
from genome_store.changes import subscribe_erasures
from genome_store.checks import (
    CLOCK_SKEW,
    EARLIEST_TIME,
    LATEST_TIME,
    MAX_ID_LENGTH,
    check_days,
    check_id,
    check_key,
    check_moment,
    check_name,
    check_text,
    check_time,
    millis,
    utc,
)
from genome_store.consents import (
    ConsentChange,
    ConsentRecord,
    ConsentState,
    GrantResult,
    RevokeResult,
    get_consents,
    has_consent,
)
from genome_store.consents import grant as grant_consent
from genome_store.consents import revoke as revoke_consent
from genome_store.consents import states_of as consent_states
from genome_store.consumer_search import ConsumerSummary, find_consumers
from genome_store.consumer_search import get_summary as get_consumer_summary
from genome_store.database import Database, Store, connect, open_store, patient, reachable
from genome_store.deadlines import call_deadline, deadline
from genome_store.embedded import MEMORY, EmbeddedMongo, free_port
from genome_store.erasure import (
    Erasure,
    ErasureMark,
    erase_consumer,
    erased_pseudonyms,
    erasure_seq,
    erasures_since,
    is_erased,
    pseudonym,
)
from genome_store.export import Export, export_consumer
from genome_store.generations import SharedGenerations
from genome_store.generations import publish_to as publish_generations
from genome_store.genomes import (
    ensure_genome,
    genome_fields,
    genomes_fields,
    get_genome,
    require_genome,
    scan_genomes,
)
from genome_store.insights import EventRow, life_event_rows, purchase_hours
from genome_store.interactions import KINDS as INTERACTION_KINDS
from genome_store.interactions import (
    NewInteraction,
    consumers_with_feedback_since,
    feedback_rows,
    record_interactions,
)
from genome_store.life_events import get_events as get_life_events
from genome_store.life_events import merge_many as merge_life_events
from genome_store.migrations import migrate_genomes
from genome_store.monitoring import CommandTimer, watch_commands
from genome_store.outcomes import (
    ACCEPTED,
    DUPLICATE,
    INVALID,
    REJECTED_NO_CONSENT,
    ItemOutcome,
    check_batch,
    judge,
)
from genome_store.outcomes import counts as outcome_counts
from genome_store.posts import delete_posts, insert_posts, post_document
from genome_store.posts import existing_ids as existing_post_ids
from genome_store.posts import sweep_expired as sweep_expired_posts
from genome_store.product_affinity import OverrideRule, StoredSignals, attach_affinity, product_texts
from genome_store.product_affinity import delete_override as delete_affinity_override
from genome_store.product_affinity import list_overrides as list_affinity_overrides
from genome_store.product_affinity import put_override as put_affinity_override
from genome_store.product_affinity import save_signals as save_affinity_signals
from genome_store.product_affinity import stored_hashes as stored_affinity_hashes
from genome_store.products import ProductInput, get_product, upsert_products
from genome_store.purchases import PurchaseInput, PurchaseReport, purchases_by_consumer, record_purchases
from genome_store.purchases import refresh_summary as refresh_purchase_summary
from genome_store.purposes import PERSONALIZATION, PURPOSES, SENSITIVE_INFERENCE, SOCIAL_ANALYSIS, is_granted
from genome_store.reason_counts import ReasonCount
from genome_store.reason_counts import add_counts as add_reason_counts
from genome_store.reason_counts import daily_counts as daily_reason_counts
from genome_store.review_items import CONFIRMED as REVIEW_CONFIRMED
from genome_store.review_items import CORRECTED as REVIEW_CORRECTED
from genome_store.review_items import PENDING as REVIEW_PENDING
from genome_store.review_items import REJECTED as REVIEW_REJECTED
from genome_store.review_items import get_item as get_review_item
from genome_store.review_items import hold_items as hold_review_items
from genome_store.review_items import list_pending as list_pending_reviews
from genome_store.review_items import pending_of as pending_reviews_of
from genome_store.review_items import pending_post_ids as posts_pending_review
from genome_store.review_items import review_item_document, review_item_id, reviewed_items
from genome_store.review_items import sweep_expired as sweep_expired_review_items
from genome_store.review_resolution import Resolved as ResolvedReview
from genome_store.review_resolution import resolve_item as resolve_review_item
from genome_store.revocation import Cascade
from genome_store.schema import GENOME_SCHEMA_VERSION, ensure_schema
from genome_store.standings import (
    StandingWrite,
    StoredStanding,
    get_standing,
    list_standings,
    standings_in_order,
    with_purchases,
    write_standings,
)
from genome_store.tier_runs import last_tier_run, record_tier_run
from genome_store.training_data import catalog_products, feedback_counts, personalized_genomes
from genome_store.watch import GenomeWatch, watch_genomes

__all__ = [
    "ACCEPTED",
    "CLOCK_SKEW",
    "CONSENT_CASCADE",
    "CONSENT_GRANT",
    "CONSENT_REVOKE",
    "CONSUMER_ERASE",
    "CONSUMER_EXPORT",
    "DUPLICATE",
    "EARLIEST_TIME",
    "GENOME_SCHEMA_VERSION",
    "INTERACTION_KINDS",
    "INVALID",
    "LATEST_TIME",
    "MAX_ID_LENGTH",
    "MEMORY",
    "PERSONALIZATION",
    "PURPOSES",
    "REJECTED_NO_CONSENT",
    "REVIEW_CONFIRMED",
    "REVIEW_CORRECTED",
    "REVIEW_PENDING",
    "REVIEW_REJECTED",
    "REVIEW_RESOLVE",
    "SENSITIVE_INFERENCE",
    "SOCIAL_ANALYSIS",
    "AuditEntry",
    "AuditPage",
    "Cascade",
    "CommandTimer",
    "ConsentChange",
    "ConsentRecord",
    "ConsentState",
    "ConsumerSummary",
    "Database",
    "EmbeddedMongo",
    "Erasure",
    "ErasureMark",
    "EventRow",
    "Export",
    "GenomeWatch",
    "GrantResult",
    "ItemOutcome",
    "NewInteraction",
    "OverrideRule",
    "ProductInput",
    "PurchaseInput",
    "PurchaseReport",
    "ReasonCount",
    "ResolvedReview",
    "RevokeResult",
    "SharedGenerations",
    "StandingWrite",
    "Store",
    "StoredSignals",
    "StoredStanding",
    "add_reason_counts",
    "attach_affinity",
    "call_deadline",
    "catalog_products",
    "check_batch",
    "check_days",
    "check_id",
    "check_key",
    "check_moment",
    "check_name",
    "check_text",
    "check_time",
    "connect",
    "consent_states",
    "consumers_with_feedback_since",
    "counters",
    "daily_reason_counts",
    "deadline",
    "delete_affinity_override",
    "delete_posts",
    "ensure_genome",
    "ensure_schema",
    "erase_consumer",
    "erased_pseudonyms",
    "erasure_seq",
    "erasures_since",
    "existing_post_ids",
    "export_consumer",
    "feedback_counts",
    "feedback_rows",
    "find_consumers",
    "free_port",
    "genome_fields",
    "genomes_fields",
    "get_consents",
    "get_consumer_summary",
    "get_genome",
    "get_life_events",
    "get_product",
    "get_review_item",
    "get_standing",
    "grant_consent",
    "has_consent",
    "hold_review_items",
    "insert_posts",
    "is_erased",
    "is_granted",
    "jobs",
    "judge",
    "last_tier_run",
    "leases",
    "life_event_rows",
    "list_affinity_overrides",
    "list_audit_entries",
    "list_pending_reviews",
    "list_standings",
    "load_documents",
    "merge_life_events",
    "migrate_genomes",
    "millis",
    "models",
    "open_store",
    "outcome_counts",
    "patient",
    "pending_reviews_of",
    "personalized_genomes",
    "post_document",
    "posts_pending_review",
    "preview_revocation",
    "product_texts",
    "pseudonym",
    "publish_generations",
    "purchase_hours",
    "purchases_by_consumer",
    "put_affinity_override",
    "reachable",
    "record_audit",
    "record_interactions",
    "record_purchases",
    "record_tier_run",
    "refresh_purchase_summary",
    "require_genome",
    "resolve_review_item",
    "review_item_document",
    "review_item_id",
    "reviewed_items",
    "revoke_consent",
    "save_affinity_signals",
    "scan_genomes",
    "standings_in_order",
    "stored_affinity_hashes",
    "subscribe_erasures",
    "subscribe_genome_changes",
    "sweep_expired_posts",
    "sweep_expired_review_items",
    "upsert_products",
    "utc",
    "watch_commands",
    "watch_genomes",
    "with_purchases",
    "write_standings",
]
