"""Train-evaluate-publish runs and the held-out report, as the CLI and the README use them.

Training never sees ``posts_test.jsonl``; the test split and the date cases are only read
to measure a trained head, and the numbers are written into the artifact's meta.json.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from lifeevents import artifact as artifacts
from lifeevents.artifact import Artifact
from lifeevents.calibration import reliability
from lifeevents.cues import CueReader, Cues
from lifeevents.dataset import (
    DATES_FILE,
    EVAL_SPLITS,
    OTHER_LANGUAGE_SPLITS,
    SOCIAL_DATES_FILE,
    TRAIN_FILES,
    LabelledPost,
    load_dates,
    load_posts,
    load_training,
    targets,
)
from lifeevents.encoder import ENCODER_NAME, Encoder
from lifeevents.encoder_builds import FP32
from lifeevents.evaluation import classification_report, date_accuracy, label_sets, subject_accuracy
from lifeevents.events import PostText
from lifeevents.pipeline import BOTH, ENCODER, POST, RULES, Classifier, embed
from lifeevents.taxonomy import EVENT_LABELS, LABELS, NONE
from lifeevents.training import TrainConfig, encode, train

HEADLINE = ("macro_f1", "event_precision", "event_recall", "exact_match")
SPLITS = {name: file for name, (file, _) in EVAL_SPLITS.items()}
SPLIT_NAMES = {name: about for name, (_, about) in EVAL_SPLITS.items()}


def held_out(
    classifier: Classifier, posts: list[LabelledPost], embeddings: np.ndarray | None = None
) -> dict[str, Any]:
    """Classification report, subject/relation/date accuracy of the events found, and reliability."""
    texts = [PostText(p.text, p.posted_at) for p in posts]
    cues, logits = classifier.logits([p.text for p in posts], embeddings)
    probs = classifier.artifact.calibrated(logits)
    predictions = classifier.decide(texts, cues, probs)
    result = classification_report([p.labels for p in posts], label_sets(predictions))
    result["events"] = subject_accuracy(posts, predictions)
    y = targets(posts)
    raw = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
    result["reliability"] = {"raw": reliability(raw, y), "calibrated": reliability(probs, y)}
    pending = classifier.decide(texts, cues, probs, with_pending=True)
    with_pending = classification_report([p.labels for p in posts], label_sets(pending))
    result["with_pending"] = {k: with_pending[k] for k in HEADLINE}
    return result


def rules_only(reader: CueReader, posts: list[LabelledPost]) -> dict[str, Any]:
    """The lexicon alone, no learning: an event for every trigger nothing undoes."""
    predicted = [frozenset(c.labels()) or frozenset({NONE}) for c in reader.read([p.text for p in posts])]
    return classification_report([p.labels for p in posts], predicted)


def rules_only_headline(reader: CueReader, posts: list[LabelledPost]) -> dict[str, Any]:
    """`rules_only`'s headline figures: the baseline beside each split in the ablation and ``--lexicon``."""
    report = rules_only(reader, posts)
    return {k: report[k] for k in HEADLINE}


def _cached(encoder: Encoder, cues: list[Cues], pooling: str, cache: Path | None) -> np.ndarray:
    """Plain-encoder features of the texts, kept under ``cache`` (keyed by texts and pooling) when given."""
    if cache is None or encoder.adapted:
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


def load_splits(data: Path) -> dict[str, list[LabelledPost]]:
    """The held-out splits present in ``data``, by name."""
    return {name: load_posts(data / file) for name, file in SPLITS.items() if (data / file).exists()}


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    return {k: result[k] for k in HEADLINE} | {
        "subject": result["events"]["subject"],
        "ece_raw": result["reliability"]["raw"]["ece"],
        "ece": result["reliability"]["calibrated"]["ece"],
    }


