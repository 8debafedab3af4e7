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
"""

from __future__ import annotations


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
        super().__init__(f"{what} {key!r} not found")
        self.what = what
        self.key = key


class ConsentRequired(LifecueError):
    """The consumer has not granted the purpose this processing needs."""

    def __init__(self, consumer_id: str, purpose: str) -> None:
        super().__init__(f"consumer {consumer_id!r} has not granted consent for {purpose!r}")
        self.consumer_id = consumer_id
        self.purpose = purpose


class FailedPrecondition(LifecueError):
    """The system is not in a state to do this yet (e.g. no model trained)."""


class Unauthenticated(LifecueError):
    """The call carries no credentials, or credentials that do not verify; the message says why."""


class PermissionDenied(LifecueError):
    """The caller may not do this."""


class AlreadyExists(LifecueError):
    """Creating something that exists already."""


class StorageError(LifecueError):
    """The database refused an operation that was expected to work (a bug or a misconfigured server)."""


class StorageUnavailable(StorageError):
    """The database cannot be reached or asks to retry later."""
