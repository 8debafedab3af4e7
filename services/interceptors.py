"""The server interceptors at the edge: domain errors to status codes, deadlines, access logs, metrics.

Servicers stay thin: they raise `lifecue.errors` exceptions and `EdgeInterceptor` (the
outermost of the chain) turns them into gRPC status codes with a message that says how
to fix the call, cut to `MAX_MESSAGE` characters (a status message of 10,000 characters
makes clients drop the trailer and report RESOURCE_EXHAUSTED instead). Database outages
arrive as `StorageUnavailable` (``genome_store`` translates the driver's errors where they
enter) and become ``UNAVAILABLE``; anything unexpected becomes ``INTERNAL`` with a request
id that points at the logged traceback.

The edge also bounds every call's storage work by the call's deadline
(`genome_store.call_deadline`: no storage call and no transaction retry or commit starts
after the time the client left it), and it writes the one access-log line of every call
that is not OK (refusals included: the authentication interceptor logs nothing itself).

`RequestDecoder` (the innermost) parses the request bytes itself, after authentication:
bytes that are not a valid message are ``INVALID_ARGUMENT`` (grpc's own deserializer
answers INTERNAL), and a caller without credentials learns nothing from sending them.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import grpc

from genome_store import call_deadline
from lifecue import errors
from lifecue.errors import QUOTE_CHARS, clip
from services.cached_interceptor import CachedInterceptor
from services.metrics import rpc_observer
from services.request_ids import current_request_id

log = logging.getLogger("lifecue.rpc")

__all__ = ["MAX_MESSAGE", "EdgeInterceptor", "RequestDecoder", "status_for"]

#: longest status message sent to a client
MAX_MESSAGE = 800

_STATUS: tuple[tuple[type[BaseException], grpc.StatusCode], ...] = (
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.ConsentRequired, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (errors.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (errors.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (errors.StorageUnavailable, grpc.StatusCode.UNAVAILABLE),
)  # StorageError is left out on purpose: a refused operation is a bug, INTERNAL and logged


def status_for(exc: BaseException) -> grpc.StatusCode | None:
    """The status code a lifecue error maps to, or None if unexpected."""
    for cls, code in _STATUS:
        if isinstance(exc, cls):
            return code
    return None


def message_for(exc: BaseException, code: grpc.StatusCode) -> str:
    """The status message of a mapped error, never longer than `MAX_MESSAGE`."""
    text = str(exc)
    if code is grpc.StatusCode.UNAVAILABLE:
        text = f"database unavailable, retry later: {text}"
    return clip(text, MAX_MESSAGE)


class EdgeInterceptor(CachedInterceptor):
    """Wraps every unary call with its storage deadline, error mapping, an access log line and metrics.

    ``on_unavailable`` is called whenever a call fails UNAVAILABLE (the database health
    check pings at once).
    """

    def __init__(self, on_unavailable: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.on_unavailable = on_unavailable

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        if handler.unary_unary is None:  # streams (health Watch, reflection) pass as they are
            return handler
        inner = handler.unary_unary
        observe = rpc_observer(method)

        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            start = time.perf_counter()
            code = grpc.StatusCode.OK
            refusal: dict[str, Any] = {}
            try:
                with call_deadline(context.time_remaining()):
                    return inner(request, context)
            except Exception as exc:
                mapped = status_for(exc)
                if mapped is not None:
                    code = mapped
                    refusal = _refusal(exc)
                    if mapped is grpc.StatusCode.UNAVAILABLE and self.on_unavailable is not None:
                        self.on_unavailable()
                    context.abort(code, message_for(exc, code))
                if context.code() not in (None, grpc.StatusCode.OK):  # aborted further in
                    code = context.code()
                    raise
                code = grpc.StatusCode.INTERNAL
                request_id = current_request_id() or uuid.uuid4().hex[:12]  # the id sent back (request_ids)
                refusal = {"request_id": request_id}
                log.exception("unhandled error", extra={"method": method, "request_id": request_id})
                context.abort(code, f"internal error (request id {request_id}); see the server log")
            finally:
                elapsed = time.perf_counter() - start
                observe(code.name, elapsed)
                if code is not grpc.StatusCode.OK or log.isEnabledFor(logging.DEBUG):
                    log.info(
                        "rpc",
                        extra={
                            "method": method,
                            "code": code.name,
                            "ms": round(elapsed * 1000, 3),
                            **refusal,
                        },
                    )

        return grpc.unary_unary_rpc_method_handler(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def _refusal(exc: BaseException) -> dict[str, Any]:
    """What the access log says about a mapped error: the reason, and who was refused."""
    note: dict[str, Any] = {"reason": clip(str(exc), QUOTE_CHARS)}
    for name in ("subject", "role"):
        value = getattr(exc, name, "")
        if value:
            note[name] = value
    return note


def decode(parse: Callable[[bytes], Any], name: str, raw: bytes) -> Any:
    """The request ``parse`` reads from ``raw``; undecodable bytes are INVALID_ARGUMENT naming message ``name``."""
    try:
        return parse(raw)
    except Exception as exc:  # protobuf's DecodeError, or a string that is not UTF-8
        raise errors.InvalidArgument(
            "request",
            f"is not a valid {name} message ({type(exc).__name__}); send one encoded by protobuf",
        ) from None


class RequestDecoder(CachedInterceptor):
    """Innermost: parses request bytes itself, so undecodable ones are INVALID_ARGUMENT naming the message."""

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        parse = handler.request_deserializer
        if parse is None or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        message = getattr(getattr(parse, "__self__", None), "DESCRIPTOR", None)
        name = message.full_name if message is not None else "request"

        def decoded(raw: bytes, context: grpc.ServicerContext) -> Any:
            return inner(decode(parse, name, raw), context)

        return grpc.unary_unary_rpc_method_handler(
            decoded, request_deserializer=None, response_serializer=handler.response_serializer
        )