def train_and_publish(
    data: Path,
    out: Path,
    seed: int,
    features: str,
    epochs: int | None = None,
    ablation: bool = False,
    cache: Path | None = None,
    pooling: str = POST,
    finetune: bool = True,
    limit: int | None = None,
    extra: Sequence[LabelledPost] = (),
    files: Sequence[str] = TRAIN_FILES,
) -> dict[str, Any]:
    """Train on the training ``files``, measure on the held-out splits and the date cases, publish.

    ``ablation`` also trains the frozen-encoder and rules-only heads and scores the lexicon alone;
    ``limit`` keeps a seeded sample of that many training posts (for quick checks, never to publish);
    ``extra`` posts (stewards' reviewed examples) join the training posts after that.
    """
    train_posts = load_training(data, files)
    if limit:
        train_posts = random.Random(seed).sample(train_posts, min(limit, len(train_posts)))
    train_posts += extra
    splits = load_splits(data)
    reader = CueReader()
    tuned = finetune and features == BOTH
    kinds = [RULES, ENCODER, BOTH] if ablation else [features]
    encoder = Encoder() if any(k != RULES for k in kinds) or tuned else None
    encoded = encode(train_posts, None, reader, pooling)
    split_emb: dict[str, np.ndarray | None] = dict.fromkeys(splits)
    if encoder is not None:
        encoded.embeddings = _cached(encoder, encoded.cues, pooling, cache)
        for name, posts in splits.items():
            split_emb[name] = _cached(encoder, reader.read([p.text for p in posts]), pooling, cache)
    summary: dict[str, Any] = {"train_posts": len(train_posts), "reviewed_examples": len(extra), "seed": seed,
                               "splits": {k: len(v) for k, v in splits.items()}}  # fmt: skip
    runs: list[tuple[str, TrainConfig]] = []
    for kind in kinds:
        config = TrainConfig(seed=seed, features=kind, pooling=pooling)
        runs.append(("frozen" if kind == BOTH else kind, replace(config, epochs=epochs or config.epochs)))
    if tuned:
        runs.append(("finetuned", replace(runs[-1][1], finetune=True)))
    chosen: Artifact | None = None
    table: dict[str, Any] = {}
    if ablation:
        table["lexicon_only"] = {name: rules_only_headline(reader, posts) for name, posts in splits.items()}
    for name, config in runs:
        trained = train(encoded, config, encoder)
        adapted = trained.adapter is not None
        clf = Classifier(artifact=trained, encoder=None if adapted else encoder, reader=reader)
        results = {s: held_out(clf, posts, None if adapted else split_emb[s]) for s, posts in splits.items()}
        table[name] = {s: _summary(r) for s, r in results.items()} | {"dev": trained.meta["dev"]}
        chosen = trained
        chosen.meta["held_out"] = results
    assert chosen is not None
    dates = _dates(data)
    chosen.meta["dates"] = {k: {"cases": v["cases"], "accuracy": v["accuracy"]} for k, v in dates.items()}
    chosen.meta["reviewed_examples"] = len(extra)
    if ablation:
        chosen.meta["ablation"] = table
        summary["ablation"] = table
    folder = artifacts.publish(chosen, out)
    summary.update(
        version=chosen.version,
        artifact=str(folder),
        acting_threshold=chosen.threshold,
        label_thresholds=_per_label(chosen),
        review_threshold=chosen.review_threshold,
        dev=chosen.meta["dev"],
        finetune_history=chosen.meta["finetune_history"],
        held_out={s: _summary(r) | {"events": r["events"]} for s, r in chosen.meta["held_out"].items()},
        dates=chosen.meta["dates"],
    )
    return summary


def _per_label(artifact: Artifact) -> dict[str, float] | None:
    if artifact.label_thresholds is None:
        return None
    return dict(zip(EVENT_LABELS, artifact.label_thresholds, strict=True))


def _dates(data: Path) -> dict[str, dict[str, Any]]:
    files = {"dates_test": DATES_FILE, "dates_social": SOCIAL_DATES_FILE}
    return {k: date_accuracy(load_dates(data / f)) for k, f in files.items() if (data / f).exists()}


