"""Client side: send a bearer token with every call of a channel, or with one call.

``with_token(grpc.insecure_channel(addr), token)`` is a channel whose calls carry
``authorization: Bearer <token>``; ``bearer(token)`` is the metadata for a single call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from services.auth.interceptor import AUTHORIZATION


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    """Call metadata carrying ``token``."""
    return ((AUTHORIZATION, f"Bearer {token}"),)


class _Details(grpc.ClientCallDetails):  # type: ignore[misc]
    def __init__(self, details: grpc.ClientCallDetails, metadata: list[tuple[str, str]]) -> None:
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = metadata
        self.credentials = details.credentials
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


class BearerToken(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds the token to every call that does not carry an ``authorization`` of its own."""

    def __init__(self, token: str) -> None:
        self.header = bearer(token)[0]

    def _add(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = list(details.metadata or ())
        if not any(key == AUTHORIZATION for key, _ in metadata):
            metadata.append(self.header)
        return _Details(details, metadata)

    def _call(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any) -> Any:
        return continuation(self._add(details), request)

    intercept_unary_unary = _call
    intercept_unary_stream = _call
    intercept_stream_unary = _call
    intercept_stream_stream = _call


def with_token(channel: grpc.Channel, token: str) -> grpc.Channel:
    """``channel`` with ``token`` on every call."""
    return grpc.intercept_channel(channel, BearerToken(token))
