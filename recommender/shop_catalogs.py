"""Simulated shop catalogs of several styles, each product with the events it truly serves.

The event boost has to work on catalogs lifecue never saw, so the simulation builds the
same inventory of product types the way different shops would send it: with lifecue's
own ``event:`` tags, with a shop's own event words as tags, untagged, with odd
department names, with department codes, or with titles and departments in another
language. Two inventories are kept apart (``simulation_data/inventory_tune.json`` to tune
on, ``inventory_report.json`` to report on): other products, departments and languages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

STYLES: tuple[str, ...] = ("lifecue_tags", "shop_tags", "untagged", "odd_names", "codes", "multilingual")
INVENTORIES: tuple[str, ...] = ("tune", "report")

# How a shop might tag products for an event when it tags them at all (its words, not lifecue's).
SHOP_TAGS: dict[str, tuple[str, ...]] = {
    "birthday": ("birthday", "Birthday", "party"),
    "anniversary": ("anniversary", "Anniversary"),
    "wedding": ("wedding", "Wedding", "bridal"),
    "engagement": ("engagement",),
    "new_baby": ("new_baby", "new baby", "baby shower"),
    "pregnancy": ("pregnancy", "maternity"),
    "graduation": ("graduation", "Graduation"),
    "new_job": ("new_job", "new job"),
    "moving_home": ("moving_home", "housewarming", "new home"),
    "retirement": ("retirement",),
    "new_pet": ("new_pet", "new pet"),
    "bereavement": ("sympathy",),
}
NOISE_TAGS = ("sale", "new in", "bestseller", "eco", "premium", "limited", "online only", "clearance")
BRANDS = ("Nordvik", "Casa Bella", "Arden & Co", "Bluebird", "Maison Lune", "Oakridge", "Kiro", "Vantage",
          "Little Wren", "Heritage", "Solace", "Brightside", "Fennel", "Tallis", "Marlow")  # fmt: skip
LANGUAGES = ("de", "fr", "es", "it", "nl")


@dataclass(frozen=True)
class Inventory:
    """Departments (with their names per naming style) and product types of one simulated world."""

    name: str
    departments: dict[str, dict[str, str]]
    types: tuple[dict[str, Any], ...]

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages the inventory has titles in."""
        return tuple(lang for lang in LANGUAGES if lang in self.types[0])


@dataclass(frozen=True)
class SimProduct:
    """A product document as a shop sends it, with what the simulation knows about it."""

    doc: dict[str, Any]
    self_events: frozenset[str]
    gift_events: frozenset[str]
    everyday: float
    popularity: float

    @property
    def product_id(self) -> str:
        """The product's id."""
        return str(self.doc["_id"])


@cache
def load_inventory(name: str) -> Inventory:
    """One of ``INVENTORIES`` from the package data."""
    if name not in INVENTORIES:
        raise ValueError(f"unknown inventory {name!r}; use one of {', '.join(INVENTORIES)}")
    text = (
        resources.files("recommender").joinpath(f"simulation_data/inventory_{name}.json").read_text("utf-8")
    )
    data = json.loads(text)
    return Inventory(name, data["departments"], tuple(data["types"]))


def build_catalog(inventory: Inventory, style: str, seed: int, variants: int = 8) -> list[SimProduct]:
    """``variants`` products per product type, named, categorised and tagged as ``style`` says."""
    if style not in STYLES:
        raise ValueError(f"unknown catalog style {style!r}; use one of {', '.join(STYLES)}")
    rng = np.random.default_rng(seed)
    language = inventory.languages[int(rng.integers(len(inventory.languages)))]
    out: list[SimProduct] = []
    for t, kind in enumerate(inventory.types):
        names = inventory.departments[kind["dept"]]
        category = {
            "lifecue_tags": names["plain"].lower().replace(" ", "_").replace("&", "and"),
            "shop_tags": names["shop"],
            "untagged": names["shop"],
            "odd_names": names["odd"],
            "codes": names["code"],
            "multilingual": names[language],
        }[style]
        for v in range(variants):
            title = str(kind["titles"][v % len(kind["titles"])])
            if style == "multilingual" and rng.random() < 0.8:
                title = str(kind[language])
            brand = BRANDS[int(rng.integers(len(BRANDS)))]
            out.append(
                SimProduct(
                    doc={
                        "_id": f"p{t:03d}-{v:02d}",
                        "title": f"{brand} {title}" if rng.random() < 0.6 else title,
                        "category": category,
                        "price": round(float(rng.lognormal(3.3, 0.9)), 2),
                        "tags": _tags(kind, style, rng),
                        "in_stock": bool(rng.random() > 0.03),
                    },
                    self_events=frozenset(kind["self"]),
                    gift_events=frozenset(kind["gift"]),
                    everyday=float(kind["everyday"]),
                    popularity=float(rng.lognormal(0.0, 1.0)),
                )
            )
    return out


def _tags(kind: dict[str, Any], style: str, rng: np.random.Generator) -> list[str]:
    tags: list[str] = []
    if style == "lifecue_tags":
        if rng.random() < 0.7:
            tags += [f"event:{e}" for e in kind["self"]]
        if kind["gift"] and rng.random() < 0.5:
            tags.append("gift")
    elif style == "shop_tags":
        for event in kind["self"]:
            if rng.random() < 0.6:
                words = SHOP_TAGS[event]
                tags.append(words[int(rng.integers(len(words)))])
        if kind["gift"] and rng.random() < 0.4:
            tags.append("gift")
        if rng.random() < 0.5:
            tags.append(NOISE_TAGS[int(rng.integers(len(NOISE_TAGS)))])
    return list(dict.fromkeys(tags))
