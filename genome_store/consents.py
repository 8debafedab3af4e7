"""Consent per purpose: grant, revoke (with its cascade), current state and full history.

The current state lives in ``genome.consents.<purpose>``; every change is appended to
``genome.consent_history``. A grant or revocation, its cascade and its audit entries
commit together in one transaction, so a steward never sees half of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store import audit, changes
from genome_store.checks import check_id, check_purpose, check_text, check_time, millis
from genome_store.driver_errors import storage_call
from genome_store.genomes import new_genome_fields, require_genome
from genome_store.purposes import PURPOSES, is_granted
from genome_store.revocation import (
    EFFECTS,
    Cascade,
    delete_posts,
    delete_review_items,
    event_condition,
    removed_events,
)
from genome_store.schema import GENOMES
from genome_store.transactions import in_transaction
from lifecue.errors import NotFound

MAX_SOURCE = 200
MAX_EVIDENCE = 1000


@dataclass(frozen=True)
class ConsentState:
    """Where one purpose stands now (``at`` is None if it was never granted or revoked)."""

    purpose: str
    granted: bool
    at: datetime | None
    source: str
    evidence: str


@dataclass(frozen=True)
class ConsentChange:
    """One grant or revocation in the history."""

    purpose: str
    granted: bool
    at: datetime
    source: str
    evidence: str
    actor: str


@dataclass(frozen=True)
class ConsentRecord:
    """Current state of every purpose and the history, oldest first."""

    consumer_id: str
    states: list[ConsentState]
    history: list[ConsentChange]


@dataclass(frozen=True)
class GrantResult:
    """A grant's new state; ``changed`` is False when it was granted already."""

    state: ConsentState
    changed: bool


@dataclass(frozen=True)
class RevokeResult:
    """A revocation's new state, whether it changed anything, and what the cascade removed."""

    state: ConsentState
    changed: bool
    cascade: Cascade


@storage_call
def grant(
    db: Database[Any],
    consumer_id: str,
    purpose: str,
    *,
    source: str = "",
    evidence: str = "",
    at: datetime | None = None,
    actor: str = "anonymous",
    now: datetime | None = None,
) -> GrantResult:
    """Grant ``purpose``; creates the genome if needed; granting again only refreshes evidence."""
    check_id("consumer_id", consumer_id)
    check_purpose("purpose", purpose)
    check_text("source", source, MAX_SOURCE, required=False)
    check_text("evidence", evidence, MAX_EVIDENCE, required=False)
    moment = millis(now)
    granted_at = moment if at is None else check_time("granted_at", at, moment)

    def work(session: ClientSession) -> GrantResult:
        doc = db[GENOMES].find_one({"_id": consumer_id}, {"consents": 1}, session=session)
        current = ((doc or {}).get("consents") or {}).get(purpose) or {}
        changed = not current.get("granted", False)
        state = {
            "granted": True,
            "at": granted_at if changed else current["at"],
            "source": source,
            "evidence": evidence,
        }
        change = {"purpose": purpose, "granted": True, "at": granted_at, "source": source,
                  "evidence": evidence, "actor": actor, "recorded_at": moment}  # fmt: skip
        db[GENOMES].update_one(
            {"_id": consumer_id},
            {
                "$set": {f"consents.{purpose}": state, "updated_at": moment},
                "$push": {"consent_history": change},
                "$setOnInsert": new_genome_fields(moment),
            },
            upsert=True,
            session=session,
        )
        details = {"purpose": purpose, "changed": changed, "source": source, "evidence": evidence}
        audit.record(db, actor=actor, action=audit.CONSENT_GRANT, consumer_id=consumer_id,
                     details=details, at=moment, session=session)  # fmt: skip
        return GrantResult(state=_state(purpose, state), changed=changed)

    result = in_transaction(db, work)
    changes.publish(consumer_id)  # after the commit: caches drop the old consent now
    return result


