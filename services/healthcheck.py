"""Ask a server's grpc.health.v1 service; exit 0 only when every asked service is SERVING.

Kept apart from the ``lifecue`` command line, which imports every subcommand (spaCy and
torch among them, seconds and hundreds of MB), so that the image's HEALTHCHECK
(``python -m services.healthcheck``) costs a fraction of a second. ``lifecue health``
is the same check for operators. With no ``--target`` it asks this host on the health
port (``LIFECUE_SERVER__HEALTH_PORT``) when one is set, else on the service port.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from lifecue.config import load_settings

__all__ = ["HEALTHY", "UNHEALTHY", "add_arguments", "check", "default_target", "main", "run"]

HEALTHY = 0
UNHEALTHY = 1  # Docker's HEALTHCHECK reads 1 as unhealthy and reserves 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options shared by ``lifecue health`` and ``python -m services.healthcheck``."""
    parser.add_argument(
        "--target", help="host:port (default: this host's health port, else its service port)"
    )
    parser.add_argument(
        "--service",
        action="append",
        metavar="NAME",
        help="service to check, e.g. lifecue.v1.ConsentService; repeatable (default: the whole server)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3.0, help="seconds to wait for each answer (default 3)"
    )
    parser.add_argument("--tls", action="store_true", help="connect with TLS (a service port with TLS on)")
    parser.add_argument(
        "--ca", metavar="FILE", help="CA bundle that signed the server's certificate (with --tls)"
    )


def default_target() -> str:
    """This host's health port when one is configured, else its service port."""
    server = load_settings().server
    return f"127.0.0.1:{server.health_port or server.port}"


def check(
    target: str, services: Sequence[str], timeout: float, credentials: grpc.ChannelCredentials | None = None
) -> dict[str, str]:
    """Each service's status name, or the gRPC error code name when its check failed."""
    channel = grpc.secure_channel(target, credentials) if credentials else grpc.insecure_channel(target)
    found: dict[str, str] = {}
    with channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for name in services:
            try:
                reply = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=timeout)
                found[name] = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
            except grpc.RpcError as exc:
                found[name] = exc.code().name  # type: ignore[attr-defined]
    return found


def run(args: argparse.Namespace, services: Sequence[str]) -> int:
    """Print one ``name: STATUS`` line per service; HEALTHY when all are SERVING."""
    try:
        target = args.target or default_target()
    except ValueError as exc:
        print(f"lifecue health: invalid configuration: {exc}", file=sys.stderr)
        return UNHEALTHY
    credentials = None
    if args.tls:
        roots = Path(args.ca).read_bytes() if args.ca else None
        credentials = grpc.ssl_channel_credentials(root_certificates=roots)
    found = check(target, services or [""], args.timeout, credentials)
    for name, status in found.items():
        print(f"{name or '(server)'}: {status}")
    return HEALTHY if all(status == "SERVING" for status in found.values()) else UNHEALTHY


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m services.healthcheck``."""
    parser = argparse.ArgumentParser(prog="python -m services.healthcheck", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args, args.service or [])


if __name__ == "__main__":
    sys.exit(main())
