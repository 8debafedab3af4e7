"""Fit the artifact's shift for events whose only cues are other languages' words, and record it.

The head learnt what a cue is worth from English posts, where a cue comes with an encoder that
reads the rest of the post; in another language the encoder (English MiniLM) reads little, so the
head is less sure of an event than its cue warrants. One logit shift over those cells, the largest at
which the events it lets act are right 95% of the time on posts in other languages the model never
trained on (the precision the acting thresholds are chosen for); English posts are untouched.

    .venv/bin/python -m lifeevents.other_language_shift [--model DIR] [--posts FILE ...] [--dry-run]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lifeevents import artifact as artifacts
from lifeevents.artifact import OTHER_LANGUAGE_SHIFT
from lifeevents.calibration import Calibration, fit_shift
from lifeevents.dataset import DATA_DIR, load_posts, targets
from lifeevents.pipeline import Classifier, other_language_cells
from lifeevents.taxonomy import EVENT_LABELS
from lifeevents.training import TARGET_PRECISION

DEFAULT_POSTS = (
    "posts_writers12_train.jsonl",
)  # 705 posts in 22 other languages the shipped model never read


def main() -> None:
    """Print the fitted shift and the log-loss it brings, and write it to the model's meta.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", type=Path, default=None, help="a model root or version folder (default: shipped)"
    )
    parser.add_argument(
        "--posts", nargs="+", default=list(DEFAULT_POSTS), help="posts files in the data folder"
    )
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    args = parser.parse_args()
    folder = artifacts.resolve_dir(args.model)
    artifact = artifacts.load(folder)
    artifact.meta[OTHER_LANGUAGE_SHIFT] = 0.0  # fit on the head's own logits
    posts = [p for name in args.posts for p in load_posts(DATA_DIR / name)]
    classifier = Classifier(artifact=artifact)
    cues, logits = classifier.logits([p.text for p in posts])
    mask = other_language_cells(cues)
    y = targets(posts)
    calibration = artifact.calibration or Calibration.identity(len(EVENT_LABELS))
    shift = fit_shift(logits, y, mask, calibration, classifier.thresholds, TARGET_PRECISION)
    acted = mask & (calibration.apply(logits + shift * mask) >= classifier.thresholds[None, :])
    print(f"{artifact.version}: {int(mask.sum())} cells (posts x labels) cued only in another language, "
          f"{int(y[mask].sum())} of them events; shift {shift:+.2f}: {int(acted.sum())} act, "
          f"{int(y[acted].sum())} of them events")  # fmt: skip
    if not args.dry_run:
        artifacts.update_meta(
            folder, {OTHER_LANGUAGE_SHIFT: shift, f"{OTHER_LANGUAGE_SHIFT}_fitted_on": args.posts}
        )
        print(f"written to {folder / artifacts.META_FILE}")


if __name__ == "__main__":
    main()