@storage_call
def revoke(
    db: Database[Any],
    consumer_id: str,
    purpose: str,
    *,
    source: str = "",
    evidence: str = "",
    actor: str = "anonymous",
    now: datetime | None = None,
) -> RevokeResult:
    """Revoke ``purpose`` and run its cascade (see `genome_store.revocation`), all in one transaction.

    The cascade runs even when the purpose was not granted, so a revocation always
    leaves no data that the purpose would have covered. Unknown consumers are NotFound.
    """
    check_id("consumer_id", consumer_id)
    check_purpose("purpose", purpose)
    check_text("source", source, MAX_SOURCE, required=False)
    check_text("evidence", evidence, MAX_EVIDENCE, required=False)
    moment = millis(now)

    def work(session: ClientSession) -> RevokeResult:
        doc = db[GENOMES].find_one({"_id": consumer_id}, {"consents": 1, "life_events": 1}, session=session)
        if doc is None:
            raise NotFound("consumer_id", consumer_id)
        changed = is_granted(doc, purpose)
        state = {"granted": False, "at": moment, "source": source, "evidence": evidence}
        change = {"purpose": purpose, "granted": False, "at": moment, "source": source,
                  "evidence": evidence, "actor": actor, "recorded_at": moment}  # fmt: skip
        update: dict[str, Any] = {
            "$set": {f"consents.{purpose}": state, "updated_at": moment},
            "$push": {"consent_history": change},
        }
        condition = event_condition(purpose)
        events_deleted = 0
        if condition is not None:
            events_deleted = removed_events(purpose, doc)
            update["$pull"] = {"life_events": condition}
        db[GENOMES].update_one({"_id": consumer_id}, update, session=session)
        posts_deleted = delete_posts(db, consumer_id, purpose, session)
        reviews_deleted = delete_review_items(db, consumer_id, purpose, session)
        cascade = Cascade(purpose, posts_deleted, events_deleted, EFFECTS[purpose], reviews_deleted)
        details = {"purpose": purpose, "changed": changed, "source": source, "evidence": evidence}
        audit.record(db, actor=actor, action=audit.CONSENT_REVOKE, consumer_id=consumer_id,
                     details=details, at=moment, session=session)  # fmt: skip
        audit.record(db, actor=actor, action=audit.CONSENT_CASCADE, consumer_id=consumer_id,
                     details=cascade.details(), at=moment, session=session)  # fmt: skip
        return RevokeResult(state=_state(purpose, state), changed=changed, cascade=cascade)

    result = in_transaction(db, work)
    changes.publish(consumer_id)  # after the commit: caches drop the old consent now
    return result


@storage_call
def has_consent(db: Database[Any], consumer_id: str, purpose: str) -> bool:
    """Whether the consumer has ``purpose`` granted right now (False for unknown consumers)."""
    check_purpose("purpose", purpose)
    doc = db[GENOMES].find_one({"_id": check_id("consumer_id", consumer_id)}, {f"consents.{purpose}": 1})
    return is_granted(doc, purpose)


@storage_call
def get_consents(db: Database[Any], consumer_id: str) -> ConsentRecord:
    """Every purpose's state and the full history; NotFound for unknown consumers."""
    doc = require_genome(db, consumer_id)
    return ConsentRecord(
        consumer_id=consumer_id,
        states=states_of(doc),
        history=[
            ConsentChange(
                purpose=c["purpose"],
                granted=c["granted"],
                at=c["at"].astimezone(UTC),
                source=c.get("source", ""),
                evidence=c.get("evidence", ""),
                actor=c.get("actor", ""),
            )
            for c in doc.get("consent_history") or ()
        ],
    )


def states_of(genome: Mapping[str, Any]) -> list[ConsentState]:
    """The state of every purpose in a genome document, in `PURPOSES` order."""
    stored = genome.get("consents") or {}
    return [_state(p, stored.get(p) or {}) for p in PURPOSES]


def _state(purpose: str, stored: Mapping[str, Any]) -> ConsentState:
    at = stored.get("at")
    return ConsentState(
        purpose=purpose,
        granted=bool(stored.get("granted")),
        at=at.astimezone(UTC) if at is not None else None,
        source=stored.get("source", ""),
        evidence=stored.get("evidence", ""),
    )
