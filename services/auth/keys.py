"""Token keys: from settings (several at once, by ``kid``) or a local key in the state folder.

A deployment names its keys in ``LIFECUE_AUTH__KEYS`` (kid -> shared secret for HS*,
PEM public key or PEM file path otherwise) and, where tokens are signed, the signing
key. With none configured, a process on the embedded database uses a local HS256 key
kept in ``$LIFECUE_STATE_DIR/keys/local-signing.key`` (created 0600 on first use), so
``lifecue up`` and ``lifecue token`` agree out of the box; a process on ``MONGODB_URI``
gets no key and refuses to start rather than serve without authentication.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from lifecue.config import AuthSettings
from lifecue.errors import FailedPrecondition

log = logging.getLogger(__name__)

LOCAL_KID = "local"
LOCAL_KEY_FILE = Path("keys") / "local-signing.key"
MIN_RSA_BITS = 2048
_HMAC_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
_CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}

NO_KEY = (
    "authentication is on but no token key is configured: set LIFECUE_AUTH__KEYS "
    '(e.g. \'{"k1": "<a secret of 32+ bytes>"}\'), or client certificate roles '
    "(LIFECUE_TLS__CLIENT_ROLES), or turn authentication off explicitly with "
    "LIFECUE_AUTH__ENABLED=false. Only the embedded database falls back to a local key."
)


@dataclass(frozen=True)
class KeyRing:
    """Verification keys by kid, and the key new tokens are signed with (if any here)."""

    algorithm: str
    verify: Mapping[str, Any]
    signing_kid: str | None = None
    signing: Any | None = field(default=None, repr=False)
    source: str = "settings"


def symmetric(algorithm: str) -> bool:
    """Whether the algorithm signs and verifies with one shared secret."""
    return algorithm.startswith("HS")


def from_settings(auth: AuthSettings) -> KeyRing | None:
    """The keys named in settings, checked against the algorithm; None when none are named."""
    if not auth.keys:
        if auth.signing_key is not None:
            raise FailedPrecondition("LIFECUE_AUTH__SIGNING_KEY is set but LIFECUE_AUTH__KEYS is empty")
        return None
    alg = auth.algorithm
    verify = {
        kid: _verification_key(alg, kid, secret.get_secret_value()) for kid, secret in auth.keys.items()
    }
    kid = auth.signing_kid or (next(iter(verify)) if len(verify) == 1 else "")
    if auth.signing_kid and auth.signing_kid not in verify:
        raise FailedPrecondition(
            f"LIFECUE_AUTH__SIGNING_KID {auth.signing_kid!r} is not a key of LIFECUE_AUTH__KEYS "
            f"({', '.join(sorted(verify))}); the signing key must also verify"
        )
    if symmetric(alg):
        signing = verify[kid] if kid else None
    elif auth.signing_key is not None:
        signing = _private_key(alg, auth.signing_key.get_secret_value())
    else:
        signing = None
    return KeyRing(alg, verify, kid or None, signing, "settings")


def local_keyring(state_dir: Path) -> KeyRing:
    """The local HS256 key of the state folder (created on first use)."""
    path = Path(state_dir) / LOCAL_KEY_FILE
    secret = ensure_local_key(path)
    return KeyRing("HS256", {LOCAL_KID: secret}, LOCAL_KID, secret, f"local key {path}")


def resolve(auth: AuthSettings, state_dir: Path, embedded: bool) -> KeyRing | None:
    """Keys from settings; else the local key on the embedded database; else None."""
    ring = from_settings(auth)
    if ring is not None or not embedded:
        return ring
    if auth.algorithm != "HS256":
        raise FailedPrecondition(
            f"LIFECUE_AUTH__ALGORITHM is {auth.algorithm} but no keys are configured; "
            "the local key is HS256: set LIFECUE_AUTH__KEYS or leave the algorithm at HS256"
        )
    return local_keyring(state_dir)


def ensure_local_key(path: Path) -> bytes:
    """Read the local signing key, creating it (0600, folder 0700) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists() and _publish_new_key(path):
        log.info("created a local signing key", extra={"path": str(path)})
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise FailedPrecondition(f"{path} is readable by others (mode {mode:o}); run: chmod 600 {path}")
    secret = _read_key(path)
    if len(secret) < _HMAC_BYTES["HS256"]:
        raise FailedPrecondition(f"{path} holds a key shorter than 32 bytes; delete it to make a new one")
    return secret


def _publish_new_key(path: Path) -> bool:
    """Write a fresh key beside ``path`` and hard-link it into place; False if another process won.

    The link appears with its whole content, so processes starting together (``lifecue up``
    starts several) never read a half-written key.
    """
    key = secrets.token_hex(32) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        if not _write_new(tmp, key):
            return False
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: create in place, readers wait for it
            return _write_new(path, key)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _write_new(path: Path, content: str) -> bool:
    """Create ``path`` (0600) with ``content`` and sync it; False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    return True


def _read_key(path: Path, wait: float = 2.0) -> bytes:
    """The key in ``path``, waiting briefly while a process that created it in place still writes it."""
    deadline = time.monotonic() + wait
    secret = path.read_text().strip().encode()
    while len(secret) < _HMAC_BYTES["HS256"] and time.monotonic() < deadline:
        time.sleep(0.05)
        secret = path.read_text().strip().encode()
    return secret


def _pem_text(kid: str, value: str) -> bytes:
    """A PEM given inline, or read from the file the value names."""
    if value.lstrip().startswith("-----BEGIN"):
        return value.encode()
    try:
        return Path(value).expanduser().read_bytes()
    except OSError as exc:
        raise FailedPrecondition(
            f"auth key {kid!r}: not a PEM and not a readable file ({exc.strerror})"
        ) from exc


def _verification_key(alg: str, kid: str, value: str) -> Any:
    if symmetric(alg):
        secret = value.encode()
        if len(secret) < _HMAC_BYTES[alg]:
            raise FailedPrecondition(
                f"LIFECUE_AUTH__KEYS[{kid!r}]: {alg} needs a secret of at least {_HMAC_BYTES[alg]} bytes"
            )
        return secret
    pem = _pem_text(kid, value)
    try:
        if b"CERTIFICATE-----" in pem:
            key: Any = x509.load_pem_x509_certificate(pem).public_key()
        else:
            key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise FailedPrecondition(f"LIFECUE_AUTH__KEYS[{kid!r}]: not a PEM public key or certificate") from exc
    _check_type(alg, f"LIFECUE_AUTH__KEYS[{kid!r}]", key)
    return key


def _private_key(alg: str, value: str) -> Any:
    pem = _pem_text("signing", value)
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise FailedPrecondition("LIFECUE_AUTH__SIGNING_KEY: not an unencrypted PEM private key") from exc
    _check_type(alg, "LIFECUE_AUTH__SIGNING_KEY", key.public_key())
    return key


def _check_type(alg: str, name: str, public: Any) -> None:
    """Refuse a key that does not fit the algorithm (or is too weak for it)."""
    if alg[:2] in ("RS", "PS"):
        ok = isinstance(public, rsa.RSAPublicKey) and public.key_size >= MIN_RSA_BITS
        need = f"an RSA key of at least {MIN_RSA_BITS} bits"
    elif alg in _CURVES:
        ok = isinstance(public, ec.EllipticCurvePublicKey) and isinstance(public.curve, _CURVES[alg])
        need = f"an EC key on {_CURVES[alg].name}"
    else:
        ok = isinstance(public, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey)
        need = "an Ed25519 or Ed448 key"
    if not ok:
        raise FailedPrecondition(f"{name}: {alg} needs {need}")
