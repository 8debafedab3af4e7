"""The classifier report: figures across splits (what two models are compared on), the README's tables, and
`lifecue eval-classifier --posts` on files of one's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lifeevents.dataset import OTHER_LANGUAGE_SPLITS
from lifeevents.experiment import across_splits, render, render_markdown
from lifeevents.taxonomy import LABELS
from services.cli import main


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


def test_other_language_splits_are_summed_up_apart_from_the_english_ones() -> None:
    result = {"version": "v", "acting_threshold": 0.65, "review_threshold": 0.45, "splits": {},
              "across_splits": across_splits({"heldout5": _split(0.84, 0.91, 0.82), "test": _split(0.87, 0.95, 0.85)}),
              "across_other_languages": across_splits({"heldout19": _split(0.50, 0.95, 0.40)})}  # fmt: skip
    text = render(result)
    assert "== across the 2 splits: mean (lowest, where)" in text
    assert "== across the 1 other-language splits: mean (lowest, where)" in text
    assert "macro-F1        0.500 (0.500, nineteenth held-out split" in text
    assert "heldout19" in OTHER_LANGUAGE_SPLITS and "heldout20" not in OTHER_LANGUAGE_SPLITS


def _full_split(f1: float, support: int) -> dict[str, object]:
    per_class = {
        label: {"precision": 0.9, "recall": 0.8, "f1": 0.847, "support": support} for label in LABELS
    }
    return {**_split(f1, 0.95, 0.85), "posts": 300, "per_class": per_class,
            "events": {"subject": 0.93, "subject_no_bereavement": 0.92, "relation": 0.9, "date": 0.88},
            "reliability": {"raw": {"ece": 0.07}, "calibrated": {"ece": 0.03}},
            "with_pending": {"event_precision": 0.93, "event_recall": 0.9}}  # fmt: skip


def test_the_markdown_report_has_a_row_per_label_and_per_split_and_names_the_lowest() -> None:
    splits = {"test": _full_split(0.88, 50), "heldout5": _full_split(0.84, 20)}
    result = {"splits": splits, "across_splits": across_splits(splits)}
    lines = render_markdown(result).splitlines()
    assert lines[0].startswith(
        "| label | team test split P / R / F1 (n) | fifth held-out split P / R / F1 (n)"
    )
    label_rows = [line for line in lines if line.split(" | ")[0].lstrip("| ") in LABELS]
    assert len(label_rows) == len(LABELS) and "0.900 / 0.800 / 0.847 (20)" in label_rows[0]
    assert "| fifth held-out split | 300 | **0.840** | **0.950** | 0.850 | 0.930 (0.920) |" in "\n".join(
        lines
    )
    assert lines[-1].startswith(
        "Across the 2 splits, mean (lowest): macro-F1 0.860 (0.840, fifth held-out split)"
    )


BIRTHDAY = {"id": "a", "text": "Happy 30th birthday to my sister!! 🎂", "posted_at": "2026-03-11T10:00:00Z",
            "events": [{"type": "birthday", "subject": "network", "relation": "sister", "date": None,
                        "date_precision": "unknown"}]}  # fmt: skip
TRAFFIC = {
    "id": "c",
    "text": "stuck in traffic again, send coffee",
    "posted_at": "2026-03-11T10:00:00Z",
    "events": [],
}


def _posts_file(path: Path, rows: list[dict[str, Any]]) -> Path:
    """A labelled posts file of ``rows`` at ``path``."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_classifier_scores_given_posts_files_instead_of_the_splits(tmp_path: Path, capsys: Any) -> None:
    """``--posts FILE`` scores those labelled posts (a subject dev file, a new split) and names them by file."""
    keys = {"id": "b", "text": "We got the keys to our first house today!!", "posted_at": "2026-03-11T10:00:00Z",
            "events": [{"type": "moving_home", "subject": "self", "relation": "", "date": "2026-03-11",
                        "date_precision": "day"}]}  # fmt: skip
    path = _posts_file(tmp_path / "my_dev.jsonl", [BIRTHDAY, keys, TRAFFIC])
    assert main(["eval-classifier", "--posts", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["splits"]) == ["my_dev"] and report["splits"]["my_dev"]["posts"] == 3
    assert report["splits"]["my_dev"]["events"]["events"] == 2
    assert main(["eval-classifier", "--posts", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_eval_classifier_scores_the_lexicon_alone_beside_each_split_when_asked(
    tmp_path: Path, capsys: Any
) -> None:
    """``--lexicon`` adds the baseline (the cue words alone) on the same posts: per split, and its mean across them."""
    path = _posts_file(tmp_path / "lexicon_dev.jsonl", [BIRTHDAY, TRAFFIC])
    assert main(["eval-classifier", "--posts", str(path), "--json"]) == 0
    assert "lexicon_only" not in json.loads(capsys.readouterr().out)
    assert main(["eval-classifier", "--posts", str(path), "--json", "--lexicon"]) == 0
    report = json.loads(capsys.readouterr().out)
    lexicon = report["splits"]["lexicon_dev"]["lexicon_only"]
    assert lexicon["event_recall"] == 1.0  # "birthday" is a cue word
    assert report["lexicon_only"]["across_splits"]["macro_f1"]["mean"] == round(lexicon["macro_f1"], 4)
    assert main(["eval-classifier", "--posts", str(path), "--lexicon"]) == 0
    assert "lexicon only, across the same 1 splits" in capsys.readouterr().out
