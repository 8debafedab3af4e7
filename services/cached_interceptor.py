"""The base of lifecue's server interceptors: each method's wrapped handler is built once."""

from __future__ import annotations

from collections.abc import Callable

import grpc

__all__ = ["CachedInterceptor"]


class CachedInterceptor(grpc.ServerInterceptor):
    """grpc asks for a handler on every call; a method's wrapped handler never changes, so build it once.

    Subclasses say how in `wrap` (returning the handler itself leaves a method as it is).
    """

    def __init__(self) -> None:
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        method = handler_call_details.method
        cached = self._handlers.get(method)
        if cached is not None:
            return cached
        handler = continuation(handler_call_details)
        if handler is None:  # unknown methods are not remembered (any name can be sent)
            return None
        wrapped = self._handlers[method] = self.wrap(method, handler)
        return wrapped

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        raise NotImplementedError
