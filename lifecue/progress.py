"""How long work says where it is: one callback type shared by the domain packages and the worker.

A job's code (a tier recompute, a retrain) takes a `Progress` and calls it with the phase it is in
and how many of its units are done; the worker role (`services.worker.progress`) stores and logs
what it hears. Code run outside a job passes nothing and reports to `quiet`.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int], None]


def quiet(_phase: str, _done: int) -> None:
    """A `Progress` that tells no one."""
    return None
