"""``lifecue worker``: run the scheduled and requested jobs until SIGTERM.

Any number of workers may run against one database: each job kind runs under a lease
in MongoDB, so every schedule slot and every requested job runs once. On SIGTERM the
worker lets running jobs finish for ``LIFECUE_WORKER__STOP_GRACE_SECONDS``, hands the
rest back to the queue and releases its leases.
"""

from __future__ import annotations

import argparse
import logging

from grpc_health.v1 import health, health_pb2

from services.app import open_app
from services.cli.common import settings_or_exit
from services.database_health import LIVENESS, DatabaseHealth
from services.health_port import start_health_port
from services.metrics import start_metrics
from services.server import StopSignals
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
    start_metrics(settings)  # before the database opens, so its round trips are timed
    with open_app(settings, worker="all", kinds=tuple(args.jobs or KINDS)) as app, StopSignals() as signals:
        worker = app.local_worker()
        # probes of a worker ask the health port (LIFECUE_SERVER__HEALTH_PORT): "" is SERVING while the
        # database answers (readiness), lifecue.liveness while the process runs
        status = health.HealthServicer(experimental_non_blocking=True)
        status.set("", health_pb2.HealthCheckResponse.SERVING)
        status.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        database = settings.database
        watcher = DatabaseHealth(
            app.db, status, [""], database.health_check_seconds, database.health_timeout_seconds
        ).start()
        probes = None
        if settings.server.health_port:
            probes, _ = start_health_port(status, settings.server.host, settings.server.health_port)
        log.info("worker ready", extra={"worker": worker.name if worker else ""})
        name = signals.wait()
        log.info("shutting down", extra={"signal": name, "grace_seconds": settings.worker.stop_grace_seconds})
        watcher.close()
        status.enter_graceful_shutdown()
        app.stop_worker(settings.worker.stop_grace_seconds)
        if probes is not None:
            probes.stop(0)
    log.info("stopped")
    return 0
