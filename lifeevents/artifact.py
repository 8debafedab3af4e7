"""The classifier artifact on disk: a versioned folder and a pointer to it.

A version folder holds ``head.npz``, ``meta.json`` (thresholds, per label where the model has
them, calibration, metrics) and, for a
fine-tuned encoder, ``adapter.npz`` (fp16 low-rank deltas merged into MiniLM at load); no pickles.

Training writes ``<root>/<version>/`` completely, then swaps ``<root>/current.json`` with an
atomic rename, so a reader never sees a half-written model. The default root is the folder
shipped inside the package, which makes ``lifecue classify`` work on a fresh install.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lifeevents.adapter import ADAPTER_FILE, Adapter
from lifeevents.calibration import Calibration
from lifeevents.cue_evidence import Evidence
from lifeevents.head import Head
from lifeevents.taxonomy import EVENT_LABELS

SHIPPED_ROOT = Path(__file__).resolve().parent / "model"
POINTER = "current.json"
HEAD_FILE = "head.npz"
META_FILE = "meta.json"
OTHER_LANGUAGE_SHIFT = "other_language_shift"  # meta.json: see `Artifact.other_language_shifts`
OTHER_LANGUAGE_LABEL_SHIFTS = "other_language_label_shifts"  # meta.json: {label: shift}, where one was fitted
OTHER_LANGUAGE_EVIDENCE = "other_language_evidence"  # meta.json: see `Artifact.other_language_evidence`


@dataclass
class Artifact:
    """A trained head and what is needed to use it the same way it was trained."""

    head: Head
    version: str
    features: str
    threshold: float  # the acting threshold, on calibrated confidence
    meta: dict[str, Any] = field(default_factory=dict)
    review_threshold: float | None = None  # pending events lie in [review, acting); None: no pending band
    calibration: Calibration | None = None
    adapter: Adapter | None = None
    # acting threshold per label (None: ``threshold`` for all)
    label_thresholds: tuple[float, ...] | None = None

    @property
    def other_language_shifts(self) -> np.ndarray:
        """Per label, added to its head logit where every cue of it is another language's word: the label's
        own fitted shift, else the one shift of every label (0: none fitted).

        The head learnt its cue features from English posts; fitted on posts in other languages it never
        trained on (`lifeevents.other_language_shift`)."""
        common = float(self.meta.get(OTHER_LANGUAGE_SHIFT, 0.0))
        own = self.meta.get(OTHER_LANGUAGE_LABEL_SHIFTS) or {}
        return np.array([float(own.get(label, common)) for label in EVENT_LABELS])

    @property
    def other_language_evidence(self) -> Evidence | None:
        """What a cell cued only in another language is worth beside the head's logit, before its shift
        (`lifeevents.cue_evidence`); None: the head's logit alone."""
        return Evidence.from_json(self.meta.get(OTHER_LANGUAGE_EVIDENCE))

    def calibrated(self, logits: Any) -> Any:
        """Confidences from head logits (the head's own sigmoid when the artifact has no calibration)."""
        cal = self.calibration or Calibration.identity(int(logits.shape[1]))
        return cal.apply(logits)


def resolve_dir(root: Path | None) -> Path:
    """The version folder that ``root`` points at (a root with current.json, or a version folder)."""
    root = Path(root) if root is not None else SHIPPED_ROOT
    pointer = root / POINTER
    if pointer.exists():
        return root / json.loads(pointer.read_text())["version"]
    if (root / HEAD_FILE).exists():
        return root
    raise FileNotFoundError(
        f"no classifier in {root}: expected {POINTER} or {HEAD_FILE}; run `lifecue train-classifier`"
    )


def load(root: Path | None = None) -> Artifact:
    """Read the artifact ``root`` points at (default: the shipped one)."""
    folder = resolve_dir(root)
    meta = json.loads((folder / META_FILE).read_text())
    head = Head.load(folder / HEAD_FILE)
    review = meta.get("review_threshold")
    per_label = meta.get("label_thresholds")
    return Artifact(
        head=head,
        version=meta["version"],
        features=meta["features"],
        threshold=float(meta["threshold"]),
        meta=meta,
        review_threshold=float(review) if review is not None else None,
        calibration=Calibration.from_json(meta.get("calibration"), head.n_outputs),
        adapter=Adapter.load(folder / ADAPTER_FILE) if (folder / ADAPTER_FILE).exists() else None,
        label_thresholds=tuple(float(per_label[label]) for label in meta["labels"]) if per_label else None,
    )


def publish(artifact: Artifact, root: Path) -> Path:
    """Write the version folder, then move the pointer to it; returns the folder."""
    folder = root / artifact.version
    folder.mkdir(parents=True, exist_ok=True)
    artifact.head.save(folder / HEAD_FILE)
    if artifact.adapter is not None:
        artifact.adapter.save(folder / ADAPTER_FILE)
    meta = {**artifact.meta, "version": artifact.version, "features": artifact.features,
            "threshold": artifact.threshold, "review_threshold": artifact.review_threshold}  # fmt: skip
    if artifact.calibration is not None:
        meta["calibration"] = artifact.calibration.to_json()
    if artifact.label_thresholds is not None:
        meta["label_thresholds"] = dict(zip(meta["labels"], artifact.label_thresholds, strict=True))
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".current-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump({"version": artifact.version}, fh)
        fh.write("\n")
    os.replace(tmp, root / POINTER)
    return folder


def record_run(folder: Path, run_id: str) -> None:
    """Keep the tracking run id of a published version in its meta.json."""
    update_meta(folder, {"mlflow_run_id": run_id})


def update_meta(folder: Path, fields: dict[str, Any]) -> None:
    """Add ``fields`` to a version's meta.json (written whole, then renamed over the old one)."""
    path = Path(folder) / META_FILE
    meta = {**json.loads(path.read_text()), **fields}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".meta-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        fh.write(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
