"""The one exception tree of lifecue.

Domain packages raise these; `services/interceptors.py` maps them to gRPC status codes::

    LifecueError
     ├── InvalidArgument      INVALID_ARGUMENT   (names the field)
     ├── NotFound             NOT_FOUND
     ├── ConsentRequired      FAILED_PRECONDITION (names the purpose)
     ├── FailedPrecondition   FAILED_PRECONDITION
     ├── Unauthenticated      UNAUTHENTICATED    (no, or no valid, credentials)
     ├── PermissionDenied     PERMISSION_DENIED
     ├── AlreadyExists        ALREADY_EXISTS
     └── StorageError         INTERNAL (logged: the database refused an operation)
          └── StorageUnavailable   UNAVAILABLE

`genome_store` raises the storage errors in place of the driver's own (see
`genome_store.driver_errors`), so nothing above it handles pymongo exceptions.

A message that repeats a value the caller sent quotes it with `quote`, which keeps at
most `QUOTE_CHARS` characters of it: a 10,000-character bad value must not become a
10,000-character status message (clients drop trailers that large and report
RESOURCE_EXHAUSTED instead of the error).
"""

from __future__ import annotations

QUOTE_CHARS = 200


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, saying how long the value was."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value)} characters" if isinstance(value, str | bytes) else f"{len(text)} characters shown"
    return f"{text[:limit]}... ({size})"


def clip(message: str, limit: int = 4 * QUOTE_CHARS) -> str:
    """``message`` cut to ``limit`` characters (status messages, log reasons)."""
    return message if len(message) <= limit else message[: limit - 25] + f"... ({len(message)} characters)"


class LifecueError(Exception):
    """Base of every error lifecue raises on purpose."""


class InvalidArgument(LifecueError):
    """A request field is malformed; `field` names it, the message says how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(LifecueError):
    """The thing asked for does not exist."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{what} {quote(key)} not found")
        self.what = what
        self.key = key


class ConsentRequired(LifecueError):
    """The consumer has not granted the purpose this processing needs."""

    def __init__(self, consumer_id: str, purpose: str) -> None:
        super().__init__(f"consumer {quote(consumer_id)} has not granted consent for {purpose!r}")
        self.consumer_id = consumer_id
        self.purpose = purpose


class FailedPrecondition(LifecueError):
    """The system is not in a state to do this yet (e.g. no model trained)."""


class Unauthenticated(LifecueError):
    """The call carries no credentials, or credentials that do not verify; the message says why.

    ``reason`` is a short fixed word for metrics (``missing``, ``expired``, ``bad_signature``...).
    """

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason


class PermissionDenied(LifecueError):
    """The caller may not do this; ``subject`` and ``role`` name the caller when it is known."""

    def __init__(self, message: str, subject: str = "", role: str = "") -> None:
        super().__init__(message)
        self.subject = subject
        self.role = role


class AlreadyExists(LifecueError):
    """Creating something that exists already."""


class StorageError(LifecueError):
    """The database refused an operation that was expected to work (a bug or a misconfigured server)."""


class StorageUnavailable(StorageError):
    """The database cannot be reached or asks to retry later."""
