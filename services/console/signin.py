"""Signing in to the console: a token from `lifecue token`, or a user name and password.

Tokens are checked by the same `TokenVerifier` as every gRPC call (signature with the
key of its kid, algorithm, expiry, issuer, audience, role, subject), with the same keys
(`services.auth.keys.resolve`). Passwords are checked against the hashes in
``LIFECUE_CONSOLE__USERS`` in constant time, and an unknown name costs the same as a
wrong password. What a sign-in yields is the same `Caller` (subject, role) the gRPC
edge audits, and the session lasts until the token expires or
``LIFECUE_CONSOLE__SESSION_MINUTES`` pass, whichever is first.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from werkzeug.security import check_password_hash, generate_password_hash

from lifecue.config import ConsoleUser, Settings
from lifecue.errors import Unauthenticated
from lifecue.roles import ADMIN, ROLES
from services.auth import keys
from services.auth.tokens import TokenPolicy, TokenVerifier
from services.identity import ANONYMOUS, Caller

_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class Session:
    """A signed-in session: who, until when (epoch seconds), and its random id."""

    caller: Caller
    expires: float
    sid: str

    def cookie_data(self) -> dict[str, Any]:
        """What goes into the signed session cookie."""
        c = self.caller
        return {"sub": c.subject, "role": c.role, "proof": c.proof, "exp": self.expires, "sid": self.sid}


class SignIn:
    """Verifies credentials and remembers which sessions were signed out (until they would expire)."""

    def __init__(self, verifier: TokenVerifier | None, users: Mapping[str, ConsoleUser], session_seconds: float,
                 auth_enabled: bool = True) -> None:  # fmt: skip
        self.verifier = verifier
        self.users = dict(users)
        self.session_seconds = session_seconds
        self.auth_enabled = auth_enabled
        self._signed_out: dict[str, float] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, embedded: bool) -> SignIn:
        """Token checks with the keys the gRPC server uses; password users from the console settings."""
        ring = keys.resolve(settings.auth, settings.state_dir, embedded) if settings.auth.enabled else None
        verifier = TokenVerifier(ring, TokenPolicy.from_settings(settings.auth)) if ring is not None else None
        console = settings.console
        return cls(verifier, console.users, console.session_minutes * 60.0, settings.auth.enabled)

    @property
    def takes_tokens(self) -> bool:
        """Whether token sign-in is possible here."""
        return self.verifier is not None

    def with_token(self, token: str) -> Session:
        """A session for the token's subject and role; Unauthenticated saying what is wrong."""
        if self.verifier is None:
            raise Unauthenticated("this console takes no tokens (no token key is configured); use a password")
        token = token.strip()
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
        if not token:
            raise Unauthenticated("paste a token printed by `lifecue token --role ROLE`")
        caller = self.verifier.verify(token)
        expires = min(self._token_expiry(token), time.time() + self.session_seconds)
        return self._session(Caller(caller.subject, caller.role, "token"), expires)

    def with_password(self, name: str, password: str) -> Session:
        """A session for a configured user; the same refusal for unknown names and wrong passwords."""
        user = self.users.get(name)
        stored = user.password_hash.get_secret_value() if user is not None else _DUMMY_HASH
        ok = len(password) <= MAX_PASSWORD and check_password_hash(stored, password)
        if user is None or not ok:
            raise Unauthenticated("user name or password is wrong")
        return self._session(Caller(name, user.role, "password"), time.time() + self.session_seconds)

    def anonymous(self) -> Session:
        """With authentication explicitly off, everyone is ``anonymous`` with every right (as on gRPC)."""
        if self.auth_enabled:
            raise Unauthenticated("authentication is on: sign in with a token or a password")
        return self._session(Caller(ANONYMOUS, ADMIN, "none"), time.time() + self.session_seconds)

    def load(self, data: Mapping[str, Any]) -> Session | None:
        """The session a verified cookie carries, or None when it expired, was signed out or is malformed."""
        try:
            caller = Caller(str(data["sub"]), str(data["role"]), str(data["proof"]))
            expires, sid = float(data["exp"]), str(data["sid"])
        except (KeyError, TypeError, ValueError):
            return None
        if caller.role not in ROLES or expires <= time.time() or sid in self._signed_out:
            return None
        return Session(caller, expires, sid)

    def sign_out(self, session: Session) -> None:
        """Refuse this session's cookie from now on, even if a copy of it is replayed."""
        now = time.time()
        with self._lock:
            self._signed_out = {s: exp for s, exp in self._signed_out.items() if exp > now}
            self._signed_out[session.sid] = session.expires

    def _session(self, caller: Caller, expires: float) -> Session:
        return Session(caller, expires, secrets.token_urlsafe(18))

    def _token_expiry(self, token: str) -> float:
        # the token has verified just now; only its exp is read here
        return float(jwt.decode(token, options={"verify_signature": False})["exp"])
