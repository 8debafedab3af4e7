"""Two models on the dev posts neither was trained on, for choosing between them by dev.

A model's dev split is carved from its own training files by template group, so adding a training
file reshuffles the carving: the two models' own dev scores are measured on different posts. This
scores both on the newer model's dev posts that the older one did not train on either (those in
its own dev split, or in files it never read), with the calibration and thresholds each fitted on
its own dev, so the comparison is equally optimistic for both.

    .venv/bin/python -m lifeevents.dev_compare OLD_MODEL NEW_MODEL [--files register] [--old-files N] [--seed 13]

The newer model read one of ``dataset.FILE_SETS`` (``--files``: the training files and the
held-back register file, or the outside writers' file); ``--old-files N``: the older model read
the first N of them (default: all but the last).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lifeevents import artifact as artifacts
from lifeevents.dataset import DATA_DIR, FILE_SETS, LabelledPost, load_posts
from lifeevents.experiment import held_out
from lifeevents.pipeline import Classifier
from lifeevents.training import TrainConfig, dev_split


def unseen_dev(
    files: tuple[str, ...], old_files: int, seed: int, share: float
) -> tuple[list[LabelledPost], set[str]]:
    """(the newer model's dev posts the older one never trained on, ids of posts from the newer files)."""
    old = [p for name in files[:old_files] for p in load_posts(DATA_DIR / name)]
    new = [p for name in files for p in load_posts(DATA_DIR / name)]
    old_dev = {old[i].id for i in dev_split(old, share, seed)[1]}
    added = {p.id for p in new} - {p.id for p in old}
    return [new[i] for i in dev_split(new, share, seed)[1] if new[i].id in old_dev | added], added


def main() -> None:
    """Print each model's macro-F1, event precision and recall on the shared unseen dev posts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs=2, type=Path)
    parser.add_argument("--files", choices=sorted(set(FILE_SETS) - {"shipped"}), default="register")
    parser.add_argument("--old-files", type=int, default=None, help="default: all of the set but the last")
    parser.add_argument("--seed", type=int, default=TrainConfig().seed)
    args = parser.parse_args()
    files = FILE_SETS[args.files]
    old_files = len(files) - 1 if args.old_files is None else args.old_files
    posts, added = unseen_dev(files, old_files, args.seed, TrainConfig().dev_share)
    parts = {"all": posts, "older files": [p for p in posts if p.id not in added],
             "newer files": [p for p in posts if p.id in added]}  # fmt: skip
    for model in args.models:
        classifier = Classifier(artifact=artifacts.load(model))
        for name, subset in parts.items():
            r = held_out(classifier, subset)
            print(f"{classifier.artifact.version}  unseen dev ({name}, {len(subset)} posts): "
                  f"macro-F1 {r['macro_f1']:.3f}  precision {r['event_precision']:.3f}  "
                  f"recall {r['event_recall']:.3f}  subject {r['events']['subject']:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
