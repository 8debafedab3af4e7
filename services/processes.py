"""Several serving processes on one port: ``lifecue serve`` with ``LIFECUE_SERVER__PROCESSES``.

Python runs one thread at a time per process, so one process serves at most one core's
worth of calls however many threads its gRPC pool has. `serve_processes` starts N
processes that each open the app and bind the same port with ``SO_REUSEPORT``; the
kernel spreads incoming *connections* over them (one HTTP/2 connection stays with one
process, so a client gets the most from several connections). This process (the
supervisor) owns the embedded database when there is one, and a table of genome
generations (`genome_store.generations`) every child maps: a genome change committed
through any child is seen by every child's cache on its next call.

The console, when enabled, is served by the supervisor alone (one port, one process).

Each child: settings from the same environment, the health port (first child only) and
``/metrics`` on ``metrics_port + index``; it builds its servicers, loads the model,
freezes the garbage collector's view of everything built so far (``gc.freeze``: the
collector then never walks the model, catalog and modules again), then serves.
SIGTERM or SIGINT to the supervisor drains every child; a child that dies stops them all.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing as mp
import os
import queue
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from genome_store import SharedGenerations, publish_generations
from lifecue.config import Settings, TlsSettings, load_settings
from lifecue.errors import LifecueError
from services.app import embedded_or_external, open_app
from services.logs import configure_logging
from services.metrics import start_metrics
from services.product_affinity import prepare_in_background
from services.registry import select
from services.server import start_server

log = logging.getLogger(__name__)

__all__ = [
    "freeze_after_warm_up",
    "process_count",
    "reserve_port",
    "run_children",
    "serve_processes",
    "usable_cores",
]

CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by a cgroup CPU quota (a container's limit)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        quota, period = CPU_MAX.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def process_count(settings: Settings) -> int:
    """How many serving processes: the setting, 0 meaning one per usable core; 1 without SO_REUSEPORT."""
    if not hasattr(socket, "SO_REUSEPORT"):
        return 1
    return settings.server.processes or usable_cores()


def freeze_after_warm_up() -> None:
    """Collect once, then keep everything alive now out of every later collection (``gc.freeze``)."""
    gc.collect()
    gc.freeze()


def reserve_port(host: str, port: int) -> socket.socket:
    """A bound (not listening) ``SO_REUSEPORT`` socket holding ``host:port`` (0: a free one) for the children."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def serve_processes(
    settings: Settings, services: Sequence[str] | None, host: str | None, port: int | None, count: int
) -> int:
    """``lifecue serve``: ``count`` serving processes on one port until SIGTERM/SIGINT; the exit status."""
    bind_host = settings.server.host if host is None else host
    with embedded_or_external(settings) as (uri, embedded), ExitStack() as held:
        consoles: list[Any] = []

        def start_console_once() -> None:
            if settings.console.enabled:  # one console, served by the supervisor beside its children
                from services.console import start_console

                app = held.enter_context(open_app(settings, uri))  # the supervisor's only connection
                consoles.append(start_console(app.db, settings, embedded is not None))

        try:
            return run_children(settings, uri, embedded is not None, services, bind_host,
                                settings.server.port if port is None else port, count,
                                after_ready=start_console_once)  # fmt: skip
        except OSError as exc:
            print(f"lifecue serve: console cannot listen ({exc}); set LIFECUE_CONSOLE__PORT", file=sys.stderr)
            return 2
        finally:
            for console in consoles:
                console.stop()


def run_children(
    settings: Settings,
    uri: str,
    embedded: bool,
    services: Sequence[str] | None,
    host: str,
    port: int,
    count: int,
    tls: TlsSettings | None = None,
    after_ready: Callable[[], None] | None = None,
) -> int:
    """Start ``count`` serving children on ``host:port`` over ``uri``, wait for a signal, drain them.

    ``after_ready`` runs once every child serves (the console starts then). SIGTERM/SIGINT are
    caught from the start, so a signal during start-up still drains the children cleanly. This
    process's own genome writes (an in-process worker's, say) bump the shared table too.
    """
    received: list[str] = []

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signal.Signals(signum).name)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    table = SharedGenerations.create()
    unsubscribe = publish_generations(table)
    reserved = reserve_port(host, port)
    bound = reserved.getsockname()[1]
    ctx = mp.get_context("spawn")
    stop = ctx.Event()
    ready: Any = ctx.Queue()
    children = [
        ctx.Process(
            target=_child,
            args=(k, uri, embedded, str(table.path), host, bound, services, tls, ready, stop),
            name=f"lifecue-serve-{k}",
        )
        for k in range(count)
    ]
    try:
        for child in children:
            child.start()
        for _ in children:
            refused = _await_ready(ready, children)
            if refused is not None:
                print(f"lifecue serve: refusing to start: {refused}", file=sys.stderr)
                return 2
        reserved.close()
        pids = [c.pid for c in children]
        log.info("serving", extra={"port": bound, "processes": count, "pids": pids})
        if after_ready is not None and not received:
            after_ready()
        name = _wait(children, received)
        log.info("shutting down", extra={"signal": name, "grace_seconds": settings.server.grace_seconds})
        return 0 if name else 1
    finally:
        reserved.close()
        stop.set()
        for child in children:
            child.join(timeout=settings.server.grace_seconds + 15)
            if child.is_alive():
                child.kill()
        unsubscribe()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        table.close()
        table.unlink()
        log.info("stopped")


def _await_ready(ready: Any, children: list[Any]) -> str | None:
    """Wait for one child's notice: None when it serves, else why it did not start."""
    while True:
        try:
            notice = ready.get(timeout=0.5)
        except queue.Empty:
            if any(c.exitcode is not None for c in children):
                return "a serving process exited while starting (see its log above)"
            continue
        return None if notice == "ready" else str(notice)


def _wait(children: list[Any], received: list[str]) -> str:
    """Block until a signal was received (its name) or until a child exits (empty string)."""
    while not received:
        if any(c.exitcode is not None for c in children):
            log.error("a serving process exited; stopping the others")
            return ""
        time.sleep(0.2)
    return received[0]


def _child(
    index: int,
    uri: str,
    embedded: bool,
    table_path: str,
    host: str,
    port: int,
    services: Sequence[str] | None,
    tls: TlsSettings | None,
    ready: Any,
    stop: Any,
) -> None:
    """One serving process (spawned): open the app, serve on the shared port until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the supervisor decides
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    server = settings.server
    updates: dict[str, Any] = {"metrics_port": server.metrics_port + index if server.metrics_port else 0}
    if index:
        updates["health_port"] = 0
    settings = settings.model_copy(update={"server": server.model_copy(update=updates)})
    start_metrics(settings)
    table = SharedGenerations(table_path)
    unsubscribe = publish_generations(table)
    parent = os.getppid()
    try:
        with open_app(settings, uri=uri, worker="none", generations=table) as app:
            try:
                running = start_server(
                    app,
                    select(list(services) if services is not None else None),
                    host=host,
                    port=port,
                    tls=tls,
                    reuse_port=True,
                    embedded=embedded,
                )
            except LifecueError as exc:
                ready.put(str(exc))
                return
            prepare_in_background(app, running.services)
            freeze_after_warm_up()
            ready.put("ready")
            while not stop.wait(1.0):
                if os.getppid() != parent:  # the supervisor is gone
                    break
            running.stop(settings.server.grace_seconds)
    finally:
        unsubscribe()
        table.close()
