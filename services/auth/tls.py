"""TLS on the server port, and verified client certificates as callers.

With ``LIFECUE_TLS__CERT_FILE``/``KEY_FILE`` the port speaks TLS; adding
``CLIENT_CA_FILE`` makes it mutual: gRPC refuses every connection whose client
certificate that CA did not sign. A verified certificate is a caller when one of its
names (a subject alternative name, else the subject common name) is in
``LIFECUE_TLS__CLIENT_ROLES``; a bearer token on the call still takes precedence.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import grpc

from lifecue.config import TlsSettings
from lifecue.errors import FailedPrecondition
from services.identity import Caller

SAN = "x509_subject_alternative_name"
COMMON_NAME = "x509_common_name"


def _read(setting: str, path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise FailedPrecondition(f"{setting}: cannot read {path} ({exc.strerror})") from exc


def server_credentials(tls: TlsSettings) -> grpc.ServerCredentials | None:
    """The port's TLS credentials (mutual when a client CA is set), or None for plaintext."""
    if tls.cert_file is None or tls.key_file is None:
        return None
    pair = (_read("LIFECUE_TLS__KEY_FILE", tls.key_file), _read("LIFECUE_TLS__CERT_FILE", tls.cert_file))
    if tls.client_ca_file is None:
        return grpc.ssl_server_credentials([pair])
    client_ca = _read("LIFECUE_TLS__CLIENT_CA_FILE", tls.client_ca_file)
    return grpc.ssl_server_credentials([pair], root_certificates=client_ca, require_client_auth=True)


def bind(server: grpc.Server, address: str, tls: TlsSettings) -> int:
    """Add the server's port, with TLS when configured; returns the bound port (0: failed)."""
    credentials = server_credentials(tls)
    if credentials is None:
        return server.add_insecure_port(address)
    return server.add_secure_port(address, credentials)


class CertificateRoles:
    """Maps a verified client certificate's names to a role."""

    def __init__(self, roles: Mapping[str, str]) -> None:
        self.roles = dict(roles)

    def caller(self, auth_context: Mapping[str, list[bytes]]) -> Caller | None:
        """The caller a verified peer certificate names, or None (no certificate, or no mapped name)."""
        names = [*auth_context.get(SAN, ()), *auth_context.get(COMMON_NAME, ())]
        for raw in names:
            name = raw.decode("utf-8", "replace")
            role = self.roles.get(name)
            if role is not None:
                return Caller(subject=name, role=role, proof="certificate")
        return None
