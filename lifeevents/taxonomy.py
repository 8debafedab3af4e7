"""The life-event taxonomy as data: one row per label, read by detection and by the recommender.

This is the one home of what each label is: whether it recurs yearly, whether it is
sensitive (stored, never used for recommendations or offers without the
``sensitive_inference`` consent), and its action window. Windows say how many days
before and after an event's date it makes sense to act on it (the recommender's boost
is zero outside them, `recommender.events`); new_baby and moving_home keep a long window
after the day because that is when people buy for them. The windows are the ones the
recommender has served with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Recurrence = Literal["recurring", "one_off"]

RECURRING: Recurrence = "recurring"
ONE_OFF: Recurrence = "one_off"
NONE = "none"


@dataclass(frozen=True)
class EventType:
    """One label: whether it recurs yearly, whether it is sensitive, its action window in days."""

    label: str
    recurrence: Recurrence
    sensitive: bool
    window_before_days: int
    window_after_days: int

    @property
    def recurring(self) -> bool:
        """True for events that come back every year."""
        return self.recurrence == RECURRING


_ROWS: tuple[EventType, ...] = (
    EventType("birthday", RECURRING, False, 21, 1),
    EventType("anniversary", RECURRING, False, 21, 1),
    EventType("wedding", ONE_OFF, False, 60, 7),
    EventType("engagement", ONE_OFF, False, 14, 30),
    EventType("new_baby", ONE_OFF, False, 30, 90),
    EventType("pregnancy", ONE_OFF, True, 120, 0),
    EventType("graduation", ONE_OFF, False, 30, 7),
    EventType("new_job", ONE_OFF, False, 21, 30),
    EventType("moving_home", ONE_OFF, False, 30, 45),
    EventType("retirement", ONE_OFF, False, 30, 30),
    EventType("new_pet", ONE_OFF, False, 14, 60),
    EventType("bereavement", ONE_OFF, True, 7, 30),
)

TAXONOMY: dict[str, EventType] = {row.label: row for row in _ROWS}
EVENT_LABELS: tuple[str, ...] = tuple(TAXONOMY)
LABELS: tuple[str, ...] = (*EVENT_LABELS, NONE)
SENSITIVE_LABELS: frozenset[str] = frozenset(r.label for r in _ROWS if r.sensitive)


def get(label: str) -> EventType:
    """The row of ``label``; KeyError naming the known labels when it is not one."""
    try:
        return TAXONOMY[label]
    except KeyError:
        raise KeyError(f"unknown life-event label {label!r}; known: {', '.join(EVENT_LABELS)}") from None


def is_label(label: str) -> bool:
    """Whether ``label`` is an event label (``none`` is not)."""
    return label in TAXONOMY
