"""The server interceptor: domain errors to status codes, access logs, metrics.

Servicers stay thin: they raise `lifecue.errors` exceptions and this interceptor turns
them into gRPC status codes with a message that says how to fix the call. Database
outages arrive as `StorageUnavailable` (``genome_store`` translates the driver's errors
where they enter) and become ``UNAVAILABLE``; anything unexpected becomes ``INTERNAL``
with a request id that points at the logged traceback.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import grpc
from prometheus_client import Counter, Histogram

from lifecue import errors
from services.request_ids import current_request_id

log = logging.getLogger("lifecue.rpc")

RPC_TOTAL = Counter("lifecue_rpc_total", "RPCs handled", ["method", "code"])
RPC_SECONDS = Histogram(
    "lifecue_rpc_seconds",
    "RPC latency",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)

_STATUS: tuple[tuple[type[BaseException], grpc.StatusCode], ...] = (
    (errors.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.NotFound, grpc.StatusCode.NOT_FOUND),
    (errors.ConsentRequired, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
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


class EdgeInterceptor(grpc.ServerInterceptor):
    """Wraps every unary call with error mapping, an access log line and metrics."""

    def __init__(self) -> None:
        # grpc asks the interceptor for a handler on every call; the wrapped handler of a
        # method never changes, so it is built once (a dict read per call after that).
        self._handlers: dict[str, grpc.RpcMethodHandler | None] = {}

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        method = handler_call_details.method
        cached = self._handlers.get(method, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        handler = continuation(handler_call_details)
        wrapped = handler if handler is None or handler.unary_unary is None else _wrap(method, handler)
        if handler is not None:  # unknown methods are not remembered (any name can be sent)
            self._handlers[method] = wrapped
        return wrapped


_MISSING = object()


def _wrap(method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    inner = handler.unary_unary
    ok_total = RPC_TOTAL.labels(method, grpc.StatusCode.OK.name)
    seconds = RPC_SECONDS.labels(method)

    def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
        start = time.perf_counter()
        code = grpc.StatusCode.OK
        try:
            return inner(request, context)
        except Exception as exc:
            mapped = status_for(exc)
            if mapped is not None:
                code = mapped
                context.abort(
                    code,
                    str(exc)
                    if mapped is not grpc.StatusCode.UNAVAILABLE
                    else f"database unavailable, retry later: {exc}",
                )
            if context.code() not in (None, grpc.StatusCode.OK):
                code = context.code()
                raise
            code = grpc.StatusCode.INTERNAL
            request_id = current_request_id() or uuid.uuid4().hex[:12]  # the id sent back (request_ids)
            log.exception("unhandled error", extra={"method": method, "request_id": request_id})
            context.abort(code, f"internal error (request id {request_id}); see the server log")
        finally:
            elapsed = time.perf_counter() - start
            seconds.observe(elapsed)
            if code is grpc.StatusCode.OK:
                ok_total.inc()
            else:
                RPC_TOTAL.labels(method, code.name).inc()
            if code is not grpc.StatusCode.OK or log.isEnabledFor(logging.DEBUG):
                log.info("rpc", extra={"method": method, "code": code.name, "ms": round(elapsed * 1000, 3)})

    return grpc.unary_unary_rpc_method_handler(
        wrapped,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )
