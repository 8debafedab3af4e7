"""How a cost grows with size: least-squares fits of constant, log n, n, n log n and n^2.

Each model is ``cost = a + b * g(n)`` with ``b >= 0``; the one with the smallest
relative error wins, and a simpler model wins unless a more complex one is 2 points
better (with three sizes,
n and n log n are hard to tell apart, and saying "linear" is the honest reading).
The log-log slope (cost ~ n^k) is reported beside it, plus what the fit predicts at a
size of interest, so a 1M-consumer estimate is one line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

MODELS: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (
    ("constant", lambda n: np.zeros_like(n)),
    ("log n", np.log),
    ("n", lambda n: n),
    ("n log n", lambda n: n * np.log(n)),
    ("n^2", lambda n: n**2),
)
TIE = 0.02


@dataclass(frozen=True)
class Fit:
    """The growth model that fits best, its coefficients and the log-log slope."""

    model: str
    a: float
    b: float
    rel_error: float
    exponent: float

    def predict(self, n: float) -> float:
        """Cost the fitted model gives at size ``n``."""
        g = dict(MODELS)[self.model](np.array([float(n)]))[0]
        return float(self.a + self.b * g)


def fit_growth(sizes: Sequence[float], costs: Sequence[float]) -> Fit | None:
    """Best model for ``costs`` against ``sizes``; None with fewer than three usable sizes."""
    pairs = [(float(n), float(c)) for n, c in zip(sizes, costs, strict=True) if n > 0 and c > 0]
    if len(pairs) < 3:
        return None
    n = np.array([p[0] for p in pairs])
    c = np.array([p[1] for p in pairs])
    exponent = float(np.polyfit(np.log(n), np.log(c), 1)[0])
    best: Fit | None = None
    for name, g in MODELS:
        x = g(n)
        if np.ptp(x) == 0:
            a, b = float(c.mean()), 0.0
        else:
            b, a = (float(v) for v in np.polyfit(x, c, 1))
            if b < 0:  # a falling cost is read as constant
                a, b = float(c.mean()), 0.0
        pred = a + b * x
        err = float(np.sqrt(np.mean(((pred - c) / c) ** 2)))
        if best is None or err < best.rel_error - TIE:
            best = Fit(name, a, b, err, exponent)
    assert best is not None
    return best


def describe(fit: Fit | None) -> str:
    """``n log n (slope 1.04, err 3%)``, or a dash."""
    if fit is None:
        return "-"
    return f"{fit.model} (n^{fit.exponent:.2f}, err {fit.rel_error:.0%})"


def readable(x: float) -> str:
    """1200 -> 1.2k, 3e6 -> 3M."""
    if x >= 1e6 and math.isfinite(x):
        return f"{x / 1e6:g}M"
    if x >= 1e3:
        return f"{x / 1e3:g}k"
    return f"{x:g}"
