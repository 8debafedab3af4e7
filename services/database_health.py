"""Health follows the database: NOT_SERVING while MongoDB cannot be reached, SERVING once it answers.

pymongo's own monitor notices an idle outage only at its next heartbeat (every 10 s), so
a thread pings the database every ``LIFECUE_DATABASE__HEALTH_CHECK_SECONDS`` (0.5 s), each
ping bounded by ``HEALTH_TIMEOUT_SECONDS`` (1 s). A failed ping sets every name it was
given (the served services and the server as a whole, ``""``) to NOT_SERVING; the next
good ping sets them back to SERVING. A call that met ``UNAVAILABLE`` wakes the thread at
once (`suspect`), so health turns as soon as a caller has seen the outage.

Readiness probes and load balancers then take the process out of rotation, and it comes
back by itself. Nothing restarts it: `LIVENESS` (``lifecue.liveness``) is never touched
here and stays SERVING while the process answers at all; liveness probes ask for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from grpc_health.v1 import health, health_pb2

from genome_store import reachable

log = logging.getLogger(__name__)

__all__ = ["LIVENESS", "DatabaseHealth"]

#: the health name liveness probes ask: SERVING while the process runs, whatever the database does
LIVENESS = "lifecue.liveness"
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class DatabaseHealth:
    """Pings the database in a daemon thread and mirrors the answer into a health servicer."""

    def __init__(
        self,
        db: Any,
        servicer: health.HealthServicer,
        names: Sequence[str],
        period_seconds: float,
        timeout_seconds: float,
    ) -> None:
        self.db = db
        self.servicer = servicer
        self.names = list(dict.fromkeys(names))
        self.period_seconds = period_seconds
        self.timeout_seconds = timeout_seconds
        self.outages = 0
        self._up = True
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="database-health", daemon=True)

    @property
    def up(self) -> bool:
        """Whether the last ping was answered."""
        return self._up

    def start(self) -> DatabaseHealth:
        """Start pinging."""
        self._thread.start()
        return self

    def suspect(self) -> None:
        """Ping now (a call just failed UNAVAILABLE)."""
        self._wake.set()

    def close(self) -> None:
        """Stop pinging (statuses stay as they are)."""
        self._closed.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.timeout_seconds + 5)

    def _loop(self) -> None:
        while not self._closed.is_set():
            try:
                self._mirror(reachable(self.db, self.timeout_seconds))
            except Exception:  # never let the checker die; a failure to check counts as down
                log.exception("database health check failed")
                self._mirror(False)
            self._wake.wait(self.period_seconds)
            self._wake.clear()

    def _mirror(self, up: bool) -> None:
        if up == self._up or self._closed.is_set():
            return
        self._up = up
        for name in self.names:
            self.servicer.set(name, SERVING if up else NOT_SERVING)
        if up:
            log.warning("database reachable again: health SERVING", extra={"services": self.names})
        else:
            self.outages += 1
            log.warning("database unreachable: health NOT_SERVING", extra={"services": self.names})
