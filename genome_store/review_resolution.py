"""A steward's decision on a review item: the item, the genome and the audit entry in one transaction.

A confirmed or corrected event is merged into ``genome.life_events`` by the same rule as any
detected event (`genome_store.life_events.merge_into`); a rejected one never reaches the genome.
Two stewards deciding at once touch the same item inside transactions, so one commits and the
other is retried and then finds the item resolved: the same decision again answers
``changed=False`` and writes nothing (a retry is safe), a different one is FailedPrecondition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.database import Database

from genome_store import audit, changes
from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.life_events import merge_into
from genome_store.review_items import PENDING, REJECTED, RESOLVED_STATES
from genome_store.schema import GENOMES, REVIEW_ITEMS
from genome_store.transactions import in_transaction
from lifecue.errors import FailedPrecondition, NotFound

_COMPARED = ("type", "subject", "relation", "date", "date_precision")


@dataclass(frozen=True)
class Resolved:
    """The item after the decision, whether this call changed it, and the genome event it became."""

    item: dict[str, Any]
    changed: bool
    event: dict[str, Any] | None


@storage_call
def resolve_item(
    db: Database[Any],
    item_id: str,
    state: str,
    final: Mapping[str, Any] | None,
    *,
    actor: str,
    labelled_days: int,
    now: datetime | None = None,
) -> Resolved:
    """Resolve a pending item as ``state`` (``final``: the event to merge, None for a rejection).

    The item is then kept ``labelled_days`` as a labelled example. NotFound when the item (or
    the consumer's genome) is gone; FailedPrecondition when it was resolved another way.
    """
    if state not in RESOLVED_STATES or (final is None) != (state == REJECTED):
        raise ValueError(f"state {state!r} with final {final!r}")
    moment = millis(now)

    def work(session: ClientSession) -> Resolved:
        doc = db[REVIEW_ITEMS].find_one({"_id": item_id}, session=session)
        if doc is None:
            raise NotFound("review item", item_id)
        if doc["state"] != PENDING:
            return _repeat(db, doc, state, final, session)
        event = None
        if final is not None:
            genome = db[GENOMES].find_one({"_id": doc["consumer_id"]}, {"life_events": 1}, session=session)
            if genome is None:
                raise NotFound("consumer", doc["consumer_id"])
            stored = list(genome.get("life_events") or [])
            event = dict(merge_into(stored, final, doc["held_at"]))
            db[GENOMES].update_one(
                {"_id": doc["consumer_id"]},
                {"$set": {"life_events": stored, "updated_at": moment}},
                session=session,
            )
        update = {
            "state": state,
            "resolved_at": moment,
            "resolved_by": actor,
            "resolved": dict(final) if final is not None else None,
            "event_id": event["event_id"] if event else None,
            "sensitive": bool(doc.get("sensitive") or (final or {}).get("sensitive")),
            "expires_at": moment + timedelta(days=labelled_days),
        }
        done = db[REVIEW_ITEMS].update_one(
            {"_id": item_id, "state": PENDING}, {"$set": update}, session=session
        )
        if done.matched_count != 1:  # only without snapshot isolation; MongoDB reports a write conflict
            raise FailedPrecondition(f"review item {item_id!r} was resolved meanwhile; read it again")
        audit.record(db, actor=actor, action=audit.REVIEW_RESOLVE, consumer_id=doc["consumer_id"],
                     details=_details(doc, state, final, event), at=moment, session=session)  # fmt: skip
        return Resolved({**doc, **update}, True, event)

    result = in_transaction(db, work)
    if result.changed and result.event is not None:
        changes.publish(result.item["consumer_id"])  # after the commit: caches see the new event now
    return result


def _repeat(
    db: Database[Any],
    doc: Mapping[str, Any],
    state: str,
    final: Mapping[str, Any] | None,
    session: ClientSession,
) -> Resolved:
    """A decision on an item resolved before: nothing changes if it is the same one, else FailedPrecondition."""
    before = doc.get("resolved")
    same = doc["state"] == state and (
        final is None or (before is not None and all(before.get(k) == final.get(k) for k in _COMPARED))
    )
    if not same:
        raise FailedPrecondition(
            f"review item {doc['_id']!r} was already {doc['state']} by {doc.get('resolved_by')} at "
            f"{doc.get('resolved_at')}; a decision cannot be changed here (correct the genome's event instead)"
        )
    event = None
    if doc.get("event_id"):
        genome = db[GENOMES].find_one({"_id": doc["consumer_id"]}, {"life_events": 1}, session=session)
        found = [e for e in (genome or {}).get("life_events") or () if e.get("event_id") == doc["event_id"]]
        event = dict(found[0]) if found else None
    return Resolved(dict(doc), False, event)


def _details(
    doc: Mapping[str, Any], state: str, final: Mapping[str, Any] | None, event: Mapping[str, Any] | None
) -> dict[str, Any]:
    """What the audit keeps of a decision: the item, the decision and the event before and after (no post text)."""
    proposed = doc["event"]
    return {
        "item_id": doc["_id"],
        "post_id": doc["post_id"],
        "decision": state,
        "reasons": list(doc.get("reasons") or ()),
        "proposed": {k: proposed.get(k) for k in _COMPARED} | {"confidence": proposed.get("confidence")},
        "resolved": {k: final.get(k) for k in _COMPARED} if final is not None else None,
        "event_id": event["event_id"] if event else None,
    }
