"""The classifier report's figures across splits: what two models are compared on."""

from __future__ import annotations

from lifeevents.experiment import across_splits, render


def _split(f1: float, precision: float, recall: float) -> dict[str, float]:
    return {"macro_f1": f1, "event_precision": precision, "event_recall": recall}


def test_across_splits_gives_each_figures_mean_and_its_lowest_split() -> None:
    splits = {
        "test": _split(0.80, 0.95, 0.70),
        "heldout5": _split(0.90, 0.91, 0.88),
        "heldout9": _split(0.85, 0.99, 0.82),
    }
    across = across_splits(splits)
    assert across["splits"] == 3
    assert across["macro_f1"] == {"mean": 0.85, "lowest": 0.8, "lowest_split": "test"}
    assert across["event_precision"] == {"mean": 0.95, "lowest": 0.91, "lowest_split": "heldout5"}
    assert across["event_recall"]["lowest_split"] == "test" and across["event_recall"]["mean"] == 0.8
    assert across_splits({}) == {}


def test_the_text_report_ends_with_the_figures_across_splits() -> None:
    result = {"version": "v", "acting_threshold": 0.65, "review_threshold": 0.45, "splits": {},
              "across_splits": across_splits({"heldout5": _split(0.84, 0.91, 0.82), "test": _split(0.87, 0.95, 0.85)})}  # fmt: skip
    text = render(result)
    assert "== across the 2 splits: mean (lowest, where)" in text
    assert "macro-F1        0.855 (0.840, fifth held-out split" in text
    assert "event precision 0.930 (0.910, fifth held-out split" in text
