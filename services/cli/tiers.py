"""``lifecue tiers export`` (issue #6)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("tiers", help="loyalty tier exports (not available yet)")
    p.set_defaults(run=_unavailable)


def _unavailable(args: argparse.Namespace) -> int:
    print("lifecue tiers: not available yet (issue #6)", file=sys.stderr)
    return 2
