"""Ways of fine-tuning the encoder, compared on the dev split: which one to ship.

Every variant trains on the same training posts, with the same dev split (carved by template
group) and seed, and gets its own calibration and thresholds at the same precision target. Dev
macro-F1 at those thresholds decides; the held-out splits are measured afterwards on the kept
artifacts (``lifecue eval-classifier --model <out>/<variant>``) and never choose anything.

    .venv/bin/python -m lifeevents.variants --out /tmp/variants [--only top3-r8 ...] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from lifeevents import artifact as artifacts
from lifeevents.encoder import Encoder
from lifeevents.finetune import FineTuneConfig
from lifeevents.training import Encoded, TrainConfig, train

# the design shipped before this comparison, spelled out so changing FineTuneConfig's defaults changes no variant
BASE: dict[str, Any] = {
    "layers": 2,
    "rank": 8,
    "alpha": 16.0,
    "epochs": 5,
    "patience": 2,
    "label_smoothing": 0.0,
}
# name -> its FineTuneConfig fields
VARIANTS: dict[str, dict[str, Any]] = {
    "top2-r8": BASE,
    "top2-r8-smooth": BASE | {"label_smoothing": 0.1},
    "top3-r8": BASE | {"layers": 3},
    "top3-r8-long": BASE | {"layers": 3, "epochs": 10, "patience": 3},
    "top4-r16": BASE | {"layers": 4, "rank": 16, "alpha": 32.0},
}


def config_of(name: str, seed: int = 13, device: str = "cpu") -> TrainConfig:
    """The training configuration of variant ``name``."""
    tuning = replace(FineTuneConfig(seed=seed, device=device), **VARIANTS[name])
    return TrainConfig(seed=seed, finetune=True, tuning=tuning)


def compare(
    data: Encoded,
    encoder: Encoder,
    out: Path,
    names: list[str] | None = None,
    seed: int = 13,
    device: str = "cpu",
) -> dict[str, Any]:
    """Train each variant on ``data`` (embeddings included), publish it under ``out/<name>``, report dev."""
    report: dict[str, Any] = {}
    for name in names or list(VARIANTS):
        started = time.monotonic()
        trained = train(data, config_of(name, seed, device), encoder)
        folder = artifacts.publish(trained, out / name)
        report[name] = {
            "version": trained.version,
            "folder": str(folder),
            "dev": trained.meta["dev"],
            "acting": trained.threshold,
            "label_thresholds": trained.label_thresholds,
            "history": trained.meta["finetune_history"],
            "seconds": round(time.monotonic() - started, 1),
        }
        print(json.dumps({name: report[name]}), flush=True)
    return report


def main() -> None:
    """Compare the variants on the project's training files and print the dev report."""
    from lifeevents.cues import CueReader
    from lifeevents.dataset import DATA_DIR, load_training
    from lifeevents.training import encode

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="root for one artifact per variant")
    parser.add_argument("--only", nargs="*", choices=list(VARIANTS), default=None)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    encoder = Encoder()
    data = encode(load_training(DATA_DIR), encoder, CueReader())
    report = compare(data, encoder, args.out, args.only, args.seed, args.device)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
