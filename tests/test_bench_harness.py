"""The benchmark harness's own logic: growth fits, report round trips, discovery (no timings asserted)."""

from __future__ import annotations

import math

import pytest

from bench.__main__ import discover, table
from bench.common import Curve, Figure, Report
from bench.growth import fit_growth

SIZES = [1000.0, 4000.0, 16000.0, 64000.0]


@pytest.mark.parametrize(
    ("cost", "model"),
    [
        (lambda n: 0.5 + 2e-3 * n, "n"),
        (lambda n: 1e-6 * n * n, "n^2"),
        (lambda n: 3.0 + 0.0 * n, "constant"),
        (lambda n: 1e-4 * n * math.log(n), "n log n"),
    ],
)
def test_growth_fit_names_the_model_the_costs_follow(cost: object, model: str) -> None:
    fit = fit_growth(SIZES, [cost(n) for n in SIZES])  # type: ignore[operator]
    assert fit is not None and fit.model == model
    assert fit.predict(256000) == pytest.approx(cost(256000), rel=0.05)  # type: ignore[operator]


def test_growth_fit_needs_three_sizes() -> None:
    assert fit_growth([1, 2], [1.0, 2.0]) is None
    assert fit_growth([1, 2, 3], [1.0, 0.0, 2.0]) is None  # a zero cost is unusable


def test_reports_survive_json_and_print_ratios() -> None:
    report = Report("demo", [Figure("calls", 600.0, "calls/s", "echo", 1000.0, "higher")],
                    [Curve("cost", "n", SIZES, [1.0, 4.0, 16.0, 64.0])])  # fmt: skip
    again = Report.from_dict(report.as_dict())
    assert again == report and again.figures[0].ratio == pytest.approx(0.6)
    text = table([again])
    assert "0.60x" in text and "n (n^1.00" in text


def test_every_benchmark_module_offers_the_harness_entry_point() -> None:
    from importlib import import_module

    names = discover()
    assert {"bench_recommend", "bench_ingest", "bench_tiers", "bench_training"} <= set(names)
    assert all(callable(getattr(import_module(f"bench.{n}"), "run", None)) for n in names)
