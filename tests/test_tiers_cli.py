"""``lifecue tiers export`` and ``recompute`` against the test database named by MONGODB_URI."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from genome_store import jobs
from services.cli import main
from services.worker import RECOMPUTE_TIERS


@pytest.fixture
def cli_env(monkeypatch, mongo_uri: str, db_name: str, tmp_path) -> None:
    monkeypatch.setenv("MONGODB_URI", mongo_uri)
    monkeypatch.setenv("LIFECUE_DB_NAME", db_name)
    monkeypatch.setenv("LIFECUE_STATE_DIR", str(tmp_path / "state"))


def _load(db) -> None:
    for i, amount in enumerate([100, 300, 1200, 1500, 7000]):
        db.purchases.insert_one(
            {"_id": f"p{i}", "consumer_id": f"c{i}", "product_id": "x", "quantity": 1, "amount": amount,
             "category": None, "purchased_at": datetime(2025, 5, 1, tzinfo=UTC)}
        )  # fmt: skip


def test_recompute_then_export_gold_as_csv(cli_env, db, capsys, tmp_path) -> None:
    _load(db)
    assert main(["tiers", "recompute", "--as-of", "2025-06-01T00:00:00"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["consumers"], figures["tier_counts"]["gold"]) == (5, 2)
    job = jobs.get(db, figures["job_id"])  # run as a worker job, under its lease like RecomputeTiers
    assert job is not None and (job.kind, job.state) == (RECOMPUTE_TIERS, jobs.DONE)

    assert main(["tiers", "export", "--tier", "gold", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["consumer_id"], r["tier"], r["value_12m"], r["next_tier_gap"]) for r in rows] == [
        ("c2", "gold", "1200.00", "3800.00"),
        ("c3", "gold", "1500.00", "3500.00"),
    ]
    assert rows[0]["since"].startswith("2025-06-01") and rows[0]["rfm_group"] in "ABCDE"

    target = tmp_path / "all.jsonl"
    assert main(["tiers", "export", "--format", "jsonl", "--output", str(target)]) == 0
    lines = [json.loads(x) for x in target.read_text().splitlines()]
    assert [x["consumer_id"] for x in lines] == ["c0", "c1", "c2", "c3", "c4"]
    assert lines[4]["tier"] == "platinum" and lines[4]["next_tier"] == "" and lines[4]["value_12m"] == 7000.0


def test_unknown_tier_is_refused(cli_env, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["tiers", "export", "--tier", "diamond"])
    assert info.value.code == 2
    assert "diamond" in capsys.readouterr().err
