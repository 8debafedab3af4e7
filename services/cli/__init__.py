"""The ``lifecue`` command: one subcommand per module of this package."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from services.cli import classifier, health, recommender, serve, tiers, up

COMMANDS = (up, serve, classifier, recommender, tiers, health)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; deployment checks parse manifests' commands with it."""
    parser = argparse.ArgumentParser(prog="lifecue", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen subcommand; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
