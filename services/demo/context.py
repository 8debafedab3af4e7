"""What a demo step gets: a channel to the running server and a place to leave results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import grpc

from lifecue.roles import ADMIN
from services.auth import bearer


@dataclass
class DemoContext:
    """Shared by the steps of one ``lifecue up`` run.

    ``tokens`` holds a bearer token per role (empty when the channel already carries one,
    or authentication is off); steps call with the narrowest role that does the job.
    """

    channel: grpc.Channel
    as_of: datetime
    seed: int = 7
    state: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def as_role(self, role: str) -> tuple[tuple[str, str], ...]:
        """Call metadata carrying the demo's token of ``role`` (none when there is no such token)."""
        token = self.tokens.get(role)
        return bearer(token) if token else ()

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """Call metadata carrying the demo's admin token."""
        return self.as_role(ADMIN)
