"""Benchmark: resident memory of ``lifecue serve`` per service set, all services as the baseline.

    python -m bench.bench_serve_memory
    python -m bench.bench_serve_memory --sets consent genome,loyalty lifeevents

Each set runs as its own ``lifecue serve --services ...`` process against one embedded
SecantusDB (whose own memory is not counted), with no model published; once its health port
answers ``SERVING`` the process's resident set (``VmRSS``) and peak (``VmHWM``) are read from
``/proc``. One JSON line per set, then ``machine`` with the load average. A service's edge is
imported only when selected (`services.registry`), so a pod of the light services carries no
torch, spaCy or implicit; the baseline (every service) shows what they would otherwise cost.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from genome_store import MEMORY, EmbeddedMongo, free_port

ALL = "consent,genome,lifeevents,recommender,loyalty"
KEYS = {"bench-1": "lifecue-bench-secret-0123456789abcdef0123456789"}


def _status(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) // 1024  # MiB
    return fields


def measure(uri: str, services: str, state: Path, timeout: float = 300.0) -> dict[str, Any]:
    """Start a server of ``services`` (comma-separated), wait for SERVING, read its memory, stop it."""
    port, health = free_port(), free_port()
    env = {**os.environ, "MONGODB_URI": uri, "LIFECUE_DB_NAME": "bench_memory", "LIFECUE_STATE_DIR": str(state),
           "LIFECUE_SERVER__HEALTH_PORT": str(health), "LIFECUE_AUTH__KEYS": json.dumps(KEYS),
           "LIFECUE_LOG_LEVEL": "WARNING", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}  # fmt: skip
    args = [
        sys.executable,
        "-m",
        "services.cli",
        "serve",
        "--port",
        str(port),
        "--services",
        *services.split(","),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{health}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                if proc.poll() is not None or time.perf_counter() - started > timeout:
                    raise RuntimeError(f"`lifecue serve --services {services}` did not start")
                try:
                    if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                        break
                except grpc.RpcError:
                    time.sleep(0.2)
        ready = time.perf_counter() - started
        time.sleep(1.0)  # let start-up threads settle
        memory = _status(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    return {"services": services, "rss_mib": memory["VmRSS"], "peak_mib": memory["VmHWM"],
            "ready_seconds": round(ready, 1)}  # fmt: skip


def run(quick: bool) -> Any:
    """For the benchmark harness (``python -m bench``): each service set's memory and start beside every service."""
    from bench.common import Figure, Report

    sets = ["consent", "recommender"] if quick else ["consent", "genome", "loyalty", "recommender"]
    report = Report(bench="serve_memory")
    with EmbeddedMongo(MEMORY) as db, TemporaryDirectory() as state:
        every = measure(db.uri, ALL, Path(state))
        rows = [every, *(measure(db.uri, services, Path(state)) for services in sets)]
    report.details = {"rows": rows}
    for row in rows[1:]:
        report.add(
            Figure(f"lifecue serve --services {row['services']}: resident memory", row["rss_mib"], "MiB",
                   "every service", every["rss_mib"], "lower"),
            Figure(f"lifecue serve --services {row['services']}: ready after", row["ready_seconds"], "s",
                   "every service", every["ready_seconds"], "lower"),
        )  # fmt: skip
    return report


def main() -> None:
    """One JSON line per service set, then the machine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["consent", "genome", "loyalty", "recommender"],
                        help="comma-separated service sets to measure beside the baseline (all)")  # fmt: skip
    args = parser.parse_args()
    with EmbeddedMongo(MEMORY) as db, TemporaryDirectory() as state:
        for services in [ALL, *args.sets]:
            print(json.dumps({"bench": "serve_memory", **measure(db.uri, services, Path(state))}), flush=True)
    print(
        json.dumps(
            {"machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}}
        )
    )


if __name__ == "__main__":
    main()
