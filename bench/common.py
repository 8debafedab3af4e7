"""What every benchmark hands the harness: figures beside baselines, and cost curves.

A benchmark module is any ``bench/bench_*.py`` that defines::

    def run(quick: bool) -> Report

``quick`` asks for sizes that finish in a few minutes on two shared cores. Each
`Figure` carries its own baseline, measured in the same run on the same machine
(the raw library call, the bare gRPC echo, the plain implicit fit...), so a reader
compares ratios, which survive a noisy machine far better than absolute times. A
`Curve` is one cost at three or more sizes; the harness fits how it grows.
"""

from __future__ import annotations

import os
import resource
import statistics
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass
class Figure:
    """One measured value beside the baseline it should be read against."""

    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    better: Literal["higher", "lower"] = "lower"
    size: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline (how many baselines this costs, or delivers)."""
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]


@dataclass
class Curve:
    """One cost measured at several sizes (for the growth fit)."""

    name: str
    size_name: str
    sizes: list[float]
    values: list[float]
    unit: str = "s"


@dataclass
class Report:
    """Everything one benchmark module measured."""

    bench: str
    figures: list[Figure] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        """Append figures."""
        self.figures.extend(figures)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """Inverse of `as_dict`."""
        return cls(
            bench=d["bench"],
            figures=[Figure(**f) for f in d.get("figures", [])],
            curves=[Curve(**c) for c in d.get("curves", [])],
            details=d.get("details", {}),
            machine=d.get("machine", {}),
        )


def machine() -> dict[str, Any]:
    """CPUs this process may use and the load average (1, 5, 15 minutes) now."""
    return {"cpus": len(os.sched_getaffinity(0)), "load_average": [round(x, 2) for x in os.getloadavg()]}


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p99 and mean of latencies given in seconds, in milliseconds."""
    if not samples:
        return {"p50_ms": float("nan"), "p99_ms": float("nan"), "mean_ms": float("nan")}
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)

    return {"p50_ms": pick(0.50), "p99_ms": pick(0.99), "mean_ms": round(statistics.fmean(ordered) * 1000, 3)}


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class RssPeak:
    """Highest resident memory while the block runs, above what it was on entry (sampled every 10 ms).

    ``ru_maxrss`` keeps the peak of the whole process life, so a block that peaks below
    what came before it would show no growth at all; sampling sees the block alone.
    """

    def __init__(self) -> None:
        self.start = self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssPeak:
        self.start = self.peak = rss_mib()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.peak = max(self.peak, rss_mib())

    @property
    def growth(self) -> float:
        """Peak minus the resident memory at entry, in MiB."""
        return round(self.peak - self.start, 1)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss_mib())
