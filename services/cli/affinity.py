"""``lifecue affinity``: see and correct which products serve each life event.

    lifecue affinity show [--event wedding] [--subject self] [--top 20] [--json]
    lifecue affinity pin|block --event wedding (--product ID | --category NAME) [--subject self]
    lifecue affinity weight --event wedding --value 0.4 (--product ID | --category NAME)
    lifecue affinity overrides [--event wedding]      lifecue affinity unset RULE_ID
    lifecue affinity compute                           (signals of products stored without them)

Connects like ``lifecue serve``. Overrides take effect in serving processes with the worker's
next refresh (``LIFECUE_RECOMMENDER__REFRESH_MINUTES``), with no retrain; ``compute`` does
here and now what the worker's ``affinity_backfill`` job does on its schedule.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from genome_store import product_texts
from lifecue.errors import LifecueError
from recommender.affinity_overrides import ACTIONS, SUBJECT_CHOICES, overrides, remove_override, set_override
from recommender.affinity_report import EventAffinity, affinity_report
from recommender.events import EVENT_TYPES, SUBJECTS
from recommender.loading import load_latest
from recommender.registry import Registry
from services.app import open_app
from services.cli.common import settings_or_exit
from services.product_affinity import indexer_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``affinity`` and its actions."""
    p = sub.add_parser("affinity", help="products and categories serving each life event; overrides")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="what serves each event, with the source of each score")
    show.add_argument("--event", choices=EVENT_TYPES, help="only this event type")
    show.add_argument("--subject", choices=SUBJECTS, help="only the consumer's own events or others' (gifts)")
    show.add_argument("--top", type=int, default=20, help="products and categories per event (default 20)")
    show.add_argument("--json", action="store_true", help="one JSON object per event instead of text")
    show.set_defaults(run=run_show)
    for action in ACTIONS:
        a = actions.add_parser(action, help=f"{action} a product or category for an event")
        a.add_argument("--event", choices=EVENT_TYPES, required=True)
        a.add_argument(
            "--subject", choices=SUBJECT_CHOICES, default="any", help="self, network or any (default)"
        )
        target = a.add_mutually_exclusive_group(required=True)
        target.add_argument("--product", default="", help="a product id")
        target.add_argument("--category", default="", help="a category, exactly as the catalog names it")
        if action == "weight":
            a.add_argument("--value", type=float, required=True, help="affinity from 0 to 1")
        a.add_argument("--note", default="", help="why (kept with the override)")
        a.set_defaults(run=run_set, kind=action)
    listing = actions.add_parser("overrides", help="list the stored overrides")
    listing.add_argument("--event", choices=EVENT_TYPES)
    listing.set_defaults(run=run_list)
    unset = actions.add_parser("unset", help="delete one override by its id")
    unset.add_argument("rule_id")
    unset.set_defaults(run=run_unset)
    compute = actions.add_parser(
        "compute", help="compute affinity signals of products that lack current ones"
    )
    compute.set_defaults(run=run_compute)


def run_show(args: argparse.Namespace) -> int:
    """Print what serves each event."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        snap = load_latest(Registry(app.db), app.db)
        titles = {str(d["_id"]): str(d.get("title") or "") for d in product_texts(app.db)}
    report = affinity_report(snap.catalog, titles, args.event, args.subject, max(args.top, 1))
    for event in report:
        print(json.dumps(asdict(event), ensure_ascii=False) if args.json else _text(event))
    return 0


def _text(event: EventAffinity) -> str:
    whose = "own" if event.subject == "self" else "someone else's (gifts)"
    lines = [f"== {event.event_type}, {whose}"]
    if not event.products:
        lines.append("   no product serves it")
        return "\n".join(lines)
    lines.append("   categories: mean score, products scored / in category, usual source")
    lines += [
        f"   {c.mean_score:5.2f}  {c.scored:3d}/{c.products:<4d} {c.source:8s} {c.category}"
        for c in event.categories
    ]
    lines.append("   products: score, source, id, category, title")
    lines += [
        f"   {p.score:5.2f}  {p.source:8s} {p.product_id}  [{p.category}]  {p.title}" for p in event.products
    ]
    return "\n".join(lines)


def run_set(args: argparse.Namespace) -> int:
    """Store a pin, block or weight; print its id."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        try:
            rule_id = set_override(
                app.db, args.event, args.kind, args.product, args.category, args.subject,
                getattr(args, "value", None), args.note, actor="cli",
            )  # fmt: skip
        except LifecueError as exc:
            print(f"lifecue affinity {args.kind}: {exc}", file=sys.stderr)
            return 2
    print(rule_id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print stored overrides as JSON lines."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        for rule in overrides(app.db, args.event):
            print(json.dumps(_plain(rule), ensure_ascii=False))
    return 0


def run_unset(args: argparse.Namespace) -> int:
    """Delete one override."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        try:
            remove_override(app.db, args.rule_id)
        except LifecueError as exc:
            print(f"lifecue affinity unset: {exc}", file=sys.stderr)
            return 2
    return 0


def run_compute(args: argparse.Namespace) -> int:
    """Encode the products whose stored signals are missing or out of date; print the counts."""
    settings = settings_or_exit(log_format="text")
    with open_app(settings) as app:
        indexer = indexer_of(app)
        if indexer is None:
            print("lifecue affinity compute: LIFECUE_RECOMMENDER__AFFINITY_ON_UPSERT is off", file=sys.stderr)
            return 2
        result = indexer.refresh(app.db)
    print(json.dumps(asdict(result)))
    return 1 if result.failed else 0


def _plain(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rule.items()}
