"""The stored form of a detected event: what `genome_store` merges into ``genome.life_events``.

Built here, beside detection, so the gRPC edge never builds storage records; the event
gets its id when it is first stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lifeevents.events import DetectedEvent


def event_record(event: DetectedEvent, model_version: str, source_post_ids: Sequence[str]) -> dict[str, Any]:
    """The genome form of ``event``, seen in ``source_post_ids`` by model ``model_version``."""
    return {
        "type": event.type,
        "recurrence": event.recurrence,
        "subject": event.subject,
        "relation": event.relation,
        "date": event.date,
        "date_precision": event.date_precision,
        "next_occurrence": event.next_occurrence,
        "confidence": event.confidence,
        "sensitive": event.sensitive,
        "source_post_ids": list(source_post_ids),
        "model_version": model_version,
        "announced_on": event.announced_on,
    }
