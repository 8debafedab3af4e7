"""The authentication and authorization interceptor: every call but health and reflection.

For each call it finds the caller (a bearer token in ``authorization`` metadata, else a
verified client certificate mapped to a role), checks the matrix, and makes the caller
the call's identity (`services.identity.CALLER`) while the servicer runs. Refusals are
``UNAUTHENTICATED`` (no or bad credentials) or ``PERMISSION_DENIED`` (the role may not
call the method), with a message that says how to fix the call and never repeats a token.
Each refusal is counted (`services.metrics.count_auth_failure`) and logged once, by the
edge interceptor (`services.interceptors`), with its reason and the refused caller.
Unknown method names never reach this interceptor: grpc answers them UNIMPLEMENTED first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import grpc

from lifecue.errors import PermissionDenied, Unauthenticated, clip
from services.auth.matrix import allowed, is_open, roles_for, row_key
from services.auth.tls import CertificateRoles
from services.auth.tokens import TokenVerifier
from services.cached_interceptor import CachedInterceptor
from services.identity import CALLER, Caller
from services.metrics import count_auth_failure

UNAUTHENTICATED = grpc.StatusCode.UNAUTHENTICATED
PERMISSION_DENIED = grpc.StatusCode.PERMISSION_DENIED

AUTHORIZATION = "authorization"
MISSING = (
    "no credentials: send 'authorization: Bearer <token>' metadata "
    "(`lifecue token --role ROLE` prints a token)"
)
_KINDS = ("unary_unary", "unary_stream", "stream_unary", "stream_stream")
_BUILDERS: dict[str, Callable[..., grpc.RpcMethodHandler]] = {
    "unary_unary": grpc.unary_unary_rpc_method_handler,
    "unary_stream": grpc.unary_stream_rpc_method_handler,
    "stream_unary": grpc.stream_unary_rpc_method_handler,
    "stream_stream": grpc.stream_stream_rpc_method_handler,
}


def bearer_token(metadata: Sequence[tuple[str, Any]] | None) -> str | None:
    """The token of ``authorization: Bearer <token>``, or None when there is no such metadata."""
    for key, value in metadata or ():
        if key != AUTHORIZATION:
            continue
        scheme, _, token = value.partition(" ") if isinstance(value, str) else ("", "", "")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("authorization metadata must read 'Bearer <token>'", "malformed")
        return token.strip()
    return None


def authorize(method: str, caller: Caller) -> Caller:
    """``caller`` when the matrix lets its role call ``method``; else PermissionDenied, counted."""
    if not allowed(method, caller.role):
        count_auth_failure("forbidden")
        may = ", ".join(sorted(roles_for(method)))
        raise PermissionDenied(
            f"role {caller.role!r} may not call {row_key(method)}; roles that may: {may}",
            subject=caller.subject,
            role=caller.role,
        )
    return caller


class AuthInterceptor(CachedInterceptor):
    """Authenticates the caller of every non-open method and applies the authorization matrix."""

    def __init__(self, tokens: TokenVerifier | None, certificates: CertificateRoles | None = None) -> None:
        super().__init__()
        self.tokens = tokens
        self.certificates = certificates

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        return handler if is_open(method) else self._guard(method, handler)

    def authenticate(self, context: grpc.ServicerContext) -> Caller:
        """The verified caller of this call: from its bearer token, else its client certificate."""
        token = bearer_token(context.invocation_metadata())
        if token is not None:
            if self.tokens is None:
                raise Unauthenticated(
                    "this server takes no bearer tokens; present a client certificate", "no_token_keys"
                )
            return self.tokens.verify(token)
        if self.certificates is not None:
            caller = self.certificates.caller(context.auth_context())
            if caller is not None:
                return caller
        raise Unauthenticated(MISSING, "missing")

    def check(self, method: str, context: grpc.ServicerContext) -> Caller:
        """The caller, once authenticated and allowed by the matrix.

        Raises Unauthenticated or PermissionDenied (counted in ``lifecue_auth_failures_total``);
        the edge interceptor maps them to status codes and writes the one log line.
        """
        try:
            caller = self.authenticate(context)
        except Unauthenticated as exc:
            count_auth_failure(exc.reason)
            raise
        return authorize(method, caller)

    def _guard(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        kind = next(k for k in _KINDS if getattr(handler, k) is not None)
        inner = getattr(handler, kind)

        def guarded(request: Any, context: grpc.ServicerContext) -> Any:
            reset = CALLER.set(self.check(method, context))
            try:
                return inner(request, context)
            finally:
                CALLER.reset(reset)

        def guarded_stream(request: Any, context: grpc.ServicerContext) -> Any:
            # a streamed response is produced after the handler returns: keep the caller set meanwhile;
            # the edge interceptor maps unary calls only, so a refusal here aborts the call itself
            try:
                caller = self.check(method, context)
            except (Unauthenticated, PermissionDenied) as exc:
                code = UNAUTHENTICATED if isinstance(exc, Unauthenticated) else PERMISSION_DENIED
                context.abort(code, clip(str(exc)))
            reset = CALLER.set(caller)
            try:
                yield from inner(request, context)
            finally:
                CALLER.reset(reset)

        return _BUILDERS[kind](
            guarded_stream if kind.endswith("_stream") else guarded,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