def evaluate_model(
    data: Path,
    model: Path | None,
    encoder_build: str = FP32,
    posts: Sequence[Path] = (),
    lexicon: bool = False,
) -> dict[str, Any]:
    """The full report of an artifact on every held-out split and date set, run by ``encoder_build``; with
    ``posts``, on those labelled posts files instead of the splits (the subject dev files, a new split);
    with ``lexicon``, the lexicon-only baseline (`rules_only_headline`) on the same posts beside each split."""
    loaded = artifacts.load(model)
    classifier = Classifier(artifact=loaded, encoder_build=encoder_build)
    result: dict[str, Any] = {"version": loaded.version, "encoder_build": encoder_build, "acting_threshold": classifier.threshold,
                              "label_thresholds": dict(zip(EVENT_LABELS, map(float, classifier.thresholds), strict=True)),
                              "review_threshold": classifier.review_threshold, "splits": {}}  # fmt: skip
    chosen = {path.stem: load_posts(path) for path in posts} if posts else load_splits(data)
    for name, labelled in chosen.items():
        result["splits"][name] = held_out(classifier, labelled)
        if lexicon:
            result["splits"][name]["lexicon_only"] = rules_only_headline(classifier.reader, labelled)
    english = {k: v for k, v in result["splits"].items() if k not in OTHER_LANGUAGE_SPLITS}
    other = {k: v for k, v in result["splits"].items() if k in OTHER_LANGUAGE_SPLITS}
    result["across_splits"] = across_splits(english)
    result["across_other_languages"] = across_splits(other)
    if lexicon:
        result["lexicon_only"] = {
            "across_splits": across_splits({k: v["lexicon_only"] for k, v in english.items()}),
            "across_other_languages": across_splits({k: v["lexicon_only"] for k, v in other.items()}),
        }
    result["dates"] = _dates(data)
    return result


