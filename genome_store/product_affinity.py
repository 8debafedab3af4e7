"""Stored product-event affinity: each product's meaning signals, and operators' overrides.

``product_affinity`` holds one document per product (``_id`` = product id): the signals
computed when it was upserted, the hash of the content and descriptions they came from
(an unchanged product is not encoded again) and the event names its title carries.
``affinity_overrides`` holds pins, blocks and weights; a category is a value there, never
a key, so any category name a shop uses is safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ReplaceOne
from pymongo.database import Database

from genome_store.checks import millis
from genome_store.driver_errors import storage_call
from genome_store.lookups import by_ids
from genome_store.schema import AFFINITY_OVERRIDES, PRODUCT_AFFINITY, PRODUCTS

TEXT_FIELDS = {"title": 1, "category": 1, "tags": 1, "description": 1}


@dataclass(frozen=True)
class StoredSignals:
    """What is kept of one product's affinity computation."""

    product_id: str
    content_hash: str
    basis: str
    signals: Mapping[str, float]
    names: Sequence[str]


@dataclass(frozen=True)
class OverrideRule:
    """An operator's correction: pin (1), block (0) or weight one product or category for an event."""

    event_type: str
    subject: str  # "self", "network" or "any"
    action: str  # "pin", "block" or "weight"
    product_id: str = ""
    category: str = ""
    weight: float = 1.0
    note: str = ""
    actor: str = ""

    @property
    def rule_id(self) -> str:
        """Stable id of the rule's target: setting the same target again replaces it."""
        key = "\x1f".join((self.event_type, self.subject, self.product_id, self.category))
        return "ovr-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@storage_call
def product_texts(db: Database[Any], product_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Title, category, tags and description of the given products (all products when None)."""
    if product_ids is None:
        return list(db[PRODUCTS].find({}, TEXT_FIELDS).sort("_id", 1))
    found = by_ids(db[PRODUCTS], product_ids, TEXT_FIELDS)
    return [found[k] for k in sorted(found)]


@storage_call
def stored_hashes(db: Database[Any], product_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Content hash of the stored signals per product (all products when None)."""
    projection = {"content_hash": 1}
    docs = (
        db[PRODUCT_AFFINITY].find({}, projection)
        if product_ids is None
        else by_ids(db[PRODUCT_AFFINITY], product_ids, projection).values()
    )
    return {str(d["_id"]): str(d.get("content_hash", "")) for d in docs}


@storage_call
def save_signals(db: Database[Any], rows: Sequence[StoredSignals], now: datetime | None = None) -> int:
    """Store (replace) the signals of ``rows``; returns how many were written."""
    if not rows:
        return 0
    at = millis(now)
    ops = [
        ReplaceOne(
            {"_id": r.product_id},
            {
                "content_hash": r.content_hash,
                "basis": r.basis,
                "signals": {k: float(v) for k, v in r.signals.items()},
                "names": list(r.names),
                "computed_at": at,
            },
            upsert=True,
        )  # fmt: skip
        for r in rows
    ]
    db[PRODUCT_AFFINITY].bulk_write(ops, ordered=False)
    return len(ops)


@storage_call
def attach_affinity(db: Database[Any], products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``products`` with their stored signals as ``affinity`` and matching overrides as
    ``affinity_overrides`` (what the catalog's affinity is built from); changed in place."""
    stored = {d["_id"]: d for d in db[PRODUCT_AFFINITY].find({}, {"signals": 1, "names": 1})}
    by_product: dict[str, list[dict[str, Any]]] = {}
    by_category: dict[str, list[dict[str, Any]]] = {}
    for rule in db[AFFINITY_OVERRIDES].find({}):
        if rule.get("product_id"):
            by_product.setdefault(str(rule["product_id"]), []).append(rule)
        elif rule.get("category"):
            by_category.setdefault(str(rule["category"]), []).append(rule)
    for p in products:
        found = stored.get(p["_id"])
        if found is not None:
            p["affinity"] = {"signals": found.get("signals") or {}, "names": found.get("names") or []}
        rules = by_category.get(str(p.get("category") or ""), []) + by_product.get(str(p["_id"]), [])
        if rules:
            p["affinity_overrides"] = rules
    return products


@storage_call
def put_override(db: Database[Any], rule: OverrideRule, now: datetime | None = None) -> str:
    """Store ``rule`` (replacing one with the same target); returns its id."""
    doc = {
        "event_type": rule.event_type,
        "subject": rule.subject,
        "action": rule.action,
        "product_id": rule.product_id,
        "category": rule.category,
        "weight": float(rule.weight),
        "note": rule.note,
        "actor": rule.actor,
        "at": millis(now),
    }
    db[AFFINITY_OVERRIDES].replace_one({"_id": rule.rule_id}, doc, upsert=True)
    return rule.rule_id


@storage_call
def delete_override(db: Database[Any], rule_id: str) -> bool:
    """Remove one override; False when there was none with that id."""
    return db[AFFINITY_OVERRIDES].delete_one({"_id": rule_id}).deleted_count == 1


@storage_call
def list_overrides(db: Database[Any], event_type: str | None = None) -> list[dict[str, Any]]:
    """Overrides, optionally of one event type, ordered by event type and target."""
    query = {"event_type": event_type} if event_type else {}
    return list(
        db[AFFINITY_OVERRIDES].find(query).sort([("event_type", 1), ("category", 1), ("product_id", 1)])
    )
