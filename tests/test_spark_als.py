"""The Spark MLlib ALS engine: same arrays as implicit's, ranking quality within 5% on one split.

Runs Spark in local mode (the JVM from the system, `make test` installs Debian's
openjdk-17-jre-headless when ``java`` is missing); one Spark session serves the module.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from lifecue.config import Settings, load_settings
from lifecue.errors import FailedPrecondition
from recommender.als import AlsParams, train
from recommender.evaluation import Split, evaluate
from services.recommender import options

pytestmark = pytest.mark.slow

PARAMS = dict(factors=16, iterations=10, regularization=0.05)


def latent_split(users: int = 600, items: int = 300, seed: int = 5) -> tuple[Split, Split]:
    """Users and items from 6 latent factors with power-law popularity; 80/20 random split."""
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(users, 6))
    v = rng.normal(size=(items, 6))
    pop = np.log(1.0 / np.arange(1, items + 1) ** 0.8)
    train_rows: list[tuple[str, str, float]] = []
    test_rows: list[tuple[str, str, float]] = []
    for user in range(users):
        logits = v @ u[user] + pop * 2
        p = np.exp(logits - logits.max())
        chosen = rng.choice(items, size=int(rng.integers(8, 30)), replace=False, p=p / p.sum())
        for item in chosen:
            row = (f"u{user}", f"i{item}", float(rng.geometric(0.3)))
            (test_rows if rng.random() < 0.2 else train_rows).append(row)

    def split(rows: list[tuple[str, str, float]]) -> Split:
        return Split([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    return split(train_rows), split(test_rows)


@pytest.fixture(scope="module")
def spark_metrics() -> dict[str, dict[str, float]]:
    """ndcg@10 and friends of both engines on the same split and hyper-parameters."""
    train_split, test_split = latent_split()
    return {
        engine: evaluate(train_split, test_split, AlsParams(**PARAMS, engine=engine), k=10)  # type: ignore[arg-type]
        for engine in ("implicit", "spark")
    }


def test_spark_ndcg_is_within_five_percent_of_implicit(spark_metrics: dict[str, dict[str, float]]) -> None:
    implicit_ndcg = spark_metrics["implicit"]["ndcg@10"]
    spark_ndcg = spark_metrics["spark"]["ndcg@10"]
    assert implicit_ndcg > 0.05, "the split must be learnable for the comparison to mean anything"
    print({engine: {k: round(v, 4) for k, v in m.items()} for engine, m in spark_metrics.items()})
    assert abs(spark_ndcg - implicit_ndcg) <= 0.05 * implicit_ndcg, spark_metrics


def test_spark_factors_have_the_shapes_and_types_the_registry_stores() -> None:
    m = csr_matrix(np.kron(np.eye(6, dtype=np.float32), np.ones((5, 4), dtype=np.float32)))  # 6 blocks
    m.data[m.indptr[29]] = 0.0  # a stored zero is not feedback (user 29 keeps three items)
    factors = train(m, AlsParams(factors=8, iterations=8, engine="spark"))
    assert factors.user_factors.shape == (30, 8) and factors.item_factors.shape == (24, 8)
    assert factors.user_factors.dtype == np.float32 and factors.user_factors.flags.c_contiguous
    scores = factors.user_factors @ factors.item_factors.T
    # checkerboard: each user's best items are its own block's
    assert all(
        set(np.argsort(-scores[u])[:4].tolist()) == set(range(u // 5 * 4, u // 5 * 4 + 4)) for u in range(30)
    )


def test_engine_setting_reaches_training_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFECUE_RECOMMENDER__ENGINE", "spark")
    monkeypatch.setenv("LIFECUE_RECOMMENDER__SPARK_MASTER", "local[2]")
    params = options(load_settings()).params
    assert (params.engine, params.spark_master) == ("spark", "local[2]")
    assert params.as_strings()["engine"] == "spark"
    monkeypatch.delenv("LIFECUE_RECOMMENDER__ENGINE")
    assert options(Settings()).params.engine == "implicit"


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(FailedPrecondition, match="unknown ALS engine"):
        train(csr_matrix(np.eye(3, dtype=np.float32)), AlsParams(engine="mahout"))
