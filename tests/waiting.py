"""Polling for tests that wait on another thread, process or database to catch up."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(check: Callable[[], T], seconds: float, what: str = "the condition", step: float = 0.05) -> T:
    """``check()``'s first truthy value, polled every ``step`` s; fails the test naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out after {seconds:g} s waiting for {what}"
        time.sleep(step)
    return found
