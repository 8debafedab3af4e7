"""What a demo step gets: a channel to the running server and a place to leave results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import grpc

ACTOR = ("x-lifecue-actor", "demo")


@dataclass
class DemoContext:
    """Shared by the steps of one ``lifecue up`` run."""

    channel: grpc.Channel
    as_of: datetime
    seed: int = 7
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """Call metadata naming the demo as the actor."""
        return (ACTOR,)
