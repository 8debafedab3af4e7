"""A request id on every call: taken from ``x-request-id`` metadata or made up, logged, sent back.

The outermost server interceptor. For each call it picks the id (the caller's
``x-request-id`` when it is a plain token of at most 128 characters, else a new random
one), binds it to every log line the call writes (`services.logs.log_context`), and
returns it to the caller in the call's **trailing** metadata (``x-request-id``), which
arrives with the status whether the call succeeded, was refused or failed, so a client
can quote it and an operator can find every line of that call. The caller's value is
never logged when it is refused: it might carry anything.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import grpc

from services.cached_interceptor import CachedInterceptor
from services.logs import bind_log_context, context_field, log_context, unbind_log_context

__all__ = ["REQUEST_ID", "RequestIdInterceptor", "current_request_id", "pick_request_id"]

REQUEST_ID = "x-request-id"
# Tokens that tracing systems send (UUIDs, W3C trace ids, AWS trace headers); no spaces, so no prose.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:;=/+-]{0,127}")
_BUILDERS: dict[str, Callable[..., grpc.RpcMethodHandler]] = {
    "unary_unary": grpc.unary_unary_rpc_method_handler,
    "unary_stream": grpc.unary_stream_rpc_method_handler,
    "stream_unary": grpc.stream_unary_rpc_method_handler,
    "stream_stream": grpc.stream_stream_rpc_method_handler,
}


def pick_request_id(metadata: Sequence[tuple[str, Any]] | None) -> str:
    """The caller's ``x-request-id`` when it is a plain token, else a new random id."""
    for key, value in metadata or ():
        if key == REQUEST_ID and isinstance(value, str) and _TOKEN.fullmatch(value):
            return value
    return _new_id()


# A random per-process prefix and a counter: unique like a UUID4 (64 random bits tell the
# processes apart), at a tenth of its cost on the path of every call.
_PREFIX = secrets.token_hex(8)
_COUNTER = itertools.count(1)


def _new_id() -> str:
    return f"{_PREFIX}{next(_COUNTER):016x}"


def current_request_id() -> str | None:
    """The request id of the call this thread is serving (None outside a call)."""
    return context_field("request_id")


class RequestIdInterceptor(CachedInterceptor):
    """Gives every call a request id: in its log lines and in its trailing metadata."""

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        return _wrap(handler)


def _start(context: grpc.ServicerContext) -> str:
    request_id = pick_request_id(context.invocation_metadata())
    context.set_trailing_metadata(((REQUEST_ID, request_id),))
    return request_id


def _wrap(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    kind = next(k for k in _BUILDERS if getattr(handler, k) is not None)
    inner = getattr(handler, kind)

    def call(request: Any, context: grpc.ServicerContext) -> Any:
        token = bind_log_context(request_id=_start(context))  # not a `with`: this runs on every call
        try:
            return inner(request, context)
        finally:
            unbind_log_context(token)

    def stream(request: Any, context: grpc.ServicerContext) -> Any:
        # a streamed response is produced after the handler returns: keep the id bound meanwhile
        with log_context(request_id=_start(context)):
            yield from inner(request, context)

    return _BUILDERS[kind](
        stream if kind.endswith("_stream") else call,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )
