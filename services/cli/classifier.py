"""``lifecue classify``, ``train-classifier`` and ``eval-classifier``: the life-event model from the shell."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from genome_store import posts_pending_review, reviewed_items
from lifecue.tracking import resolve_tracking_uri
from lifeevents import artifact as artifacts
from lifeevents import encoder_builds, experiment, reviewed
from lifeevents.dataset import DATA_DIR, FILE_SETS, LabelledPost, parse_time
from lifeevents.encoder_builds import BUILDS, FP32, ONNX_BUILDS, cache_folder
from lifeevents.events import PostText, contract_rows
from lifeevents.pipeline import BOTH, FEATURE_SETS
from lifeevents.training import TrainConfig
from services.app import open_app
from services.cli import classifier_runs
from services.cli.common import settings_or_exit
from services.lifeevents import configured_classifier


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommands."""
    p = sub.add_parser(
        "classify", help='JSON lines {"id","text"[,"posted_at"]} on stdin -> life events on stdout'
    )
    p.add_argument("--model", type=Path, default=None, help="artifact folder (default: the shipped model)")
    p.add_argument("--batch-size", type=int, default=64, help="texts encoded together")
    p.add_argument("--with-pending", action="store_true",
                   help='also print events between the review and acting thresholds, marked "pending": true')  # fmt: skip
    p.set_defaults(run=classify)
    t = sub.add_parser("train-classifier", help="train the head, evaluate on the test split, publish")
    t.add_argument(
        "--data", type=Path, default=DATA_DIR, help="folder with posts_train/posts_test/dates_test"
    )
    t.add_argument(
        "--out", type=Path, default=artifacts.SHIPPED_ROOT, help="artifact root (a version folder + pointer)"
    )
    t.add_argument(
        "--seed", type=int, default=TrainConfig().seed, help="the shipped model's seed unless given"
    )
    t.add_argument("--features", choices=FEATURE_SETS, default=BOTH)
    t.add_argument("--epochs", type=int, default=None, help="override the default epochs")
    t.add_argument(
        "--ablation", action="store_true", help="also train encoder-only and rules-only heads and report all"
    )
    t.add_argument("--cache", type=Path, default=None, help="folder to keep embeddings in between runs")
    t.add_argument("--pooling", choices=("post", "sentences"), default="post",
                   help="encode whole posts, or sentences pooled by max and mean")  # fmt: skip
    t.add_argument("--no-finetune", action="store_true", help="keep the encoder frozen (train the head only)")
    t.add_argument(
        "--limit", type=int, default=None, help="train on a seeded sample of N posts (quick checks)"
    )
    t.add_argument("--files", choices=sorted(FILE_SETS), default="shipped",
                   help="training files: those of the shipped model (default: the team's files and the eleven outside "
                   "writers' files), or other sets (lifeevents.dataset.FILE_SETS)")  # fmt: skip
    t.add_argument("--with-reviewed", action="store_true",
                   help="also train on events stewards reviewed (read from the database; consent checked)")  # fmt: skip
    t.set_defaults(run=train)
    e = sub.add_parser(
        "eval-classifier", help="per-class P/R/F1, macro-F1, confusion, event precision, dates"
    )
    e.add_argument("--data", type=Path, default=DATA_DIR)
    e.add_argument("--model", type=Path, default=None)
    e.add_argument("--json", action="store_true", help="print the whole report as JSON")
    e.add_argument("--markdown", action="store_true", help="print the README's tables (per label, per split)")
    e.add_argument("--encoder-build", choices=BUILDS, default=FP32,
                   help="score the model as run by this encoder build (default fp32, as trained; the services and "
                   "`lifecue classify` run LIFECUE_LIFEEVENTS__ENCODER_BUILD, onnx-int8 unless set)")  # fmt: skip
    e.add_argument("--posts", type=Path, action="append", default=[], metavar="FILE",
                   help="score these labelled posts files instead of the held-out splits (repeatable; e.g. the "
                   "subject dev files, lifeevents/data/posts_subjects_dev*.jsonl)")  # fmt: skip
    e.add_argument("--lexicon", action="store_true",
                   help="also score the lexicon alone (an event for every cue word nothing undoes) on the same posts: "
                   "the baseline each split is read beside")  # fmt: skip
    e.add_argument("--reviewed", action="store_true",
                   help="instead: precision on live traffic, from the events stewards reviewed (the database)")  # fmt: skip
    e.set_defaults(run=evaluate)
    x = sub.add_parser(
        "export-encoder", help="export the encoder's ONNX build ahead of the first start (an image build)"
    )
    x.add_argument("--build", choices=BUILDS, default=None, help="default: LIFECUE_LIFEEVENTS__ENCODER_BUILD")
    x.add_argument(
        "--model", type=Path, default=None, help="artifact folder (default: the configured or shipped model)"
    )
    x.add_argument("--to", type=Path, default=None, help="default: LIFECUE_LIFEEVENTS__BUILD_CACHE")
    x.set_defaults(run=export_encoder)


