"""``lifecue models``: list the recommender's versions, roll back, pin, unpin.

Servers serve the newest version unless an operator pins one; a pin lives in the database
(`genome_store.models`), so every serving process swaps to the pinned version within
seconds and stays there, whatever the worker publishes meanwhile, until ``unpin``. Like
``lifecue tiers``, these connect to ``MONGODB_URI`` (or the embedded database).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from typing import Any

from lifecue.errors import NotFound
from recommender.registry import ModelPin, Registry
from recommender.snapshot import ModelMeta
from services.app import open_app
from services.cli.common import settings_or_exit

ROLLBACK = "rollback"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``models list|rollback|pin|unpin``."""
    p = sub.add_parser("models", help="recommender model versions: list, rollback, pin, unpin")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the newest versions, the one servers serve, and the pin")
    listing.add_argument("--limit", type=int, default=20, help="versions to list (default 20)")
    listing.add_argument("--json", action="store_true", help="one JSON object per version")
    listing.set_defaults(run=run_list)
    back = actions.add_parser(
        "rollback", help="serve an older version (default: the one before the served one)"
    )
    back.add_argument("version", nargs="?", default=None, help="version to go back to, e.g. als-000006")
    back.add_argument("--by", default=None, help="who rolls back (default: the login name)")
    back.set_defaults(run=run_rollback)
    pin = actions.add_parser("pin", help="serve this version, whatever is published later, until unpin")
    pin.add_argument("version", help="version to serve, e.g. als-000007")
    pin.add_argument("--reason", default="pinned", help="why, for the next operator (default 'pinned')")
    pin.add_argument("--by", default=None, help="who pins (default: the login name)")
    pin.set_defaults(run=run_pin)
    unpin = actions.add_parser("unpin", help="lift the pin: servers go back to the newest version")
    unpin.set_defaults(run=run_unpin)


def run_list(args: argparse.Namespace) -> int:
    """Print the versions, newest first, marking the served one and the pin."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        registry = Registry(app.db)
        versions = registry.versions(max(1, args.limit))
        pin = registry.pinned()
    served = pin.version if pin else (versions[0].version if versions else "")
    if args.json:
        for meta in versions:
            print(json.dumps(_row(meta, served, pin), default=str))
        return 0
    if not versions:
        print("no model published yet: the worker publishes one with its first retrain")
        return 0
    print(
        f"{'':2}{'version':<14}{'trained (UTC)':<18}{'users':>8}{'items':>8}{'interactions':>13}  {'run id':<34}"
    )
    for meta in versions:
        mark = "*" if meta.version == served else ""
        print(f"{mark:<2}{meta.version:<14}{_when(meta.trained_at):<18}{meta.users:>8}{meta.items:>8}"
              f"{meta.interactions:>13}  {meta.run_id or '-':<34}")  # fmt: skip
    print(f"\n* served: {_served_line(served, pin)}")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    """Pin an older version than the one served now."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        registry = Registry(app.db)
        target = registry.target()
        if target is None:
            return _fail("no model published yet: nothing to roll back to")
        older = [m for m in registry.versions(1000) if m.seq < target.seq]
        version = args.version or (older[0].version if older else "")
        if not version:
            return _fail(f"{target.version} is the oldest version kept; nothing older to roll back to")
        meta = registry.meta(version)
        if meta is None:
            return _fail(f"no model version {version!r}; `lifecue models list` shows the versions kept")
        if meta.seq >= target.seq:
            return _fail(f"{version} is not older than the served {target.version}; use `lifecue models pin`")
        pin = registry.pin(version, ROLLBACK, args.by or _login())
    print(f"rolled back: servers now serve {pin.version} instead of {target.version}; "
          f"`lifecue models unpin` returns them to the newest version")  # fmt: skip
    return 0


def run_pin(args: argparse.Namespace) -> int:
    """Pin a version."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        try:
            pin = Registry(app.db).pin(args.version, args.reason, args.by or _login())
        except NotFound:
            return _fail(f"no model version {args.version!r}; `lifecue models list` shows the versions kept")
    print(f"pinned {pin.version}: every server serves it until `lifecue models unpin`")
    return 0


def run_unpin(args: argparse.Namespace) -> int:
    """Lift the pin."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        registry = Registry(app.db)
        lifted = registry.unpin()
        target = registry.target()
    if not lifted:
        print("no version was pinned")
    else:
        print(
            f"unpinned {', '.join(lifted)}: servers serve the newest version ({target.version if target else '-'})"
        )
    return 0


def _row(meta: ModelMeta, served: str, pin: ModelPin | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "version": meta.version,
        "kind": meta.kind,
        "trained_at": meta.trained_at,
        "users": meta.users,
        "items": meta.items,
        "interactions": meta.interactions,
        "data_from": meta.data_from,
        "data_to": meta.data_to,
        "data_sha256": meta.data_sha256,
        "metrics": dict(meta.metrics),
        "mlflow_run_id": meta.run_id,
        "served": meta.version == served,
    }
    if pin is not None and pin.version == meta.version:
        row["pin"] = {"at": pin.at, "by": pin.by, "reason": pin.reason}
    return row


def _served_line(served: str, pin: ModelPin | None) -> str:
    if pin is None:
        return f"{served} (the newest; no pin)"
    return f"{served}, pinned by {pin.by} at {_when(pin.at)} ({pin.reason}); `lifecue models unpin` lifts it"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container without a passwd entry
        return "operator"


def _fail(message: str) -> int:
    print(f"lifecue models: {message}", file=sys.stderr)
    return 2
