"""BLAS threads: fitting may raise them in a worker; in a process that serves they stay at one."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import numpy  # loads BLAS
import json
from threadpoolctl import threadpool_info
from recommender.blas import blas_threads, pin_for_serving
def now():
    return sorted({p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"})
seen = {"start": now()}
with blas_threads(1):
    seen["fitting_in_a_worker"] = now()
seen["after"] = now()
pin_for_serving()
seen["serving"] = now()
with blas_threads(2):
    seen["fitting_while_serving"] = now()
seen["serving_after"] = now()
print(json.dumps(seen))
"""


def test_fitting_spans_raise_blas_threads_only_where_nothing_is_served() -> None:
    # A fresh interpreter: the pin lasts for a process's life, and this one may already serve.
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["fitting_in_a_worker"] == [1] and seen["after"] == seen["start"]
    assert seen["serving"] == seen["fitting_while_serving"] == seen["serving_after"] == [1]
