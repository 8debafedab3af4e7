"""``lifecue worker`` as its Deployment runs it (k8s/base/worker.yaml): its health port answers the
probes, its metrics port serves the job series, its JSON log lines carry job ids, SIGTERM stops it."""

from __future__ import annotations

import json
import signal
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from genome_store import free_port, jobs
from services.cli import main
from services.worker import RECOMPUTE_TIERS
from tests.processes import server_env, start_worker
from tests.waiting import wait_for

pytestmark = pytest.mark.slow


def test_the_worker_answers_probes_serves_metrics_and_logs_job_ids(
    db: Any, mongo_uri: str, db_name: str, tmp_path: Path
) -> None:
    health, scrape = free_port(), free_port()
    far_from_now = f"0 {(datetime.now(UTC).hour + 12) % 24} * * *"  # only the requested job runs
    env = server_env(mongo_uri, db_name, tmp_path, server__health_port=str(health),
                     server__metrics_port=str(scrape), worker__poll_seconds="0.2", log_format="json",
                     loyalty__recompute_cron=far_from_now, worker__misfire_grace_seconds="0")  # fmt: skip
    worker = start_worker(env, tmp_path / "worker.log", jobs=[RECOMPUTE_TIERS])
    try:
        target = f"127.0.0.1:{health}"
        wait_for(lambda: worker.proc.poll() is not None or main(["health", "--target", target, "--timeout", "1"]) == 0,
               120, "the worker's health port")  # fmt: skip
        assert worker.proc.poll() is None, worker.output()[-3000:]
        job, _ = jobs.submit(db, RECOMPUTE_TIERS, {}, datetime.now(UTC))
        done = wait_for(
            lambda: (j := jobs.get(db, job.job_id)) is not None and j.finished and j, 60, "the job"
        )
        assert done.state == jobs.DONE, done.error
        body = urllib.request.urlopen(f"http://127.0.0.1:{scrape}/metrics", timeout=10).read().decode()
        assert f'lifecue_job_seconds_count{{job_name="{RECOMPUTE_TIERS}"}} 1.0' in body
        assert "lifecue_db_command_seconds_count" in body
        worker.signal(signal.SIGTERM)
        assert worker.wait(60) == 0
    finally:
        worker.stop()
    records = [json.loads(line) for line in worker.output().splitlines() if line.startswith("{")]
    mine = [r for r in records if r.get("job_id") == job.job_id]
    assert {"job finished", "tiers recomputed"} <= {r["message"] for r in mine}
    assert all(r["job_kind"] == RECOMPUTE_TIERS for r in mine if r["message"] != "job started")
    assert records[-1]["message"] == "stopped"
