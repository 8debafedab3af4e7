"""``lifecue classify``: the JSON-lines contract, run as a real process on the shipped model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"id", "event_type", "subject", "relation", "recurrence", "sensitive", "confidence", "event_date",
          "date_precision"}  # fmt: skip


def test_classify_streams_json_lines_with_one_line_per_event() -> None:
    lines = [
        {
            "id": "a",
            "text": "My sister is getting married next Saturday!! 💍",
            "posted_at": "2026-03-11T15:00:00Z",
        },
        {"id": "b", "text": "best lasagne recipe ever, trust me"},
        {"id": "c", "text": "We're engaged!!! and moving to Lisbon 🥂", "posted_at": "2026-03-11T15:00:00Z"},
        "this line is not json",
        {"id": "d", "text": "RIP grandpa, the funeral is on Friday", "posted_at": "2026-03-11T15:00:00Z"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", "classify", "--batch-size", "2"],
        input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "line 4: not JSON" in done.stderr  # reported on stderr, skipped
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(set(r) == FIELDS for r in rows)
    by_id: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        by_id.setdefault(str(r["id"]), []).append(r)
    assert [(r["event_type"], r["subject"], r["relation"], r["event_date"]) for r in by_id["a"]] == [
        ("wedding", "network", "sister", "2026-03-14")
    ]
    assert [r["event_type"] for r in by_id["b"]] == ["none"]
    assert {r["event_type"] for r in by_id["c"]} == {"engagement", "moving_home"}
    confidences = [float(str(r["confidence"])) for r in by_id["c"]]
    assert confidences == sorted(confidences, reverse=True)
    (rip,) = by_id["d"]
    assert (rip["event_type"], rip["sensitive"], rip["recurrence"]) == ("bereavement", True, "one_off")


def test_classify_with_pending_marks_every_line() -> None:
    stdin = json.dumps({"id": "a", "text": "So excited!! my sister got engaged 💍"}) + "\n"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "LIFECUE_LIFEEVENTS__ACTING_THRESHOLD": "1.0", "LIFECUE_LIFEEVENTS__REVIEW_THRESHOLD": "0.05"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", "classify", "--with-pending"],
        input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(set(r) == FIELDS | {"pending"} for r in rows)
    assert any(r["event_type"] == "engagement" and r["pending"] is True for r in rows)
    default = subprocess.run([sys.executable, "-m", "services.cli", "classify"], input=stdin,
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)  # fmt: skip
    assert [json.loads(line)["event_type"] for line in default.stdout.splitlines()] == ["none"]
