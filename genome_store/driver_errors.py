"""Driver errors stop here: pymongo and bson exceptions become `lifecue.errors` exceptions.

Every public function of `genome_store` that reaches the database is wrapped by
`storage_call`, the one translation point (as httpx maps httpcore's errors where they
enter), so no caller and no interceptor ever sees a pymongo exception:

- the server cannot be reached, timed out, or asks for a retry -> `StorageUnavailable`
  (``UNAVAILABLE``: retry later);
- a unique key is taken -> `AlreadyExists`;
- a value BSON cannot encode (a key with NUL, ``.`` or ``$``) -> `InvalidArgument` naming the
  request, logged as a warning: the checks of `genome_store.checks` should have refused it;
- anything else the driver or the server refuses -> `StorageError` (a bug or a
  misconfigured server: ``INTERNAL``, logged).

Only the outermost storage call of a thread translates. Inside a transaction the
driver's own errors must reach the transaction loop, which retries the whole
transaction on transient ones (write conflicts); they are translated once it gives up.
The outermost call is also where a passed deadline stops new work (`deadlines.require_time_left`).
Messages quote at most a few hundred characters of the driver's text (its server
selection errors describe the whole topology).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar, cast

from bson.errors import BSONError, InvalidDocument, InvalidStringData
from pymongo.errors import (
    ConnectionFailure,
    DuplicateKeyError,
    ExecutionTimeout,
    PyMongoError,
    WTimeoutError,
)

from genome_store.deadlines import require_time_left
from lifecue.errors import (
    AlreadyExists,
    InvalidArgument,
    LifecueError,
    StorageError,
    StorageUnavailable,
    clip,
)

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_RETRYABLE_LABELS = ("TransientTransactionError", "RetryableWriteError", "UnknownTransactionCommitResult")
_TIME_LIMIT_CODES = (50, 262)  # MaxTimeMSExpired, ExceededTimeLimit (a write concern that timed out)
_DRIVER_TEXT = 300
_depth: ContextVar[int] = ContextVar("genome_store_call_depth", default=0)
MARK = "__storage_call__"


def translate(exc: BaseException) -> LifecueError:
    """The lifecue exception that stands for a driver exception."""
    text = clip(str(exc), _DRIVER_TEXT)
    if isinstance(exc, DuplicateKeyError):
        key = (exc.details or {}).get("keyValue") or {}
        return AlreadyExists(f"already stored: {clip(str(key), _DRIVER_TEXT) if key else text}; "
                             "send a new id or leave the stored one")  # fmt: skip
    if isinstance(exc, InvalidDocument | InvalidStringData):
        log.warning("a value reached the driver that the checks should have refused", extra={"error": text})
        return InvalidArgument("request", f"holds a value the database cannot store ({text})")
    if (
        isinstance(exc, ConnectionFailure | ExecutionTimeout | WTimeoutError)
        or getattr(exc, "timeout", False)
        or getattr(exc, "code", None) in _TIME_LIMIT_CODES
        or (isinstance(exc, PyMongoError) and any(exc.has_error_label(label) for label in _RETRYABLE_LABELS))
    ):
        return StorageUnavailable(f"the database cannot be reached or is busy; retry later ({text})")
    return StorageError(f"the database refused the operation: {text}")


@contextmanager
def storage_errors() -> Iterator[None]:
    """Translate driver errors raised inside the block, unless an outer storage call will."""
    token = _depth.set(_depth.get() + 1)
    outermost = token.old_value is token.MISSING or token.old_value == 0
    try:
        if outermost:
            require_time_left()
        yield
    except (PyMongoError, BSONError) as exc:
        if not outermost:
            raise
        raise translate(exc) from exc
    finally:
        _depth.reset(token)


def storage_call(fn: Callable[P, T]) -> Callable[P, T]:
    """Wrap a storage function (or generator) so the driver's errors leave it translated."""
    if inspect.isgeneratorfunction(fn):
        generator = cast(Callable[..., Generator[Any, None, None]], fn)

        @functools.wraps(fn)
        def each(*args: Any, **kwargs: Any) -> Iterator[Any]:
            inner = generator(*args, **kwargs)
            try:
                while True:
                    with storage_errors():  # only around the driver's work, never across a yield
                        try:
                            item = next(inner)
                        except StopIteration:
                            return
                    yield item
            finally:
                inner.close()

        setattr(each, MARK, True)
        return cast(Callable[P, T], each)

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        with storage_errors():
            return fn(*args, **kwargs)

    setattr(call, MARK, True)
    return call


def is_storage_call(fn: object) -> bool:
    """Whether ``fn`` was wrapped by `storage_call`."""
    return bool(getattr(fn, MARK, False))
