"""The product catalog: validated upserts, reported per item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from genome_store.checks import check_amount, check_id, check_key, check_name, check_text
from genome_store.driver_errors import storage_call
from genome_store.lookups import by_ids
from genome_store.outcomes import ACCEPTED, DUPLICATE, ItemOutcome, check_batch, judge
from genome_store.schema import PRODUCTS
from lifecue.errors import InvalidArgument

MAX_TITLE = 500
MAX_TAGS = 100
MAX_TAG = 100
MAX_DESCRIPTION = 5000


@dataclass(frozen=True)
class ProductInput:
    """A product as an e-commerce backend sends it."""

    product_id: str
    title: str
    category: str
    price: float
    tags: list[str] = field(default_factory=list)
    in_stock: bool = True
    description: str = ""


def product_fields(product: ProductInput, prefix: str = "") -> dict[str, Any]:
    """The stored fields of ``product`` after checks; errors name ``<prefix><field>``."""
    check_id(prefix + "product_id", product.product_id)
    tags = list(product.tags)
    if len(tags) > MAX_TAGS:
        raise InvalidArgument(prefix + "tags", f"has {len(tags)} tags; at most {MAX_TAGS} allowed")
    for i, tag in enumerate(tags):
        check_name(f"{prefix}tags[{i}]", tag, MAX_TAG)
    return {
        "title": check_text(prefix + "title", product.title, MAX_TITLE),
        "category": check_key(prefix + "category", product.category),
        "price": check_amount(prefix + "price", product.price),
        "tags": list(dict.fromkeys(tags)),
        "in_stock": bool(product.in_stock),
        "description": check_text(
            prefix + "description", product.description, MAX_DESCRIPTION, required=False
        ),
    }


@storage_call
def upsert_products(
    db: Database[Any], products: Sequence[ProductInput], max_batch: int = 1000
) -> list[ItemOutcome]:
    """Insert or update each valid product; unchanged ones are DUPLICATE, bad ones INVALID."""
    check_batch("products", len(products), max_batch)
    judged = judge("products", products, product_fields, lambda p: p.product_id)
    outcomes: list[ItemOutcome | None] = [o if isinstance(o, ItemOutcome) else None for o in judged]
    wanted: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, fields in enumerate(judged):
        if not isinstance(fields, ItemOutcome):
            wanted[products[i].product_id] = (i, fields)  # the last of repeated ids wins
    stored = by_ids(db[PRODUCTS], wanted)
    changed = {
        product_id
        for product_id, (_, fields) in wanted.items()
        if (before := stored.get(product_id)) is None or any(before.get(k) != v for k, v in fields.items())
    }
    if changed:
        ops = [UpdateOne({"_id": pid}, {"$set": wanted[pid][1]}, upsert=True) for pid in changed]
        db[PRODUCTS].bulk_write(ops, ordered=False)
    for i, product in enumerate(products):
        if outcomes[i] is None:
            status = ACCEPTED if product.product_id in changed else DUPLICATE
            outcomes[i] = ItemOutcome(product.product_id, status)
    return [o for o in outcomes if o is not None]


@storage_call
def get_product(db: Database[Any], product_id: str) -> dict[str, Any] | None:
    """The stored product document, or None."""
    return db[PRODUCTS].find_one({"_id": check_id("product_id", product_id)})
