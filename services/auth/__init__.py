"""Authentication and authorization of gRPC calls: bearer tokens, client certificates, the matrix.

`configure.server_interceptors` builds the interceptor a server puts in its chain;
`matrix.MATRIX` is the one table of who may call what; `tokens` mints and verifies
JWTs; `keys` finds the keys; `tls` binds the port with TLS and maps client
certificates to roles; `client` sends tokens.
"""

from services.auth.client import BearerToken, bearer, with_token
from services.auth.configure import TokenSigner, server_interceptors
from services.auth.interceptor import AuthInterceptor, bearer_token
from services.auth.keys import KeyRing, local_keyring, resolve
from services.auth.matrix import MATRIX, OPEN_SERVICES, allowed, is_open, methods_of, roles_for
from services.auth.tls import CertificateRoles, bind, server_credentials
from services.auth.tokens import TokenPolicy, TokenVerifier, mint, parse_ttl

__all__ = [
    "MATRIX",
    "OPEN_SERVICES",
    "AuthInterceptor",
    "BearerToken",
    "CertificateRoles",
    "KeyRing",
    "TokenPolicy",
    "TokenSigner",
    "TokenVerifier",
    "allowed",
    "bearer",
    "bearer_token",
    "bind",
    "is_open",
    "local_keyring",
    "methods_of",
    "mint",
    "parse_ttl",
    "resolve",
    "roles_for",
    "server_credentials",
    "server_interceptors",
    "with_token",
]
