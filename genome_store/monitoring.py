"""Times every MongoDB command and hands the figure to a callback.

The metrics live at the edge (`services.metrics`); this module keeps genome_store free
of Prometheus and keeps pymongo's monitoring API inside genome_store. A callback that
raises is logged and ignored: measuring must never fail a database call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pymongo import monitoring

log = logging.getLogger(__name__)

__all__ = ["CommandCallback", "CommandTimer", "watch_commands"]

# (command name, seconds from send to reply, whether the server answered ok)
CommandCallback = Callable[[str, float, bool], None]


class CommandTimer(monitoring.CommandListener):
    """A pymongo command listener that reports each command's round trip."""

    def __init__(self, callback: CommandCallback) -> None:
        self._callback: CommandCallback | None = callback

    def stop(self) -> None:
        """Report nothing from now on (pymongo cannot unregister a global listener)."""
        self._callback = None

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Nothing to do when a command leaves; its duration comes with the reply."""

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Report a command the server answered."""
        self._report(event.command_name, event.duration_micros, True)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Report a command that failed (server error or lost connection)."""
        self._report(event.command_name, event.duration_micros, False)

    def _report(self, name: str, micros: int, ok: bool) -> None:
        callback = self._callback
        if callback is None:
            return
        try:
            callback(name, micros / 1e6, ok)
        except Exception:
            log.exception("command timer callback failed", extra={"command": name})


def watch_commands(callback: CommandCallback) -> CommandTimer:
    """Time the commands of every MongoClient created from now on (pymongo's global listeners)."""
    timer = CommandTimer(callback)
    monitoring.register(timer)
    return timer
