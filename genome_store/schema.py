"""Collections, their `$jsonSchema` validators and indexes, created on start-up.

Each collection is described once here as data; `ensure_schema` creates what is
missing and updates validators in place (``collMod``), so it is safe to run on every
start. `GENOME_SCHEMA_VERSION` is stamped on every genome; `genome_store.migrations`
brings older documents up to it.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.database import Database
from pymongo.errors import CollectionInvalid, OperationFailure

from genome_store.checks import MAX_ID_LENGTH
from genome_store.driver_errors import storage_call

log = logging.getLogger(__name__)

GENOME_SCHEMA_VERSION = 1

GENOMES = "genomes"
POSTS = "posts"
INTERACTIONS = "interactions"
PURCHASES = "purchases"
PRODUCTS = "products"
MODELS = "models"
AUDIT_LOG = "audit_log"
TIER_RUNS = "tier_runs"
MODEL_CHUNKS = "model_chunks"
COUNTERS = "counters"
LEASES = "leases"
JOBS = "jobs"
REASON_COUNTS = "reason_counts"
REVIEW_ITEMS = "review_items"
PRODUCT_AFFINITY = "product_affinity"
AFFINITY_OVERRIDES = "affinity_overrides"

_STR = {"bsonType": "string"}
_ID = {"bsonType": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH}
_DATE = {"bsonType": "date"}
_NUM = {"bsonType": ["double", "int", "long", "decimal"]}
_NONNEG = {"bsonType": ["double", "int", "long", "decimal"], "minimum": 0}


def _obj(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"bsonType": "object", "required": required, "properties": properties}


_CONSENT = {
    "bsonType": "object",
    "required": ["granted", "at"],
    "properties": {"granted": {"bsonType": "bool"}, "at": _DATE, "source": _STR, "evidence": _STR},
}

_CONSENT_CHANGE = _obj(
    ["purpose", "granted", "at", "actor"],
    {
        "purpose": {"enum": ["social_analysis", "personalization", "sensitive_inference"]},
        "granted": {"bsonType": "bool"},
        "at": _DATE,
        "source": _STR,
        "evidence": _STR,
        "actor": _STR,
        "recorded_at": _DATE,
    },
)

_EVENT_FIELDS = ["type", "recurrence", "subject", "date_precision", "confidence", "sensitive"]
_LIFE_EVENT = _obj(
    ["event_id", *_EVENT_FIELDS],
    {
        "event_id": _ID,
        "type": _STR,
        "recurrence": {"enum": ["recurring", "one_off"]},
        "subject": {"enum": ["self", "network"]},
        "relation": {"bsonType": ["string", "null"]},
        "date": {"bsonType": ["date", "null"]},
        "date_precision": {"enum": ["day", "month", "year", "unknown"]},
        "next_occurrence": {"bsonType": ["date", "null"]},
        "confidence": {"bsonType": ["double", "int"], "minimum": 0, "maximum": 1},
        "sensitive": {"bsonType": "bool"},
        "source_post_ids": {"bsonType": "array", "items": _STR},
        "model_version": _STR,
        "detected_at": _DATE,
    },
)
# an event as detected, before it has an id in a genome (a review item's proposed or resolved event)
_DETECTED_EVENT = _obj(_EVENT_FIELDS, {k: v for k, v in _LIFE_EVENT["properties"].items() if k != "event_id"})
_REVIEW_STATES = ["pending", "confirmed", "corrected", "rejected"]


@dataclass(frozen=True)
class CollectionSpec:
    """One collection: its validator and indexes."""

    name: str
    validator: dict[str, Any]
    indexes: list[IndexModel] = field(default_factory=list)


SPECS: tuple[CollectionSpec, ...] = (
    CollectionSpec(
        GENOMES,
        _obj(
            ["_id", "schema_version", "created_at", "updated_at"],
            {
                "_id": _ID,
                "schema_version": {"bsonType": "int", "minimum": 1},
                "created_at": _DATE,
                "updated_at": _DATE,
                "consents": {
                    "bsonType": "object",
                    "properties": {
                        "social_analysis": _CONSENT,
                        "personalization": _CONSENT,
                        "sensitive_inference": _CONSENT,
                    },
                    "additionalProperties": False,
                },
                "consent_history": {"bsonType": "array", "items": _CONSENT_CHANGE},
                "life_events": {"bsonType": "array", "items": _LIFE_EVENT},
                "purchases": {"bsonType": "object"},
                "loyalty": {"bsonType": "object"},
                "segments": {"bsonType": "object"},
            },
        ),
        [
            IndexModel([("life_events.type", ASCENDING)], name="life_event_type"),
            IndexModel([("loyalty.tier", ASCENDING), ("_id", ASCENDING)], name="tier_id"),
            IndexModel([("updated_at", DESCENDING)], name="updated_at"),
            IndexModel([("segments.rfm", ASCENDING), ("_id", ASCENDING)], name="rfm_id"),
            IndexModel([("segments.behaviour", ASCENDING), ("_id", ASCENDING)], name="behaviour_id"),
        ],
    ),
    CollectionSpec(
        POSTS,
        _obj(
            ["_id", "consumer_id", "text", "posted_at", "stored_at", "expires_at"],
            {
                "_id": _ID,
                "consumer_id": _ID,
                "platform": _STR,
                "text": {"bsonType": "string", "maxLength": 20000},
                "posted_at": _DATE,
                "stored_at": _DATE,
                "expires_at": _DATE,
            },
        ),
        [
            IndexModel([("consumer_id", ASCENDING), ("posted_at", DESCENDING)], name="consumer_posted"),
            IndexModel([("expires_at", ASCENDING)], name="expires_at"),
        ],
    ),
    CollectionSpec(
        INTERACTIONS,
        _obj(
            ["_id", "consumer_id", "product_id", "kind", "occurred_at"],
            {
                "_id": _ID,
                "consumer_id": _ID,
                "product_id": _ID,
                "kind": {"enum": ["VIEW", "CLICK", "ADD_TO_CART", "PURCHASE", "DISMISS", "OFFER_REDEEMED"]},
                "occurred_at": _DATE,
                "recorded_at": _DATE,
            },
        ),
        [
            IndexModel([("consumer_id", ASCENDING), ("occurred_at", DESCENDING)], name="consumer_occurred"),
            IndexModel([("recorded_at", ASCENDING)], name="recorded_at"),
        ],
    ),
    CollectionSpec(
        PURCHASES,
        _obj(
            ["_id", "consumer_id", "product_id", "quantity", "amount", "purchased_at"],
            {
                "_id": _ID,
                "consumer_id": _ID,
                "product_id": _ID,
                "quantity": {"bsonType": ["int", "long"], "minimum": 1},
                "amount": _NONNEG,
                "currency": _STR,
                "category": {"bsonType": ["string", "null"]},
                "purchased_at": _DATE,
            },
        ),
        [
            IndexModel([("consumer_id", ASCENDING), ("purchased_at", DESCENDING)], name="consumer_purchased"),
            IndexModel([("purchased_at", ASCENDING)], name="purchased_at"),
        ],
    ),
    CollectionSpec(
        PRODUCTS,
        _obj(
            ["_id", "title", "category", "price", "in_stock"],
            {
                "_id": _ID,
                "title": _STR,
                "category": _STR,
                "price": _NONNEG,
                "tags": {"bsonType": "array", "items": _STR},
                "in_stock": {"bsonType": "bool"},
                "description": _STR,
            },
        ),
        [IndexModel([("category", ASCENDING)], name="category")],
    ),
    CollectionSpec(
        PRODUCT_AFFINITY,
        _obj(
            ["_id", "content_hash", "basis", "signals"],
            {
                "_id": _ID,
                "content_hash": _STR,
                "basis": _STR,
                "signals": {"bsonType": "object"},
                "names": {"bsonType": "array", "items": _STR},
                "computed_at": _DATE,
            },
        ),
        [],
    ),
    CollectionSpec(
        AFFINITY_OVERRIDES,
        _obj(
            ["event_type", "subject", "action", "at"],
            {
                "event_type": _STR,
                "subject": {"enum": ["self", "network", "any"]},
                "action": {"enum": ["pin", "block", "weight"]},
                "product_id": _STR,
                "category": _STR,
                "weight": {**_NUM, "minimum": 0, "maximum": 1},
                "note": _STR,
                "actor": _STR,
                "at": _DATE,
            },
        ),
        [IndexModel([("event_type", ASCENDING)], name="event_type")],
    ),
    CollectionSpec(
        MODELS,
        _obj(
            ["_id", "kind", "trained_at"],
            {
                "_id": _STR,
                "kind": _STR,
                "trained_at": _DATE,
                "type": {"enum": ["model", "refresh"]},
                "seq": {"bsonType": ["int", "long"], "minimum": 1},
                "base": _STR,
                "artifact": {"bsonType": "object"},
            },
        ),
        [
            IndexModel([("kind", ASCENDING), ("trained_at", DESCENDING)], name="kind_trained"),
            IndexModel([("type", ASCENDING), ("seq", DESCENDING)], name="type_seq"),
            IndexModel([("type", ASCENDING), ("base", ASCENDING), ("seq", ASCENDING)], name="type_base_seq"),
        ],
    ),
    CollectionSpec(
        MODEL_CHUNKS,
        _obj(
            ["_id", "artifact", "n", "data"],
            {
                "_id": _STR,
                "artifact": _STR,
                "n": {"bsonType": ["int", "long"], "minimum": 0},
                "data": {"bsonType": "binData"},
            },
        ),
        [IndexModel([("artifact", ASCENDING), ("n", ASCENDING)], name="artifact_n")],
    ),
    CollectionSpec(COUNTERS, _obj(["_id", "value"], {"_id": _STR, "value": {"bsonType": ["int", "long"]}})),
    CollectionSpec(
        LEASES,
        _obj(["_id", "holder", "expires_at"], {"_id": _STR, "holder": _STR, "expires_at": _DATE}),
    ),
    CollectionSpec(
        JOBS,
        _obj(
            ["_id", "kind", "state", "requested_at"],
            {
                "_id": _STR,
                "kind": _STR,
                "state": {"enum": ["queued", "running", "done", "failed"]},
                "requested_at": _DATE,
                "started_at": {"bsonType": ["date", "null"]},
                "finished_at": {"bsonType": ["date", "null"]},
                "attempts": {"bsonType": ["int", "long"], "minimum": 0},
                "params": {"bsonType": "object"},
                "result": {"bsonType": "object"},
            },
        ),
        [
            IndexModel(
                [("state", ASCENDING), ("kind", ASCENDING), ("requested_at", ASCENDING)], name="state_kind"
            ),
            IndexModel([("requested_at", DESCENDING)], name="requested_at"),
            IndexModel([("finished_at", ASCENDING)], name="finished_at"),
        ],
    ),
    CollectionSpec(
        AUDIT_LOG,
        _obj(
            ["at", "actor", "action"],
            {
                "at": _DATE,
                "actor": _STR,
                "action": _STR,
                "consumer_id": _STR,
                "details": {"bsonType": "object"},
            },
        ),
        [
            IndexModel([("consumer_id", ASCENDING), ("at", DESCENDING)], name="consumer_at"),
            IndexModel([("action", ASCENDING), ("at", DESCENDING)], name="action_at"),
            IndexModel([("at", DESCENDING)], name="at"),
        ],
    ),
    CollectionSpec(
        TIER_RUNS,
        _obj(
            ["_id", "as_of", "finished_at", "consumers", "changed", "transitions"],
            {
                "_id": _STR,
                "as_of": _DATE,
                "started_at": _DATE,
                "finished_at": _DATE,
                "consumers": {"bsonType": ["int", "long"], "minimum": 0},
                "changed": {"bsonType": ["int", "long"], "minimum": 0},
                "tier_counts": {"bsonType": "object"},
                "rfm_counts": {"bsonType": "object"},
                "behaviour_counts": {"bsonType": "object"},
                "transitions": {
                    "bsonType": "array",
                    "items": _obj(["from", "to", "count"], {"from": _STR, "to": _STR, "count": _NUM}),
                },
            },
        ),
        [IndexModel([("finished_at", DESCENDING)], name="finished_at")],
    ),
    CollectionSpec(
        REASON_COUNTS,
        _obj(
            ["_id", "day", "kind", "event_type", "count"],
            {
                "_id": _STR,
                "day": {"bsonType": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "kind": _STR,
                "event_type": _STR,
                "count": {"bsonType": ["int", "long"], "minimum": 0},
                "updated_at": _DATE,
            },
        ),
        [IndexModel([("day", ASCENDING), ("kind", ASCENDING)], name="day_kind")],
    ),
    CollectionSpec(
        REVIEW_ITEMS,
        _obj(
            [
                "_id",
                "consumer_id",
                "post_id",
                "post",
                "event",
                "reasons",
                "state",
                "sensitive",
                "held_at",
                "expires_at",
            ],
            {
                "_id": _ID,
                "consumer_id": _ID,
                "post_id": _ID,
                "post": _obj(
                    ["text", "posted_at"],
                    {
                        "text": {"bsonType": "string", "maxLength": 20000},
                        "platform": _STR,
                        "posted_at": _DATE,
                    },
                ),
                "event": _DETECTED_EVENT,
                "reasons": {
                    "bsonType": "array",
                    "minItems": 1,
                    "items": {"enum": ["low_confidence", "sensitive"]},
                },
                "acted": {"bsonType": "array", "items": _STR},
                "state": {"enum": _REVIEW_STATES},
                "sensitive": {"bsonType": "bool"},
                "held_at": _DATE,
                "expires_at": _DATE,
                "resolved_at": {"bsonType": ["date", "null"]},
                "resolved_by": {"bsonType": ["string", "null"]},
                "resolved": {"bsonType": ["object", "null"]},
                "event_id": {"bsonType": ["string", "null"]},
            },
        ),  # fmt: skip
        [
            IndexModel([("state", ASCENDING), ("held_at", ASCENDING), ("_id", ASCENDING)], name="state_held"),
            IndexModel(
                [("state", ASCENDING), ("event.type", ASCENDING), ("held_at", ASCENDING), ("_id", ASCENDING)],
                name="state_type_held",
            ),
            IndexModel([("consumer_id", ASCENDING), ("held_at", ASCENDING)], name="consumer_held"),
            IndexModel([("expires_at", ASCENDING)], name="expires_at"),
        ],
    ),
)


@storage_call
def ensure_schema(db: Database[Any]) -> list[str]:
    """Create missing collections, (re)apply validators and create indexes; returns names."""
    existing = set(db.list_collection_names())
    for spec in SPECS:
        validator = {"$jsonSchema": spec.validator}
        if spec.name not in existing:
            with suppress(CollectionInvalid):  # created meanwhile by another process
                db.create_collection(spec.name, validator=validator)
        else:
            try:
                db.command("collMod", spec.name, validator=validator)
            except OperationFailure as exc:
                log.warning("could not update validator", extra={"collection": spec.name, "error": str(exc)})
        if spec.indexes:
            db[spec.name].create_indexes(spec.indexes)
    return [s.name for s in SPECS]
