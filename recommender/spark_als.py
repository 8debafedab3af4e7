"""ALS on Apache Spark MLlib, for training past one machine; factors come back as numpy arrays.

Selected with ``LIFECUE_RECOMMENDER__ENGINE=spark``; ``LIFECUE_RECOMMENDER__SPARK_MASTER``
names the cluster (``local[*]`` runs Spark inside this process's JVM on every core). The
weighted users x items matrix is exported as a CSV of ``(user, item, weight)`` triples to
``export_dir`` (a path every Spark executor can read when the master is a cluster), Spark
fits ``pyspark.ml.recommendation.ALS`` with ``implicitPrefs``, and the factors are
collected back in row order, so the registry stores the same named arrays as for
implicit and serving cannot tell the two apart. Nothing is downloaded: pyspark ships
its jars and the JVM comes from the system (``java`` on the PATH or ``JAVA_HOME``).

Spark's implicit ALS differs from implicit's in two documented ways: its confidence is
``1 + alpha * r`` (implicit's is ``alpha * r``) and it scales ``regParam`` by each row's
number of ratings. ``fit`` therefore passes ``regularization / mean ratings per row``,
which gives the same penalty for an average row.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from lifecue.errors import FailedPrecondition

LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}


def spark_session(master: str, conf: Mapping[str, str] | None = None) -> Any:
    """A SparkSession on ``master``; local masters stay on the loopback interface."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pyspark is an optional dependency
        raise FailedPrecondition(
            "the spark engine needs pyspark: pip install 'lifecue[spark]' (and a Java 17+ runtime)"
        ) from exc
    logging.getLogger("py4j").setLevel(logging.WARNING)  # its INFO lines narrate every socket it closes
    builder = SparkSession.builder.master(master).appName("lifecue-als")
    settings = {**(LOCAL_CONF if master.startswith("local") else {}), **(conf or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # no JVM, or the master cannot be reached
        raise FailedPrecondition(
            f"cannot start Spark on {master!r}: {exc}; install a Java 17+ runtime (Debian: "
            "openjdk-17-jre-headless) or point LIFECUE_RECOMMENDER__SPARK_MASTER at a reachable cluster"
        ) from exc


def export_triples(m: csr_matrix, folder: Path) -> Path:
    """Write ``user,item,weight`` rows of every stored value of ``m``; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "interactions.csv"
    rows = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr))
    table = np.column_stack([rows, m.indices.astype(np.int64), m.data.astype(np.float64)])
    np.savetxt(path, table, fmt=("%d", "%d", "%.6g"), delimiter=",")
    return path


def collect(frame: Any, rows: int, factors: int) -> np.ndarray:
    """``(id, features)`` rows of a Spark factor frame -> a float32 matrix in id order (zeros if absent)."""
    out = np.zeros((rows, factors), dtype=np.float32)
    for row in frame.toLocalIterator():
        out[int(row["id"])] = np.asarray(row["features"], dtype=np.float32)
    return out


def fit(
    user_items: csr_matrix,
    factors: int,
    regularization: float,
    alpha: float,
    iterations: int,
    seed: int,
    master: str = "local[*]",
    export_dir: Path | None = None,
) -> tuple[np.ndarray, np.ndarray, float]:
    """User and item factors of Spark's implicit ALS on ``user_items``, and the seconds it took."""
    from pyspark.ml.recommendation import ALS
    from pyspark.sql.types import FloatType, IntegerType, StructField, StructType

    m = csr_matrix(user_items, dtype=np.float32)
    m.eliminate_zeros()
    if m.nnz == 0:
        raise FailedPrecondition("no feedback to train on; record interactions first")
    spark = spark_session(master)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=export_dir) as tmp:
        path = export_triples(m, Path(tmp))
        schema = StructType([StructField("user", IntegerType()), StructField("item", IntegerType()),
                             StructField("weight", FloatType())])  # fmt: skip
        ratings = spark.read.csv(str(path), schema=schema)
        per_row = m.nnz / max(int(np.count_nonzero(np.diff(m.indptr))), 1)
        als = ALS(rank=factors, maxIter=iterations, regParam=regularization / per_row, alpha=alpha,
                  implicitPrefs=True, userCol="user", itemCol="item", ratingCol="weight", seed=seed,
                  nonnegative=False, numUserBlocks=_blocks(spark), numItemBlocks=_blocks(spark))  # fmt: skip
        model = als.fit(ratings)
        users = collect(model.userFactors, m.shape[0], factors)
        items = collect(model.itemFactors, m.shape[1], factors)
    return users, items, time.perf_counter() - started


def _blocks(spark: Any) -> int:
    """One block per core Spark has (at least 2, at most 64)."""
    return max(2, min(64, int(spark.sparkContext.defaultParallelism)))


def java_available() -> bool:
    """Whether a JVM can be found (``JAVA_HOME`` or ``java`` on the PATH)."""
    import shutil

    home = os.environ.get("JAVA_HOME")
    return bool((home and Path(home, "bin", "java").exists()) or shutil.which("java"))
