"""The services' handlers as the server registers them: the interceptor chain applied once, Recommend on the loop.

lifecue serves on grpc.aio (`services.server`). Its interceptors (`RequestIdInterceptor`,
`EdgeInterceptor`, the authentication one, `RequestDecoder`) are `CachedInterceptor`s that
wrap a method's handler; grpc.aio would run interceptors per call through coroutines, so
each method is wrapped by the whole chain once, here, at registration, exactly as the
thread-pool server's chain wrapped it: codes, messages, refusals, logs and metrics are theirs.

Plain methods run in grpc.aio's migration thread pool, so a slow database or the encoder never
holds the event loop. A method a service lists as *inline* (`ServiceSpec.inline`: Recommend)
becomes an ``async def`` that runs the same chain on the loop when its predicate says the
decoded request needs no I/O (the consumer's genome is cached), saving the hop to a thread
and back, and in the pool otherwise.

Both run the chain with a `CallContext`: grpc.aio's own contexts abort with a coroutine (on
the loop) or lack ``code()`` (in the pool). Its ``abort`` records the status and raises
`Aborted`; the outer shell then ends the call with grpc's own abort.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent import futures
from typing import Any

import grpc

__all__ = ["Aborted", "CallContext", "Registrations", "wrap_services"]

#: for each method that may run on the event loop: whether a decoded request can (no I/O)
Inline = Mapping[str, Callable[[Any], bool]]


class Aborted(Exception):
    """A call ended by ``CallContext.abort``: its status, for the shell to send."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self.code = code
        self.details = details


class CallContext:
    """The context lifecue's interceptors and servicers see, over grpc.aio's (loop or pool) context."""

    __slots__ = ("_context", "_code", "_details")

    def __init__(self, context: Any) -> None:
        self._context = context
        self._code: grpc.StatusCode | None = None
        self._details = ""

    def abort(self, code: grpc.StatusCode, details: str = "") -> None:
        """End the call with ``code``: recorded here, sent by the shell (raises `Aborted`)."""
        self._code, self._details = code, details
        raise Aborted(code, details)

    def code(self) -> grpc.StatusCode | None:
        """The status this call was aborted with (None: not aborted)."""
        return self._code

    def invocation_metadata(self) -> Any:
        return self._context.invocation_metadata()

    def set_trailing_metadata(self, metadata: Sequence[tuple[str, str]]) -> None:
        self._context.set_trailing_metadata(metadata)

    def time_remaining(self) -> float | None:
        return self._context.time_remaining()  # type: ignore[no-any-return]

    def auth_context(self) -> Mapping[str, Iterable[bytes]]:
        return self._context.auth_context()  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _pooled(chain: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A plain handler for grpc.aio's thread pool."""

    def call(request: Any, context: Any) -> Any:
        try:
            return chain(request, CallContext(context))
        except Aborted as stop:
            context.abort(stop.code, stop.details)  # grpc's: raises

    return call


def _on_loop(
    chain: Callable[[Any, Any], Any], parse: Callable[[bytes], Any], inline: Callable[[Any], bool],
    pool: futures.Executor,
) -> Callable[[Any, Any], Any]:  # fmt: skip
    """An ``async def`` handler: the chain on the loop when ``inline`` says so, else in ``pool``."""

    def can_inline(raw: bytes) -> bool:
        try:
            return inline(parse(raw))
        except Exception:  # undecodable: the chain refuses it without I/O
            return True

    async def call(raw: bytes, context: Any) -> Any:
        ctx = CallContext(context)
        try:
            if can_inline(raw):
                return chain(raw, ctx)
            return await asyncio.get_running_loop().run_in_executor(pool, chain, raw, ctx)
        except Aborted as stop:
            await context.abort(stop.code, stop.details)

    return call


class Registrations:
    """Stands in for a server to catch what generated ``add_*Servicer_to_server`` functions register."""

    def __init__(self) -> None:
        self.services: dict[str, dict[str, grpc.RpcMethodHandler]] = {}

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        """Ignored: generated code registers every method through `add_registered_method_handlers` too."""

    def add_registered_method_handlers(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler]
    ) -> None:
        self.services[service] = dict(handlers)


def wrap_services(
    registered: Mapping[str, Mapping[str, grpc.RpcMethodHandler]],
    interceptors: Sequence[Any],
    inline: Mapping[str, Inline],
    pool: futures.Executor,
) -> dict[str, dict[str, grpc.RpcMethodHandler]]:
    """Every method wrapped by ``interceptors`` (outermost first); ``inline[service][method]`` on the loop."""
    out: dict[str, dict[str, grpc.RpcMethodHandler]] = {}
    for service, handlers in registered.items():
        out[service] = wrapped = {}
        for name, handler in handlers.items():
            method = f"/{service}/{name}"
            chained = handler
            for interceptor in reversed(interceptors):
                chained = interceptor.wrap(method, chained)
            if chained.unary_unary is None:  # streams (health Watch, reflection) run as the chain left them
                wrapped[name] = chained
                continue
            predicate = inline.get(service, {}).get(name)
            if predicate is not None and handler.request_deserializer is not None:
                call = _on_loop(chained.unary_unary, handler.request_deserializer, predicate, pool)
            else:
                call = _pooled(chained.unary_unary)
            wrapped[name] = grpc.unary_unary_rpc_method_handler(
                call,
                request_deserializer=chained.request_deserializer,
                response_serializer=chained.response_serializer,
            )
    return out
