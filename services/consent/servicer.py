"""ConsentService: thin calls into genome_store's consent, audit, export and erasure."""

from __future__ import annotations

import logging
from typing import Any

import grpc

from genome_store import (
    Database,
    erase_consumer,
    export_consumer,
    get_consents,
    grant_consent,
    list_audit_entries,
    revoke_consent,
)
from lifecue.config import GenomeSettings
from lifecue.errors import LifecueError
from lifecue.v1 import consent_service_pb2 as pb
from lifecue.v1 import consent_service_pb2_grpc
from services import timestamps
from services.consent import convert
from services.identity import actor_of
from services.worker.handoff import SCRUB_MODELS, Handoff

log = logging.getLogger(__name__)


class ConsentServicer(consent_service_pb2_grpc.ConsentServiceServicer):
    """Grants, revocations (with cascades), consent history, export, erasure and the audit log."""

    def __init__(self, db: Database[Any], settings: GenomeSettings, handoff: Handoff | None = None) -> None:
        self.db = db
        self.settings = settings
        self.handoff = handoff

    def GrantConsent(self, request: pb.GrantConsentRequest, context: grpc.ServicerContext) -> Any:
        """Grant one purpose."""
        result = grant_consent(
            self.db,
            request.consumer_id,
            convert.purpose_name("purpose", request.purpose),
            source=request.source,
            evidence=request.evidence,
            at=timestamps.optional_datetime("granted_at", request, "granted_at"),
            actor=actor_of(context),
        )
        return pb.GrantConsentResponse(consent=convert.consent_state(result.state), changed=result.changed)

    def RevokeConsent(self, request: pb.RevokeConsentRequest, context: grpc.ServicerContext) -> Any:
        """Revoke one purpose and cascade."""
        result = revoke_consent(
            self.db,
            request.consumer_id,
            convert.purpose_name("purpose", request.purpose),
            source=request.source,
            evidence=request.evidence,
            actor=actor_of(context),
        )
        return pb.RevokeConsentResponse(
            consent=convert.consent_state(result.state),
            changed=result.changed,
            posts_deleted=result.cascade.posts_deleted,
            life_events_deleted=result.cascade.life_events_deleted,
            review_items_deleted=result.cascade.review_items_deleted,
        )

    def GetConsents(self, request: pb.GetConsentsRequest, context: grpc.ServicerContext) -> Any:
        """Every purpose's state and the history."""
        record = get_consents(self.db, request.consumer_id)
        return pb.GetConsentsResponse(
            consumer_id=record.consumer_id,
            consents=[convert.consent_state(s) for s in record.states],
            history=[convert.consent_change(c) for c in record.history],
        )

    def ExportConsumerData(self, request: pb.ExportConsumerDataRequest, context: grpc.ServicerContext) -> Any:
        """Everything held about one consumer as JSON."""
        result = export_consumer(self.db, request.consumer_id, actor=actor_of(context))
        return pb.ExportConsumerDataResponse(
            consumer_id=result.consumer_id,
            json=result.json,
            exported_at=convert.to_timestamp(result.exported_at),
        )

    def EraseConsumer(self, request: pb.EraseConsumerRequest, context: grpc.ServicerContext) -> Any:
        """Erase one consumer everywhere."""
        result = erase_consumer(
            self.db,
            request.consumer_id,
            key=self.settings.pseudonym_key,
            reason=request.reason,
            actor=actor_of(context),
        )
        if self.handoff is not None:  # stored models lose the consumer's factors (serving ones did already)
            try:
                self.handoff.submit(SCRUB_MODELS, {})
            except LifecueError:  # erased all the same; the scheduled scrub catches up
                log.warning("could not queue the model scrub after an erasure", exc_info=True)
        return pb.EraseConsumerResponse(pseudonym=result.pseudonym, deleted=result.deleted)

    def ListAuditLog(self, request: pb.ListAuditLogRequest, context: grpc.ServicerContext) -> Any:
        """A page of audit entries, newest first."""
        page = list_audit_entries(
            self.db,
            consumer_id=request.consumer_id,
            action=request.action,
            page_size=request.page_size or self.settings.audit_page_size,
            page_token=request.page_token,
        )
        return pb.ListAuditLogResponse(
            entries=[convert.audit_entry(e) for e in page.entries], next_page_token=page.next_page_token
        )
