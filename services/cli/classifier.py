"""``lifecue classify``, ``train-classifier`` and ``eval-classifier`` (issue #4)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommands."""
    for name in ("classify", "train-classifier", "eval-classifier"):
        p = sub.add_parser(name, help="life-event classifier (not available yet)")
        p.set_defaults(run=_unavailable)


def _unavailable(args: argparse.Namespace) -> int:
    print(f"lifecue {args.command}: not available yet (issue #4)", file=sys.stderr)
    return 2
