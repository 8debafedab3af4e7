"""Structured logs: one JSON object per line (or plain text for people at a terminal).

Every line logged while a call or a job runs carries who it belongs to: `log_context`
binds fields (``request_id`` for a call, ``job_id`` and ``job_kind`` for a worker job) in a
context variable, and `ContextFilter` on the handler copies them onto every record of that
thread, whatever logger wrote it. A field a call site passes itself (``extra=``) wins.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from pathlib import Path
from types import MappingProxyType
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

__all__ = ["CONTEXT_FIELDS", "ContextFilter", "configure_logging", "context_field", "log_context"]

#: the fields `log_context` may bind, in the order the text format shows them
CONTEXT_FIELDS = ("request_id", "job_id", "job_kind")
# Libraries that speak at INFO about their own business (implicit logs its training loss per
# iteration, which interrupted `lifecue up`'s story; py4j and mlflow narrate every call).
NOISY = ("pymongo", "apscheduler", "urllib3", "filelock", "httpx", "implicit", "mlflow", "py4j", "alembic")

_EMPTY: Mapping[str, str] = MappingProxyType({})
_context: ContextVar[Mapping[str, str]] = ContextVar("lifecue_log_context", default=_EMPTY)


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Bind ``fields`` to every log line of this thread until the block ends (nested blocks add)."""
    unknown = set(fields) - set(CONTEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown log context field(s) {sorted(unknown)}; use {CONTEXT_FIELDS}")
    token = _context.set(MappingProxyType({**_context.get(), **fields}))
    try:
        yield
    finally:
        _context.reset(token)


def bind_log_context(**fields: str) -> Token[Mapping[str, str]]:
    """`log_context` without the context manager, for the path of every call: bind ``fields``
    until `unbind_log_context` is given the token back (in a ``finally``)."""
    return _context.set(MappingProxyType({**_context.get(), **fields}))


def unbind_log_context(token: Token[Mapping[str, str]]) -> None:
    """End what `bind_log_context` bound."""
    _context.reset(token)


def context_field(name: str) -> str | None:
    """The value `log_context` bound to ``name`` here, if any (e.g. the current call's request id)."""
    return _context.get().get(name)


class ContextFilter(logging.Filter):
    """Copies the bound context fields onto each record that passes (never overwriting ``extra``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _context.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def _handler(handler: logging.Handler, fmt: str) -> logging.Handler:
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(_TextFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(ContextFilter())
    return handler


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the ``sys.stderr`` of the moment a line is written, not of the moment logging was set up: a
    late line from a background thread after a harness swapped and closed stderr still lands somewhere open.
    A stream set on it later (``setStream``) is kept."""

    _fixed: TextIO | None = None

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        self._fixed = None if value is sys.stderr else value  # the constructor's assignment is stderr itself


class _TextFormatter(logging.Formatter):
    """The terminal format, with the context fields at the end of the line."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        bound = [f"{name}={getattr(record, name)}" for name in CONTEXT_FIELDS if hasattr(record, name)]
        return f"{line} [{' '.join(bound)}]" if bound else line


def configure_logging(
    level: str = "INFO",
    fmt: str = "json",
    stream: TextIO | None = None,
    log_file: Path | None = None,
    console_level: str | None = None,
) -> None:
    """Send every logger to ``stream`` (stderr) in the chosen format; idempotent.

    With ``log_file`` every line at ``level`` goes to that file as well, and the stream shows
    only ``console_level`` and above (`lifecue up` keeps its terminal for the story).
    """
    console = _handler(logging.StreamHandler(stream) if stream else _StderrHandler(), fmt)
    handlers: list[logging.Handler] = [console]
    if log_file is not None:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(_handler(logging.FileHandler(log_file, encoding="utf-8"), fmt))
        console.setLevel(max(logging.getLevelName(level), logging.getLevelName(console_level or level)))
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
