"""Model tracking in an MLflow store: which parameters, which data, which metrics, which version.

Every training run (the life-event classifier, each ALS retrain) calls `log_training_run`
once it has its metrics; the run id it returns goes into the model's registry entry, so a
deployed version leads back to how it was made. The store is MLflow's local file store
under the state folder unless ``MLFLOW_TRACKING_URI`` names another (a tracking server in
production; settings field ``tracking_uri``). Only the light ``mlflow-skinny`` client is
used, imported on first use (it takes seconds to import).

Tracking never stops a training run: when the store cannot be written the run is logged as
a warning and `log_training_run` returns None, which the registry entry then shows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

__all__ = ["TrainingRun", "default_tracking_uri", "fingerprint", "log_training_run", "resolve_tracking_uri"]

# MLflow's own tags, and lifecue's, on every run.
MODEL_VERSION_TAG = "lifecue.model_version"
DATA_HASH_PARAM = "data_sha256"
WINDOW_START_PARAM = "data_window_start"
WINDOW_END_PARAM = "data_window_end"


@dataclass(frozen=True)
class TrainingRun:
    """What one training run records.

    ``experiment`` names the model family (``lifeevents-classifier``, ``recommender-als``);
    ``data_window`` is the time span of the training data (oldest, newest), when it has one;
    ``data_hash`` identifies the exact training data (see `fingerprint`).
    """

    experiment: str
    params: Mapping[str, Any]
    metrics: Mapping[str, float]
    data_hash: str
    data_window: tuple[datetime, datetime] | None = None
    model_version: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)


def default_tracking_uri(state_dir: Path) -> str:
    """The local file store: ``<state_dir>/mlruns`` as a ``file://`` URI."""
    return (Path(state_dir) / "mlruns").resolve().as_uri()


def resolve_tracking_uri(configured: str | None, state_dir: Path) -> str:
    """The configured tracking URI (``MLFLOW_TRACKING_URI``), else the local file store."""
    return configured or default_tracking_uri(state_dir)


def fingerprint(*parts: np.ndarray | bytes | str | Iterable[str]) -> str:
    """SHA-256 of the training data: arrays (dtype, shape and bytes), bytes, text or lines of text.

    The same data gives the same hash on any machine, so two runs on one data set show it.
    """
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            array = np.ascontiguousarray(part)
            digest.update(f"{array.dtype.str}{array.shape}".encode())
            digest.update(array.tobytes())
        elif isinstance(part, bytes):
            digest.update(part)
        elif isinstance(part, str):
            digest.update(part.encode())
        else:
            for line in part:
                digest.update(line.encode())
                digest.update(b"\n")
        digest.update(b"\x00")  # parts stay apart: ("ab", "c") differs from ("a", "bc")
    return digest.hexdigest()


def log_training_run(run: TrainingRun, tracking_uri: str) -> str | None:
    """Record ``run`` as a finished MLflow run; returns its run id, or None when the store failed."""
    try:
        return _log(run, tracking_uri)
    except Exception:
        log.warning(
            "model tracking failed; the model is published without a run id",
            exc_info=True,
            extra={"experiment": run.experiment, "tracking_uri": _redacted(tracking_uri)},
        )
        return None


def _log(run: TrainingRun, tracking_uri: str) -> str:
    # Never phone home from a pod, and accept the file store, which MLflow 3 keeps in
    # maintenance mode (a tracking server is the production store); both before the import.
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    if tracking_uri.startswith("file:"):
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    found = client.get_experiment_by_name(run.experiment)
    experiment_id = found.experiment_id if found else client.create_experiment(run.experiment)
    tags = dict(run.tags)
    if run.model_version:
        tags[MODEL_VERSION_TAG] = run.model_version
    created = client.create_run(experiment_id, tags=tags, run_name=run.model_version)
    run_id: str = created.info.run_id
    params = {key: str(value) for key, value in run.params.items()}
    params[DATA_HASH_PARAM] = run.data_hash
    if run.data_window:
        params[WINDOW_START_PARAM], params[WINDOW_END_PARAM] = (t.isoformat() for t in run.data_window)
    from mlflow.entities import Metric, Param

    at = int(time.time() * 1000)
    client.log_batch(
        run_id,
        metrics=[Metric(key, float(value), at, 0) for key, value in run.metrics.items()],
        params=[Param(key, value) for key, value in params.items()],
    )
    client.set_terminated(run_id, "FINISHED")
    log.info("training run tracked", extra={"experiment": run.experiment, "run_id": run_id})
    return run_id


def _redacted(uri: str) -> str:
    """A URI without the credentials it may carry."""
    scheme, sep, rest = uri.partition("://")
    return f"{scheme}{sep}{rest.rsplit('@', 1)[-1]}" if sep else uri
