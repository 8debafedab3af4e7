"""How a service plugs into the server: its name, its registration and its builder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import grpc

if TYPE_CHECKING:
    from services.app import App


@dataclass(frozen=True)
class ServiceSpec:
    """One lifecue gRPC service.

    ``build`` makes the servicer from the running app (jobs belong to the worker role);
    ``add`` is the generated ``add_*Servicer_to_server``; ``warm``, when given, waits up to
    its seconds for what the service prepares before its first call (True: it is ready);
    ``inline``, when given, names the methods that may run on the server's event loop, each
    with the test a decoded request must pass to run there: it needs no I/O (`services.handlers`).
    """

    key: str
    full_name: str
    add: Callable[[Any, grpc.Server], None]
    build: Callable[[App], Any]
    warm: Callable[[App, float], bool] | None = None
    inline: Callable[[Any], Mapping[str, Callable[[Any], bool]]] | None = None
