"""Train-evaluate-publish runs and the held-out report, as the CLI and the README use them.

Training never sees ``posts_test.jsonl``; the test split and the date cases are only read
to measure a trained head, and the numbers are written into the artifact's meta.json.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from lifeevents import artifact as artifacts
from lifeevents.artifact import Artifact
from lifeevents.cues import CueReader, Cues
from lifeevents.dataset import DATES_FILE, TEST_FILE, TRAIN_FILE, LabelledPost, load_dates, load_posts
from lifeevents.encoder import ENCODER_NAME, Encoder
from lifeevents.evaluation import classification_report, date_accuracy, label_sets, subject_accuracy
from lifeevents.events import PostText
from lifeevents.pipeline import ENCODER, FEATURE_SETS, POST, RULES, Classifier, embed
from lifeevents.taxonomy import LABELS, NONE
from lifeevents.training import TrainConfig, encode, train

HEADLINE = ("macro_f1", "event_precision", "event_recall", "exact_match")


def held_out(
    classifier: Classifier, posts: list[LabelledPost], embeddings: np.ndarray | None = None
) -> dict[str, Any]:
    """Classification report plus subject/relation/date accuracy of the events found."""
    predictions = classifier.classify([PostText(p.text, p.posted_at) for p in posts], embeddings)
    result = classification_report([p.labels for p in posts], label_sets(predictions))
    result["events"] = subject_accuracy(posts, predictions)
    return result


def rules_only(reader: CueReader, posts: list[LabelledPost]) -> dict[str, Any]:
    """The lexicon alone, no learning: an event for every trigger nothing undoes."""
    predicted = [frozenset(c.labels()) or frozenset({NONE}) for c in reader.read([p.text for p in posts])]
    return classification_report([p.labels for p in posts], predicted)


def _cached(encoder: Encoder, cues: list[Cues], pooling: str, cache: Path | None) -> np.ndarray:
    """Encoder features of the texts, kept under ``cache`` (keyed by texts and pooling) when given."""
    if cache is None:
        return embed(encoder, cues, pooling)
    key = hashlib.sha256("\x00".join([ENCODER_NAME, pooling, *(c.text for c in cues)]).encode()).hexdigest()[
        :16
    ]
    path = cache / f"emb-{key}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    emb = embed(encoder, cues, pooling)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, emb, allow_pickle=False)
    return emb


def train_and_publish(
    data: Path,
    out: Path,
    seed: int,
    features: str,
    epochs: int | None = None,
    ablation: bool = False,
    cache: Path | None = None,
    pooling: str = POST,
) -> dict[str, Any]:
    """Train on the train split, measure on the test split and date cases, publish; returns a summary."""
    train_posts, test_posts = load_posts(data / TRAIN_FILE), load_posts(data / TEST_FILE)
    date_cases = load_dates(data / DATES_FILE) if (data / DATES_FILE).exists() else []
    reader = CueReader()
    kinds = list(FEATURE_SETS) if ablation else [features]
    encoder = Encoder() if any(k != RULES for k in kinds) else None
    encoded = encode(train_posts, None, reader, pooling)
    test_emb = None
    if encoder is not None:
        encoded.embeddings = _cached(encoder, encoded.cues, pooling, cache)
        test_emb = _cached(encoder, reader.read([p.text for p in test_posts]), pooling, cache)
    summary: dict[str, Any] = {"train_posts": len(train_posts), "test_posts": len(test_posts), "seed": seed}
    chosen: Artifact | None = None
    ablations: dict[str, Any] = {}
    for kind in kinds:
        config = TrainConfig(seed=seed, features=kind, pooling=pooling)
        if epochs:
            config = replace(config, epochs=epochs)
        trained = train(encoded, config)
        classifier = Classifier(artifact=trained, encoder=encoder if kind != RULES else None, reader=reader)
        result = held_out(classifier, test_posts, test_emb if kind != RULES else None)
        ablations[kind] = {k: result[k] for k in HEADLINE} | {"threshold": trained.threshold}
        if kind == features:
            chosen = trained
            chosen.meta["test"] = result
    if ablation:
        lexicon = rules_only(reader, test_posts)
        ablations["lexicon_only"] = {k: lexicon[k] for k in HEADLINE}
        summary["ablation"] = ablations
    assert chosen is not None
    dates = date_accuracy(date_cases)
    chosen.meta["dates"] = {"cases": dates["cases"], "accuracy": dates["accuracy"]}
    if ablation:
        chosen.meta["ablation"] = ablations
    folder = artifacts.publish(chosen, out)
    test = chosen.meta["test"]
    summary.update(
        version=chosen.version,
        artifact=str(folder),
        threshold=chosen.threshold,
        test={k: test[k] for k in HEADLINE},
        events=test["events"],
        date_accuracy=dates["accuracy"],
    )
    return summary


def evaluate_model(data: Path, model: Path | None) -> dict[str, Any]:
    """The full held-out report of an artifact."""
    loaded = artifacts.load(model)
    classifier = Classifier(artifact=loaded, encoder=None if loaded.features == RULES else Encoder())
    result = held_out(classifier, load_posts(data / TEST_FILE))
    result["version"] = loaded.version
    result["dates"] = date_accuracy(load_dates(data / DATES_FILE)) if (data / DATES_FILE).exists() else {}
    return result


def render(result: dict[str, Any]) -> str:
    """The report as text tables."""
    lines = [f"model {result.get('version', '?')} on {result['posts']} held-out posts", ""]
    lines.append(f"{'label':<14}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}")
    for label in LABELS:
        c = result["per_class"][label]
        lines.append(f"{label:<14}{c['precision']:>10.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}{c['support']:>9}")
    lines.append("")
    lines.append(f"macro-F1 {result['macro_f1']:.3f}   event-vs-none precision {result['event_precision']:.3f}"
                 f"   recall {result['event_recall']:.3f}   exact label sets {result['exact_match']:.3f}")  # fmt: skip
    ev = result.get("events", {})
    if ev:
        lines.append(f"on {ev['events']} events found: subject {ev['subject']:.3f}  relation {ev['relation']:.3f}"
                     f"  date {ev['date']:.3f}")  # fmt: skip
    dates = result.get("dates") or {}
    if dates:
        lines.append(f"date resolution: {dates['accuracy']:.3f} of {dates['cases']} expressions")
    lines.append("")
    lines.append("confusion (single-event posts; rows gold, columns predicted)")
    short = [lab[:5] for lab in LABELS]
    lines.append(" " * 14 + "".join(f"{s:>6}" for s in short))
    for gold in LABELS:
        row = result["confusion"][gold]
        lines.append(f"{gold:<14}" + "".join(f"{row[p]:>6}" for p in LABELS))
    return "\n".join(lines)


__all__ = ["ENCODER", "evaluate_model", "held_out", "render", "rules_only", "train_and_publish"]
