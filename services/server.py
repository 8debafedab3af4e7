"""The gRPC server: chosen services on one port, health, reflection, graceful stop."""

from __future__ import annotations

import logging
import signal
import threading
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.app import App
from services.interceptors import EdgeInterceptor
from services.spec import ServiceSpec

log = logging.getLogger(__name__)


@dataclass
class RunningServer:
    """A started server and what it serves."""

    server: grpc.Server
    port: int
    health: health.HealthServicer
    services: dict[str, bool] = field(default_factory=dict)

    def stop(self, grace: float) -> None:
        """Report NOT_SERVING, let in-flight calls finish within ``grace`` seconds, stop."""
        self.health.enter_graceful_shutdown()
        self.server.stop(grace).wait()


def start_server(
    app: App, specs: list[ServiceSpec], host: str | None = None, port: int | None = None
) -> RunningServer:
    """Build the servicers, register health and reflection, bind and start."""
    cfg = app.settings.server
    options = [
        ("grpc.max_receive_message_length", cfg.max_message_bytes),
        ("grpc.max_send_message_length", cfg.max_message_bytes),
        ("grpc.so_reuseport", 0),
    ]
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=cfg.max_workers, thread_name_prefix="rpc"),
        interceptors=[EdgeInterceptor()],
        options=options,
    )
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    served: dict[str, bool] = {}
    for spec in specs:
        servicer = spec.build(app)
        spec.add(servicer, server)
        ready = getattr(servicer, "implemented", True)
        served[spec.full_name] = ready
        status = (
            health_pb2.HealthCheckResponse.SERVING if ready else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        health_servicer.set(spec.full_name, status)
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection(
        [*served, health.SERVICE_NAME, reflection.SERVICE_NAME],
        server,
    )
    bind_host = cfg.host if host is None else host
    bound = server.add_insecure_port(f"{bind_host}:{cfg.port if port is None else port}")
    if bound == 0:
        raise OSError(f"cannot bind {bind_host}:{port}; is the port in use?")
    server.start()
    log.info("serving", extra={"port": bound, "services": served})
    return RunningServer(server=server, port=bound, health=health_servicer, services=served)


def wait_for_signal() -> str:
    """Block until SIGTERM or SIGINT arrives; returns its name."""
    stop = threading.Event()
    received: list[str] = []

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        stop.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return received[0]


def wait_for_termination(running: RunningServer, grace: float) -> None:
    """Block until SIGTERM or SIGINT, then drain in-flight calls and stop."""
    name = wait_for_signal()
    log.info("shutting down", extra={"signal": name, "grace_seconds": grace})
    running.stop(grace)
    log.info("stopped")
