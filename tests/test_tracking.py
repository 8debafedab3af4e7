"""Model tracking: a training run lands in the local MLflow store and reads back with MLflow's client."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from lifecue.config import load_settings
from lifecue.tracking import (
    TrainingRun,
    default_tracking_uri,
    fingerprint,
    log_training_run,
    resolve_tracking_uri,
)

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 30, 23, 59, tzinfo=UTC))


def _run(version: str, ndcg: float, rows: np.ndarray) -> TrainingRun:
    return TrainingRun(
        experiment="recommender-als",
        params={"factors": 64, "regularization": 0.01, "weighting": "bm25"},
        metrics={"ndcg_at_10": ndcg, "users": 40.0},
        data_hash=fingerprint(rows),
        data_window=WINDOW,
        model_version=version,
        tags={"lifecue.trigger": "test"},
    )


def test_training_runs_read_back_with_the_mlflow_client(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    uri = default_tracking_uri(tmp_path / "state")
    assert uri.startswith("file://") and uri.endswith("/state/mlruns")
    rows = np.arange(12, dtype=np.int32).reshape(4, 3)
    first = log_training_run(_run("als-000001", 0.31, rows), uri)
    second = log_training_run(_run("als-000002", 0.35, rows[:2]), uri)
    assert first and second and first != second
    client = MlflowClient(tracking_uri=uri)
    run = client.get_run(first)
    assert run.info.status == "FINISHED"
    assert run.data.metrics == {"ndcg_at_10": 0.31, "users": 40.0}
    assert run.data.params["factors"] == "64" and run.data.params["weighting"] == "bm25"
    assert run.data.params["data_sha256"] == fingerprint(rows)
    assert run.data.params["data_window_start"] == "2026-01-01T00:00:00+00:00"
    assert run.data.params["data_window_end"] == "2026-06-30T23:59:00+00:00"
    assert run.data.tags["lifecue.model_version"] == "als-000001"
    assert run.data.tags["lifecue.trigger"] == "test"
    experiment = client.get_experiment_by_name("recommender-als")
    assert experiment is not None and run.info.experiment_id == experiment.experiment_id
    found = client.search_runs([experiment.experiment_id], "tags.`lifecue.model_version` = 'als-000002'")
    assert [r.info.run_id for r in found] == [second]
    assert found[0].data.params["data_sha256"] != run.data.params["data_sha256"]


def test_an_unwritable_store_never_stops_training(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder would go")
    with caplog.at_level(logging.WARNING, logger="lifecue.tracking"):
        assert log_training_run(_run("als-000003", 0.3, np.zeros(3)), (blocker / "mlruns").as_uri()) is None
    assert "model tracking failed" in caplog.text


def test_fingerprint_names_exactly_the_data() -> None:
    a = np.array([[1, 2], [3, 4]], dtype=np.int64)
    assert fingerprint(a) == fingerprint(a.copy()) == fingerprint(np.asfortranarray(a))
    assert fingerprint(a) != fingerprint(a.astype(np.int32))  # same numbers, other dtype
    assert fingerprint(a) != fingerprint(a.reshape(4, 1))
    assert fingerprint("ab", "c") != fingerprint("a", "bc")
    assert fingerprint(["post one", "post two"]) == fingerprint(iter(["post one", "post two"]))
    assert len(fingerprint(b"")) == 64


def test_tracking_uri_comes_from_mlflow_tracking_uri(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert resolve_tracking_uri(load_settings().tracking_uri, tmp_path) == default_tracking_uri(tmp_path)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://mlflow.mlflow.svc:5000")
    assert resolve_tracking_uri(load_settings().tracking_uri, tmp_path) == "http://mlflow.mlflow.svc:5000"
