"""``lifecue health``: check a server's gRPC health, by service key or full name.

The check itself lives in `services.healthcheck` (which the image's HEALTHCHECK runs
without loading the whole command line); this adds service keys (``consent``,
``genome``, ...) from the service registry.
"""

from __future__ import annotations

import argparse

from services import healthcheck


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser(
        "health",
        help="check a server's gRPC health; exit 0 only when SERVING",
        description="Exit 0 only when every asked service is SERVING; --service takes a key "
        "(consent, genome, lifeevents, recommender, loyalty) or a full name.",
    )
    healthcheck.add_arguments(p)
    p.set_defaults(run=run)


def full_name(name: str) -> str:
    """A service key (``consent``) turned into its full name; full names pass unchanged."""
    from services.registry import SERVICES  # only when asked: the image HEALTHCHECK loads no more

    return SERVICES[name].full_name if name in SERVICES else name


def run(args: argparse.Namespace) -> int:
    """Check, print one line per service, return the exit code."""
    services = [name if "." in name else full_name(name) for name in args.service or []]
    return healthcheck.run(args, services)