def across_splits(splits: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each headline figure's mean over the splits and its lowest split.

    A seed alone moves one ~360-post split by up to 0.03 macro-F1, so two models are
    compared on these (README "How this model was chosen"), not on one split.
    """
    if not splits:
        return {}
    out: dict[str, Any] = {"splits": len(splits)}
    for key in HEADLINE[:3]:  # macro-F1, event precision, event recall
        values = {name: float(split[key]) for name, split in splits.items()}
        lowest = min(values, key=values.__getitem__)
        out[key] = {"mean": round(sum(values.values()) / len(values), 4), "lowest": round(values[lowest], 4),
                    "lowest_split": lowest}  # fmt: skip
    return out


def render(result: dict[str, Any]) -> str:
    """The report as text tables, one block per held-out split."""
    lines = [f"model {result.get('version', '?')}: acting threshold {result.get('acting_threshold')}, "
             f"review threshold {result.get('review_threshold')} (calibrated confidence)"]  # fmt: skip
    per_label = result.get("label_thresholds") or {}
    if len(set(per_label.values())) > 1:
        lines.append("acting threshold per label: " + ", ".join(f"{k} {v:.2f}" for k, v in per_label.items()))
    for name, split in result["splits"].items():
        lines += ["", f"== {SPLIT_NAMES.get(name, name)}: {split['posts']} posts", *_render_split(split)]
        if "lexicon_only" in split:
            lex = split["lexicon_only"]
            lines.append(f"lexicon only (no learning): macro-F1 {lex['macro_f1']:.3f}, event precision "
                         f"{lex['event_precision']:.3f}, event recall {lex['event_recall']:.3f}")  # fmt: skip
    kinds = (("across_splits", ""), ("across_other_languages", "other-language "))
    lexicon = result.get("lexicon_only") or {}
    blocks = [(result.get(key) or {}, "across the", kind) for key, kind in kinds]
    blocks += [(lexicon.get(key) or {}, "lexicon only, across the same", kind) for key, kind in kinds]
    for across, title, kind in blocks:
        if not across:
            continue
        lines += ["", f"== {title} {across['splits']} {kind}splits: mean (lowest, where)"]
        for figure, label in (("macro_f1", "macro-F1"), ("event_precision", "event precision"),
                              ("event_recall", "event recall")):  # fmt: skip
            f = across[figure]
            lines.append(
                f"{label:<16}{f['mean']:.3f} ({f['lowest']:.3f}, {SPLIT_NAMES.get(f['lowest_split'], f['lowest_split'])})"
            )
    for name, dates in (result.get("dates") or {}).items():
        lines.append(f"date resolution ({name}): {dates['accuracy']:.3f} of {dates['cases']} expressions")
    return "\n".join(lines)


def render_markdown(result: dict[str, Any]) -> str:
    """The README's two tables: per-label P / R / F1 (n) by split, then each split's headline figures."""
    names = {name: SPLIT_NAMES.get(name, name).split(" (")[0] for name in result["splits"]}
    splits = result["splits"]
    head = "| label | " + " | ".join(f"{names[n]} P / R / F1 (n)" for n in splits) + " |"
    lines = [head, "|---|" + "---:|" * len(splits)]
    for label in LABELS:
        cells = [splits[n]["per_class"][label] for n in splits]
        lines.append(f"| {label} | " + " | ".join(
            f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f} ({c['support']})" for c in cells) + " |")  # fmt: skip
    lines += ["", "| split | posts | macro-F1 | event precision | event recall | subject (bereavement aside) | relation "
              "| date | ECE raw → calibrated | with pending: precision / recall |", "|---|" + "---:|" * 9]  # fmt: skip
    for name, split in splits.items():
        ev, rel, pend = split["events"], split["reliability"], split["with_pending"]
        lines.append(
            f"| {names[name]} | {split['posts']} | **{split['macro_f1']:.3f}** | **{split['event_precision']:.3f}** "
            f"| {split['event_recall']:.3f} | {ev['subject']:.3f} ({ev['subject_no_bereavement']:.3f}) "
            f"| {ev['relation']:.3f} | {ev['date']:.3f} | {rel['raw']['ece']:.3f} → {rel['calibrated']['ece']:.3f} "
            f"| {pend['event_precision']:.3f} / {pend['event_recall']:.3f} |"
        )
    for key, kind in (("across_splits", ""), ("across_other_languages", "other-language ")):
        across = result.get(key) or {}
        if not across:
            continue
        f1, precision, recall = across["macro_f1"], across["event_precision"], across["event_recall"]
        lines += ["", f"Across the {across['splits']} {kind}splits, mean (lowest): macro-F1 {f1['mean']:.3f} ({f1['lowest']:.3f}, "
                  f"{names[f1['lowest_split']]}), event precision {precision['mean']:.3f} ({precision['lowest']:.3f}), "
                  f"event recall {recall['mean']:.3f} ({recall['lowest']:.3f})."]  # fmt: skip
    return "\n".join(lines)


def _render_split(result: dict[str, Any]) -> list[str]:
    lines = [f"{'label':<14}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for label in LABELS:
        c = result["per_class"][label]
        lines.append(f"{label:<14}{c['precision']:>10.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}{c['support']:>9}")
    lines.append("")
    lines.append(f"macro-F1 {result['macro_f1']:.3f}   event-vs-none precision {result['event_precision']:.3f}"
                 f"   recall {result['event_recall']:.3f}   exact label sets {result['exact_match']:.3f}")  # fmt: skip
    ev = result.get("events", {})
    if ev:
        lines.append(f"on {ev['events']} events found: subject {ev['subject']:.3f} (bereavement aside "
                     f"{ev['subject_no_bereavement']:.3f})  relation {ev['relation']:.3f}  date {ev['date']:.3f}")  # fmt: skip
    rel = result.get("reliability")
    if rel:
        lines.append(f"expected calibration error: {rel['raw']['ece']:.3f} raw head, "
                     f"{rel['calibrated']['ece']:.3f} calibrated ({rel['calibrated']['candidates']} candidates)")  # fmt: skip
    pend = result.get("with_pending")
    if pend:
        lines.append(f"with pending events too: macro-F1 {pend['macro_f1']:.3f}  precision "
                     f"{pend['event_precision']:.3f}  recall {pend['event_recall']:.3f}")  # fmt: skip
    lines.append("confusion (single-event posts; rows gold, columns predicted)")
    lines.append(" " * 14 + "".join(f"{lab[:5]:>6}" for lab in LABELS))
    for gold in LABELS:
        row = result["confusion"][gold]
        lines.append(f"{gold:<14}" + "".join(f"{row[p]:>6}" for p in LABELS))
    return lines


__all__ = [
    "ENCODER",
    "evaluate_model",
    "held_out",
    "render",
    "render_markdown",
    "rules_only",
    "rules_only_headline",
    "train_and_publish",
]
