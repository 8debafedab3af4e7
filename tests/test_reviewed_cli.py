"""Stewards' decisions as labelled examples: ``eval-classifier --reviewed`` and ``train-classifier --with-reviewed``.

Both read the test database named by MONGODB_URI, as an operator's shell would.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from genome_store import posts_pending_review, reviewed_items
from lifeevents import artifact as artifacts
from lifeevents.dataset import DATA_DIR, TRAIN_FILE
from lifeevents.review import Resolution, resolve_review
from lifeevents.reviewed import labelled_posts
from services.cli import main
from tests.builders import a_consumer, a_detection, held_for_review

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def cli_env(monkeypatch: Any, mongo_uri: str, db_name: str, tmp_path: Path) -> None:
    monkeypatch.setenv("MONGODB_URI", mongo_uri)
    monkeypatch.setenv("LIFECUE_DB_NAME", db_name)
    monkeypatch.setenv("LIFECUE_STATE_DIR", str(tmp_path / "state"))


def _reviewed(db: Any, version: str) -> dict[str, str]:
    """Five held events of ``version`` and one of another model, resolved as a steward would; item ids by post."""
    a_consumer(db, "c1", consents=("social_analysis",), granted_at=NOW)
    held = {
        "p-ok": [a_detection("wedding", NOW + timedelta(days=9))],
        "p-type": [a_detection("wedding")],
        "p-whose": [a_detection("birthday", subject="self")],
        "p-no": [a_detection("new_pet")],
        "p-wait": [a_detection("new_job"), a_detection("graduation")],
    }
    ids = {}
    for post_id, detections in held.items():
        for event in held_for_review(
            db, "c1", post_id, f"text of {post_id}", detections, model_version=version
        ):
            ids[f"{post_id}:{event['type']}"] = event["review_item_id"]
    (other,) = held_for_review(
        db, "c1", "p-old", "older model", [a_detection("wedding")], model_version="le-old"
    )
    decide = {
        "p-ok:wedding": Resolution("confirm"),
        "p-type:wedding": Resolution("correct", "engagement", "self"),
        "p-whose:birthday": Resolution("correct", "birthday", "network", "friend"),
        "p-no:new_pet": Resolution("reject"),
        "p-wait:new_job": Resolution("confirm"),  # its sibling graduation still waits
    }
    for key, resolution in decide.items():
        resolve_review(db, ids[key], resolution, actor="kim (steward)", labelled_days=365)
    resolve_review(
        db, other["review_item_id"], Resolution("reject"), actor="kim (steward)", labelled_days=365
    )
    return ids


def test_eval_reviewed_prints_precision_of_the_shipped_model_on_live_traffic(
    cli_env: None, db: Any, capsys: Any
) -> None:
    version = artifacts.load(None).version
    _reviewed(db, version)
    assert main(["eval-classifier", "--reviewed", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["model_version"] == version
    overall = report["overall"]  # the other model's rejection is not counted
    assert (overall["reviewed"], overall["confirmed"], overall["corrected"], overall["rejected"]) == (
        5,
        2,
        2,
        1,
    )
    assert (overall["precision"], overall["precision_with_subject"]) == (0.6, 0.4)
    wedding = report["per_label"]["wedding"]
    assert (wedding["reviewed"], wedding["precision"]) == (2, 0.5)
    assert report["per_label"]["birthday"]["precision_with_subject"] == 0.0
    assert report["per_reason"]["low_confidence"]["reviewed"] == 5
    assert main(["eval-classifier", "--reviewed"]) == 0
    text = capsys.readouterr().out
    assert "not a random sample" in text and "by proposed label" in text and "new_pet" in text


def test_reviewed_examples_become_training_posts_and_a_run_trains_on_them(
    cli_env: None, db: Any, capsys: Any, tmp_path: Path
) -> None:
    _reviewed(db, "le-test")
    posts = labelled_posts(reviewed_items(db), posts_pending_review(db))
    labels = {p.id: sorted(p.labels) for p in posts}
    assert labels == {"reviewed:p-ok": ["wedding"], "reviewed:p-type": ["engagement"],
                      "reviewed:p-whose": ["birthday"], "reviewed:p-no": ["none"],
                      "reviewed:p-old": ["none"]}  # p-wait waits for its graduation  # fmt: skip
    whose = next(p for p in posts if p.id == "reviewed:p-whose").events[0]
    assert (whose["subject"], whose["relation"]) == ("network", "friend")

    data = tmp_path / "data"  # a small training file, so a rules-only run takes seconds
    data.mkdir()
    lines = (DATA_DIR / TRAIN_FILE).read_text(encoding="utf-8").splitlines()[:160]
    (data / TRAIN_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    args = ["train-classifier", "--data", str(data), "--out", str(out), "--features", "rules", "--no-finetune",
            "--epochs", "5", "--with-reviewed"]  # fmt: skip
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["reviewed_examples"], summary["train_posts"]) == (5, 165)
    assert artifacts.load(out).meta["reviewed_examples"] == 5


def test_a_correction_date_is_kept_in_the_training_form(db: Any) -> None:
    a_consumer(db, "c1", consents=("social_analysis",), granted_at=NOW)
    (held,) = held_for_review(db, "c1", "p1", "moving soon", [a_detection("new_job")])
    resolve_review(db, held["review_item_id"], Resolution("correct", "moving_home", "self", "", date(2026, 7, 1), "month"),
                   actor="kim (steward)", labelled_days=365)  # fmt: skip
    (post,) = labelled_posts(reviewed_items(db))
    assert post.events == ({"type": "moving_home", "subject": "self", "relation": "", "date": "2026-07-01",
                            "date_precision": "month"},)  # fmt: skip
