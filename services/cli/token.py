"""``lifecue token --role ROLE [--subject NAME] [--ttl DURATION]``: print a signed bearer token.

The token is signed with the configured key (``LIFECUE_AUTH__*``), or on the embedded
database with the state folder's local key, the one ``lifecue up`` and ``lifecue serve``
use. Calls carry it as ``authorization: Bearer <token>`` metadata.
"""

from __future__ import annotations

import argparse
import sys

from lifecue.errors import LifecueError
from lifecue.roles import ROLES
from services.auth import TokenSigner, parse_ttl
from services.cli.common import settings_or_exit


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("token", help="print a bearer token signed with the configured key")
    p.add_argument("--role", required=True, choices=ROLES, help="what the token may call")
    p.add_argument("--subject", default=None, help="who the token names (default: cli-<role>); audited")
    p.add_argument("--ttl", default="1h", help="lifetime: 90s, 15m, 12h, 7d (default 1h, at most 366d)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the token on stdout, nothing else; problems go to stderr with exit code 2."""
    settings = settings_or_exit(log_format="text")
    try:
        signer = TokenSigner(settings, embedded=settings.mongodb_uri is None)
        token = signer.token(args.role, args.subject or f"cli-{args.role}", parse_ttl(args.ttl))
    except LifecueError as exc:
        print(f"lifecue token: {exc}", file=sys.stderr)
        return 2
    print(token)
    return 0
