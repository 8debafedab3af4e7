"""Protobuf <-> domain for consent: purposes, timestamps, consent states, audit entries."""

from __future__ import annotations

import json
from typing import Any

from google.protobuf.struct_pb2 import Struct

from genome_store import (
    PERSONALIZATION,
    SENSITIVE_INFERENCE,
    SOCIAL_ANALYSIS,
    AuditEntry,
    ConsentChange,
    ConsentState,
)
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, consent_service_pb2
from services.timestamps import to_timestamp

PURPOSE_NAMES: dict[int, str] = {
    common_pb2.PURPOSE_SOCIAL_ANALYSIS: SOCIAL_ANALYSIS,
    common_pb2.PURPOSE_PERSONALIZATION: PERSONALIZATION,
    common_pb2.PURPOSE_SENSITIVE_INFERENCE: SENSITIVE_INFERENCE,
}
PURPOSE_ENUMS: dict[str, Any] = {name: value for value, name in PURPOSE_NAMES.items()}

# Timestamp's valid range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.


def purpose_name(field: str, value: int) -> str:
    """The domain purpose of an enum value; InvalidArgument for unset or unknown values."""
    try:
        return PURPOSE_NAMES[value]
    except KeyError:
        choices = ", ".join(common_pb2.Purpose.Name(v) for v in PURPOSE_NAMES)
        raise InvalidArgument(field, f"unknown purpose {value}; use one of {choices}") from None


def consent_state(state: ConsentState) -> consent_service_pb2.ConsentState:
    """The message of one purpose's state."""
    return consent_service_pb2.ConsentState(
        purpose=PURPOSE_ENUMS[state.purpose],
        granted=state.granted,
        at=to_timestamp(state.at),
        source=state.source,
        evidence=state.evidence,
    )


def consent_change(change: ConsentChange) -> consent_service_pb2.ConsentChange:
    """The message of one history entry."""
    return consent_service_pb2.ConsentChange(
        purpose=PURPOSE_ENUMS[change.purpose],
        granted=change.granted,
        at=to_timestamp(change.at),
        source=change.source,
        evidence=change.evidence,
        actor=change.actor,
    )


def audit_entry(entry: AuditEntry) -> consent_service_pb2.AuditEntry:
    """The message of one audit entry; details become a Struct (numbers as doubles)."""
    details = Struct()
    details.update(json.loads(json.dumps(entry.details, default=str)))
    return consent_service_pb2.AuditEntry(
        entry_id=entry.entry_id,
        at=to_timestamp(entry.at),
        actor=entry.actor,
        action=entry.action,
        consumer_id=entry.consumer_id or "",
        details=details,
    )
