"""``lifecue worker``: run the scheduled and requested jobs until SIGTERM.

Any number of workers may run against one database: each job kind runs under a lease
in MongoDB, so every schedule slot and every requested job runs once. On SIGTERM the
worker lets running jobs finish for ``LIFECUE_WORKER__STOP_GRACE_SECONDS``, hands the
rest back to the queue and releases its leases.
"""

from __future__ import annotations

import argparse
import logging

from prometheus_client import start_http_server

from services.app import open_app
from services.cli.common import settings_or_exit
from services.server import wait_for_signal
from services.worker import KINDS

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("worker", help="run the scheduled and requested jobs until SIGTERM")
    p.add_argument(
        "--jobs",
        nargs="+",
        metavar="KIND",
        choices=KINDS,
        help=f"job kinds to run (default all): {', '.join(KINDS)}",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Work until SIGTERM/SIGINT, then stop cleanly."""
    settings = settings_or_exit()
    if settings.server.metrics_port:
        start_http_server(settings.server.metrics_port, addr=settings.server.host)
    with open_app(settings, worker="all", kinds=tuple(args.jobs or KINDS)) as app:
        worker = app.local_worker()
        log.info("worker ready", extra={"worker": worker.name if worker else ""})
        name = wait_for_signal()
        log.info("shutting down", extra={"signal": name, "grace_seconds": settings.worker.stop_grace_seconds})
        app.stop_worker(settings.worker.stop_grace_seconds)
    log.info("stopped")
    return 0
