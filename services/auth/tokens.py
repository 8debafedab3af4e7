"""Bearer tokens: signed JWTs carrying a subject and a role, minted and verified here.

A token's header names its key (``kid``); its claims are ``iss``, ``aud``, ``sub``,
``role``, ``iat``, ``exp`` and a random ``jti``. Verification checks the signature with
the key of that kid, the algorithm, expiry, issuer and audience, and says which check
failed in words that never repeat the token.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from lifecue.config import AuthSettings
from lifecue.errors import FailedPrecondition, InvalidArgument, Unauthenticated
from lifecue.roles import ROLES
from services.auth.keys import KeyRing
from services.identity import Caller

MAX_TOKEN_CHARS = 8192
MAX_TTL = timedelta(days=366)
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")
_SUBJECT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class TokenPolicy:
    """What every token must say besides its role: issuer, audience; and the clock skew allowed."""

    issuer: str = "lifecue"
    audience: str = "lifecue"
    leeway_seconds: float = 30.0

    @classmethod
    def from_settings(cls, auth: AuthSettings) -> TokenPolicy:
        """The policy of ``LIFECUE_AUTH__*``."""
        return cls(auth.issuer, auth.audience, auth.leeway_seconds)


def parse_ttl(text: str) -> timedelta:
    """``90s``, ``15m``, ``12h``, ``7d`` or plain seconds; at least one second, at most 366 days."""
    found = _DURATION.match(text)
    if not found:
        raise InvalidArgument("--ttl", f"{text[:40]!r} is not a duration; write e.g. 90s, 15m, 12h or 7d")
    ttl = timedelta(seconds=int(found.group(1)) * _UNIT[found.group(2)])
    if not timedelta(seconds=1) <= ttl <= MAX_TTL:
        raise InvalidArgument("--ttl", f"must be between 1s and {MAX_TTL.days}d")
    return ttl


def mint(
    ring: KeyRing,
    policy: TokenPolicy,
    role: str,
    subject: str,
    ttl: timedelta,
    now: datetime | None = None,
) -> str:
    """A token for ``subject`` in ``role``, valid for ``ttl``, signed with the ring's signing key."""
    if role not in ROLES:
        raise InvalidArgument("role", f"{role[:40]!r} is not a role; choose from {', '.join(ROLES)}")
    if not _SUBJECT.match(subject):
        raise InvalidArgument("subject", "must be 1 to 200 characters without control characters")
    if ring.signing is None or ring.signing_kid is None:
        raise FailedPrecondition(
            "no signing key here: set LIFECUE_AUTH__SIGNING_KID (several keys) and, for "
            f"{ring.algorithm}, LIFECUE_AUTH__SIGNING_KEY (the private key)"
        )
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims = {
        "iss": policy.issuer,
        "aud": policy.audience,
        "sub": subject,
        "role": role,
        "iat": issued,
        "exp": issued + ttl,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, ring.signing, algorithm=ring.algorithm, headers={"kid": ring.signing_kid})


class TokenVerifier:
    """Checks bearer tokens against a key ring and a policy; remembers tokens it has verified.

    A verified token is kept (up to ``cache_size``) until it expires, so a client that
    reuses its token pays for the signature check once.
    """

    def __init__(self, ring: KeyRing, policy: TokenPolicy, cache_size: int = 4096) -> None:
        self.ring = ring
        self.policy = policy
        self.cache_size = cache_size
        self._known: dict[str, tuple[Caller, float]] = {}
        self._lock = threading.Lock()

    def verify(self, token: str) -> Caller:
        """The caller the token names; Unauthenticated saying what is wrong with it otherwise."""
        hit = self._known.get(token)
        if hit is not None and time.time() < hit[1] + self.policy.leeway_seconds:
            return hit[0]
        claims = self._claims(token)
        caller = Caller(subject=claims["sub"], role=claims["role"], proof="token")
        with self._lock:
            if len(self._known) >= self.cache_size:
                self._known.clear()
            self._known[token] = (caller, float(claims["exp"]))
        return caller

    def _claims(self, token: str) -> dict[str, Any]:
        if len(token) > MAX_TOKEN_CHARS:
            raise Unauthenticated(f"bearer token is longer than {MAX_TOKEN_CHARS} characters", "malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated("bearer token is malformed: not a signed JWT", "malformed") from exc
        key, kid = self._key_for(header)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[self.ring.algorithm],
                audience=self.policy.audience,
                issuer=self.policy.issuer,
                leeway=self.policy.leeway_seconds,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated(f"bearer token expired{_when(token)}; get a new one", "expired") from exc
        except jwt.InvalidSignatureError as exc:
            raise Unauthenticated(
                f"bearer token signature does not verify with key {kid!r}", "bad_signature"
            ) from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthenticated(
                f"bearer token is not for audience {self.policy.audience!r}", "wrong_audience"
            ) from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthenticated(
                f"bearer token was not issued by {self.policy.issuer!r}", "wrong_issuer"
            ) from exc
        except jwt.ImmatureSignatureError as exc:
            raise Unauthenticated(
                "bearer token is not valid yet (iat or nbf in the future)", "not_yet_valid"
            ) from exc
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthenticated(f"bearer token lacks the {exc.claim!r} claim", "missing_claim") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"bearer token is invalid ({type(exc).__name__})", "invalid") from exc
        role, subject = claims.get("role"), claims.get("sub")
        if not isinstance(role, str) or role not in ROLES:
            raise Unauthenticated(
                f"bearer token carries no known role; roles are {', '.join(ROLES)}", "no_role"
            )
        if not isinstance(subject, str) or not _SUBJECT.match(subject):
            raise Unauthenticated(
                "bearer token subject is empty, too long or has control characters", "bad_subject"
            )
        return claims

    def _key_for(self, header: dict[str, Any]) -> tuple[Any, str]:
        """The verification key the header's kid names (the only key when there is no kid)."""
        alg = header.get("alg")
        if alg != self.ring.algorithm:
            raise Unauthenticated(
                f"bearer token algorithm is not accepted; this server accepts {self.ring.algorithm}",
                "bad_algorithm",
            )
        kid = header.get("kid")
        if kid is None:
            if len(self.ring.verify) == 1:
                only = next(iter(self.ring.verify))
                return self.ring.verify[only], only
            raise Unauthenticated(
                "bearer token has no 'kid' header and several keys are configured", "unknown_kid"
            )
        if not isinstance(kid, str) or kid not in self.ring.verify:
            known = ", ".join(sorted(self.ring.verify))
            raise Unauthenticated(
                f"bearer token key id is unknown (known: {known}); the key may be retired", "unknown_kid"
            )
        return self.ring.verify[kid], kid


def _when(token: str) -> str:
    """`` at <time>`` from an expired token whose signature already verified ('' if unreadable)."""
    try:
        exp = jwt.decode(token, options={"verify_signature": False})["exp"]
        return f" at {datetime.fromtimestamp(float(exp), UTC).isoformat()}"
    except (jwt.InvalidTokenError, KeyError, TypeError, ValueError, OverflowError, OSError):
        return ""
