"""`LifecueClient`: one channel to lifecue with a bearer token, TLS, default deadlines and safe retries."""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2, health_pb2_grpc

from lifecue_client._policy import service_config
from lifecue_client.v1 import (
    consent_service_pb2_grpc,
    genome_service_pb2_grpc,
    life_event_service_pb2_grpc,
    loyalty_service_pb2_grpc,
    recommender_service_pb2,
    recommender_service_pb2_grpc,
)

__all__ = ["LifecueClient", "Tls"]

Token = str | Callable[[], str]


@dataclass(frozen=True)
class Tls:
    """TLS settings: the CA that signed the server (None: the system's), and for mutual TLS
    this client's certificate chain and key (PEM bytes)."""

    ca: bytes | None = None
    cert: bytes | None = None
    key: bytes | None = None
    server_name: str | None = None

    @classmethod
    def from_files(
        cls,
        ca: str | Path | None = None,
        cert: str | Path | None = None,
        key: str | Path | None = None,
        server_name: str | None = None,
    ) -> Tls:
        """Read the PEM files that are given."""

        def read(path: str | Path | None) -> bytes | None:
            return Path(path).read_bytes() if path else None

        return cls(read(ca), read(cert), read(key), server_name)

    def credentials(self) -> grpc.ChannelCredentials:
        """gRPC channel credentials for these settings."""
        return grpc.ssl_channel_credentials(
            root_certificates=self.ca, private_key=self.key, certificate_chain=self.cert
        )


class _Details(
    collections.namedtuple(
        "_Details", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")
    ),
    grpc.ClientCallDetails,
):
    """A call's details with the defaults filled in."""


class _Defaults(grpc.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds the bearer token to every call, and the default deadline to calls sent without one."""

    def __init__(self, token: Token | None, timeout: float | None) -> None:
        self._token = token
        self._timeout = timeout

    def intercept_unary_unary(self, continuation: Any, details: grpc.ClientCallDetails, request: Any) -> Any:
        metadata = list(details.metadata or ())
        if self._token is not None:
            token = self._token() if callable(self._token) else self._token
            metadata.append(("authorization", f"Bearer {token}"))
        timeout = details.timeout if details.timeout is not None else self._timeout
        updated = _Details(
            details.method, timeout, metadata, details.credentials,
            getattr(details, "wait_for_ready", None), getattr(details, "compression", None),
        )  # fmt: skip
        return continuation(updated, request)


class LifecueClient:
    """A client for every lifecue service over one channel.

    ``target`` is ``host:port`` (``dns:///name:port`` spreads calls over every address);
    ``token`` a bearer token or a function returning a fresh one per call (``lifecue token``
    makes them); ``tls`` None for plaintext; ``timeout`` the deadline in seconds of calls
    that pass none (each stub method also takes ``timeout=``); ``retries`` how often a call
    that changes nothing is retried on UNAVAILABLE (see `IDEMPOTENT_METHODS`).

    The stubs (``client.recommender.Recommend(request)``...) cover every method; a few
    helpers build the common requests.
    """

    def __init__(
        self,
        target: str,
        *,
        token: Token | None = None,
        tls: Tls | None = None,
        timeout: float | None = 5.0,
        retries: int = 3,
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        opts = [("grpc.service_config", service_config(retries)), ("grpc.enable_retries", 1), *options]
        if tls is not None and tls.server_name:
            opts.append(("grpc.ssl_target_name_override", tls.server_name))
        raw = (
            grpc.secure_channel(target, tls.credentials(), options=opts)
            if tls is not None
            else grpc.insecure_channel(target, options=opts)
        )
        self._raw = raw
        self.channel: grpc.Channel = grpc.intercept_channel(raw, _Defaults(token, timeout))
        self.consent = consent_service_pb2_grpc.ConsentServiceStub(self.channel)
        self.genome = genome_service_pb2_grpc.GenomeServiceStub(self.channel)
        self.lifeevents = life_event_service_pb2_grpc.LifeEventServiceStub(self.channel)
        self.recommender = recommender_service_pb2_grpc.RecommenderServiceStub(self.channel)
        self.loyalty = loyalty_service_pb2_grpc.LoyaltyServiceStub(self.channel)
        self._health = health_pb2_grpc.HealthStub(self.channel)

    def recommend(
        self,
        consumer_id: str,
        n: int = 10,
        *,
        as_of: datetime | None = None,
        categories: Sequence[str] = (),
        timeout: float | None = None,
    ) -> recommender_service_pb2.RecommendResponse:
        """Ranked products with reasons, and offers, for one consumer."""
        request = recommender_service_pb2.RecommendRequest(
            consumer_id=consumer_id, n=n, categories=list(categories)
        )
        if as_of is not None:
            stamp = Timestamp()
            stamp.FromDatetime(as_of)
            request.as_of.CopyFrom(stamp)
        return self.recommender.Recommend(request, timeout=timeout)  # type: ignore[no-any-return]

    def model_info(self, timeout: float | None = None) -> recommender_service_pb2.GetModelInfoResponse:
        """The recommender model now serving."""
        request = recommender_service_pb2.GetModelInfoRequest()
        return self.recommender.GetModelInfo(request, timeout=timeout)  # type: ignore[no-any-return]

    def health(self, service: str = "", timeout: float | None = None) -> str:
        """The health status name (``SERVING``, ``NOT_SERVING``...) of a service, or of the server."""
        reply = self._health.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        return str(health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))

    def close(self) -> None:
        """Close the channel."""
        self._raw.close()

    def __enter__(self) -> LifecueClient:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()
