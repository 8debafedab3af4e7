"""A plaintext port that answers only ``grpc.health.v1``, for probes.

Kubernetes' native gRPC probes speak neither TLS nor bearer tokens, so once the service
port requires them the probes need a port of their own. This one shares the service
port's `HealthServicer` (both always report the same status, including NOT_SERVING
while draining) and serves nothing else: no data, no reflection. ``lifecue worker``,
which serves no RPCs, can answer its probes here too.
"""

from __future__ import annotations

import logging
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2_grpc

log = logging.getLogger(__name__)

__all__ = ["start_health_port"]


def start_health_port(
    health_servicer: health.HealthServicer, host: str, port: int
) -> tuple[grpc.Server, int]:
    """Serve ``health_servicer`` alone on ``host:port`` (0 picks a free port); returns the server and port."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="health"))
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"cannot bind the health port {host}:{port}; is it in use?")
    server.start()
    log.info("health port", extra={"port": bound})
    return server, bound
