"""``lifecue tiers export`` (CSV or JSON lines for loyalty teams) and ``lifecue tiers recompute``.

Both connect like ``lifecue serve``: to ``MONGODB_URI``, or the embedded database when it is unset.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from genome_store import jobs
from lifecue.errors import LifecueError
from loyalty import (
    BEHAVIOURS,
    GROUPS,
    TIERS,
    Assignment,
    Filters,
    iter_assignments,
)
from services.app import open_app
from services.cli.common import settings_or_exit
from services.worker import RECOMPUTE_TIERS

RECOMPUTE_WAIT_SECONDS = 24 * 3600.0  # a recompute of millions of consumers takes hours on a small database

COLUMNS = ("consumer_id", "tier", "value_12m", "since", "grace_until", "next_tier", "next_tier_gap",
           "rfm_group", "behaviour", "category_tiers")  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``tiers export`` and ``tiers recompute``."""
    p = sub.add_parser("tiers", help="loyalty tier assignments: export, recompute")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="write tier assignments as CSV or JSON lines, ordered by consumer"
    )
    export.add_argument("--tier", choices=TIERS, default="", help="only this tier")
    export.add_argument("--rfm", choices=GROUPS, default="", help="only this RFM(T) group")
    export.add_argument("--behaviour", choices=BEHAVIOURS, default="", help="only this behaviour group")
    export.add_argument(
        "--format", choices=("csv", "jsonl"), default="csv", help="output format (default csv)"
    )
    export.add_argument("--output", "-o", default="-", help="file to write (default stdout)")
    export.set_defaults(run=run_export)
    again = actions.add_parser("recompute", help="recompute every tier and segment now")
    again.add_argument(
        "--as-of", type=_moment, default=None, help="ISO time to compute for (default now, UTC)"
    )
    again.set_defaults(run=run_recompute)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_export(args: argparse.Namespace) -> int:
    """Stream the matching assignments to the output; returns the exit code."""
    settings = settings_or_exit(log_format="text")
    filters = Filters(tier=args.tier, rfm=args.rfm, behaviour=args.behaviour)
    with open_app(settings) as app, _output(args.output) as out:
        count = write(iter_assignments(app.db, filters), out, args.format)
    print(f"lifecue tiers export: {count} assignments", file=sys.stderr)
    return 0


def run_recompute(args: argparse.Namespace) -> int:
    """Recompute tiers as a worker job and print the run's figures as one JSON line.

    The recompute is queued like ``RecomputeTiers`` queues it and runs under the job's lease:
    a worker of the deployment may take it (or it joins one already running), else this command's
    own worker does; either way no two recomputes ever run at once.
    """
    settings = settings_or_exit(log_format="text")
    params = {"as_of": args.as_of.isoformat()} if args.as_of else {}
    with open_app(settings, worker="all", kinds=(RECOMPUTE_TIERS,)) as app:
        try:
            job, _ = app.handoff.submit(RECOMPUTE_TIERS, params)
            job = app.handoff.wait(job.job_id, RECOMPUTE_WAIT_SECONDS)
        except LifecueError as exc:
            print(f"lifecue tiers recompute: {exc}", file=sys.stderr)
            return 2
    if job.state != jobs.DONE:
        print(f"lifecue tiers recompute: job {job.job_id} is {job.state}: {job.error or 'still running'}",
              file=sys.stderr)  # fmt: skip
        return 2
    result = job.result
    line = {"consumers": result.get("consumers", 0), "changed": result.get("changed", 0),
            "seconds": round(float(result.get("seconds", 0.0)), 3), "tier_counts": result.get("tier_counts", {}),
            "job_id": job.job_id}  # fmt: skip
    print(json.dumps(line))
    return 0


def row(a: Assignment) -> dict[str, Any]:
    """One assignment as flat columns (category tiers as ``category:tier`` joined by ``;``)."""
    return {
        "consumer_id": a.consumer_id,
        "tier": a.tier,
        "value_12m": f"{a.value_12m:.2f}",
        "since": a.since.isoformat() if a.since else "",
        "grace_until": a.grace_until.isoformat() if a.grace_until else "",
        "next_tier": a.next_tier or "",
        "next_tier_gap": f"{a.next_tier_gap:.2f}",
        "rfm_group": a.rfm or "",
        "behaviour": a.behaviour or "",
        "category_tiers": ";".join(f"{c.category}:{c.tier}" for c in a.category_tiers),
    }


def write(assignments: Iterator[Assignment], out: IO[str], fmt: str) -> int:
    """Write ``assignments`` to ``out`` as ``csv`` or ``jsonl``; returns how many."""
    count = 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for a in assignments:
        if writer is not None:
            writer.writerow(row(a))
        else:
            line = {**row(a), "value_12m": a.value_12m, "next_tier_gap": a.next_tier_gap}
            out.write(json.dumps(line) + "\n")
        count += 1
    return count


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        yield out
