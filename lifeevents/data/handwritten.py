"""Whole posts written by hand, with their labels, kept apart from the templates; each sits in one split."""

from __future__ import annotations

Event = dict[str, object]


def ev(kind: str, relation: str = "") -> Event:
    """An undated event of the writer (relation '') or of a network person."""
    return {
        "type": kind,
        "subject": "network" if relation else "self",
        "relation": relation,
        "date": None,
        "date_precision": "unknown",
    }


HANDWRITTEN: dict[str, dict[str, list[tuple[str, list[Event]]]]] = {}
