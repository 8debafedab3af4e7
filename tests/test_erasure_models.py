"""Erasure reaches the models: serving snapshots, stored models and refreshes, later loads, the item side.

- In the process that erases, the consumer's factors leave the serving snapshot before
  ``EraseConsumer`` answers; the ``scrub_models`` job the erasure queues rewrites every
  stored model and refresh without them; nobody else's factors change.
- Another serving process (a real ``lifecue serve``) drops them at its next sync.
- A load of an artifact the scrub has not reached yet never brings them back.
- A full retrain is queued once an erasure the newest model predates reaches 90% of the
  bound, and not before; a retrain after the erasure covers it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from genome_store import NewInteraction, erase_consumer, erasure_seq, jobs, models, record_interactions
from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc
from lifecue.v1 import recommender_service_pb2 as rec_pb2
from lifecue.v1 import recommender_service_pb2_grpc as rec_grpc
from recommender.forgetting import Forgetting, uncovered_erasure, without_users
from recommender.loading import load_latest
from recommender.registry import Registry, from_bytes
from recommender.simulation import load_into, simulate
from services.recommender import recommender_of
from services.worker import REFRESH, SCRUB_MODELS
from services.worker.kinds import retrain_after_erasure
from tests.processes import open_channel, server_env, start_serve, wait_serving

NOW = datetime(2026, 6, 1, tzinfo=UTC)
GONE, KEPT = "u00002", "u00001"


def _train(app: Any, serve: Any, candidates: list[str] | None = None) -> tuple[Any, Any]:
    """A served model of a small simulation; returns the recommender and consent stubs (admin).

    Without ``candidates`` selection is off and the configured ALS serves (factors per user);
    with them, selection chooses among those.
    """
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 3, 1
    cfg.selection.enabled = candidates is not None
    cfg.selection.candidates = candidates or []
    load_into(app.db, simulate(consumers=30, per_category=4, seed=5, end=NOW))
    channel = serve("recommender", "consent")
    rec = rec_grpc.RecommenderServiceStub(channel)
    assert rec.Retrain(rec_pb2.RetrainRequest(wait=True), timeout=180).state == "done"
    return rec, consent_service_pb2_grpc.ConsentServiceStub(channel)


def _stored_users(db: Any) -> dict[str, set[str]]:
    """The users of every stored artifact, read raw (no cleaning), by pointer id."""
    out = {}
    for pointer in db.models.find({"type": {"$in": ["model", "refresh"]}}):
        arrays = from_bytes(models.read_artifact(db, pointer["artifact"]))
        out[pointer["_id"]] = {str(u) for u in arrays.get("user_ids", np.array([])).tolist()}
    return out


def _last_job(app: Any, kind: str) -> Any:
    found = jobs.recent(app.db, 1, kinds=[kind])
    assert found, f"no {kind} job"
    return app.handoff.wait(found[0].job_id, 120)


def test_erasure_removes_the_factors_from_the_serving_and_every_stored_model(app: Any, serve: Any) -> None:
    rec, consent = _train(app, serve)
    recommender = recommender_of(app)
    # a refresh that holds the consumer too
    record_interactions(
        app.db, [NewInteraction("late-1", GONE, "p0001", "VIEW", datetime.now(UTC))], datetime.now(UTC)
    )
    app.handoff.submit(REFRESH, {})
    assert _last_job(app, REFRESH).state == jobs.DONE
    recommender.sync()
    assert all(GONE in users for users in _stored_users(app.db).values()), "every artifact held the consumer"
    snap = recommender.snapshot
    factors = snap.model.user_factors  # type: ignore[union-attr]
    row, kept = snap.user_index[GONE], factors[snap.user_index[KEPT]].copy()
    chunks_before = {d["artifact"] for d in app.db.model_chunks.find({}, {"artifact": 1})}

    consent.EraseConsumer(consent_service_pb2.EraseConsumerRequest(consumer_id=GONE, reason="test"))

    now = recommender.snapshot  # the erasing process: before EraseConsumer answered
    factors = now.model.user_factors  # type: ignore[union-attr]
    assert GONE not in now.user_index and GONE not in now.purchased and not factors[row].any()
    assert np.array_equal(factors[now.user_index[KEPT]], kept), "others keep their factors"
    scrubbed = _last_job(app, SCRUB_MODELS)
    assert scrubbed.state == jobs.DONE and int(scrubbed.result["rewritten"]) == len(_stored_users(app.db))
    stored = _stored_users(app.db)
    assert stored and all(GONE not in users and KEPT in users for users in stored.values()), stored
    assert {p.get("erasure_seq") for p in app.db.models.find({"type": {"$in": ["model", "refresh"]}})} == {1}
    chunks_after = {d["artifact"] for d in app.db.model_chunks.find({}, {"artifact": 1})}
    assert not chunks_before & chunks_after, "the old artifacts' chunks are deleted"
    assert rec.Recommend(rec_pb2.RecommendRequest(consumer_id=KEPT, n=3)).personalized
    again = rec.Recommend(rec_pb2.RecommendRequest(consumer_id=GONE, n=3))
    assert not again.personalized and again.items


def test_a_load_never_brings_an_erased_consumer_back(app: Any, serve: Any) -> None:
    _train(app, serve)
    key = app.settings.genome.pseudonym_key
    erase_consumer(app.db, GONE, key=key)  # no scrub job: the stored model still holds the rows
    raw = Registry(app.db).latest()
    assert raw is not None and GONE in raw.arrays["user_ids"].tolist()
    cleaned = Registry(app.db, Forgetting(app.db, key).clean).latest()
    assert cleaned is not None and GONE not in cleaned.arrays["user_ids"].tolist()
    assert len(cleaned.arrays["model.user_factors"]) == len(raw.arrays["model.user_factors"]) - 1
    snap = load_latest(Registry(app.db, Forgetting(app.db, key).clean), app.db)
    assert GONE not in snap.user_index and KEPT in snap.user_index


def test_a_model_that_scores_from_rows_forgets_the_rows(app: Any, serve: Any) -> None:
    _train(app, serve, candidates=["item_knn_cosine_k100"])
    recommender = recommender_of(app)
    snap = recommender.snapshot
    assert snap.model is not None and snap.model.uses_rows and snap.rows is not None, snap.meta
    at = snap.user_index[GONE]
    assert snap.row(GONE).nnz > 0
    kept = snap.row(KEPT).toarray()
    erase_consumer(app.db, GONE, key=app.settings.genome.pseudonym_key)
    recommender.sync()  # what another process does at its next sync
    now = recommender.snapshot
    assert GONE not in now.user_index and now.rows is not None and now.rows[at].nnz == 0
    assert np.array_equal(now.row(KEPT).toarray(), kept), "others keep their rows"
    cleaned = Registry(app.db, Forgetting(app.db, app.settings.genome.pseudonym_key).clean).latest()
    assert cleaned is not None and GONE not in cleaned.arrays["user_ids"].tolist()
    assert len(cleaned.arrays["rows_indptr"]) == len(cleaned.arrays["user_ids"]) + 1


def test_without_users_drops_every_per_user_row() -> None:
    users = np.array(["a", "b", "c"])
    rows = csr_matrix(np.array([[1, 0, 1, 0], [0, 1, 0, 0], [1, 1, 1, 1]], dtype=np.float32))
    weighted = csr_matrix(np.array([[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 5]], dtype=np.float32))
    arrays = {"user_ids": users, "model.user_factors": np.arange(6.0).reshape(3, 2), "item_ids": np.array(["i", "j"]),
              "model.m1.user_factors": np.arange(3.0), "model.item_factors": np.ones((2, 2)),
              "purchased_indptr": rows.indptr, "purchased_indices": rows.indices,
              "rows_indptr": weighted.indptr, "rows_indices": weighted.indices, "rows_data": weighted.data}  # fmt: skip
    out = without_users(arrays, {"b"})
    assert out["user_ids"].tolist() == ["a", "c"]
    assert out["model.user_factors"].tolist() == [[0.0, 1.0], [4.0, 5.0]]
    assert out["model.m1.user_factors"].tolist() == [0.0, 2.0]
    rows_left = csr_matrix((out["rows_data"], out["rows_indices"], out["rows_indptr"]), shape=(2, 4))
    assert rows_left.toarray().tolist() == [[2, 0, 0, 0], [0, 0, 4, 5]]
    kept = csr_matrix(
        (np.ones(len(out["purchased_indices"])), out["purchased_indices"], out["purchased_indptr"])
    )
    assert kept.toarray().tolist() == [[1, 0, 1, 0], [1, 1, 1, 1]]
    assert out["model.item_factors"] is arrays["model.item_factors"] and out["item_ids"] is arrays["item_ids"]


def test_a_retrain_follows_an_erasure_within_the_bound(app: Any, serve: Any) -> None:
    _train(app, serve)
    assert uncovered_erasure(app.db) is None
    erase_consumer(app.db, GONE, key=app.settings.genome.pseudonym_key)
    mark = uncovered_erasure(app.db)
    assert mark is not None and mark.seq == erasure_seq(app.db) == 1
    bound = timedelta(hours=app.settings.recommender.erasure_retrain_hours)
    assert retrain_after_erasure(app, mark.at + bound * 0.5) == "", "not due before 90% of the bound"
    job_id = retrain_after_erasure(app, mark.at + bound * 0.9)
    assert job_id
    assert retrain_after_erasure(app, mark.at + bound * 0.95) in ("", job_id), (
        "one retrain, not one per check"
    )
    assert app.handoff.wait(job_id, 180).state == jobs.DONE
    assert uncovered_erasure(app.db) is None, "the new model was trained after the erasure"
    assert retrain_after_erasure(app, mark.at + bound * 2) == ""
    newest = Registry(app.db).latest()
    assert newest is not None and GONE not in newest.arrays["user_ids"].tolist()


@pytest.mark.slow
def test_another_serving_process_drops_the_factors_at_its_next_sync(
    app: Any, serve: Any, mongo_uri: str, db_name: str, tmp_path: Any
) -> None:
    _, consent = _train(app, serve)
    env = server_env(mongo_uri, db_name, tmp_path, recommender__model_poll_seconds="1")
    other = start_serve(env, tmp_path / "serve.log")
    try:
        wait_serving(other)
        with open_channel(other.port) as channel:
            stub = rec_grpc.RecommenderServiceStub(channel)
            assert stub.Recommend(rec_pb2.RecommendRequest(consumer_id=GONE, n=3), timeout=30).personalized
            consent.EraseConsumer(consent_service_pb2.EraseConsumerRequest(consumer_id=GONE))
            erased = time.monotonic()
            # use stops at once (the genome is gone; the other process's cache hears of it by change stream)
            deadline = time.monotonic() + 2
            while stub.Recommend(rec_pb2.RecommendRequest(consumer_id=GONE, n=3), timeout=30).personalized:
                assert time.monotonic() < deadline, (
                    "the other process kept personalizing for the erased consumer"
                )
                time.sleep(0.01)
            dropped = "erased consumers dropped from the serving model"
            while other.output().count(dropped) < 1:  # on the erased consumer's own next call
                assert time.monotonic() - erased < 15, other.output()[-2000:]
                time.sleep(0.05)
            on_call = time.monotonic() - erased
            # a consumer nobody asks for: dropped at the next sync (model poll, 1 s here)
            consent.EraseConsumer(consent_service_pb2.EraseConsumerRequest(consumer_id="u00003"))
            erased = time.monotonic()
            while other.output().count(dropped) < 2:
                assert time.monotonic() - erased < 15, other.output()[-2000:]
                time.sleep(0.05)
            print(f"\nother process dropped the factors {on_call:.2f} s after the erasure (its next call) "
                  f"and {time.monotonic() - erased:.2f} s after another (its next sync)")  # fmt: skip
            reply = stub.Recommend(rec_pb2.RecommendRequest(consumer_id=KEPT, n=3), timeout=30)
            assert reply.personalized and reply.tier != common_pb2.TIER_UNSPECIFIED
    finally:
        other.stop()


def test_a_revoked_personalization_stops_use_at_once_and_leaves_the_next_model(app: Any, serve: Any) -> None:
    rec, consent = _train(app, serve)
    ask = rec_pb2.RecommendRequest(consumer_id="u00004", n=3)
    assert rec.Recommend(ask).personalized
    consent.RevokeConsent(
        consent_service_pb2.RevokeConsentRequest(
            consumer_id="u00004", purpose=common_pb2.PURPOSE_PERSONALIZATION
        )
    )
    assert not rec.Recommend(ask).personalized
    assert rec.Retrain(rec_pb2.RetrainRequest(wait=True), timeout=180).state == "done"
    newest = Registry(app.db).latest()
    assert newest is not None and "u00004" not in newest.arrays["user_ids"].tolist()
    assert "u00004" not in recommender_of(app).snapshot.user_index
