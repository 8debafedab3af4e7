"""Product affinity through the real services: computed on UpsertProducts, cached by content,
read by the catalog without the encoder, explained in Recommend, shown and corrected by the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from genome_store import feedback_counts, get_product
from lifecue.v1 import common_pb2, genome_service_pb2, genome_service_pb2_grpc, recommender_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as rpb
from recommender.affinity import row
from recommender.product_knowledge import load_knowledge
from recommender.snapshot import Catalog
from recommender.training import catalog_with_affinity
from services.cli import main
from services.genome import SPEC as GENOME
from services.product_affinity import PLAIN_ENCODER, prepare_in_background
from tests.builders import a_consumer, an_event

NOW = datetime(2026, 6, 1, tzinfo=UTC)


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        self.texts += list(texts)
        return self.encoder.encode(texts, batch_size)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def real_encoder() -> Any:
    from lifeevents.encoder import Encoder

    return Encoder(threads=2)


@pytest.fixture
def encoder(app: Any, real_encoder: Any) -> CountingEncoder:
    counting = CountingEncoder(real_encoder)
    app.components[PLAIN_ENCODER] = counting  # what services.product_affinity hands the indexer
    return counting


def _product(pid: str, title: str, category: str, tags: Sequence[str] = (), description: str = "") -> Any:
    return common_pb2.Product(product_id=pid, title=title, category=category, price=20.0, tags=list(tags),
                              in_stock=True, description=description)  # fmt: skip


CATALOG = [
    _product("veil", "Cathedral Length Lace Veil, Ivory", "Bridal Accessories", description="Soft tulle with comb."),
    _product("band", "Platinum Wedding Band 4mm", "Fine Jewellery"),
    _product("pram", "3-in-1 Travel System Pram", "Nursery"),
    _product("sofa", "Velvet 3-Seater Sofa, Emerald", "Living Room"),
    _product("flutes", "Crystal Champagne Flutes, Set of 2", "Glassware", tags=["gift"]),
    *[
        _product(f"e{k:02d}", title, category)
        for k, (title, category) in enumerate(
            [("Bananas 1kg", "Fresh Food"), ("Laundry Detergent 50 Washes", "Household"),
             ("Fluoride Toothpaste", "Toiletries"), ("Cotton Socks 5-Pack", "Basics"),
             ("AA Batteries 12-Pack", "Electricals"), ("Printer Paper A4", "Office"),
             ("Ground Coffee 500g", "Fresh Food"), ("USB-C Cable 2m", "Electricals"),
             ("Dishwasher Tablets", "Household"), ("Shampoo 400ml", "Toiletries"),
             ("Breakfast Cereal", "Fresh Food"), ("Bin Bags 50", "Household"), ("Hand Soap", "Toiletries"),
             ("Motor Oil 5L", "Car"), ("Screen Protector", "Electricals"), ("Yoga Mat", "Sport")]
        )
    ],
]  # fmt: skip


def _upsert(channel: Any, items: Sequence[Any]) -> list[int]:
    stub = genome_service_pb2_grpc.GenomeServiceStub(channel)
    reply = stub.UpsertProducts(genome_service_pb2.UpsertProductsRequest(products=list(items)), timeout=120)
    return [r.status for r in reply.results]


def _catalog(db: Any) -> Catalog:
    return Catalog.build(catalog_with_affinity(db), feedback_counts(db), {})


def test_upsert_computes_affinity_once_per_content_and_serving_reads_it_without_the_encoder(
    serve: Any, app: Any, db: Any, encoder: CountingEncoder
) -> None:
    channel = serve("genome")
    assert set(_upsert(channel, CATALOG)) == {common_pb2.ACCEPTED}
    stored = {d["_id"]: d.get("affinity") for d in catalog_with_affinity(db)}
    assert len(stored) == len(CATALOG) and all(d and len(d["signals"]) == 26 for d in stored.values())
    assert get_product(db, "veil")["description"] == "Soft tulle with comb."  # type: ignore[index]
    encoder.texts.clear()
    assert set(_upsert(channel, CATALOG)) == {common_pb2.DUPLICATE}
    assert encoder.texts == []  # unchanged products cost nothing
    changed = _product("sofa", "Oak Dining Table", "Living Room")
    assert _upsert(channel, [changed, CATALOG[0]]) == [common_pb2.ACCEPTED, common_pb2.DUPLICATE]
    assert encoder.texts == ["Oak Dining Table. Living Room"]

    encoder.texts.clear()
    catalog = _catalog(db)
    assert encoder.texts == []  # the catalog is built from stored signals only
    at = catalog.index
    wedding, baby = catalog.affinity[row("wedding", "self")], catalog.affinity[row("new_baby", "self")]
    assert wedding[at["veil"]] > 0.5 and wedding[at["band"]] > 0.5 and baby[at["pram"]] > 0.5
    assert catalog.affinity.source(row("wedding", "self"), at["veil"]) == "meaning"
    everyday = [at[f"e{k:02d}"] for k in range(16)]
    assert min(wedding[at["veil"]], wedding[at["band"]]) > wedding[everyday].max()
    assert baby[at["pram"]] > baby[everyday].max()
    gifts = catalog.affinity[row("wedding", "network")]
    assert gifts[at["flutes"]] > gifts[everyday].max()


def test_a_serving_process_prepares_the_encoder_before_the_first_upsert(
    serve: Any, app: Any, encoder: CountingEncoder
) -> None:
    assert prepare_in_background(app, {"lifecue.v1.RecommenderService": True}) is None  # no upserts served
    thread = prepare_in_background(app, {GENOME.full_name: True})
    assert thread is not None
    assert not thread.daemon  # a process ending mid-warm-up waits for it instead of aborting in native code
    thread.join(timeout=120)
    assert not thread.is_alive()
    phrasings, known = len(encoder.texts), len(load_knowledge().texts)
    assert phrasings > known > 1000  # the phrasings and every known product, encoded ahead
    encoder.texts.clear()
    assert set(_upsert(serve("genome"), CATALOG)) == {common_pb2.ACCEPTED}
    assert len(encoder.texts) == len(CATALOG)  # the first upsert encodes its products only


def test_recommend_says_why_each_boosted_product_fits_the_event(
    serve: Any, app: Any, db: Any, encoder: CountingEncoder
) -> None:
    _upsert(serve("genome"), CATALOG)
    a_consumer(db, "bride", consents=("personalization",), granted_at=NOW - timedelta(days=1),
               events=[an_event("wedding", NOW + timedelta(days=10))], now=NOW)  # fmt: skip
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    as_of = rpb.RecommendRequest(consumer_id="bride", n=5)
    as_of.as_of.FromDatetime(NOW)
    reply = stub.Recommend(as_of, timeout=30)
    boosted = {i.product_id: [r.text for r in i.reasons if r.kind == "event_boost"] for i in reply.items}
    assert sorted(list(boosted)[:2]) == ["band", "veil"], boosted
    assert boosted["veil"] == ["Bridal Accessories: matches wedding, for your wedding in 10 days"]
    assert boosted["band"] == ["Fine Jewellery: matches wedding, for your wedding in 10 days"]


@pytest.fixture
def cli_env(monkeypatch: Any, mongo_uri: str, db_name: str, tmp_path: Any) -> None:
    monkeypatch.setenv("MONGODB_URI", mongo_uri)
    monkeypatch.setenv("LIFECUE_DB_NAME", db_name)
    monkeypatch.setenv("LIFECUE_STATE_DIR", str(tmp_path / "state"))


def _show(capsys: Any, *extra: str) -> dict[str, Any]:
    assert main(["affinity", "show", "--event", "wedding", "--subject", "self", "--json", *extra]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    return json.loads(line)  # type: ignore[no-any-return]


def test_cli_shows_sources_and_overrides_take_effect_without_a_retrain(
    serve: Any, app: Any, db: Any, encoder: CountingEncoder, cli_env: Any, capsys: Any
) -> None:
    _upsert(serve("genome"), CATALOG)
    shown = _show(capsys)
    scored = {p["product_id"]: p for p in shown["products"]}
    assert scored["veil"]["source"] == "meaning" and scored["veil"]["category"] == "Bridal Accessories"
    assert "e00" not in scored
    assert shown["categories"][0]["category"] in {"Bridal Accessories", "Fine Jewellery"}

    assert (
        main(["affinity", "block", "--event", "wedding", "--product", "veil", "--note", "out of range"]) == 0
    )
    rule = capsys.readouterr().out.strip()
    assert (
        main(["affinity", "pin", "--event", "wedding", "--subject", "self", "--category", "Living Room"]) == 0
    )
    capsys.readouterr()
    scored = {p["product_id"]: p for p in _show(capsys)["products"]}
    assert "veil" not in scored and scored["sofa"] == {**scored["sofa"], "score": 1.0, "source": "override"}
    catalog = _catalog(db)  # what the next refresh of a serving process builds
    assert catalog.affinity[row("wedding", "self")][catalog.index["veil"]] == 0.0

    assert main(["affinity", "overrides", "--event", "wedding"]) == 0
    listed = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {(o["action"], o["product_id"] or o["category"]) for o in listed} == {
        ("block", "veil"),
        ("pin", "Living Room"),
    }
    assert main(["affinity", "unset", rule]) == 0
    assert main(["affinity", "unset", rule]) == 2  # gone already
    capsys.readouterr()
    assert "veil" in {p["product_id"] for p in _show(capsys)["products"]}
    assert main(["affinity", "weight", "--event", "wedding", "--product", "band", "--value", "1.5"]) == 2
    assert main(["affinity", "compute"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {
        "encoded": 0,
        "unchanged": 21,
        "failed": False,
    }
