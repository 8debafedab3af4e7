"""Every retrain recorded in the MLflow tracking store, off the job's path.

A retrain publishes its model first; then `RunTracker.retrain` hands the run (parameters,
metrics, data window, the hash of the training matrix) to one background thread, which
writes it to the store (`lifecue.tracking`, MLflow imported there on first use: seconds)
and records the run id in the model's registry entry. So tracking never delays a
retrain or a ``Retrain`` call waiting for it, and a store that is down costs a warning,
never the model. The thread's log lines carry the job's id like the job's own lines.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
from collections.abc import Mapping

from lifecue.tracking import TrainingRun, log_training_run
from recommender.registry import Registry
from recommender.snapshot import ModelMeta
from recommender.training import TrainingData
from services.logs import context_field

log = logging.getLogger(__name__)

CLOSE_SECONDS = 10.0  # how long a stopping worker waits for runs still being written


def retrain_run(meta: ModelMeta, data: TrainingData, tags: Mapping[str, str]) -> TrainingRun:
    """What a retrain records: its parameters, metrics, data window and data hash."""
    params: dict[str, object] = {"kind": meta.kind, **meta.parameters, "purchase_weight": data.purchase_weight,
                                 "half_life_days": data.half_life_days}  # fmt: skip
    params |= {f"kind_weight.{kind}": weight for kind, weight in sorted(data.kind_weights.items())}
    metrics = {**meta.metrics, "users": meta.users, "items": meta.items, "interactions": meta.interactions}
    window = (meta.data_from, meta.data_to) if meta.data_from and meta.data_to else None
    return TrainingRun(
        experiment=f"recommender-{meta.kind}",
        params=params,
        metrics={k: float(v) for k, v in metrics.items()},
        data_hash=meta.data_sha256,
        data_window=window,
        model_version=meta.version,
        tags=dict(tags),
    )


class RunTracker:
    """Writes training runs to one tracking store in a background thread, in order."""

    def __init__(self, tracking_uri: str, registry: Registry) -> None:
        self.tracking_uri = tracking_uri
        self.registry = registry
        self._queue: queue.Queue[tuple[contextvars.Context, TrainingRun] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def retrain(self, meta: ModelMeta, data: TrainingData) -> None:
        """Record a published retrain (returns at once; the run id reaches the registry later)."""
        tags = {"lifecue.job": "retrain"}
        job_id = context_field("job_id")
        if job_id:
            tags["lifecue.job_id"] = job_id
        self.submit(retrain_run(meta, data, tags))

    def submit(self, run: TrainingRun) -> None:
        """Queue ``run``; its ``model_version`` gets the run id in the registry once it is written."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="tracking", daemon=True)
                self._thread.start()
        self._queue.put((contextvars.copy_context(), run))

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Write what is queued (for up to ``timeout`` seconds), then stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
            if thread.is_alive():
                log.warning("training runs still being tracked at stop; they are not recorded")

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            context, run = item
            context.run(self._track, run)

    def _track(self, run: TrainingRun) -> None:
        run_id = log_training_run(run, self.tracking_uri)  # never raises
        if run_id is None or not run.model_version:
            return
        try:
            kept = self.registry.record_run(run.model_version, run_id)
        except Exception:  # the database may be away; the run is in the store, tagged with its version
            log.warning("recording the run id in the registry failed", exc_info=True,
                        extra={"version": run.model_version, "run_id": run_id})  # fmt: skip
            return
        log.info(
            "training run recorded", extra={"version": run.model_version, "run_id": run_id, "kept": kept}
        )
