"""``lifecue serve``: run services against MONGODB_URI or the embedded database.

Serving only: jobs (``Retrain``, ``RecomputeTiers``, the schedules) are run by
``lifecue worker`` processes; the recommender follows the models they publish. With
``LIFECUE_SERVER__PROCESSES`` other than 1 (default 0: one per usable core) several
processes share the port (`services.processes`).
"""

from __future__ import annotations

import argparse
import sys

from lifecue.errors import LifecueError
from services.app import open_app
from services.cli.common import settings_or_exit
from services.console import start_console
from services.metrics import start_metrics
from services.processes import freeze_after_warm_up, process_count, serve_processes
from services.product_affinity import exit_if_still_preparing, prepare_in_background
from services.registry import SERVICES, select
from services.server import StopSignals, start_server, wait_for_termination


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("serve", help="run gRPC services until SIGTERM")
    p.add_argument(
        "--services",
        nargs="+",
        metavar="NAME",
        choices=sorted(SERVICES),
        help=f"subset to run (default all): {', '.join(sorted(SERVICES))}",
    )
    p.add_argument("--port", type=int, default=None, help="port (default LIFECUE_SERVER__PORT)")
    p.add_argument("--host", default=None, help="bind address (default LIFECUE_SERVER__HOST)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGTERM/SIGINT, then drain and stop (several processes: `services.processes`)."""
    settings = settings_or_exit()
    specs = select(args.services)
    count = process_count(settings)
    if count > 1:
        return serve_processes(settings, args.services, args.host, args.port, count)
    start_metrics(settings)  # before the database opens, so its round trips are timed
    with open_app(settings, worker="none") as app, StopSignals() as signals:
        try:
            running = start_server(app, specs, host=args.host, port=args.port)
            warm_up = prepare_in_background(app, running.services)
            console = (
                start_console(app.db, settings, app.embedded is not None)
                if settings.console.enabled
                else None
            )
        except LifecueError as exc:
            print(f"lifecue serve: refusing to start: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"lifecue serve: console cannot listen ({exc}); set LIFECUE_CONSOLE__PORT", file=sys.stderr)
            return 2
        freeze_after_warm_up()
        wait_for_termination(running, settings.server.grace_seconds, signals)
        if console is not None:
            console.stop()
    exit_if_still_preparing(warm_up)
    return 0
