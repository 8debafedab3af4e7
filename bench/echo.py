"""The bare gRPC echo server: the ceiling any Python gRPC service reaches on this machine.

One generic unary method that returns the request bytes, with no protobuf parsing, no
interceptor, no logging: what is left is gRPC's own cost per call. Built with the
same thread pool size as lifecue's server.
"""

from __future__ import annotations

from concurrent import futures

import grpc

METHOD = "/lifecue.bench.Echo/Echo"


def _handler() -> grpc.GenericRpcHandler:
    return grpc.method_handlers_generic_handler(
        "lifecue.bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(lambda request, _context: request)}
    )


def start_sync(max_workers: int, reuse_port: bool = False, port: int = 0) -> tuple[grpc.Server, int]:
    """A thread-pool echo server on a loopback port; returns it and the port."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        handlers=[_handler()],
        options=[("grpc.so_reuseport", int(reuse_port))],
    )
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, bound
