"""Benchmark: a model's trip through the database registry, and a refresh's, beside local files.

    python -m bench.bench_model_swap                               # 100k consumers x 20k products
    python -m bench.bench_model_swap --consumers 20000 --changed 500

Setup: random ALS-shaped arrays (``--factors`` per consumer and product, ~20 purchased
products per consumer) in the artifact layout of `recommender.training`, an embedded
SecantusDB, and a catalog of ``--products`` products.

Measured, one JSON line each:

- ``machine`` / ``machine_end``: CPU count and load average, to judge how busy the cores were;
- ``local_file``: the baseline of the same run, the former file registry: ``np.savez`` to a
  local file and ``np.load`` back (what a server could only do on the machine that trained);
- ``publish_model``: `Registry.publish` (npz bytes, 4 MiB chunk documents, then the pointer);
- ``load_model``: `Registry.latest` (chunks read, size and SHA-256 checked, arrays loaded) and
  ``snapshot_seconds``, building the serving snapshot from them (`recommender.loading`);
- ``refresh``: a refresh of ``--changed`` consumers: its bytes, publish, load and apply seconds.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import Report, machine

AS_OF = datetime(2026, 6, 1, tzinfo=UTC)


def model_arrays(
    consumers: int, products: int, factors: int, per_user: int, seed: int
) -> dict[str, np.ndarray]:
    """ALS-shaped artifact arrays with ``per_user`` purchased products per consumer."""
    rng = np.random.default_rng(seed)
    indptr = np.arange(0, (consumers + 1) * per_user, per_user, dtype=np.int32)
    return {
        "user_ids": np.array([f"c{c:07d}" for c in range(consumers)]),
        "item_ids": np.array([f"p{i:06d}" for i in range(products)]),
        "user_factors": rng.standard_normal((consumers, factors), dtype=np.float32),
        "item_factors": rng.standard_normal((products, factors), dtype=np.float32),
        "purchased_indptr": indptr,
        "purchased_indices": rng.integers(0, products, consumers * per_user, dtype=np.int32),
        "suppressed_indptr": np.zeros(consumers + 1, dtype=np.int32),
        "suppressed_indices": np.zeros(0, dtype=np.int32),
        "popularity_item_ids": np.array([f"p{i:06d}" for i in range(products)]),
        "popularity_counts": rng.integers(0, 100, products).astype(np.float64),
    }


def refresh_arrays(model: dict[str, np.ndarray], changed: int, seed: int) -> dict[str, np.ndarray]:
    """A refresh of the first ``changed`` consumers, in the layout of `recommender.refresh`."""
    rng = np.random.default_rng(seed)
    per_user = int(model["purchased_indptr"][1])
    return {
        "item_ids": model["item_ids"],
        "item_counts": model["popularity_counts"],
        "user_ids": model["user_ids"][:changed],
        "user_factors": rng.standard_normal((changed, model["user_factors"].shape[1]), dtype=np.float32),
        "purchased_indptr": model["purchased_indptr"][: changed + 1],
        "purchased_indices": model["purchased_indices"][: changed * per_user],
        "suppressed_indptr": np.zeros(changed + 1, dtype=np.int32),
        "suppressed_indices": np.zeros(0, dtype=np.int32),
    }


def timed(fn: Any) -> tuple[Any, float]:
    """``fn()`` and the seconds it took."""
    started = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - started, 3)


def measure(consumers: int, products: int, factors: int, per_user: int, changed: int) -> dict[str, Any]:
    """Every measurement at one size, as a dict."""
    from genome_store import (
        MEMORY,
        EmbeddedMongo,
        ProductInput,
        catalog_products,
        open_store,
        upsert_products,
    )
    from recommender.loading import apply_refreshes, from_model
    from recommender.registry import Registry, to_bytes
    from recommender.snapshot import ModelMeta

    out: dict[str, Any] = {"consumers": consumers, "products": products, "machine": machine()}
    arrays = model_arrays(consumers, products, factors, per_user, seed=3)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.npz"
        _, save_s = timed(lambda: np.savez(path, **arrays))  # type: ignore[arg-type]
        _, load_s = timed(lambda: dict(np.load(path, allow_pickle=False)))
        out["local_file"] = {"bytes": path.stat().st_size, "save_seconds": save_s, "load_seconds": load_s}
    with EmbeddedMongo(MEMORY) as mongo:
        store = open_store(mongo.uri, "bench")
        db = store.db
        ids = arrays["item_ids"].tolist()
        for k in range(0, len(ids), 1000):
            upsert_products(db, [ProductInput(i, "t", "c", 1.0) for i in ids[k : k + 1000]])
        registry = Registry(db)
        meta = ModelMeta("", AS_OF, {}, {}, consumers, products, 0, None, None)
        published, publish_s = timed(lambda: registry.publish(meta, arrays, {"lift": []}))
        stored, load_s = timed(registry.latest)
        catalog = catalog_products(db)
        snap, snapshot_s = timed(lambda: from_model(stored, catalog))
        out["publish_model"] = {
            "version": published.version,
            "bytes": len(to_bytes(arrays)),
            "seconds": publish_s,
        }
        out["load_model"] = {"seconds": load_s, "snapshot_seconds": snapshot_s}
        delta = refresh_arrays(arrays, changed, seed=4)
        seq, refresh_publish_s = timed(
            lambda: registry.publish_refresh(published.version, delta, {"users": changed})
        )
        found, refresh_load_s = timed(lambda: registry.refreshes(published.version, 0))
        applied, apply_s = timed(lambda: apply_refreshes(snap, found, catalog))
        assert applied.refresh_seq == seq
        out["refresh"] = {"changed": changed, "bytes": len(to_bytes(delta)), "publish_seconds": refresh_publish_s,
                          "load_seconds": refresh_load_s, "apply_seconds": apply_s}  # fmt: skip
        store.close()
    out["machine_end"] = machine()
    return out


def run(quick: bool) -> Report:
    """The harness entry point: publish and load through the registry beside a local npz file."""
    from bench.common import Curve, Figure

    sizes = [5_000, 20_000, 50_000] if quick else [20_000, 100_000, 400_000]
    report = Report("model_swap")
    rows = [measure(n, 20_000 if not quick else 5_000, 100, 20, 1000) for n in sizes]
    for r in rows:
        size = f"{r['consumers'] // 1000}k consumers"
        report.add(
            Figure("model publish to the registry", r["publish_model"]["seconds"], "s", "np.savez to a local file",
                   r["local_file"]["save_seconds"], "lower", size),
            Figure("model load from the registry", r["load_model"]["seconds"], "s", "np.load of a local file",
                   r["local_file"]["load_seconds"], "lower", size),
        )  # fmt: skip
    report.details["rows"] = rows
    report.curves.append(Curve("model load from the registry", "consumers", [float(s) for s in sizes],
                               [r["load_model"]["seconds"] for r in rows]))  # fmt: skip
    return report


def main() -> None:
    """Print the measurements of one size as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--consumers", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--factors", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--changed", type=int, default=1000, help="consumers in the refresh")
    args = parser.parse_args()
    print(json.dumps(measure(args.consumers, args.products, args.factors, args.per_user, args.changed)))


if __name__ == "__main__":
    main()
