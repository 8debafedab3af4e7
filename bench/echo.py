"""The bare gRPC echo server: the ceiling any Python gRPC service reaches on this machine.

One generic unary method that returns the request bytes, with no protobuf parsing, no
interceptor, no logging: what is left is gRPC's own cost per call. Built with the
same thread pool size as lifecue's server (sync) or on grpc.aio (one event loop).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent import futures
from typing import Any

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


class AioServer:
    """A grpc.aio server running its own event loop in a thread (stop() to end it)."""

    def __init__(
        self, handlers: list[Any], options: list[tuple[str, Any]] | None = None, port: int = 0
    ) -> None:
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, args=(handlers, options or [], port), daemon=True)
        self._thread.start()
        self._ready.wait(30)

    def _run(self, handlers: list[Any], options: list[tuple[str, Any]], port: int) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve(handlers, options, port))

    async def _serve(self, handlers: list[Any], options: list[tuple[str, Any]], port: int) -> None:
        server = grpc.aio.server(handlers=handlers, options=options)
        self.port = server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        self._stopped = asyncio.Event()
        self._ready.set()
        await self._stopped.wait()
        await server.stop(0)

    def stop(self) -> None:
        """Stop serving and join the loop thread."""
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(timeout=10)


def aio_handler(service: str, method: str, fn: Callable[[bytes], bytes]) -> grpc.GenericRpcHandler:
    """A generic bytes-in, bytes-out handler for grpc.aio (``fn`` runs on the loop)."""

    async def call(request: bytes, _context: Any) -> bytes:
        return fn(request)

    return grpc.method_handlers_generic_handler(service, {method: grpc.unary_unary_rpc_method_handler(call)})


def start_aio() -> AioServer:
    """An echo server on grpc.aio."""
    return AioServer([aio_handler("lifecue.bench.Echo", "Echo", lambda b: b)])
