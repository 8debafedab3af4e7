"""Authentication as a process sets it up from settings: the server's interceptor, the token signer.

Both read the same keys (`services.auth.keys.resolve`), so ``lifecue up``, ``lifecue serve``
and ``lifecue token`` with one state folder agree without any configuration.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import grpc

from lifecue.config import Settings
from lifecue.errors import FailedPrecondition
from services.auth import keys
from services.auth.interceptor import AuthInterceptor
from services.auth.tls import CertificateRoles
from services.auth.tokens import TokenPolicy, TokenVerifier, mint

log = logging.getLogger("lifecue.auth")


def server_interceptors(settings: Settings, embedded: bool) -> list[grpc.ServerInterceptor]:
    """The authentication interceptor (none, with a warning, when auth is explicitly off).

    Raises FailedPrecondition when authentication is on and there is nothing to check
    callers against (no keys outside the embedded database, no certificate roles).
    """
    auth = settings.auth
    if not auth.enabled:
        log.warning(
            "authentication is OFF (LIFECUE_AUTH__ENABLED=false): every caller may call every method "
            "and the audit log records 'anonymous'"
        )
        return []
    ring = keys.resolve(auth, settings.state_dir, embedded)
    certificates = CertificateRoles(settings.tls.client_roles) if settings.tls.client_roles else None
    if ring is None and certificates is None:
        raise FailedPrecondition(keys.NO_KEY)
    verifier = TokenVerifier(ring, TokenPolicy.from_settings(auth)) if ring is not None else None
    log.info(
        "authentication on",
        extra={
            "algorithm": ring.algorithm if ring else None,
            "kids": sorted(ring.verify) if ring else [],
            "keys_from": ring.source if ring else None,
            "certificate_names": len(settings.tls.client_roles),
        },
    )
    return [AuthInterceptor(verifier, certificates)]


class TokenSigner:
    """Mints tokens with the process's signing key (`lifecue token`, `lifecue up`)."""

    def __init__(self, settings: Settings, embedded: bool) -> None:
        ring = keys.resolve(settings.auth, settings.state_dir, embedded)
        if ring is None:
            raise FailedPrecondition(keys.NO_KEY)
        self.ring = ring
        self.policy = TokenPolicy.from_settings(settings.auth)

    def token(self, role: str, subject: str, ttl: timedelta) -> str:
        """A signed token for ``subject`` in ``role``, valid for ``ttl``."""
        return mint(self.ring, self.policy, role, subject, ttl)