def _chunks(stream: TextIO, size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in stream:
        if line.strip():
            chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parse(line: str, now: datetime) -> tuple[str | None, PostText | None, str]:
    """(id, post, warning) of one input line; no id when it is not a JSON object, no post without text."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, f"not JSON: {exc}"
    if not isinstance(row, dict):
        return None, None, "not a JSON object"
    post_id = str(row.get("id", ""))
    text = row.get("text")
    if not isinstance(text, str):
        return post_id, None, 'field "text" is missing or not a string; answered "none"'
    try:
        return post_id, PostText(text, parse_time(row["posted_at"]) if row.get("posted_at") else now), ""
    except (TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
        return post_id, PostText(text, now), f"posted_at unreadable ({exc}); resolved dates against now"


def classify(args: argparse.Namespace) -> int:
    """Stream stdin to stdout in batches, in input order; problems are reported on stderr."""
    classifier = configured_classifier(settings_or_exit(log_format="text"), args.model, args.batch_size)
    out = sys.stdout
    for n, chunk in enumerate(_chunks(sys.stdin, max(1, args.batch_size) * 4)):
        now = datetime.now(UTC)
        parsed = [_parse(line, now) for line in chunk]
        for i, (_, _, warning) in enumerate(parsed):
            if warning:
                print(f"lifecue classify: chunk {n} line {i + 1}: {warning}", file=sys.stderr)
        posts = [post for _, post, _ in parsed if post is not None]
        found = iter(classifier.classify(posts, with_pending=args.with_pending))
        for post_id, post, _ in parsed:
            if post_id is None:
                continue
            for row in contract_rows(post_id, next(found) if post is not None else [], args.with_pending):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _reviewed_examples() -> list[LabelledPost]:
    """Stewards' reviewed examples of consenting consumers, from the configured database."""
    with open_app(settings_or_exit(log_format="text")) as app:
        return reviewed.labelled_posts(reviewed_items(app.db), posts_pending_review(app.db))


def train(args: argparse.Namespace) -> int:
    """Train (optionally the ablation too), evaluate on the held-out split, publish, track in MLflow,
    print the summary."""
    settings = settings_or_exit(log_format="text")
    extra = _reviewed_examples() if args.with_reviewed else []
    summary = experiment.train_and_publish(
        args.data,
        args.out,
        seed=args.seed,
        features=args.features,
        epochs=args.epochs,
        ablation=args.ablation,
        cache=args.cache,
        pooling=args.pooling,
        finetune=not args.no_finetune,
        limit=args.limit,
        extra=extra,
        files=FILE_SETS[args.files],
    )
    options = {"seed": args.seed, "files": args.files, "features": args.features, "epochs": args.epochs or "default",
               "pooling": args.pooling, "ablation": args.ablation, "data": str(args.data),
               "finetune": not args.no_finetune, "limit": args.limit or "all",
               "with_reviewed": len(extra)}  # fmt: skip
    uri = resolve_tracking_uri(settings.tracking_uri, settings.state_dir)  # MLFLOW_TRACKING_URI or local
    summary["mlflow_run_id"] = classifier_runs.track(args.data, options, summary, uri)
    print(json.dumps(summary, indent=2))
    return 0


def export_encoder(args: argparse.Namespace) -> int:
    """Write the build's file where the services will read it; print what was written, as JSON."""
    settings = settings_or_exit(log_format="text")
    cfg = settings.lifeevents
    loaded = artifacts.load(args.model or cfg.model_dir)
    build = args.build or cfg.encoder_build
    folder = args.to or cache_folder(cfg.build_cache, settings.state_dir)
    started = time.perf_counter()
    path = (
        encoder_builds.export(folder, build, loaded.adapter, loaded.version) if build in ONNX_BUILDS else None
    )
    print(json.dumps({"build": build, "model_version": loaded.version, "path": str(path) if path else None,
                      "seconds": round(time.perf_counter() - started, 1)}))  # fmt: skip
    return 0


def evaluate(args: argparse.Namespace) -> int:
    """Evaluate the artifact on the held-out split and the date cases (or on reviewed live traffic)."""
    if args.reviewed:
        return evaluate_reviewed(args)
    missing = [str(path) for path in args.posts if not path.is_file()]
    if missing:
        print(f"lifecue eval-classifier: --posts: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    result: dict[str, Any] = experiment.evaluate_model(
        args.data, args.model, args.encoder_build, args.posts, args.lexicon
    )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(experiment.render_markdown(result) if args.markdown else experiment.render(result))
    return 0


def evaluate_reviewed(args: argparse.Namespace) -> int:
    """Precision of the model (``--model`` or the shipped one) on the events stewards reviewed."""
    version = artifacts.load(args.model).version
    with open_app(settings_or_exit(log_format="text")) as app:
        report = reviewed.precision_report(reviewed_items(app.db, model_version=version), version)
    print(json.dumps(report, indent=2) if args.json else reviewed.render(report))
    return 0
