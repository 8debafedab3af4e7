"""``lifecue eval-recommender`` (issue #5)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("eval-recommender", help="offline recommender evaluation (not available yet)")
    p.set_defaults(run=_unavailable)


def _unavailable(args: argparse.Namespace) -> int:
    print("lifecue eval-recommender: not available yet (issue #5)", file=sys.stderr)
    return 2
