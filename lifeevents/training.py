"""Training the head: seeded split, fit, threshold chosen on a dev split, metrics, artifact.

The encoder is frozen; only the head learns, so a full run takes about a minute on two
cores (most of it encoding). The threshold is the one that maximises dev macro-F1 while
keeping event-vs-none precision at or above `MIN_EVENT_PRECISION` where any does.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from lifeevents.artifact import Artifact
from lifeevents.cues import FEATURE_NAMES, CueReader, Cues
from lifeevents.dataset import LabelledPost, targets
from lifeevents.encoder import ENCODER_NAME, Encoder
from lifeevents.evaluation import classification_report
from lifeevents.head import Head
from lifeevents.pipeline import BOTH, POST, RULES, embed, features
from lifeevents.taxonomy import EVENT_LABELS, NONE

MIN_EVENT_PRECISION = 0.9
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.91, 0.05))


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run."""

    seed: int = 13
    features: str = BOTH
    hidden: int = 512
    epochs: int = 80
    lr: float = 2e-3
    weight_decay: float = 1e-3
    dropout: float = 0.2
    dev_share: float = 0.15
    pooling: str = POST


@dataclass
class Encoded:
    """Posts with their cues and embeddings, computed once and reused by every head."""

    posts: list[LabelledPost]
    cues: list[Cues]
    embeddings: np.ndarray | None

    def x(self, kind: str, rows: Sequence[int] | None = None) -> np.ndarray:
        """Features of ``kind`` for ``rows`` (all by default)."""
        idx = list(range(len(self.posts))) if rows is None else list(rows)
        emb = None if self.embeddings is None else self.embeddings[idx]
        return features([self.cues[i] for i in idx], emb, kind)

    def y(self, rows: Sequence[int] | None = None) -> np.ndarray:
        """0/1 targets for ``rows``."""
        idx = list(range(len(self.posts))) if rows is None else list(rows)
        return targets([self.posts[i] for i in idx])


def encode(
    posts: Sequence[LabelledPost],
    encoder: Encoder | None,
    reader: CueReader,
    pooling: str = POST,
    batch_size: int = 64,
) -> Encoded:
    """Cues and (when an encoder is given) embeddings of ``posts``."""
    cues = reader.read([p.text for p in posts])
    emb = embed(encoder, cues, pooling, batch_size) if encoder is not None else None
    return Encoded(posts=list(posts), cues=cues, embeddings=emb)


def predicted_sets(probs: np.ndarray, threshold: float) -> list[frozenset[str]]:
    """Label sets from probabilities at ``threshold``."""
    return [
        frozenset(EVENT_LABELS[j] for j in np.flatnonzero(row >= threshold)) or frozenset({NONE})
        for row in probs
    ]


def choose_threshold(probs: np.ndarray, gold: Sequence[frozenset[str]]) -> tuple[float, dict[str, Any]]:
    """The threshold with the best macro-F1 among those meeting the event-precision floor."""
    scored = []
    for t in THRESHOLDS:
        report = classification_report(gold, predicted_sets(probs, t))
        meets = report["event_precision"] >= MIN_EVENT_PRECISION
        scored.append((meets, report["macro_f1"], -abs(t - 0.5), t, report))
    meets, _, _, best, report = max(scored, key=lambda s: s[:3])
    return best, report


def fit(data: Encoded, rows: Sequence[int], config: TrainConfig) -> Head:
    """A head trained on ``rows`` of ``data``."""
    return Head.fit(
        data.x(config.features, rows),
        data.y(rows),
        seed=config.seed,
        hidden=config.hidden,
        epochs=config.epochs,
        lr=config.lr,
        weight_decay=config.weight_decay,
        dropout=config.dropout,
    )


def train(data: Encoded, config: TrainConfig) -> Artifact:
    """Pick the threshold on a seeded dev split, refit on everything, return the artifact."""
    n = len(data.posts)
    order = list(range(n))
    random.Random(config.seed).shuffle(order)
    n_dev = max(1, int(n * config.dev_share)) if n > 10 else 0
    dev, rest = order[:n_dev], order[n_dev:]
    threshold, dev_report = 0.5, dict[str, Any]()
    if dev:
        head = fit(data, rest, config)
        probs = head.predict_proba(data.x(config.features, dev))
        threshold, dev_report = choose_threshold(probs, [data.posts[i].labels for i in dev])
    head = fit(data, order, config)
    digest = hashlib.sha256()
    for arr in (head.w1, head.b1, head.w2, head.b2):
        digest.update(np.ascontiguousarray(arr).tobytes())
    trained_at = datetime.now(UTC)
    version = f"le-{trained_at:%Y%m%d}-{config.features}-{digest.hexdigest()[:8]}"
    counts = Counter(label for p in data.posts for label in p.labels)
    meta = {
        "trained_at": trained_at.isoformat(),
        "encoder": ENCODER_NAME if config.features != RULES else None,
        "feature_names": list(FEATURE_NAMES) if config.features != "encoder" else [],
        "labels": list(EVENT_LABELS),
        "config": config.__dict__,
        "pooling": config.pooling,
        "train_posts": n,
        "label_counts": dict(sorted(counts.items())),
        "dev": {k: dev_report[k] for k in ("macro_f1", "event_precision", "event_recall")}
        if dev_report
        else {},
    }
    return Artifact(head=head, version=version, features=config.features, threshold=threshold, meta=meta)
