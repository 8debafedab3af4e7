"""The console's one door into lifecue: every domain call the web pages make goes through here.

The pages never touch the database or a collection; they call these methods, which
call the same domain functions the gRPC servicers call (`genome_store`, `loyalty`,
`lifeevents`), with the signed-in identity as the audit actor. When a use case moves
to another package, only the imports of this module change.

The review queue (pending life events held for a steward) is reached through the small
`ReviewQueue` interface below; `StoredReviewQueue` is it over the life-event service's own
use cases (`lifeevents.review`), the same calls ListReviewItems and ResolveReviewItem make.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from genome_store import (
    CONSENT_CASCADE,
    CONSENT_GRANT,
    CONSENT_REVOKE,
    CONSUMER_ERASE,
    CONSUMER_EXPORT,
    PURPOSES,
    REVIEW_RESOLVE,
    AuditPage,
    Cascade,
    ConsentRecord,
    ConsumerSummary,
    Erasure,
    Export,
    GrantResult,
    ReasonCount,
    RevokeResult,
    daily_reason_counts,
    erase_consumer,
    export_consumer,
    find_consumers,
    get_consents,
    get_consumer_summary,
    get_life_events,
    grant_consent,
    life_event_rows,
    list_audit_entries,
    preview_revocation,
    purchase_hours,
    record_audit,
    revoke_consent,
)
from lifecue.config import LifeEventSettings, Settings
from lifeevents.outlook import Outlook, upcoming_by_week
from lifeevents.review import (
    DECISIONS,
    REASONS,
    Resolution,
    ReviewItem,
    ReviewPage,
    list_review_items,
    resolve_review,
)
from lifeevents.taxonomy import EVENT_LABELS
from loyalty import (
    BEHAVIOURS,
    GROUPS,
    TIERS,
    Assignment,
    Filters,
    Page,
    Summary,
    Thresholds,
    get_assignment,
    iter_assignments,
    last_summary,
    list_assignments,
)
from services.identity import Caller

__all__ = [
    # the names the views show in their forms, re-exported from the one home of each
    "BEHAVIOURS",
    "EVENT_LABELS",
    "GROUPS",
    "PURPOSES",
    "TIERS",
    "Assignment",
    "Filters",
    "DECISIONS",
    "REASONS",
    "Resolution",
    "ReviewItem",
    "ReviewPage",
    # the adapter itself
    "AUDIT_ACTIONS",
    "ConsoleDomain",
    "ConsumerView",
    "ReviewQueue",
    "StoredReviewQueue",
]

CONSOLE_SIGN_IN = "console.sign_in"
CONSOLE_SIGN_OUT = "console.sign_out"
CONSOLE_TIERS_EXPORT = "console.tiers.export"

#: the audit actions a steward can filter by
AUDIT_ACTIONS = (
    CONSENT_GRANT,
    CONSENT_REVOKE,
    CONSENT_CASCADE,
    CONSUMER_EXPORT,
    CONSUMER_ERASE,
    REVIEW_RESOLVE,
    CONSOLE_TIERS_EXPORT,
    CONSOLE_SIGN_IN,
    CONSOLE_SIGN_OUT,
)


class ReviewQueue(Protocol):
    """What the review pages need from the life-event service's review queue."""

    def list_items(self, event_type: str, reason: str, page_size: int, page_token: str) -> ReviewPage:
        """Pending items, oldest first, optionally of one type and one reason."""

    def resolve(self, item_id: str, resolution: Resolution, actor: str) -> ReviewItem:
        """Apply a decision (audited with ``actor``); returns the item as it was resolved."""


class StoredReviewQueue:
    """The review queue the life-event service keeps (``review_items``), through its use cases."""

    def __init__(self, db: Any, settings: LifeEventSettings) -> None:
        self.db = db
        self.settings = settings

    def list_items(self, event_type: str, reason: str, page_size: int, page_token: str) -> ReviewPage:
        """Pending items, oldest first, optionally of one type and one reason."""
        return list_review_items(
            self.db, event_type=event_type, reason=reason, page_size=page_size, page_token=page_token
        )

    def resolve(self, item_id: str, resolution: Resolution, actor: str) -> ReviewItem:
        """Confirm, correct or reject one item, kept afterwards as a labelled example."""
        done = resolve_review(self.db, item_id, resolution, actor=actor,
                              labelled_days=self.settings.reviewed_retention_days)  # fmt: skip
        return done.item


@dataclass(frozen=True)
class ConsumerView:
    """What the steward's consumer page shows."""

    summary: ConsumerSummary
    consents: ConsentRecord
    life_events: list[dict[str, Any]] = field(default_factory=list)


