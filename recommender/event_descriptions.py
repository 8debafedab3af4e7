"""The event descriptions (``lifeevents/event_descriptions.json``) and the names that mean an event.

The file is data kept beside the taxonomy: per event type the words that name it (exact
tags and title words, in several languages; ``tag_names`` count as exact tags only, being
too common in titles: "Baby Spinach", "Office Chair") and phrasings of what people buy for their own
event ("self") and give when it is someone else's ("network"), plus gifts in general and
everyday shopping. Its digest, with the encoder's name, says whether a stored product
affinity was computed against the descriptions in force.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

from lifeevents.taxonomy import EVENT_LABELS

SUBJECTS: tuple[str, ...] = ("self", "network")
TAG_PREFIX = "event:"
GIFT_TAG = "gift"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def row_key(event_type: str, subject: str) -> str:
    """The key of one (event type, subject) row, e.g. ``wedding/self``."""
    return f"{event_type}/{subject}"


ROW_KEYS: tuple[str, ...] = tuple(row_key(e, s) for e in EVENT_LABELS for s in SUBJECTS)
# What a product's stored meaning signals are keyed by: every row, gifts in general, everyday shopping.
SIGNAL_KEYS: tuple[str, ...] = (*ROW_KEYS, "gift", "everyday")


def normalise(text: str) -> str:
    """Lower case, accents kept, ``_``/``-`` as spaces, single spaces: how names and tags compare."""
    text = unicodedata.normalize("NFC", text).casefold().replace("_", " ").replace("-", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class EventDescriptions:
    """Names and phrasings per event type, gift and everyday phrasings, and their digest."""

    names: dict[str, tuple[str, ...]]
    phrasings: dict[str, tuple[str, ...]]  # row key -> phrasings
    gift: tuple[str, ...]
    everyday: tuple[str, ...]
    digest: str
    tag_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # exact tags only

    @cached_property
    def name_index(self) -> dict[str, frozenset[str]]:
        """Normalised exact name -> event types it names."""
        index: dict[str, set[str]] = {}
        for event, names in self.names.items():
            for name in (event, *names, *self.tag_names.get(event, ())):
                index.setdefault(normalise(name.rstrip("*")), set()).add(event)
        return {k: frozenset(v) for k, v in index.items()}

    def tag_events(self, tags: list[str] | tuple[str, ...]) -> frozenset[str]:
        """Event types a product's tags name exactly (``event:wedding``, ``Wedding``, ``housewarming``)."""
        found: set[str] = set()
        index = self.name_index
        for tag in tags:
            name = normalise(tag)
            if name.startswith(TAG_PREFIX):
                name = normalise(name[len(TAG_PREFIX) :])
                if name.replace(" ", "_") in self.names:
                    found.add(name.replace(" ", "_"))
                    continue
            found |= index.get(name, frozenset())
        return frozenset(found)

    def title_events(self, text: str) -> frozenset[str]:
        """Event types named by words of a title or category (whole words; ``stem*`` names: prefixes)."""
        words = [normalise(w) for w in _WORD.findall(text)]
        if not words:
            return frozenset()
        joined = f" {' '.join(words)} "
        found: set[str] = set()
        for event, names in self.names.items():
            for name in names:
                if name.endswith("*"):
                    stem = name[:-1]
                    if any(w.startswith(stem) for w in words):
                        found.add(event)
                        break
                elif f" {name} " in joined:
                    found.add(event)
                    break
        return frozenset(found)


def parse(data: dict[str, Any]) -> EventDescriptions:
    """Check and read the descriptions document; ValueError says what is wrong."""
    events = data.get("events") or {}
    unknown = sorted(set(events) - set(EVENT_LABELS))
    missing = sorted(set(EVENT_LABELS) - set(events))
    if unknown or missing:
        raise ValueError(f"event descriptions: unknown types {unknown}, missing types {missing}")
    names: dict[str, tuple[str, ...]] = {}
    tag_names: dict[str, tuple[str, ...]] = {}
    phrasings: dict[str, tuple[str, ...]] = {}
    for event in EVENT_LABELS:
        entry = events[event]
        names[event] = tuple(normalise(n) for n in entry.get("names") or ())
        tag_names[event] = tuple(normalise(n) for n in entry.get("tag_names") or ())
        for subject in SUBJECTS:
            texts = tuple(str(t) for t in entry.get(subject) or ())
            if not texts:
                raise ValueError(f"event descriptions: {event} has no {subject!r} phrasings")
            phrasings[row_key(event, subject)] = texts
    gift, everyday = tuple(data.get("gift") or ()), tuple(data.get("everyday") or ())
    if not gift or not everyday:
        raise ValueError("event descriptions: 'gift' and 'everyday' phrasings are required")
    canonical = json.dumps(
        {"names": names, "tag_names": tag_names, "phrasings": phrasings, "gift": gift, "everyday": everyday},
        sort_keys=True,
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return EventDescriptions(names, phrasings, gift, everyday, digest, tag_names)


@cache
def load_descriptions() -> EventDescriptions:
    """The shipped descriptions (read once per process)."""
    text = resources.files("lifeevents").joinpath("event_descriptions.json").read_text("utf-8")
    return parse(json.loads(text))
