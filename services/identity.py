"""Who is calling: the identity the authentication interceptor verified for this call.

The interceptor (`services/auth/interceptor.py`) sets `CALLER` for the duration of a
call from a verified bearer token or client certificate; servicers read it through
`actor_of`, which is what the audit log records. Nothing a caller writes in its own
metadata is ever taken as its identity.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

import grpc

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Caller:
    """A verified caller: who (``subject``), what it may do (``role``) and how it proved it."""

    subject: str
    role: str
    proof: str = "token"

    @property
    def actor(self) -> str:
        """The audit log's actor: ``subject (role)``."""
        return f"{self.subject} ({self.role})"


CALLER: ContextVar[Caller | None] = ContextVar("lifecue_caller", default=None)


def current_caller() -> Caller | None:
    """The verified caller of the call being served, or None (authentication off, or no call)."""
    return CALLER.get()


def actor_of(context: grpc.ServicerContext | None = None) -> str:
    """The audit actor of this call: ``subject (role)``, or ``anonymous`` when authentication is off."""
    caller = CALLER.get()
    return caller.actor if caller is not None else ANONYMOUS