class ConsoleDomain:
    """Domain calls for the console, each taking the signed-in caller where it is audited."""

    def __init__(self, db: Any, settings: Settings, review: ReviewQueue | None = None) -> None:
        self.db = db
        self.settings = settings
        self.review: ReviewQueue = review or StoredReviewQueue(db, settings.lifeevents)
        loyalty = settings.loyalty
        self.thresholds = Thresholds(loyalty.silver, loyalty.gold, loyalty.platinum)

    # -- stewards ---------------------------------------------------------------------------

    def find_consumers(self, prefix: str, limit: int = 25) -> list[ConsumerSummary]:
        """Consumers whose id starts with ``prefix``."""
        return find_consumers(self.db, prefix, limit)

    def consumer(self, consumer_id: str) -> ConsumerView:
        """Consents with their history, and the life events held (NotFound when none is held)."""
        record = get_consents(self.db, consumer_id)
        summary = get_consumer_summary(self.db, consumer_id)
        assert summary is not None  # get_consents found the genome
        events, _genome = get_life_events(self.db, consumer_id)
        return ConsumerView(summary, record, events)

    def grant(self, caller: Caller, consumer_id: str, purpose: str, reason: str) -> GrantResult:
        """Grant a purpose, the reason kept as evidence."""
        return grant_consent(
            self.db, consumer_id, purpose, source="console", evidence=reason, actor=caller.actor
        )

    def preview_revoke(self, consumer_id: str, purpose: str) -> tuple[Cascade, bool]:
        """What revoking would delete now, and whether the purpose is granted now."""
        return preview_revocation(self.db, consumer_id, purpose)

    def revoke(self, caller: Caller, consumer_id: str, purpose: str, reason: str) -> RevokeResult:
        """Revoke a purpose and run its cascade."""
        return revoke_consent(
            self.db, consumer_id, purpose, source="console", evidence=reason, actor=caller.actor
        )

    def export(self, caller: Caller, consumer_id: str) -> Export:
        """Everything held about the consumer, as JSON (audited)."""
        return export_consumer(self.db, consumer_id, actor=caller.actor)

    def erase(self, caller: Caller, consumer_id: str, reason: str) -> Erasure:
        """Erase the consumer everywhere."""
        key = self.settings.genome.pseudonym_key
        return erase_consumer(self.db, consumer_id, key=key, reason=reason, actor=caller.actor)

    def audit_page(self, consumer_id: str, action: str, page_size: int, page_token: str) -> AuditPage:
        """A page of the audit log, newest first."""
        return list_audit_entries(
            self.db, consumer_id=consumer_id, action=action, page_size=page_size, page_token=page_token
        )

    def review_items(self, event_type: str, reason: str, page_size: int, page_token: str) -> ReviewPage:
        """A page of the review queue."""
        return self.review.list_items(event_type, reason, page_size, page_token)

    def resolve_review(self, caller: Caller, item_id: str, resolution: Resolution) -> ReviewItem:
        """Confirm, correct or reject one review item."""
        return self.review.resolve(item_id, resolution, caller.actor)

    # -- loyalty teams ----------------------------------------------------------------------

    def tier_summary(self) -> Summary:
        """Counts and the transition matrix of the last recompute."""
        return last_summary(self.db)

    def assignments(self, filters: Filters, page_size: int, page_token: str) -> Page:
        """A page of tier assignments in consumer-id order."""
        return list_assignments(self.db, filters, page_size, page_token)

    def all_assignments(self, caller: Caller, filters: Filters) -> Iterator[Assignment]:
        """Every matching assignment, for a CSV download (the download is audited)."""
        details = {"tier": filters.tier, "rfm": filters.rfm, "behaviour": filters.behaviour}
        record_audit(
            self.db, actor=caller.actor, action=CONSOLE_TIERS_EXPORT, consumer_id=None, details=details
        )
        return iter_assignments(self.db, filters)

    def tier_of(self, consumer_id: str) -> Assignment:
        """One consumer's tier, history and gap to the next tier."""
        return get_assignment(self.db, consumer_id, self.thresholds)

    # -- insights ---------------------------------------------------------------------------

    def upcoming_events(self, weeks: int, now: datetime | None = None) -> Outlook:
        """Upcoming life events by week and type (sensitive ones only where consent allows)."""
        return upcoming_by_week(life_event_rows(self.db), now or datetime.now(UTC), weeks)

    def reason_counts(self, days: int, now: datetime | None = None) -> list[ReasonCount]:
        """The recommender's reasons per day over the last ``days`` days."""
        today = (now or datetime.now(UTC)).date()
        return daily_reason_counts(self.db, today - timedelta(days=days - 1))

    def purchase_hours(self, days: int, now: datetime | None = None) -> dict[tuple[int, int], int]:
        """Purchases of the last ``days`` days by (ISO weekday, UTC hour)."""
        until = now or datetime.now(UTC)
        return purchase_hours(self.db, until - timedelta(days=days), until)

    # -- the console's own actions ----------------------------------------------------------

    def record_sign_in(self, caller: Caller, how: str) -> None:
        """Audit a sign-in."""
        record_audit(
            self.db, actor=caller.actor, action=CONSOLE_SIGN_IN, consumer_id=None, details={"proof": how}
        )

    def record_sign_out(self, caller: Caller) -> None:
        """Audit a sign-out."""
        record_audit(self.db, actor=caller.actor, action=CONSOLE_SIGN_OUT, consumer_id=None, details={})
