"""The gRPC server: chosen services on one port, health, reflection, graceful stop.

It is a grpc.aio server on an event loop in a thread of its own (`ServerLoop`), so that callers
(``lifecue serve``, `services.processes`, ``lifecue up``, the tests) start and stop it with plain
calls. Every method is wrapped once by the interceptor chain (`services.handlers`); plain
methods run in the server's thread pool, and Recommend runs on the loop when it needs no I/O.

Health reports every served service and the server (``""``) SERVING while the database
answers and NOT_SERVING while it does not (`services.database_health`), and
``lifecue.liveness`` SERVING for as long as the process runs, for liveness probes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Coroutine
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from lifecue.config import TlsSettings
from services.app import App
from services.auth import bind, server_interceptors
from services.database_health import LIVENESS, DatabaseHealth
from services.handlers import Registrations, wrap_services
from services.health_port import start_health_port
from services.interceptors import EdgeInterceptor, RequestDecoder
from services.request_ids import RequestIdInterceptor
from services.spec import ServiceSpec

log = logging.getLogger(__name__)

T = TypeVar("T")


class ServerLoop:
    """The process's one event loop for grpc.aio servers, in a daemon thread, started on first use."""

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def run(cls, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` on the loop and wait for its result (from any thread but the loop's)."""
        with cls._lock:
            if cls._loop is None:
                loop = cls._loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="grpc-loop", daemon=True).start()
        return asyncio.run_coroutine_threadsafe(work, cls._loop).result()


@dataclass
class RunningServer:
    """A started server and what it serves."""

    server: grpc.aio.Server
    port: int
    health: health.HealthServicer
    pool: futures.ThreadPoolExecutor
    services: dict[str, bool] = field(default_factory=dict)
    health_server: grpc.Server | None = None
    health_port: int = 0
    database_health: DatabaseHealth | None = None

    def stop(self, grace: float) -> None:
        """Report NOT_SERVING, let in-flight calls finish within ``grace`` seconds, stop."""
        if self.database_health is not None:
            self.database_health.close()
        self.health.enter_graceful_shutdown()
        ServerLoop.run(self.server.stop(grace))
        self.pool.shutdown(wait=False)
        if self.health_server is not None:
            self.health_server.stop(0).wait()


def start_server(
    app: App,
    specs: list[ServiceSpec],
    host: str | None = None,
    port: int | None = None,
    tls: TlsSettings | None = None,
    reuse_port: bool = False,
    embedded: bool | None = None,
) -> RunningServer:
    """Build the servicers, register health and reflection, bind and start.

    Calls are authenticated unless ``LIFECUE_AUTH__ENABLED=false``; the port speaks TLS
    as ``tls`` (default: the settings' ``LIFECUE_TLS__*``) says. ``reuse_port`` lets sibling
    serving processes bind the same port (`services.processes`); ``embedded`` says whether the
    database is the embedded one (default: whether this app started it), for the local token key.
    """
    cfg = app.settings.server
    database = app.settings.database
    local = app.embedded is not None if embedded is None else embedded
    auth = server_interceptors(app.settings, embedded=local)
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    served: dict[str, bool] = {spec.full_name: True for spec in specs}
    watcher = DatabaseHealth(
        app.db, health_servicer, [*served, ""], database.health_check_seconds, database.health_timeout_seconds
    )
    options = [
        ("grpc.max_receive_message_length", cfg.max_message_bytes),
        ("grpc.max_send_message_length", cfg.max_message_bytes),
        ("grpc.so_reuseport", int(reuse_port)),
    ]
    edge = EdgeInterceptor(on_unavailable=watcher.suspect)
    # outermost first: the request id covers the access log line and refusals by auth too
    chain = [RequestIdInterceptor(), edge, *auth, RequestDecoder()]
    registered = Registrations()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, registered)
    inline = {}
    for spec in specs:
        servicer = spec.build(app)
        spec.add(servicer, registered)
        if spec.inline is not None:
            inline[spec.full_name] = spec.inline(servicer)
        health_servicer.set(spec.full_name, health_pb2.HealthCheckResponse.SERVING)
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_servicer.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
    if cfg.reflection:
        reflection.enable_server_reflection(
            [*served, health.SERVICE_NAME, reflection.SERVICE_NAME],
            registered,
        )
    pool = futures.ThreadPoolExecutor(max_workers=cfg.max_workers, thread_name_prefix="rpc")
    handlers = wrap_services(registered.services, chain, inline, pool)
    for spec in specs:  # take calls once what is prepared ahead is there (as a readiness probe would wait)
        if spec.warm is not None and cfg.warm_up_seconds > 0 and not spec.warm(app, cfg.warm_up_seconds):
            log.warning("serving before warm-up finished", extra={"service": spec.full_name,
                        "seconds": cfg.warm_up_seconds})  # fmt: skip
    bind_host = cfg.host if host is None else host
    address = f"{bind_host}:{cfg.port if port is None else port}"

    async def begin() -> tuple[grpc.aio.Server, int]:
        server = grpc.aio.server(migration_thread_pool=pool, options=options)
        for service, methods in handlers.items():
            server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(service, methods),))
            server.add_registered_method_handlers(service, methods)
        try:
            bound = bind(server, address, app.settings.tls if tls is None else tls)  # type: ignore[arg-type]
        except RuntimeError:  # grpc.aio raises where the thread-pool server answered 0
            bound = 0
        if bound:
            await server.start()
        return server, bound

    server, bound = ServerLoop.run(begin())
    if bound == 0:
        pool.shutdown(wait=False)
        raise OSError(f"cannot bind {bind_host}:{port}; is the port in use?")
    log.info("serving", extra={"port": bound, "services": served})
    running = RunningServer(
        server=server,
        port=bound,
        health=health_servicer,
        services=served,
        database_health=watcher.start(),
        pool=pool,
    )
    if cfg.health_port:
        running.health_server, running.health_port = start_health_port(
            health_servicer, bind_host, cfg.health_port
        )
    return running


class StopSignals:
    """SIGTERM and SIGINT caught from the moment this is made, until ``wait`` returns or the block it opens ends.

    Made before a server starts, so a signal sent as soon as health says SERVING is waited for, not lost to
    Python's default handler (which ends the process without draining).
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._received: list[str] = []
        self._previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}

    def _on_signal(self, signum: int, _frame: object) -> None:
        self._received.append(signal.Signals(signum).name)
        self._stop.set()

    def wait(self) -> str:
        """Block until SIGTERM or SIGINT has arrived; its name."""
        try:
            self._stop.wait()
        finally:
            self.restore()
        return self._received[0]

    def restore(self) -> None:
        """Put the handlers back that were there before."""
        for s, handler in self._previous.items():
            signal.signal(s, handler)

    def __enter__(self) -> StopSignals:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.restore()


def wait_for_termination(running: RunningServer, grace: float, signals: StopSignals | None = None) -> None:
    """Block until SIGTERM or SIGINT (caught since ``signals`` was made), then drain in-flight calls and stop."""
    name = (signals or StopSignals()).wait()
    log.info("shutting down", extra={"signal": name, "grace_seconds": grace})
    running.stop(grace)
    log.info("stopped")
