"""Each ``lifecue train-classifier`` run recorded in MLflow, and its run id kept beside the model.

The command line is the edge of training (`lifeevents.experiment` knows nothing of MLflow):
once a version is published, its run goes to the tracking store with the command's
parameters, the trained configuration, every number of the summary, the labelled posts'
time span and SHA-256 of the train and test splits, and the run id is written into the
version's ``meta.json``, the classifier's registry entry.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from lifecue.tracking import TrainingRun, fingerprint, log_training_run
from lifeevents import artifact as artifacts
from lifeevents.dataset import TEST_FILE, TRAIN_FILE, load_posts

log = logging.getLogger(__name__)

EXPERIMENT = "lifeevents-classifier"
_KEY = re.compile(r"[^0-9A-Za-z_.\-/ ]")  # MLflow's key alphabet


def numbers(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """Every number of a nested summary as (dotted key, value); flags and text are left out."""
    for key, value in tree.items():
        name = _KEY.sub("_", f"{prefix}{key}")
        if isinstance(value, Mapping):
            yield from numbers(value, f"{name}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield name, float(value)


def classifier_run(data: Path, params: Mapping[str, Any], summary: Mapping[str, Any]) -> TrainingRun:
    """What a classifier training records (``params``: the command's options)."""
    folder = Path(summary["artifact"])
    meta = json.loads((folder / artifacts.META_FILE).read_text())
    config = meta.get("config") if isinstance(meta.get("config"), Mapping) else {}
    train_bytes = (data / TRAIN_FILE).read_bytes()
    times = [p.posted_at for p in load_posts(data / TRAIN_FILE) if isinstance(p.posted_at, datetime)]
    return TrainingRun(
        experiment=EXPERIMENT,
        params={
            **{f"config.{k}": v for k, v in config.items()},
            **params,
            "test_data_sha256": fingerprint((data / TEST_FILE).read_bytes()),
        },  # fmt: skip
        metrics=dict(numbers({k: v for k, v in summary.items() if k not in ("seed", "artifact", "version")})),
        data_hash=fingerprint(train_bytes),
        data_window=(min(times), max(times)) if times else None,
        model_version=str(summary["version"]),
        tags={"lifecue.job": "train-classifier"},
    )


def track(data: Path, params: Mapping[str, Any], summary: Mapping[str, Any], tracking_uri: str) -> str | None:
    """Record the run and keep its id in the version's meta.json; None when that failed (the
    version is published either way, so a failure is a warning, never the command's)."""
    try:
        run_id = log_training_run(classifier_run(data, params, summary), tracking_uri)
        if run_id is not None:
            artifacts.record_run(Path(summary["artifact"]), run_id)
        return run_id
    except Exception:
        log.warning("tracking the classifier's training failed; the version is published untracked",
                    exc_info=True)  # fmt: skip
        return None
