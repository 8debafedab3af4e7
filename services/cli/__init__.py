"""The ``lifecue`` command: one subcommand per module of this package."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

COMMANDS = (
    "up",
    "serve",
    "worker",
    "classifier",
    "recommender",
    "tiers",
    "affinity",
    "token",
    "health",
    "models",
)
#: subcommands whose module has another name (every other subcommand is named as its module)
SUBCOMMANDS = {"classify": "classifier", "train-classifier": "classifier", "eval-classifier": "classifier",
               "export-encoder": "classifier", "eval-recommender": "recommender"}  # fmt: skip


def _modules(argv: Sequence[str] | None) -> list[ModuleType]:
    """The module of ``argv``'s subcommand alone, so `lifecue serve --services consent` or
    `lifecue token` never imports torch or spaCy; every module for help or an unknown word."""
    first = SUBCOMMANDS.get(argv[0], argv[0]) if argv else ""
    names = [first] if first in COMMANDS else COMMANDS
    return [importlib.import_module(f"services.cli.{name}") for name in names]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line; deployment checks parse manifests' commands with it (all of it when no
    ``argv`` is given, else only what ``argv``'s subcommand needs)."""
    parser = argparse.ArgumentParser(prog="lifecue", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _modules(argv):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen subcommand; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
