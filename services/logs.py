"""Structured logs: one JSON object per line (or plain text for people at a terminal)."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Send every logger to stderr in the chosen format; idempotent."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # implicit logs its training loss per iteration at INFO (it interrupted `lifecue up`'s story)
    for noisy in ("pymongo", "apscheduler", "urllib3", "filelock", "httpx", "implicit", "mlflow"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
