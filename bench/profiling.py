"""py-spy flame graphs of a running server, summarised as the share of time in each part of a call."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

# Parts of a Recommend call, matched against py-spy frames "function (file:line)"; a sample counts
# for every part its stack passes through (inclusive), so shares overlap by design.
PARTS = (
    ("whole handler (interceptor wrapper)", "wrapped (services/interceptors.py"),
    ("servicer Recommend", "Recommend (services/recommender/servicer.py"),
    ("Recommender.recommend (domain)", "recommend (recommender/serving.py"),
    ("rank (ALS score, boost, masks, top-n)", "rank (recommender/ranker.py"),
    ("  top-n (argpartition, ties)", "top (recommender/ranker.py"),
    ("  reasons", "_reasons (recommender/ranker.py"),
    ("genome cache get", "get (recommender/genome_cache.py"),
    ("usable_events", "usable_events (recommender/events.py"),
    ("offers_for + tier", "offers_for (recommender/offers.py"),
    ("protobuf response building", "response (services/recommender/convert.py"),
    ("as_of timestamp conversion", "to_datetime (services/timestamps.py"),
    ("authentication", "services/auth/"),
    ("prometheus metrics", "prometheus_client"),
    ("logging", "logging/__init__.py"),
    ("request parse / response serialise", "grpc/_common.py"),
)

_threads: list[threading.Thread] = []


def py_spy() -> str | None:
    """The py-spy executable (the ``bench`` extra installs it), or None."""
    found = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    return found if os.path.exists(found) else None


def profile(pid: int, seconds: float, out_prefix: str) -> dict[str, str]:
    """Start py-spy on ``pid`` (GIL holder only) in the background: an SVG flame graph and collapsed stacks."""
    spy = py_spy()
    if spy is None:
        return {}
    files = {"svg": f"{out_prefix}.svg", "collapsed": f"{out_prefix}.txt"}

    def record(fmt: str, path: str) -> None:
        subprocess.run(
            [spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100", "--gil",
             "--nonblocking", "--format", fmt, "--output", path],
            capture_output=True, check=False,
        )  # fmt: skip

    for fmt, path in (("flamegraph", files["svg"]), ("raw", files["collapsed"])):
        t = threading.Thread(target=record, args=(fmt, path))
        t.start()
        _threads.append(t)
    return files


def wait_profiles() -> None:
    """Join the py-spy recorders started by `profile`."""
    while _threads:
        _threads.pop().join(timeout=120)


def summarise(collapsed: Path, top_leaves: int = 12) -> dict[str, Any]:
    """Share of GIL samples inside each part of a call, and the busiest leaf frames."""
    total = handler = 0
    parts: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        leaves[frames[-1]] += n
        if any("services/interceptors.py" in f or "services/recommender/servicer.py" in f for f in frames):
            handler += n
        for name, pattern in PARTS:
            if any(pattern in f for f in frames):
                parts[name] += n
    share = {name: round(parts[name] / total, 3) for name, _ in PARTS} if total else {}
    share["gRPC machinery outside the handler"] = round((total - handler) / total, 3) if total else 0.0
    ranked = dict(sorted(share.items(), key=lambda kv: -kv[1]))
    return {"samples": total, "share_of_gil_time": ranked,
            "busiest_leaves": {k: round(v / total, 3) for k, v in leaves.most_common(top_leaves)}}  # fmt: skip
