"""Whatever kind selection chooses, it travels through the registry, serves, and takes refreshes.

Each kind is trained through `train_and_publish` on the database (a one-candidate grid forces
the choice), loaded the way a server loads it, and must score a known consumer exactly as the
fitted model does; a newcomer's feedback reaches serving through an incremental refresh (rows
for row-based models, refitted factors for ALS); products added after the retrain rank after
the known ones; and artifacts of plain ALS published before selection still serve.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from genome_store import load_documents
from recommender.als import AlsParams, train
from recommender.artifact import model_of
from recommender.candidates import Candidate, default_grid
from recommender.events import WINDOWS
from recommender.loading import load_latest
from recommender.matrix import PURCHASE_ROW, Feedback, build_matrix
from recommender.models import Blend
from recommender.ranker import rank
from recommender.ranking import TIE_SPAN
from recommender.refresh import Refresher
from recommender.registry import Registry
from recommender.selection import SelectionOptions
from recommender.simulation import load_into, simulate
from recommender.snapshot import ModelMeta
from recommender.training import TrainingData, train_and_publish
from tests.builders import AnInteraction, a_consumer

NOW = datetime.now(UTC).replace(microsecond=0)
LATER = NOW + timedelta(minutes=1)  # feedback recorded after the retrain read its data
PARAMS = AlsParams(factors=8, iterations=4, num_threads=1)
WEIGHTS = {"VIEW": 1.0, "CLICK": 2.0, "ADD_TO_CART": 4.0, "PURCHASE": 8.0}
GRID = {c.name: c for c in default_grid(8, 4, ease_max_items=500)}
REASON = {"als": "als", "item_knn": "also_bought", "ease": "also_bought", "rp3beta": "also_bought",
          "popularity": "popular"}  # fmt: skip


def _data(*names: str) -> TrainingData:
    return TrainingData(PARAMS, WEIGHTS, 8.0, 90.0, WINDOWS, tuple(GRID[n] for n in names),
                        SelectionOptions(num_threads=1, blend=len(names) > 1))  # fmt: skip


def _shop(db: Any) -> None:
    load_into(db, simulate(consumers=80, per_category=4, seed=5, end=NOW))


@pytest.mark.parametrize(
    "name", ["als_plain", "item_knn_cosine_k100", "ease_l200", "rp3beta_b0.3", "popularity_hl7"]
)
def test_each_kind_serves_what_it_was_fitted_to_score_and_takes_a_refresh(db: Any, name: str) -> None:
    _shop(db)
    registry = Registry(db)
    meta = train_and_publish(db, registry, _data(name), NOW)
    assert meta.kind == GRID[name].kind and meta.version == f"{meta.kind}-000001"
    assert meta.selection["chosen"] == name and [c["name"] for c in meta.selection["candidates"]] == [name]
    stored = registry.latest()
    assert stored is not None and stored.meta.selection == meta.selection
    snap = load_latest(registry, db)
    assert snap.model is not None and snap.model.kind == meta.kind
    # a known consumer: the served base scores are the fitted model's, in catalog order
    fitted = model_of(stored.arrays, stored.meta.parameters)
    user = int(np.flatnonzero(stored.arrays["user_ids"] == "u00003")[0])
    expected = fitted.scores(np.array([user]), snap.row("u00003"))[0]
    found = snap.base_scores("u00003")
    assert found is not None
    order = [snap.catalog.index[str(i)] for i in stored.arrays["item_ids"]]
    tie_break = float(np.abs(expected).max()) * TIE_SPAN  # the popularity nudge for exact ties
    np.testing.assert_allclose(found.scores[order], expected, rtol=1e-5, atol=tie_break + 1e-6)
    top = rank(snap, "u00003", 10, [], True)
    assert top.personalized and top.items and top.model_version == meta.version
    assert {i.reasons[0].kind for i in top.items if i.reasons} == {REASON[meta.kind]}
    assert (snap.rows is not None) == (meta.kind in ("item_knn", "ease", "rp3beta"))

    # a newcomer's feedback reaches serving through a refresh
    a_consumer(db, "newcomer", consents=("personalization",), now=NOW)
    toys = sorted(p["_id"] for p in db.products.find({"category": "toys"}))[:3]
    a_consumer(db, "newcomer", interactions=[AnInteraction(p, "PURCHASE", NOW) for p in toys], now=LATER)
    assert rank(load_latest(registry, db), "newcomer", 5, [], True).personalized is False
    done = Refresher(db, registry).run(_data(name), NOW + timedelta(minutes=5))
    assert (done.base, done.users) == (meta.version, 1)
    refreshed = load_latest(registry, db)
    ranking = rank(refreshed, "newcomer", 10, [], True)
    assert ranking.personalized and not {i.product_id for i in ranking.items} & set(toys)
    first = ranking.items[0].reasons[0]
    assert first.kind == REASON[meta.kind]
    if first.kind == "also_bought":
        assert first.product_id in toys and first.text.startswith("people who bought Toys item")
    if meta.kind == "als":  # the worker refitted the newcomer's factors; servers apply them as shipped
        row = refreshed.row("newcomer")
        assert row.nnz == 0  # ALS keeps no rows in serving
        vector = refreshed.model.user_factors[refreshed.user_index["newcomer"]]  # type: ignore[union-attr]
        assert np.abs(vector).sum() > 0


def test_a_blend_travels_with_every_member_and_explains_each_item_by_its_strongest_member(db: Any) -> None:
    _shop(db)
    registry = Registry(db)
    members = [
        {"kind": GRID[n].kind, "params": dict(GRID[n].params)} for n in ("als_plain", "item_knn_cosine_k100")
    ]
    blend = Candidate("blend", {"members": members, "weights": [0.5, 0.5]}, "blend_als_knn")
    data = replace(_data(), candidates=(blend,))
    meta = train_and_publish(db, registry, data, NOW)
    assert meta.kind == "blend" and json.loads(meta.parameters["weights"]) == [0.5, 0.5]
    stored = registry.latest()
    assert stored is not None and {"model.m0.user_factors", "model.m1.sim_data"} <= set(stored.arrays)
    snap = load_latest(registry, db)
    assert isinstance(snap.model, Blend) and [m.kind for m in snap.model.members] == ["als", "item_knn"]
    found = snap.base_scores("u00004")
    assert found is not None
    explained = 0
    for i in np.argsort(-found.scores)[:10].tolist():
        item = snap.model_index(i)
        shares = {m.kind: float(part[item]) for m, part in found.parts}
        reason = found.reason(i)
        if max(shares, key=lambda k: shares[k]) == "als":
            assert reason is not None and reason.kind == "als"
        elif reason is not None:  # item-kNN led: its link, or ALS when it had none to show
            assert (reason.kind == "also_bought" and reason.product_id) or reason.kind == "als"
        explained += reason is not None
    assert explained >= 5
    a_consumer(db, "newcomer", consents=("personalization",), now=NOW)
    a_consumer(db, "newcomer", interactions=[AnInteraction("p-books-000", "CLICK", NOW)], now=LATER)
    Refresher(db, registry).run(data, NOW + timedelta(minutes=1))
    refreshed = load_latest(registry, db)
    assert refreshed.row("newcomer").nnz == 1  # the kNN member needs the row ...
    als = refreshed.model.members[0]  # type: ignore[union-attr]
    assert als.user_factors.shape[0] == len(refreshed.user_index)  # ... and ALS the refitted factors
    assert rank(refreshed, "newcomer", 5, [], True).personalized


def test_products_added_after_the_retrain_rank_after_the_known_ones_until_the_next(db: Any) -> None:
    _shop(db)
    registry = Registry(db)
    train_and_publish(db, registry, _data("item_knn_cosine_k100"), NOW)
    load_documents(db, products=[{"_id": "p-aaa-new", "title": "Brand new", "category": "toys", "price": 3.0,
                                  "tags": [], "in_stock": True}])  # fmt: skip
    done = Refresher(db, registry).run(_data("item_knn_cosine_k100"), NOW + timedelta(minutes=5))
    assert done.seq > 0 and done.users == 0  # the catalog changed: a refresh carries it
    snap = load_latest(registry, db)
    new = snap.catalog.index["p-aaa-new"]
    assert snap.model_items is not None and snap.model_index(new) == -1
    found = snap.base_scores("u00003")
    assert found is not None
    known = np.delete(found.scores, new)
    assert found.scores[new] <= known.min() + 1e-6
    reason = found.reason(new)
    assert reason is not None and (reason.kind, reason.text) == ("new_product", "new in the shop")
    everything = rank(snap, "u00003", 100, [], True).items
    assert everything[-1].product_id == "p-aaa-new" or "p-aaa-new" not in {
        i.product_id for i in everything[:-5]
    }


def test_plain_als_artifacts_published_before_selection_still_serve_and_refresh(db: Any) -> None:
    _shop(db)
    registry = Registry(db)
    products = sorted(p["_id"] for p in db.products.find({}, {"_id": 1}))
    feedback = [
        Feedback(d["consumer_id"], d["product_id"], PURCHASE_ROW, d["purchased_at"])
        for d in db.purchases.find()
    ]
    matrix = build_matrix(feedback, WEIGHTS, 8.0, 0.0, NOW, products)
    factors = train(matrix.user_items, AlsParams(factors=8, iterations=4, num_threads=1, weighting="bm25"))
    old = {"user_ids": matrix.user_ids, "item_ids": matrix.item_ids, "user_factors": factors.user_factors,
           "item_factors": factors.item_factors, "purchased_indptr": matrix.purchased.indptr,
           "purchased_indices": matrix.purchased.indices, "suppressed_indptr": matrix.suppressed.indptr,
           "suppressed_indices": matrix.suppressed.indices, "bm25_idf": factors.stats.idf,  # type: ignore[union-attr]
           "bm25_average_length": np.array([factors.stats.average_length])}  # type: ignore[union-attr]  # fmt: skip
    meta = ModelMeta("", NOW, {"factors": "8", "weighting": "bm25"}, {}, len(matrix.user_ids), len(products),
                     matrix.nnz, None, None)  # fmt: skip
    registry.publish(meta, old, {"lift": [], "watermark": NOW})
    snap = load_latest(registry, db)
    assert snap.model is not None and snap.model.kind == "als" and snap.model.stats is not None  # type: ignore[attr-defined]
    user = snap.user_index["u00003"]
    found = snap.base_scores("u00003")
    assert found is not None
    expected = factors.item_factors @ factors.user_factors[user]
    tie_break = float(np.abs(expected).max()) * TIE_SPAN
    np.testing.assert_allclose(found.scores, expected, rtol=1e-5, atol=tie_break + 1e-6)
    a_consumer(db, "newcomer", consents=("personalization",), now=NOW)
    a_consumer(db, "newcomer", interactions=[AnInteraction("p-books-000", "PURCHASE", NOW)], now=LATER)
    assert Refresher(db, registry).run(_data(), NOW + timedelta(minutes=5)).users == 1
    assert rank(load_latest(registry, db), "newcomer", 5, [], True).personalized


def test_a_shop_too_small_to_validate_gets_the_configured_als_marked_unvalidated(db: Any) -> None:
    for k in range(4):  # nobody has the 3 distinct items a holdout needs
        a_consumer(db, f"c{k}", consents=("personalization",), now=NOW)
    load_documents(db, products=[{"_id": f"p{k}", "title": f"P{k}", "category": "c", "price": 1.0, "tags": [],
                                  "in_stock": True} for k in range(3)])  # fmt: skip
    for k in range(4):
        a_consumer(db, f"c{k}", interactions=[AnInteraction(f"p{k % 3}", "PURCHASE", NOW)], now=NOW)
    meta = train_and_publish(db, Registry(db), _data(*GRID), NOW)
    assert (
        meta.kind == "als" and meta.selection["unvalidated"] and meta.selection["chosen"] == "als_configured"
    )
    assert meta.selection["candidates"] == [] and meta.selection["validation_users"] == 0
