"""``lifecue train-classifier`` records its run in MLflow and keeps the run id in the version's meta.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lifecue.tracking import fingerprint
from lifeevents.data import __file__ as data_init
from lifeevents.dataset import TEST_FILE, TRAIN_FILE
from services.cli import main
from services.cli.classifier_runs import numbers

DATA = Path(data_init).parent


@pytest.mark.slow
def test_a_classifier_training_is_tracked_with_its_data_and_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from mlflow.tracking import MlflowClient

    data = tmp_path / "data"
    data.mkdir()
    for name, lines in ((TRAIN_FILE, 80), (TEST_FILE, 40)):  # a small slice keeps the rules-only head quick
        (data / name).write_text("".join((DATA / name).read_text().splitlines(keepends=True)[:lines]))
    uri = (tmp_path / "mlruns").as_uri()
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("LIFECUE_STATE_DIR", str(tmp_path / "state"))
    out = tmp_path / "model"
    assert main(["train-classifier", "--data", str(data), "--out", str(out), "--features", "rules",
                 "--epochs", "2", "--seed", "3"]) == 0  # fmt: skip
    summary = json.loads(capsys.readouterr().out)
    run_id = summary["mlflow_run_id"]
    meta = json.loads((Path(summary["artifact"]) / "meta.json").read_text())
    assert run_id and meta["mlflow_run_id"] == run_id  # the registry entry keeps the run id

    run = MlflowClient(tracking_uri=uri).get_run(run_id)
    assert run.data.tags["lifecue.model_version"] == summary["version"]
    params, metrics = run.data.params, run.data.metrics
    assert (params["seed"], params["features"], params["epochs"]) == ("3", "rules", "2")
    assert params["data_sha256"] == fingerprint((data / TRAIN_FILE).read_bytes())
    assert params["test_data_sha256"] == fingerprint((data / TEST_FILE).read_bytes())
    assert params["data_window_start"] < params["data_window_end"]
    held_out = summary["held_out"]["test"]
    assert metrics["held_out.test.macro_f1"] == held_out["macro_f1"] and metrics["train_posts"] == 80


def test_numbers_of_a_summary_are_flattened_and_flags_left_out() -> None:
    summary = {"test": {"macro_f1": 0.8, "per class": {"new_job": 1}}, "ablation": True, "note": "x", "n": 3}
    assert dict(numbers(summary)) == {"test.macro_f1": 0.8, "test.per class.new_job": 1.0, "n": 3.0}
