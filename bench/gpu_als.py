"""ALS training on a GPU beside the CPU, on the same matrices, iterations and factors.

    python -m bench.gpu_als --plan local --out /tmp/gpu    # small sizes, CPU only where no GPU
    python -m bench.gpu_als --plan device --out "$OUT"     # the lent GPU machine (16 cores, one H200)

Needs only numpy, scipy and implicit (the GPU machine has no database driver), so it
imports nothing else from lifecue. For each size it builds one seeded matrix
(`bench.synthetic`), fits implicit's GPU ALS (time includes the copy to the GPU) and
implicit's CPU ALS on every core, and records seconds per iteration of both. Where the
CPU would take too long for the time on the machine it runs fewer iterations, and its
15-iteration figure is that per-iteration time x 15 (marked ``cpu_extrapolated``):
every ALS iteration does the same work, so this is fair, but it is not a measurement.
A sampled AUC over stored pairs against random items checks that both fits learned the
same thing. Results are rewritten to ``<out>/gpu_als.json`` after every step, so a run
cut short still leaves what it measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.synthetic import feedback_matrix

# users, items, interactions, CPU iterations (the GPU always runs all of them)
PLANS = {
    "local": [(20_000, 5_000, 200_000, 15), (50_000, 10_000, 1_000_000, 15)],
    "device": [
        (1_000_000, 100_000, 10_000_000, 15),
        (1_000_000, 100_000, 50_000_000, 3),
        (4_000_000, 400_000, 200_000_000, 1),
    ],
}


class GpuMemory:
    """Highest ``memory.used`` nvidia-smi reports while running (MiB); None without nvidia-smi."""

    def __init__(self) -> None:
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> GpuMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                out = subprocess.run(
                    ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
                    capture_output=True, text=True, timeout=5, check=True,
                )  # fmt: skip
                used = float(out.stdout.split()[0])
                self.peak = used if self.peak is None else max(self.peak, used)
            except (OSError, subprocess.SubprocessError, ValueError, IndexError):
                return
            self._stop.wait(0.25)


def sampled_auc(user_factors: np.ndarray, item_factors: np.ndarray, m: Any, samples: int = 200_000) -> float:
    """P(score of a stored pair > score of a random item for the same user), over sampled pairs."""
    rng = np.random.default_rng(11)
    picks = rng.integers(0, m.nnz, size=samples)
    users = np.searchsorted(m.indptr, picks, side="right") - 1
    pos = m.indices[picks]
    neg = rng.integers(0, m.shape[1], size=samples)
    u = user_factors[users]
    wins = np.einsum("ij,ij->i", u, item_factors[pos]) > np.einsum("ij,ij->i", u, item_factors[neg])
    return round(float(wins.mean()), 4)


def fit(m: Any, factors: int, iterations: int, gpu: bool) -> dict[str, Any]:
    """One implicit ALS fit; seconds in all, per iteration, and the sampled AUC."""
    from threadpoolctl import threadpool_limits

    if gpu:
        from implicit.gpu.als import AlternatingLeastSquares as Als
    else:
        from implicit.cpu.als import AlternatingLeastSquares as Als  # type: ignore[assignment]
    stamps: list[float] = []
    with threadpool_limits(1, "blas"):
        model = Als(factors=factors, regularization=0.01, alpha=1.0, iterations=iterations, random_state=42)
        started = time.perf_counter()
        model.fit(m, show_progress=False, callback=lambda *_: stamps.append(time.perf_counter()))
        seconds = time.perf_counter() - started
    if gpu:
        model = model.to_cpu()
    users = np.asarray(model.user_factors, dtype=np.float32)
    items = np.asarray(model.item_factors, dtype=np.float32)
    finite = bool(np.isfinite(users).all() and np.isfinite(items).all())
    # the first stamp closes iteration 1, so steps between stamps are pure iterations
    steps = np.diff(stamps) if len(stamps) > 1 else np.array([seconds])
    return {
        "iterations": iterations,
        "seconds": round(seconds, 2),
        "first_iteration_s": round(stamps[0] - started, 3) if stamps else None,
        "seconds_per_iteration": round(float(np.median(steps)), 3),
        "finite": finite,
        "sampled_auc": sampled_auc(users, items, m),
    }


def machine() -> dict[str, Any]:
    """What ran this: Python, CPUs, load, the GPU's name if any."""
    gpu = None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        gpu = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()], "gpu": gpu}  # fmt: skip


def main() -> int:
    """Run the plan within ``--deadline`` seconds and write JSON after every step."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plan", choices=sorted(PLANS), default="local")
    p.add_argument("--out", type=Path, default=Path("bench/out"))
    p.add_argument("--factors", type=int, default=64, help="implicit's GPU default (lifecue serves 100)")
    p.add_argument("--iterations", type=int, default=15)
    p.add_argument("--deadline", type=float, default=330.0, help="seconds after which no new step starts")
    args = p.parse_args()
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "gpu_als.json"
    import implicit
    import implicit.gpu

    report: dict[str, Any] = {
        "machine": machine(), "implicit": implicit.__version__, "has_cuda": bool(implicit.gpu.HAS_CUDA),
        "factors": args.factors, "iterations": args.iterations, "sizes": [],
    }  # fmt: skip
    if not report["has_cuda"]:
        try:
            import implicit.gpu._cuda  # noqa: F401
        except ImportError as exc:  # why the GPU build did not load (a missing rmm, say)
            report["cuda_import_error"] = str(exc)

    def save() -> None:
        path.write_text(json.dumps(report, indent=1))
        print(json.dumps(report["sizes"][-1] if report["sizes"] else report), flush=True)

    save()
    for users, items, nnz, cpu_iterations in PLANS[args.plan]:
        if time.perf_counter() - started > args.deadline:
            report["stopped"] = f"deadline of {args.deadline}s reached before {nnz} interactions"
            break
        t0 = time.perf_counter()
        m = feedback_matrix(users, items, nnz)
        row: dict[str, Any] = {"users": users, "items": items, "nnz": int(m.nnz),
                               "build_s": round(time.perf_counter() - t0, 1)}  # fmt: skip
        report["sizes"].append(row)
        if report["has_cuda"]:
            with GpuMemory() as memory:
                row["gpu"] = fit(m, args.factors, args.iterations, gpu=True)
            row["gpu"]["peak_memory_mib"] = memory.peak
            save()
        if time.perf_counter() - started > args.deadline:
            cpu_iterations = 1
        row["cpu"] = fit(m, args.factors, cpu_iterations, gpu=False)
        row["cpu"]["threads"] = os.cpu_count()
        if cpu_iterations < args.iterations:
            row["cpu_extrapolated_s"] = round(row["cpu"]["seconds_per_iteration"] * args.iterations, 1)
        cpu_full = row.get("cpu_extrapolated_s", row["cpu"]["seconds"])
        if "gpu" in row:
            row["gpu_speedup_per_iteration"] = round(
                row["cpu"]["seconds_per_iteration"] / max(row["gpu"]["seconds_per_iteration"], 1e-9), 1
            )
            row["gpu_speedup_total"] = round(cpu_full / max(row["gpu"]["seconds"], 1e-9), 1)
        save()
        del m
    report["machine_end"] = machine()
    report["total_s"] = round(time.perf_counter() - started, 1)
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
