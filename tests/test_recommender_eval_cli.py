"""``lifecue eval-recommender`` on CSV splits: the JSON contract, the dump, and bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from recommender.evaluation import write_split
from services.cli import main


def _splits(tmp_path: Path) -> tuple[Path, Path]:
    """Two taste groups; each test user's held-out item is the group's item they lack."""
    train, test = [], []
    for g in range(3):
        for u in range(8):
            for k in range(8):
                row = (f"u{g}-{u}", f"i{g}-{k}", 1_700_000_000 + k, 1.0)
                (test if k == u else train).append(row)
    write_split(tmp_path / "t.csv", train)
    write_split(tmp_path / "s.csv", test)
    return tmp_path / "t.csv", tmp_path / "s.csv"


def test_prints_one_json_line_with_the_contract_metrics_and_dumps_ranks(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("LIFECUE_RECOMMENDER__FACTORS", "8")
    monkeypatch.setenv("LIFECUE_RECOMMENDER__NUM_THREADS", "2")
    t, s = _splits(tmp_path)
    assert (
        main(
            [
                "eval-recommender",
                "--train",
                str(t),
                "--test",
                str(s),
                "--k",
                "3",
                "--dump",
                str(tmp_path / "d.csv"),
            ]
        )
        == 0
    )
    (line,) = capsys.readouterr().out.strip().splitlines()
    result = json.loads(line)
    for key in ("precision@3", "ndcg@3", "map@3", "recall@3", "train_seconds"):
        assert key in result
    assert result["ndcg@3"] > 0.8 and result["recall@3"] > 0.8
    with open(tmp_path / "d.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 24 * 3 and rows[0]["rank"] == "1"
    assert {r["user_id"] for r in rows} == {f"u{g}-{u}" for g in range(3) for u in range(8)}


def test_missing_columns_exit_2_with_a_message(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("user,item\na,b\n")
    assert main(["eval-recommender", "--train", str(bad), "--test", str(bad)]) == 2
    assert "user_id" in capsys.readouterr().err
