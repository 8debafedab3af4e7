"""Demo step: the personas grant their consents; a steward reads genomes, exports and erases."""

from __future__ import annotations

import json
from datetime import timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from genome_store import PURPOSES
from lifecue.roles import COMMERCE, STEWARD
from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc, genome_service_pb2_grpc
from lifecue.v1 import genome_service_pb2 as genome_pb
from services.consent.convert import PURPOSE_ENUMS
from services.demo.context import DemoContext
from services.demo.personas import PERSONAS

TITLE = "Consents and consumer genomes"
LEAVER = "c-demo-leaver"


def run(ctx: DemoContext) -> list[str]:
    """Grant each persona's consents, show each genome, then export one consumer and erase another."""
    consent = consent_service_pb2_grpc.ConsentServiceStub(ctx.channel)
    genome = genome_service_pb2_grpc.GenomeServiceStub(ctx.channel)
    granted_at = Timestamp()
    granted_at.FromDatetime(ctx.as_of - timedelta(days=90))
    lines = []
    for persona in PERSONAS:
        for purpose in persona.consents:
            consent.GrantConsent(
                consent_service_pb2.GrantConsentRequest(
                    consumer_id=persona.consumer_id,
                    purpose=PURPOSE_ENUMS[purpose],
                    source="demo_signup_form",
                    evidence=f"signup-{persona.consumer_id}",
                    granted_at=granted_at,
                ),
                metadata=ctx.as_role(STEWARD),
                timeout=10,
            )
        doc = genome.GetGenome(
            genome_pb.GetGenomeRequest(consumer_id=persona.consumer_id),
            metadata=ctx.as_role(STEWARD),
            timeout=10,
        ).genome
        allowed = [p for p, s in zip(PURPOSES, doc.consents, strict=True) if s.granted]
        lines.append(
            f"{persona.name:<6} {persona.consumer_id:<8} consents: {', '.join(allowed) or 'none'}; genome v"
            f"{doc.schema_version}, {doc.purchases.orders} orders, 12-month value {doc.purchases.value_12m:.2f}"
        )
    lines += _data_rights(ctx, consent, genome)
    return lines


def _data_rights(ctx: DemoContext, consent: consent_service_pb2_grpc.ConsentServiceStub,
                 genome: genome_service_pb2_grpc.GenomeServiceStub) -> list[str]:  # fmt: skip
    """Export the first persona's data; a leaver with one purchase asks to be erased."""
    first = PERSONAS[0].consumer_id
    exported = consent.ExportConsumerData(
        consent_service_pb2.ExportConsumerDataRequest(consumer_id=first),
        metadata=ctx.as_role(STEWARD),
        timeout=30,
    )
    held = json.loads(exported.json)
    consent.GrantConsent(
        consent_service_pb2.GrantConsentRequest(
            consumer_id=LEAVER, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="demo_signup_form"
        ),
        metadata=ctx.as_role(STEWARD),
        timeout=10,
    )
    bought = Timestamp()
    bought.FromDatetime(ctx.as_of - timedelta(days=3))
    genome.RecordPurchases(
        genome_pb.RecordPurchasesRequest(
            purchases=[common_pb2.Purchase(purchase_id=f"{LEAVER}-order-1", consumer_id=LEAVER, product_id="demo",
                                           quantity=1, amount=19.9, currency="EUR", purchased_at=bought)]
        ),
        metadata=ctx.as_role(COMMERCE),
        timeout=10,
    )  # fmt: skip
    erased = consent.EraseConsumer(
        consent_service_pb2.EraseConsumerRequest(consumer_id=LEAVER, reason="gdpr_art17_request"),
        metadata=ctx.as_role(STEWARD),
        timeout=30,
    )
    audit = consent.ListAuditLog(
        consent_service_pb2.ListAuditLogRequest(action="consent.grant", page_size=500), timeout=10
    )
    deleted = ", ".join(f"{k} {v}" for k, v in sorted(erased.deleted.items()) if v)
    return [
        f"export of {first}: {len(exported.json):,} bytes JSON, {len(held['purchases'])} purchases, "
        f"{len(held['posts'])} posts, {len(held['audit_log'])} audit entries",
        f"erasure of {LEAVER}: deleted {deleted}; audit keeps only {erased.pseudonym}",
        f"audit log: {len(audit.entries)} consent grants recorded, actor {audit.entries[0].actor!r}",
    ]
