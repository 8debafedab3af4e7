"""Every retrain is tracked in MLflow after it is published: the run reads back with MLflow's client,
its id lands in the registry entry and in GetModelInfo, and a store that is down costs a warning only."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from lifecue.tracking import resolve_tracking_uri
from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.registry import Registry
from recommender.simulation import load_into, simulate
from services.worker import RETRAIN

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _world(app: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 2, 1
    cfg.half_life_days = 0.0  # no time decay: the same feedback is the same training matrix
    cfg.selection.candidates = ["als_plain", "item_knn_cosine_k100"]  # two, for speed
    load_into(app.db, simulate(consumers=30, per_category=3, seed=5, end=NOW))


def _retrain(app: Any) -> tuple[str, str]:
    job, _ = app.handoff.submit(RETRAIN, {}, join=False)
    done = app.handoff.wait(job.job_id, 120)
    assert done.state == "done", done.error
    return str(done.result["version"]), job.job_id


def _run_id(registry: Registry, version: str, seconds: float = 90) -> str:
    """The run id once the background tracker recorded it (the first run imports MLflow: seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        meta = registry.meta(version)
        if meta is not None and meta.run_id:
            return meta.run_id
        time.sleep(0.1)
    raise AssertionError(f"no run id recorded for {version}")


def test_a_retrain_is_tracked_and_its_run_id_is_in_the_registry(app: Any, serve: Any) -> None:
    from mlflow.tracking import MlflowClient

    _world(app)
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    registry = Registry(app.db)
    version, job_id = _retrain(app)
    run_id = _run_id(registry, version)
    meta = registry.meta(version)
    assert meta is not None and len(meta.data_sha256) == 64

    uri = resolve_tracking_uri(app.settings.tracking_uri, app.settings.state_dir)
    assert uri.startswith("file://") and str(app.settings.state_dir.resolve()) in uri  # the default store
    run = MlflowClient(tracking_uri=uri).get_run(run_id)
    assert run.info.status == "FINISHED"
    assert run.data.tags["lifecue.model_version"] == version and run.data.tags["lifecue.job_id"] == job_id
    params, metrics = run.data.params, run.data.metrics
    assert params["half_life_days"] == "0.0" and params["kind"] == meta.kind
    assert all(params[k] == v for k, v in meta.parameters.items()), "the chosen model's parameters"
    assert params["kind_weight.VIEW"] and params["data_sha256"] == meta.data_sha256
    assert params["data_window_start"] == meta.data_from.replace(tzinfo=UTC).isoformat()  # type: ignore[union-attr]
    assert params["data_window_end"] == meta.data_to.replace(tzinfo=UTC).isoformat()  # type: ignore[union-attr]
    assert metrics["users"] == meta.users and metrics["interactions"] == meta.interactions
    assert metrics["validation_ndcg"] == meta.metrics["validation_ndcg"], "how selection judged the choice"

    def info() -> pb.ModelInfo:
        return stub.GetModelInfo(pb.GetModelInfoRequest()).model

    deadline = time.monotonic() + 10
    while info().version != version:
        assert time.monotonic() < deadline, "the server did not load the new version"
        time.sleep(0.05)
    assert (info().mlflow_run_id, info().data_sha256) == (run_id, meta.data_sha256)

    again, _ = _retrain(app)  # same feedback, no decay: the same data hash, another run
    assert _run_id(registry, again) != run_id
    assert registry.meta(again).data_sha256 == meta.data_sha256  # type: ignore[union-attr]
    app.db.interactions.insert_one({"_id": "i-new", "consumer_id": "u00001", "product_id": "p-toys-000",
                                    "kind": "ADD_TO_CART", "occurred_at": NOW, "recorded_at": NOW})  # fmt: skip
    changed, _ = _retrain(app)
    assert registry.meta(changed).data_sha256 != meta.data_sha256  # type: ignore[union-attr]


def test_a_store_that_is_down_never_stops_a_retrain(app: Any, tmp_path: Any, caplog: Any) -> None:
    _world(app)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder would go")
    app.settings.tracking_uri = (blocker / "mlruns").as_uri()
    with caplog.at_level(logging.WARNING):
        version, _ = _retrain(app)
        app.components["tracking"].close()  # waits for the run being written
    meta = Registry(app.db).meta(version)
    assert meta is not None and meta.users > 0 and meta.run_id == ""  # published, untracked
    assert "model tracking failed" in caplog.text
