"""``lifecue eval-recommender`` on CSV splits: the JSON contract, the dump, and bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from lifecue.errors import InvalidArgument
from recommender.evaluation import read_split, write_split
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


def test_candidates_and_baselines_stay_inside_the_one_json_line(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("LIFECUE_RECOMMENDER__FACTORS", "8")
    monkeypatch.setenv("LIFECUE_RECOMMENDER__NUM_THREADS", "2")
    monkeypatch.setenv(
        "LIFECUE_RECOMMENDER__SELECTION__CANDIDATES", '["popularity", "item_knn_cosine_k100", "als_bm25"]'
    )
    t, s = _splits(tmp_path)
    assert main(["eval-recommender", "--train", str(t), "--test", str(s), "--candidates", "--baselines"]) == 0
    captured = capsys.readouterr()
    (line,) = captured.out.strip().splitlines()
    result = json.loads(line)
    assert set(result["candidates"]) == {"popularity", "item_knn_cosine_k100", "als_bm25"}
    assert set(result["baselines"]) == {"plain_als", "popularity", "item_knn_k100"}
    assert result["model"] in result["candidates"] or result["model"].startswith("blend(")
    assert [c["name"] for c in result["selection"]["candidates"]] == [
        "popularity",
        "item_knn_cosine_k100",
        "als_bm25",
    ]
    # Popularity cannot find a group's missing item; the personal models can.
    assert result["ndcg@10"] >= result["candidates"]["popularity"]["ndcg@10"]
    assert "baseline: plain_als" in captured.err


def test_unknown_candidate_names_the_setting(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("LIFECUE_RECOMMENDER__SELECTION__CANDIDATES", '["svd"]')
    t, s = _splits(tmp_path)
    assert main(["eval-recommender", "--train", str(t), "--test", str(s)]) == 2
    assert "LIFECUE_RECOMMENDER__SELECTION__CANDIDATES" in capsys.readouterr().err


def test_iso_timestamps_are_read_and_bad_ones_named(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("user_id,item_id,timestamp\na,x,2026-01-02T03:04:05+00:00\na,y,1700000000\n")
    split = read_split(good)
    assert split.times == [1767323045.0, 1700000000.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("user_id,item_id,timestamp\na,x,yesterday\n")
    with pytest.raises(InvalidArgument) as info:
        read_split(bad)
    assert info.value.field.endswith("bad.csv:2")
