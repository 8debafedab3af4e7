"""A full retrain through the worker chooses among the candidates; Recommend serves the choice.

On a grocery-like shop (repeat baskets over best sellers, complements of staples), ALS
loses to item neighbours, EASE and popularity: selection must see that, the registry and
GetModelInfo must show every candidate's figures, and Recommend must serve the chosen
model with its own reasons, the event boost on top, while serving BLAS stays at one thread.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from threadpoolctl import threadpool_info

from genome_store import load_documents, merge_life_events
from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.basket_simulation import as_world, grocery
from recommender.simulation import load_into
from tests.builders import an_event

NOW = datetime.now(UTC).replace(microsecond=0)
WEDDING = NOW + timedelta(days=10)
ROW_KINDS = {"also_bought", "popular", "als", "new_product"}


def _ts(value: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def _grocery_shop(app: Any) -> None:
    """300 shoppers over 240 products, plus wedding products nobody bought yet and a bride."""
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 6, 2
    load_into(app.db, as_world(grocery(users=300, items=240, days=60, seed=11), end=NOW - timedelta(hours=1)))
    load_documents(app.db, products=[{"_id": f"wed-{k}", "title": f"Wedding favour {k}", "category": "wedding",
                                      "price": 9.0, "tags": ["event:wedding"], "in_stock": True}
                                     for k in range(6)])  # fmt: skip
    merge_life_events(app.db, {"g1": [an_event("wedding", WEDDING)]}, NOW)


def test_a_grocery_retrain_chooses_no_als_and_recommend_serves_the_choice_with_its_reasons(
    app: Any, serve: Any
) -> None:
    _grocery_shop(app)
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    done = stub.Retrain(pb.RetrainRequest(wait=True), timeout=300)
    assert done.state == "done"
    info = stub.GetModelInfo(pb.GetModelInfoRequest()).model
    sel = info.selection
    names = {c.name: c for c in sel.candidates}
    # every candidate of the default grid was fitted and scored on the holdout, and recorded
    assert {
        "popularity",
        "item_knn_cosine_k100",
        "rp3beta_b0.3",
        "als_plain",
        "als_bm25",
        "ease_l200",
    } <= set(names)
    assert sel.k == 10 and sel.validation_users > 250 and not sel.unvalidated
    assert all(0 <= c.ndcg <= 1 and c.fit_seconds >= 0 and c.parameters for c in sel.candidates)
    best = max(sel.candidates, key=lambda c: c.ndcg)
    assert best.kind != "als" and max(names[n].ndcg for n in names if n.startswith("als")) < best.ndcg
    assert info.kind != "als" and not sel.chosen.startswith("als") and info.version == f"{info.kind}-000001"
    assert sel.ndcg >= best.ndcg and info.metrics["validation_ndcg"] == sel.ndcg
    if info.kind == "blend":
        assert sel.blend.accepted and sel.chosen.startswith("blend(")

    reply = stub.Recommend(pb.RecommendRequest(consumer_id="g0", n=10, as_of=_ts(NOW)))
    assert reply.personalized and reply.model_version == info.version and len(reply.items) == 10
    bought = {d["product_id"] for d in app.db.purchases.find({"consumer_id": "g0"})}
    assert all(i.reasons for i in reply.items)  # every product shown says why
    base = [i.reasons[0] for i in reply.items]
    assert {r.kind for r in base} <= ROW_KINDS - {"als"} | ({"als"} if info.kind == "blend" else set())
    for reason in (r for r in base if r.kind == "also_bought" and r.product_id):
        assert (
            reason.product_id in bought
            and reason.text == f"people who bought Product {reason.product_id} also bought this"
        )
    assert any(r.kind == "also_bought" and r.product_id for r in base) or info.kind == "popularity"

    near = stub.Recommend(pb.RecommendRequest(consumer_id="g1", n=10, as_of=_ts(WEDDING - timedelta(days=3))))
    boosted = [i.product_id for i in near.items if any(r.kind == "event_boost" for r in i.reasons)]
    assert len([p for p in boosted if p.startswith("wed-")]) >= 3  # nobody bought them: the boost alone
    assert all(i.reasons and i.reasons[0].kind in ROW_KINDS | {"event_boost"} for i in near.items)
    far = stub.Recommend(
        pb.RecommendRequest(consumer_id="g1", n=10, as_of=_ts(WEDDING - timedelta(days=200)))
    )
    assert not any(r.kind == "event_boost" for i in far.items for r in i.reasons)
    assert not any(i.product_id.startswith("wed-") for i in far.items)
    # EASE raised the BLAS threads while it was fitted in this process's worker; serving is back at one
    assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")


def test_with_selection_switched_off_a_retrain_fits_the_configured_als_alone(app: Any, serve: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 4, 2
    cfg.selection.enabled = False
    load_into(app.db, as_world(grocery(users=60, items=80, days=30, seed=4), end=NOW - timedelta(hours=1)))
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    done = stub.Retrain(pb.RetrainRequest(wait=True), timeout=120)
    assert done.state == "done" and done.model.kind == "als" and not done.model.HasField("selection")
    # the retrain's last report stays on its job: it published what it trained on
    assert done.job.progress["phase"] == "publish" and done.job.progress["done"] == str(
        done.model.interactions
    )
    assert done.model.parameters["factors"] == "8" and done.model.parameters["weighting"] == "bm25"
    reply = stub.Recommend(pb.RecommendRequest(consumer_id="g0", n=5, as_of=_ts(NOW)))
    assert reply.personalized and {i.reasons[0].kind for i in reply.items} == {"als"}
