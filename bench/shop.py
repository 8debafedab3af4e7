"""A seeded shop for serving benchmarks: products, genomes, a feedback matrix, a snapshot.

Products and genomes go straight into the database (the benchmarks measure serving,
not intake). The feedback matrix (~20 items per consumer, power-law popularity, a
taste cluster per consumer) is built in memory and trained with lifecue's ALS
defaults, iterations lowered (serving cost does not depend on them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
CATEGORIES = ("grocery", "beauty", "sports", "home", "fashion", "electronics", "toys", "baby_care", "wedding",
              "gifts", "jewelry", "garden")  # fmt: skip
EVENTS = ("wedding", "new_baby", "birthday", "moving_home", "graduation")


def consumer_id(c: int) -> str:
    """The id of consumer number ``c``."""
    return f"c{c:07d}"


def product_docs(products: int) -> list[dict[str, Any]]:
    """Product documents: 12 categories, every 7th tagged for an event, every 50th out of stock."""
    return [{"_id": f"p{i:06d}", "title": f"item {i}", "category": CATEGORIES[i % len(CATEGORIES)],
             "price": 10.0, "tags": [f"event:{CATEGORIES[i % len(CATEGORIES)]}"] if i % 7 == 0 else [],
             "in_stock": i % 50 != 0} for i in range(products)]  # fmt: skip


def genome_docs(start: int, stop: int, seed: int) -> list[dict[str, Any]]:
    """Consenting genomes; a third carry a life event 1-60 days ahead of ``AS_OF``."""
    rng = random.Random(seed * 1_000_003 + start)
    granted = {"granted": True, "at": AS_OF - timedelta(days=100), "source": "bench"}
    out = []
    for c in range(start, stop):
        events: list[dict[str, Any]] = []
        if c % 3 == 0:
            events.append({"event_id": f"e{c}", "type": rng.choice(EVENTS), "recurrence": "one_off",
                           "subject": "self", "relation": None,
                           "date": AS_OF + timedelta(days=rng.randint(1, 60)), "date_precision": "day",
                           "confidence": 0.9, "sensitive": False, "source_post_ids": [],
                           "model_version": "bench", "detected_at": AS_OF})  # fmt: skip
        out.append({"_id": consumer_id(c), "schema_version": 1, "created_at": AS_OF, "updated_at": AS_OF,
                    "consents": {"personalization": granted}, "life_events": events,
                    "purchases": {"value_12m": float(rng.choice((0, 300, 1500, 6000)))}})  # fmt: skip
    return out


def load(db: Any, consumers: int, products: int, seed: int = 3) -> None:
    """Products and genomes straight into the database (`genome_store.load_documents` batches them)."""
    from genome_store import load_documents

    genomes = (
        doc for k in range(0, consumers, 5000) for doc in genome_docs(k, min(consumers, k + 5000), seed)
    )
    load_documents(db, products=product_docs(products), genomes=genomes, now=AS_OF)


def matrix(consumers: int, products: int, per_user: int = 20, seed: int = 3) -> csr_matrix:
    """Seeded implicit feedback with Zipf item popularity and a taste cluster per consumer."""
    rng = np.random.default_rng(seed)
    pop = 1.0 / np.arange(1, products + 1) ** 0.9
    pop /= pop.sum()
    rows = np.repeat(np.arange(consumers), per_user)
    cluster = rng.integers(0, 50, size=consumers)
    base = rng.choice(products, size=consumers * per_user, p=pop)
    cols = (base + np.repeat(cluster, per_user) * (products // 50)) % products
    data = rng.integers(1, 9, size=len(rows)).astype(np.float32)
    m = csr_matrix((data, (rows, cols)), shape=(consumers, products))
    m.sum_duplicates()
    return m


def consumer_sequence(consumers: int, length: int, seed: int = 7) -> list[int]:
    """The consumers every measurement asks for, in order (the same for every variant)."""
    rng = random.Random(seed)
    return [rng.randrange(consumers) for _ in range(length)]


@dataclass
class Model:
    """What training produced for the shop: the matrix, factors and the arrays the registry stores."""

    matrix: csr_matrix
    arrays: dict[str, np.ndarray]
    counts: dict[str, float]
    train_seconds: float


def train_model(consumers: int, products: int, iterations: int = 3) -> Model:
    """ALS on the shop's matrix; arrays in the registry's named form."""
    from recommender.als import AlsParams, train

    m = matrix(consumers, products)
    factors = train(m, AlsParams(iterations=iterations))
    item_ids = np.array([f"p{i:06d}" for i in range(products)])
    arrays = {"user_ids": np.array([consumer_id(c) for c in range(consumers)]), "item_ids": item_ids,
              "user_factors": factors.user_factors, "item_factors": factors.item_factors,
              "purchased_indptr": m.indptr, "purchased_indices": m.indices,
              "suppressed_indptr": np.zeros(consumers + 1, np.int32),
              "suppressed_indices": np.zeros(0, np.int32)}  # fmt: skip
    counts = dict(zip(item_ids.tolist(), np.bincount(m.indices, minlength=products).tolist(), strict=True))
    return Model(m, arrays, {k: float(v) for k, v in counts.items()}, factors.train_seconds)


def snapshot(model: Model, products: int) -> Any:
    """The serving snapshot of ``model`` over the shop's catalog (no database needed)."""
    from recommender.als import AlsParams
    from recommender.snapshot import Catalog, ModelMeta
    from recommender.training import assemble

    users, items = model.matrix.shape
    meta = ModelMeta(
        "bench-1", AS_OF, AlsParams().as_strings(), {}, users, items, model.matrix.nnz, None, None
    )
    return assemble(meta, model.arrays, Catalog.build(product_docs(products), model.counts, {}), {})
